"""The job mechanism: work runs on a worker thread, its news reaches the GUI thread, a cancelled job
delivers no result (even one already computed), one job per lane, shutdown stops everything."""

import threading

import pytest
from PySide6.QtCore import QThread, QTimer

from gdsim.qt.jobs import Job, JobRunner


@pytest.fixture
def runner(qapp):
    jobs = JobRunner()
    yield jobs
    jobs.shutdown()


def until_cancelled(report, started: threading.Event | None = None):
    """Work that reports forever, until the job is cancelled (report raises then)."""
    pause = threading.Event()
    done = 0
    while True:
        report(done / (done + 1))
        done += 1
        if started is not None:
            started.set()
        pause.wait(0.001)  # gives the GIL away now and then, as numpy does


def test_the_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(runner, qtbot):
    gui = QThread.currentThread()
    threads, progress = [], []

    def work(report):
        threads.append(QThread.currentThread())
        for step in range(1, 5):
            report(step / 4)
        return "map"

    job = Job(work)
    received = []
    job.sigProgress.connect(progress.append)
    job.sigResult.connect(lambda result: received.append((result, QThread.currentThread())))
    with qtbot.waitSignal(job.sigFinished):
        runner.start(job, "test")
    assert threads and threads[0] is not gui
    assert received == [("map", gui)] and progress == [0.25, 0.5, 0.75, 1.0]
    assert job.finished and not runner.busy and runner.current("test") is None


def test_a_failure_is_a_message(runner, qtbot):
    def work(report):
        raise ValueError("a ball follows the user's gradient, but none was given")

    job = Job(work)
    with qtbot.waitSignal(job.sigFailed) as failed:
        runner.start(job, "test")
    assert failed.args == ["a ball follows the user's gradient, but none was given"]


def test_cancel_stops_the_work_and_delivers_no_result(runner, qtbot):
    started = threading.Event()
    job = Job(lambda report: until_cancelled(report, started))
    job.sigResult.connect(lambda result: pytest.fail("a cancelled job delivered a result"))
    runner.start(job, "test")
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(job.sigCancelled):
        job.cancel()
    assert job.finished and not runner.busy


def test_a_result_already_computed_is_dropped_when_cancelled_before_it_arrives(runner, qtbot):
    job = Job(lambda report: "stale")
    job.sigResult.connect(lambda result: pytest.fail("a cancelled job delivered a result"))
    runner.start(job, "test")
    runner.wait()  # the work has returned; its result waits in the GUI thread's queue
    with qtbot.waitSignal(job.sigCancelled):
        job.cancel()


def test_a_new_job_in_a_lane_cancels_the_running_one_but_not_another_lanes(runner, qtbot):
    first, other = Job(until_cancelled), Job(until_cancelled)
    runner.start(first, "sweep")
    runner.start(other, "basins")
    second = Job(lambda report: "fresh")
    with qtbot.waitSignals([first.sigCancelled, second.sigResult]):
        runner.start(second, "sweep")
    assert runner.current("basins") is other and not other.cancelled
    with qtbot.waitSignal(other.sigCancelled):
        runner.cancel("basins")


def test_the_gui_thread_handles_events_while_a_job_runs(runner, qtbot):
    job = Job(until_cancelled)
    answered = []
    runner.start(job, "test")
    QTimer.singleShot(0, lambda: answered.append(job.finished))
    qtbot.waitUntil(lambda: answered == [False])
    with qtbot.waitSignal(job.sigCancelled):
        job.cancel()


def test_shutdown_cancels_every_job_and_waits_for_the_threads(runner, qtbot):
    stopped = []

    def work(report):
        try:
            until_cancelled(report)
        finally:
            stopped.append(QThread.currentThread())

    jobs = [runner.start(Job(work), lane) for lane in ("sweep", "basins")]
    runner.shutdown()
    assert len(stopped) == 2 and all(job.cancelled for job in jobs)
    qtbot.waitUntil(lambda: not runner.busy)
    assert runner.start(Job(lambda report: 1), "sweep")  # and it runs jobs again afterwards
    qtbot.waitUntil(lambda: not runner.busy)


def test_work_on_the_gui_thread_handles_events_so_cancel_can_be_pressed(runner, qtbot):
    """For work that must stay on the GUI thread (drawing frames): a Cancel pressed while it runs stops it."""
    job = Job(until_cancelled)
    QTimer.singleShot(0, job.cancel)  # the Cancel button, pressed once the work is under way
    cancelled = []
    job.sigCancelled.connect(lambda: cancelled.append(True))
    runner.run_here(job)
    assert cancelled == [True] and job.finished
