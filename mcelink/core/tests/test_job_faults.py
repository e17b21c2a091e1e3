"""Fault (issue 14, "Faults, tested"): kill -9 a real `mcelink db_worker` in the middle of each kind of job.

The worker runs in a subprocess against this test database, slowed by the documented test hook
JOB_TEST_QUERY_DELAY_SECONDS (env MCELINK_TEST_JOB_QUERY_DELAY: a sleep before each query of the handler). Once
the job is in the middle of its work it is killed; the reaper requeues the job (every kind is all-or-nothing,
so registered ``requeue=True``), nothing was half-written, no task row is left RUNNING, and a second worker
finishes the job. A job whose second worker dies too fails with the clear message, and is not queued a third time.
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from mcelink.core.job_maintenance import jobs_reap
from mcelink.core.jobs import MSG_WORKER_LOST, job_enqueue, job_kinds
from mcelink.core.models import AuditLog, Job
from mcelink.core.tests.processes import database_url, wait_for

pytestmark = [pytest.mark.serial, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DELAY = "0.6"  # seconds before each query of the handler in the first worker
KINDS = ["companies.import", "taxonomy.import_strategic_tech", "matchmaking.build", "matchmaking.refresh",
         "demands.candidates"]  # fmt: skip


def worker_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MCELINK_TESTING", "MCELINK_DEMO")}
    env.update(
        DATABASE_URL=database_url(),
        PRIVATE_FILES_ROOT=str(django_settings.PRIVATE_FILES_ROOT),
        MATCHING_INDEX_DIR=str(django_settings.MATCHING_INDEX_DIR),
        JOB_HEARTBEAT_SECONDS="0.5",
        JOB_REAP_INTERVAL_SECONDS="3600",  # the test runs the reaper itself
        DEBUG="false",
        MCELINK_DEMO="true",  # a generated secret key, no https redirect; the worker serves no page
        **extra,
    )
    return env


def start_worker(log: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "mcelink.cli", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=worker_env(**extra), stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


_LOCK_SEEN: list[bool] = []


def in_write_transaction(table: str) -> bool:
    """Whether the worker is inside an open write transaction, seen from outside: on PostgreSQL its connection is
    idle in a transaction whose last statement wrote ``table``; on SQLite the database's write lock is held (twice
    in a row, so a heartbeat's short write does not count)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND state = 'idle in transaction' AND query ILIKE %s",
                [f'INSERT INTO "{table}"%'],
            )
            return cursor.fetchone()[0] > 0
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.01)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        locked = False
    except sqlite3.OperationalError:
        locked = True
    finally:
        probe.close()
    _LOCK_SEEN.append(locked)
    return _LOCK_SEEN[-2:] == [True, True]


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []:
        digest.update(str(f.relative_to(path)).encode() + f.read_bytes())
    return digest.hexdigest()


@dataclass
class Scenario:
    enqueue: Callable[[], Job]
    state: Callable[[], Any]  # what the job writes: unchanged after a kill
    in_the_middle: Callable[[Job], bool]  # the job is past its start, in its work


def _registry_import(tmp_path) -> Scenario:
    from mcelink.companies.models import Organization
    from mcelink.companies.validators import business_number_check_digit

    numbers = [f"{n}{business_number_check_digit(str(n))}" for n in range(123456700, 123456740)]
    rows = "".join(f"{b},sme,시험기업{i},Firm {i},incheon,,small,3,y,\n" for i, b in enumerate(numbers))
    header = "business_number,kind,name_ko,name_en,region,district,size_class,employees,is_supply_firm,strategic_technologies\n"  # noqa: E501

    def enqueue():
        upload = SimpleUploadedFile("orgs.csv", (header + rows).encode())
        params = {"kind": "organizations", "file_name": "orgs.csv", "language": "en"}
        return job_enqueue(kind="companies.import", actor=None, params=params, input_file=upload)

    return Scenario(
        enqueue,
        lambda: (Organization.objects.count(), AuditLog.objects.filter(action="companies.import").count()),
        # "writing" is saved just before the one write transaction; the kill lands inside it, after its INSERT.
        lambda job: job.message == "writing" and in_write_transaction("companies_organization"),
    )


def _strategic_import(tmp_path) -> Scenario:
    from mcelink.taxonomy.models import StrategicTechnology
    from mcelink.taxonomy.services import industries_load

    industries_load()
    text = "분야,대상기술,기술설명,관련법령\n" + "".join(f"반도체,시험 기술 {i},설명,\n" for i in range(30))

    def enqueue():
        upload = SimpleUploadedFile("list.csv", text.encode())
        params = {"file_name": "list.csv", "language": "en"}
        return job_enqueue(kind="taxonomy.import_strategic_tech", actor=None, params=params, input_file=upload)

    return Scenario(
        enqueue,
        lambda: (StrategicTechnology.objects.count(), AuditLog.objects.filter(action__startswith="taxonomy").count()),
        # Every row checked (done == total is saved); the kill lands inside the write transaction.
        lambda job: bool(job.total) and job.done == job.total and in_write_transaction("taxonomy_strategictechnology"),
    )


def _suppliers(n: int = 12) -> None:
    from mcelink.companies.tests.factories import ProductFactory, SupplierFactory

    for i in range(n):
        org = SupplierFactory()
        ProductFactory(organization=org, name_ko=f"정밀 감속기 부품 {i}", description_ko="CNC 가공 알루미늄")


def _index_build(tmp_path) -> Scenario:
    from mcelink.matchmaking.services import index_dir

    _suppliers()
    return Scenario(
        lambda: job_enqueue(kind="matchmaking.build", actor=None, params={"language": "en"}),
        lambda: tree_digest(index_dir()),
        lambda job: _after(job, 2.0),
    )


def _index_refresh(tmp_path) -> Scenario:
    from mcelink.companies.models import Organization
    from mcelink.matchmaking.services import index_dir, matching_index_build

    _suppliers()
    matching_index_build()
    Organization.objects.filter(is_supply_firm=True).update(name_ko="바뀐 이름")
    ids = list(Organization.objects.filter(is_supply_firm=True).values_list("pk", flat=True))
    return Scenario(
        lambda: job_enqueue(kind="matchmaking.refresh", actor=None, params={"organization_ids": ids, "language": "en"}),
        lambda: tree_digest(index_dir()),
        lambda job: _after(job, 2.0),
    )


def _candidates(tmp_path) -> Scenario:
    from mcelink.demands.models import Candidate
    from mcelink.demands.tests.factories import DemandFactory
    from mcelink.matchmaking.services import matching_index_build

    _suppliers()
    matching_index_build()
    demand: Any = DemandFactory(title="정밀 감속기 부품 가공", summary="CNC 가공 알루미늄 감속기 부품")
    return Scenario(
        lambda: job_enqueue(kind="demands.candidates", actor=None, params={"demand_id": demand.pk, "language": "en"}),
        lambda: Candidate.objects.filter(demand=demand).count(),
        lambda job: _after(job, 2.0),
    )


SCENARIOS = {
    "companies.import": _registry_import,
    "taxonomy.import_strategic_tech": _strategic_import,
    "matchmaking.build": _index_build,
    "matchmaking.refresh": _index_refresh,
    "demands.candidates": _candidates,
}


def _after(job: Job, seconds: float) -> bool:
    """True once ``seconds`` have passed since the test first saw the job in this phase (positions the kill)."""
    key = (job.pk, job.attempts, job.message, job.done)
    first = _SEEN.setdefault(key, time.monotonic())
    return time.monotonic() - first >= seconds


_SEEN: dict[tuple, float] = {}


def reaped():
    report = jobs_reap()
    return report if report.failed or report.requeued or report.succeeded else None


@pytest.fixture
def db_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_STALE_SECONDS = 1


def test_every_registered_kind_has_a_fault_scenario():
    import mcelink.companies.jobs  # noqa: F401 - every app's jobs register their kinds
    import mcelink.demands.jobs  # noqa: F401
    import mcelink.matchmaking.jobs  # noqa: F401
    import mcelink.taxonomy.jobs  # noqa: F401

    registered = {k: v for k, v in job_kinds().items() if not k.startswith("test.")}
    assert set(registered) == set(KINDS) == set(SCENARIOS)
    assert all(registered.values())  # all-or-nothing, so each may run again after a lost worker


def _kill_in_the_middle(scenario: Scenario, job: Job, log: Path) -> None:
    worker = start_worker(log, MCELINK_TEST_JOB_QUERY_DELAY=DELAY)
    try:

        def in_the_middle():
            job.refresh_from_db()
            return job.status == Job.Status.RUNNING and scenario.in_the_middle(job)

        try:
            wait_for(in_the_middle, f"job {job.kind} in the middle")
        except AssertionError as exc:
            state = f"{job.status} {job.message!r} {job.done}/{job.total}"
            raise AssertionError(f"{exc}: {state}\n{log.read_text()}") from None
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # killed in the middle, not after the end


@pytest.mark.parametrize("kind", KINDS)
def test_kill_9_in_the_middle_of_a_job_keeps_nothing_and_the_job_is_run_again(kind, db_backend, tmp_path):
    scenario = SCENARIOS[kind](tmp_path)
    before = scenario.state()
    job = scenario.enqueue()
    _kill_in_the_middle(scenario, job, tmp_path / "worker1.log")
    assert scenario.state() == before  # nothing half-written

    # The heartbeats stopped with the worker: within JOB_STALE_SECONDS the reaper takes the job.
    report = wait_for(reaped, "the reaper")
    assert report.requeued == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 1)
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()  # no task row stays stuck
    assert scenario.state() == before

    second = subprocess.run(  # noqa: S603 - the second worker runs what is queued and stops
        [sys.executable, "-m", "mcelink.cli", "db_worker", "--no-reload", "--no-startup-delay", "--batch"],
        env=worker_env(), capture_output=True, timeout=300,
    )  # fmt: skip
    assert second.returncode == 0, second.stdout.decode()[-3000:]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Job.Status.SUCCEEDED, 2, ""), job.report
    assert not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists()
    assert scenario.state() != before  # the rerun did the work


def test_a_job_whose_worker_dies_twice_fails_with_a_clear_message(db_backend, tmp_path):
    scenario = _registry_import(tmp_path)
    before = scenario.state()
    job = scenario.enqueue()
    for attempt in (1, 2):
        _kill_in_the_middle(scenario, job, tmp_path / f"worker{attempt}.log")
        wait_for(reaped, "the reaper")
    job.refresh_from_db()
    with translation.override("en"):
        assert (job.status, job.attempts, job.message) == (Job.Status.FAILED, 2, str(MSG_WORKER_LOST))
    assert scenario.state() == before
    assert not DBTaskResult.objects.filter(status__in=["RUNNING", "READY"]).exists()  # not queued a third time
