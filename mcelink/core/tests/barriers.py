"""Two jobs run side by side in a test, held at the same step as two workers starting together would be."""

import threading

from mcelink.core.jobs import JobProgress
from mcelink.core.models import Job


class MeetBeforeWriting(JobProgress):
    """Holds each import, once its rows are checked and before it writes, until the other has got as far: both
    have checked the file against the data as it was before either wrote."""

    def __init__(self, job: Job, barrier: threading.Barrier) -> None:
        super().__init__(job)
        self.barrier = barrier

    def advance(self, done: int, *, message: str | None = None, force: bool = False) -> None:
        super().advance(done, message=message, force=force)
        if message == "writing":
            self.barrier.wait(timeout=60)
