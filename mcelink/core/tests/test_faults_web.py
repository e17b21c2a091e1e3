"""Faults of the web tier (issue 14, deliver 3), against a real gunicorn on loopback and the test database.

- A web process killed with SIGKILL under a stream of requests: gunicorn replaces it, the requests it held fail
  as broken connections at most, every later request succeeds, and no write is half-done.
- The app's database connections dropped (``pg_terminate_backend`` on its own connections only, found by their
  ``application_name``) while requests run: the next requests succeed, and a request whose connection died
  answers a clean JSON error, never a traceback.

PostgreSQL only: SQLite has no server connections to drop, and a SQLite file shared by two gunicorn workers
is not the deployment this checks. Run: ``DATABASE_URL=postgres://... .venv/bin/pytest -p no:xdist -m serial
mcelink/core/tests/test_faults_web.py``.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.db import connection

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.tests.factories import BuyerFactory
from mcelink.core.models import AuditLog
from mcelink.core.tests.processes import child_pids, database_url, free_port, wait_for
from mcelink.demands.models import Demand

pytestmark = [
    pytest.mark.serial,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="PostgreSQL only: the faults are a server process and its database connections",
    ),
]

BASE_DIR = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).parent / "gunicorn"
BROKEN_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError, httpx.WriteError)


@pytest.fixture
def server(tmp_path) -> Iterator[Any]:
    """Start gunicorn (``workers`` sync workers) on a free loopback port, against the test database."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*, workers: int, application_name: str, conn_max_age: int = 0) -> tuple[str, subprocess.Popen[bytes]]:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url(conn_max_age=conn_max_age),
            "DATABASE_APPLICATION_NAME": application_name,
            "DEBUG": "false",
            "MCELINK_TESTING": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "MCELINK_VAR_DIR": str(tmp_path / "var"),
            "MATCHING_INDEX_DIR": str(tmp_path / "matching-index"),
        }
        log = (tmp_path / f"gunicorn-{port}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 -- our own gunicorn, on loopback
            [str(GUNICORN), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(process)
        base = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                return httpx.get(f"{base}/api/v1/openapi.json", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, "gunicorn to answer", 90)
        wait_for(lambda: len(child_pids(process.pid)) == workers, "its web processes", 30)
        return base, process

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def buyer_token(make_user) -> str:
    buyer = make_user(Role.DEMAND_FIRM, organization=BuyerFactory())
    return api_token_create(user=buyer, actor=None)[1]


def _stream(
    base: str, token: str, *, requests: int, threads: int, tag: str, during: Any = None
) -> list[dict[str, Any]]:
    """``requests`` requests over ``threads`` connections, alternately a demand created and a list read; ``during``
    runs once a quarter of them are done. Each outcome: kind, status (or error class), the demand title posted."""
    outcomes: list[dict[str, Any]] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    quarter = threading.Event()

    def work() -> None:
        with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"}) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                if n == requests // 4:
                    quarter.set()
                title = f"{tag} {n}"
                outcome: dict[str, Any] = {"n": n, "title": title if n % 2 == 0 else None}
                try:
                    if n % 2 == 0:
                        response = client.post("/api/v1/demands/", json={"title": title, "summary": "fault test"})
                    else:
                        response = client.get("/api/v1/demands/")
                    outcome |= {"status": response.status_code, "body": response.text}
                except BROKEN_CONNECTION as exc:
                    outcome["error"] = type(exc).__name__
                with lock:
                    outcomes.append(outcome)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    if during is not None:
        quarter.wait(120)
        during()
    for w in workers:
        w.join(300)
    return sorted(outcomes, key=lambda o: o["n"])


def _no_half_writes(tag: str) -> tuple[int, int]:
    """Every demand of the stream has its audit row and every audit row its demand."""
    demands = {d.pk: d.title for d in Demand.objects.filter(title__startswith=f"{tag} ")}
    audited = set(
        AuditLog.objects.filter(action="demand.create", object_id__in=[str(pk) for pk in demands]).values_list(
            "object_id", flat=True
        )
    )
    orphans = AuditLog.objects.filter(action="demand.create", changes__title__startswith=f"{tag} ").exclude(
        object_id__in=[str(pk) for pk in demands]
    )
    assert audited == {str(pk) for pk in demands}, "a demand without its audit row"
    assert not orphans.exists(), "an audit row without its demand"
    return len(demands), len(audited)


def test_a_web_process_killed_under_load_is_replaced_and_nothing_is_half_written(server, buyer_token):
    base, master = server(workers=2, application_name=f"mcelink-fault-{uuid.uuid4().hex[:8]}")
    before = child_pids(master.pid)
    victim = min(before)
    tag = f"kill-{uuid.uuid4().hex[:8]}"

    outcomes = _stream(base, buyer_token, requests=240, threads=6, tag=tag,
                       during=lambda: os.kill(victim, signal.SIGKILL))  # fmt: skip

    replaced = wait_for(
        lambda: (c := child_pids(master.pid)) and len(c) == 2 and victim not in c and c, "a new web process", 60
    )
    assert victim not in replaced and len(replaced - before) == 1, "gunicorn started a new worker"
    broken = [o for o in outcomes if "error" in o]
    answered = [o for o in outcomes if "status" in o]
    # Only the requests the killed process held fail, and only as a broken connection (one per client
    # connection at most); every other request was answered, and answered well.
    assert len(outcomes) == 240 and len(broken) <= 6, broken
    assert all(o["status"] in (200, 201) for o in answered), [o for o in answered if o["status"] not in (200, 201)]
    # After the replacement, every request succeeds.
    after = _stream(base, buyer_token, requests=40, threads=4, tag=f"{tag}-after")
    assert all(o.get("status") in (200, 201) for o in after), after
    # A create in flight on the killed process is whole or absent: the demand with its audit row, or neither.
    created, _ = _no_half_writes(tag)
    posted_ok = sum(1 for o in answered if o["title"] and o["status"] == 201)
    posted_broken = sum(1 for o in broken if o["title"])
    assert posted_ok <= created <= posted_ok + posted_broken
    sys.stderr.write(f"\nkill -9 of worker {victim}: {len(broken)} of 240 requests broken: {broken}\n")


def test_dropped_database_connections_are_replaced_and_a_dying_request_answers_cleanly(server, buyer_token):
    name = f"mcelink-fault-{uuid.uuid4().hex[:8]}"
    # Kept connections (conn_max_age): the case CONN_HEALTH_CHECKS is for.
    base, _master = server(workers=2, application_name=name, conn_max_age=600)
    tag = f"drop-{uuid.uuid4().hex[:8]}"
    terminated: list[int] = []

    def drop_connections() -> None:
        for _ in range(3):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND application_name = %s",
                    [name],
                )
                terminated.extend(row[0] for row in cursor.fetchall())
            time.sleep(0.3)

    outcomes = _stream(base, buyer_token, requests=200, threads=4, tag=tag, during=drop_connections)

    assert terminated and all(terminated), "the server's own connections were found and terminated"
    assert not [o for o in outcomes if "error" in o], "the web processes survived: no broken HTTP connection"
    failed = [o for o in outcomes if o["status"] not in (200, 201)]
    for o in failed:
        # A request whose connection died mid-way: the API's one JSON error shape, no traceback.
        assert o["status"] == 500 and '"error"' in o["body"] and "Traceback" not in o["body"], o
    assert len(failed) <= 12, failed
    # The next requests get new connections: all succeed.
    after = _stream(base, buyer_token, requests=40, threads=4, tag=f"{tag}-after")
    assert all(o.get("status") in (200, 201) for o in after), after
    _no_half_writes(tag)
    sys.stderr.write(f"\n{len(terminated)} connections terminated; {len(failed)} of 200 requests answered 500\n")
