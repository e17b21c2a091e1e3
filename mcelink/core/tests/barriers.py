"""Two imports run side by side in a test, held at the same step as two workers starting together would be."""

import io
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import translation

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


def imports_side_by_side(
    *,
    kind: str,
    data: bytes,
    run: Callable[[io.BytesIO, JobProgress], dict[str, Any]],
    params: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The reports of two imports of the same file (``data``, as same.csv) run at once in two threads, each with
    its own database connection, met before writing. What a thread raises is re-raised here."""
    barrier = threading.Barrier(2)
    reports: list[dict[str, Any]] = []
    crashes: list[BaseException] = []

    def one() -> None:
        try:
            job = Job.objects.create(kind=kind, params=params or {})
            f = io.BytesIO(data)
            f.name = "same.csv"
            with translation.override("en"):
                reports.append(run(f, MeetBeforeWriting(job, barrier)))
        except BaseException as exc:  # noqa: BLE001 - the test reports what the thread raised
            crashes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if crashes:
        raise crashes[0]
    return reports
