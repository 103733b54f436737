"""Long work as jobs (DESIGN.md habit 16, after vorta's borg_job and its jobs manager).

A `Job` wraps one computation in the model: a callable given a `report(fraction)` function, which it
calls often; `report` raises JobCancelled once the job was cancelled, so cancelling takes effect at
the work's next report. One `JobRunner` runs jobs on worker threads, one job per lane ("sweep",
"basins"): starting a job cancels the one running in its lane. On application exit it cancels every
job and waits for the threads.

A job's public signals are always emitted on the GUI thread, and after `cancel()` only
sigCancelled and sigFinished follow: a result computed for a setup that has since changed is never
delivered, even when it was already on its way.

Python's cyclic garbage collector runs in whichever thread allocates when a threshold is passed: run in
a worker, it would destroy unreachable widgets and graphics items there, while the GUI thread paints
them (a segfault in pyqtgraph's paint, seen here). So while jobs run on worker threads, automatic
collection is off and the GUI thread collects on a timer instead, as pyqtgraph's GarbageCollector does.
And a worker holds no QObject of the job (Qt objects die on their own thread): it reports through its
runner's courier, which outlives every worker.

Work that has to stay on the GUI thread (recording frames draws widgets) runs through the same
interface with `JobRunner.run_here`: `report` then also handles pending events, so a Cancel button
can be pressed while it runs.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot

from gdsim.qt.messages import explained

Report = Callable[[float], None]
REPORT_STEPS = 1000  # progress reaches the GUI thread at most this many times per job
COLLECT_INTERVAL_MS = 500  # how often the GUI thread collects garbage while jobs run

_DONE, _FAILED, _CANCELLED = "done", "failed", "cancelled"


class JobCancelled(Exception):
    """Raised by a job's `report` once the job was cancelled; ends its work."""


class _Task:
    """What a worker thread holds of a job: its work, its cancel flag and the runner's courier; no QObject
    of the job, so that nothing the worker drops can delete one on the wrong thread."""

    def __init__(self, work: Callable[[Report], object], cancelled: threading.Event, courier: _Courier,
                 handle_events: bool = False):
        self.work, self.cancelled, self.courier, self.handle_events = work, cancelled, courier, handle_events
        self.reported = -1

    def report(self, fraction: float) -> None:
        if self.cancelled.is_set():
            raise JobCancelled()
        step = int(min(max(fraction, 0.0), 1.0) * REPORT_STEPS)
        if step != self.reported:
            self.reported = step
            self.courier.sigReported.emit(self, step / REPORT_STEPS)
        if self.handle_events:
            QCoreApplication.processEvents()
            if self.cancelled.is_set():
                raise JobCancelled()

    def execute(self) -> None:
        try:
            result = self.work(self.report)
        except JobCancelled:
            self.courier.sigEnded.emit(self, _CANCELLED, None)
        except Exception as error:  # whatever a typed landscape raises is a message, never a crash
            self.courier.sigEnded.emit(self, _FAILED, explained(error) or type(error).__name__)
        else:
            self.courier.sigEnded.emit(self, _DONE, result)


class _Courier(QObject):
    """Carries news from worker threads to the GUI thread (queued); lives as long as its runner."""

    sigReported = Signal(object, float)  # task, fraction
    sigEnded = Signal(object, str, object)  # task, outcome, result or message


class Job(QObject):
    """One piece of long work: `work(report)` returns the result or raises (its message is reported);
    it calls `report(fraction)` often, which raises JobCancelled once the job is cancelled.

    Signals (on the GUI thread): sigProgress(fraction), then one of sigResult(result),
    sigFailed(message) or sigCancelled(), then sigFinished().
    """

    sigProgress = Signal(float)
    sigResult = Signal(object)
    sigFailed = Signal(str)
    sigCancelled = Signal()
    sigFinished = Signal()

    def __init__(self, work: Callable[[Report], object], parent: QObject | None = None):
        super().__init__(parent)
        self.work = work
        self._cancelled = threading.Event()
        self.finished = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Stop at the work's next report; from now on no result or progress is delivered."""
        self._cancelled.set()

    def _task(self, courier: _Courier, handle_events: bool = False) -> _Task:
        return _Task(self.work, self._cancelled, courier, handle_events)

    def _progressed(self, fraction: float) -> None:
        if not (self.finished or self.cancelled):
            self.sigProgress.emit(fraction)

    def _ended(self, outcome: str, value: object) -> None:
        self.finished = True
        if outcome == _CANCELLED or self.cancelled:
            self.sigCancelled.emit()
        elif outcome == _FAILED:
            self.sigFailed.emit(value)
        else:
            self.sigResult.emit(value)
        self.sigFinished.emit()


class JobRunner(QObject):
    """Runs jobs off the GUI thread, one at a time per lane; cancels and waits for them on exit."""

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # A cancelled job may still be finishing its last report's worth of work when its successor starts.
        self._pool.setMaxThreadCount(threads + 1)
        self._courier = _Courier(self)
        self._courier.sigReported.connect(self._on_reported)
        self._courier.sigEnded.connect(self._on_ended)
        self._lanes: dict[str, Job] = {}
        self._jobs: dict[_Task, Job] = {}  # every job whose end has not been delivered yet
        self._collector = QTimer(self)
        self._collector.setInterval(COLLECT_INTERVAL_MS)
        self._collector.timeout.connect(_collect_garbage)
        self._restore_gc = False  # whether automatic collection was on before the jobs started

    def start(self, job: Job, lane: str) -> Job:
        """Run `job` on a worker thread, cancelling the job running in `lane`."""
        self.cancel(lane)
        self._lanes[lane] = job
        task = job._task(self._courier)
        self._jobs[task] = job
        if not self._collector.isActive():
            self._restore_gc = gc.isenabled()
            gc.disable()
            self._collector.start()
        self._pool.start(task.execute)
        return job

    def run_here(self, job: Job) -> Job:
        """Run `job` on this (the GUI) thread, handling events at each report so that Cancel can be pressed;
        its signals have all been emitted when this returns."""
        task = job._task(self._courier, handle_events=True)
        self._jobs[task] = job
        task.execute()
        return job

    def current(self, lane: str) -> Job | None:
        """The job running in `lane`, if any."""
        return self._lanes.get(lane)

    def cancel(self, lane: str) -> None:
        job = self._lanes.pop(lane, None)
        if job is not None:
            job.cancel()

    @property
    def busy(self) -> bool:
        """Whether a job has not yet delivered its end (a cancelled one included)."""
        return bool(self._jobs)

    def wait(self) -> None:
        """Block until no worker thread runs a job's work (their news may still be on its way)."""
        self._pool.waitForDone()

    def shutdown(self) -> None:
        """Cancel every job and wait for the worker threads (each stops at its work's next report).
        Jobs can be started again afterwards."""
        for lane in list(self._lanes):
            self.cancel(lane)
        for job in list(self._jobs.values()):
            job.cancel()
        self.wait()

    @Slot(object, float)
    def _on_reported(self, task: _Task, fraction: float) -> None:
        job = self._jobs.get(task)
        if job is not None:
            job._progressed(fraction)

    @Slot(object, str, object)
    def _on_ended(self, task: _Task, outcome: str, value: object) -> None:
        job = self._jobs.pop(task, None)
        if job is None:
            return
        for lane, running in list(self._lanes.items()):
            if running is job:
                del self._lanes[lane]
        if not self._jobs and self._collector.isActive():
            self._pool.waitForDone()  # each worker has reported its end and is returning: microseconds
            self._collector.stop()
            if self._restore_gc:
                gc.enable()
        job._ended(outcome, value)


def _collect_garbage() -> None:
    """What automatic collection would do now, done on the GUI thread (pyqtgraph's GarbageCollector)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


_runner: JobRunner | None = None


def job_runner() -> JobRunner:
    """The application's one JobRunner, shut down when the application quits."""
    global _runner
    if _runner is None:
        application = QCoreApplication.instance()
        _runner = JobRunner(application)
        application.aboutToQuit.connect(_runner.shutdown)
    return _runner
