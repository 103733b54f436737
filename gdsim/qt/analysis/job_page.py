"""What the analysis pages that run long work (the η sweep, the basin map) share: one job at a time, its
progress bar, and stopping it."""

from __future__ import annotations

from PySide6.QtCore import Slot

from gdsim.qt.jobs import Job

PROGRESS_STEPS = 1000  # the progress bar's range: the job's share of its work, in thousandths


class JobPage:
    """A mixin for a page with a `progress` bar (range 0 to PROGRESS_STEPS) and `_set_running(running)`,
    which shows whether a job is under way; `_job` is the job whose result the page will show."""

    _job: Job | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    @property
    def job(self) -> Job | None:
        """The job under way, if any."""
        return self._job

    def _stop_job(self) -> None:
        if self._job is not None:
            self._job.cancel()  # it stops at its next progress report and delivers nothing
            self._job = None
        self._set_running(False)

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * PROGRESS_STEPS))
