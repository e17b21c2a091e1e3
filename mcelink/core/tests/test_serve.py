"""`mcelink serve` supervises its workers, and `serve --production` runs gunicorn (issue 14, item 5 and
"Deliver 1"). Real subprocesses on a free loopback port, against this test database."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from mcelink.core.jobs import job_enqueue
from mcelink.core.models import Job, WorkerHeartbeat
from mcelink.core.tests.processes import free_port, wait_for
from mcelink.core.tests.test_job_faults import worker_env

pytestmark = [pytest.mark.serial, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def db_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def start_serve(log: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "mcelink.cli", "serve", *args], env={**worker_env(), **env},
        stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback
            return answer.status
    except OSError:
        return 0


def a_job_finishes() -> None:
    job = job_enqueue(kind="matchmaking.refresh", actor=None, params={"organization_ids": [], "language": "en"})
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, "the job to finish", timeout=180)
    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED


def worker_pids() -> set[int]:
    return set(WorkerHeartbeat.objects.values_list("pid", flat=True))


def test_serve_starts_its_worker_again_after_kill_9(db_backend, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    serve = start_serve(log, "--host", "127.0.0.1", "--port", str(port))
    try:
        first = wait_for(worker_pids, "the worker's heartbeat")
        (pid,) = first
        os.kill(pid, signal.SIGKILL)
        # The dead worker's row stays (it could not remove it); a new worker with another pid appears.
        wait_for(lambda: worker_pids() - first, f"a new worker ({log})")
        assert "exited with status -9" in log.read_text() and "starting it again" in log.read_text()
        a_job_finishes()
    finally:
        assert stop(serve) == 0, log.read_text()[-3000:]
    assert not WorkerHeartbeat.objects.filter(pid__in=worker_pids() - first).exists()  # removed on a clean stop


def test_serve_production_runs_gunicorn_and_a_worker_and_stops_cleanly(db_backend, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    env = {
        "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false", "MCELINK_VAR_DIR": str(tmp_path / "var"),
        "MCELINK_DEMO": "",
    }  # fmt: skip
    serve = start_serve(
        log, "--production", "--workers", "2", "--db-workers", "1", "--host", "127.0.0.1", "--port", str(port), **env
    )
    try:
        wait_for(lambda: get(f"http://127.0.0.1:{port}/accounts/login/") == 200, "the login page", timeout=120)
        # Static files come from whitenoise, from the collected (hashed) files.
        assert (tmp_path / "var" / "staticfiles" / "staticfiles.json").exists()
        text = log.read_text()
        assert "gunicorn started" in text and "Booting worker" in text, text
        wait_for(worker_pids, "the background worker")
        a_job_finishes()
    finally:
        code = stop(serve)
    assert code == 0, log.read_text()[-3000:]
    assert get(f"http://127.0.0.1:{port}/accounts/login/") == 0  # gunicorn is gone too
    assert not WorkerHeartbeat.objects.exists()  # and the worker, which removed its row


def test_serve_production_refuses_without_secret_key_and_allowed_hosts(tmp_path):
    env = {k: v for k, v in worker_env().items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "mcelink.cli", "serve", "--production", "--port", str(free_port())],
        env={**env, "MCELINK_DEMO": ""}, capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "SECRET_KEY, ALLOWED_HOSTS" in done.stderr.decode() and "운영 모드" in done.stderr.decode()
