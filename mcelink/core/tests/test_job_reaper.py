"""Issue 14, items 5 and 7: heartbeats, the reaper, Retry, the no-worker notice, and no traceback for users."""

import importlib
import time
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command, get_commands
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.core.job_maintenance import RUN_JOB_TASK, jobs_reap, worker_beat
from mcelink.core.jobs import MSG_REQUEUED, MSG_UNEXPECTED, MSG_WORKER_LOST, JobError, job_enqueue, register_job
from mcelink.core.models import AuditLog, Job, WorkerHeartbeat
from mcelink.core.selectors import MSG_NO_WORKER

SQL_TEXT = 'duplicate key value violates unique constraint "companies_organization_pkey" SELECT secret FROM x'


@register_job("test.explode")
def _explode(job, progress):
    if job.params.get("user_facing"):
        raise JobError("The file has no header row.")
    raise RuntimeError(SQL_TEXT)


@register_job("test.once", requeue=True)
def _once(job, progress):
    return {"ran": True}


@register_job("test.keep")
def _keep(job, progress):
    return {"ran": True}


def _api(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, actor=None)[1]}"}


def _enqueue(kind, user, capture, **params):
    with capture(execute=True):
        job = job_enqueue(kind=kind, actor=user, params={"language": "en", **params})
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_an_unexpected_error_shows_a_clear_message_and_logs_the_traceback_only(
    client, make_user, django_capture_on_commit_callbacks, caplog
):
    user = make_user()
    job = _enqueue("test.explode", user, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    with translation.override("en"):
        assert job.message == str(MSG_UNEXPECTED)
    assert "traceback" not in job.report and "SELECT" not in job.message
    assert "Traceback" in caplog.text and SQL_TEXT in caplog.text  # the server log has it all
    body = client.get(f"/api/v1/jobs/{job.pk}", **_api(user)).content.decode()
    assert "SELECT" not in body and "traceback" not in body.lower()


@pytest.mark.django_db
def test_a_handler_error_meant_for_users_is_shown_as_it_is(make_user, django_capture_on_commit_callbacks):
    job = _enqueue("test.explode", make_user(), django_capture_on_commit_callbacks, user_facing=True)
    assert (job.status, job.message) == (Job.Status.FAILED, "The file has no header row.")


@pytest.mark.django_db
def test_old_tracebacks_are_removed_from_reports_and_never_returned(client, make_user):
    user = make_user()
    job = Job.objects.create(
        kind="test.keep", created_by=user, status=Job.Status.FAILED, report={"traceback": SQL_TEXT, "created": 0}
    )
    assert "traceback" not in client.get(f"/api/v1/jobs/{job.pk}", **_api(user)).json()["report"]
    migration = importlib.import_module("mcelink.core.migrations.0004_job_heartbeat")
    migration.remove_tracebacks(django_apps, None)
    job.refresh_from_db()
    assert job.report == {"created": 0}


def _running(kind, user, *, beat_ago, attempts=1, worker="dead-worker"):
    """A job a worker started ``beat_ago`` seconds before its last heartbeat, with the task row it claimed."""
    then = timezone.now() - timedelta(seconds=beat_ago)
    job = Job.objects.create(
        kind=kind, created_by=user, status=Job.Status.RUNNING, params={"language": "en"},
        started_at=then, heartbeat_at=then, attempts=attempts,
    )  # fmt: skip
    task = DBTaskResult.objects.create(
        status="RUNNING", args_kwargs={"args": [job.pk], "kwargs": {}}, task_path=RUN_JOB_TASK,
        backend_name="default", run_after=then, started_at=then, worker_ids=[worker],
    )  # fmt: skip
    return job, task


@pytest.mark.django_db
def test_the_reaper_fails_a_stale_job_and_ends_its_task_row(make_user, settings):
    settings.JOB_STALE_SECONDS = 60
    user = make_user()
    stale, stale_task = _running("test.keep", user, beat_ago=120)
    alive, alive_task = _running("test.keep", user, beat_ago=5)
    report = jobs_reap()
    assert report.failed == [stale.pk] and report.requeued == []
    stale.refresh_from_db(), alive.refresh_from_db(), stale_task.refresh_from_db(), alive_task.refresh_from_db()
    with translation.override("en"):
        assert (stale.status, stale.message) == (Job.Status.FAILED, str(MSG_WORKER_LOST))
    assert stale.finished_at is not None and stale_task.status == "FAILED" and stale_task.finished_at is not None
    assert stale_task.exception_class_path == "mcelink.core.jobs.WorkerLost"
    assert (alive.status, alive_task.status) == (Job.Status.RUNNING, "RUNNING")
    assert AuditLog.objects.filter(action="job.worker_lost", object_id=str(stale.pk)).exists()


@pytest.mark.django_db
def test_the_reaper_requeues_a_safe_kind_once_and_never_loops(make_user, settings, django_capture_on_commit_callbacks):
    settings.JOB_STALE_SECONDS = 60
    user = make_user()
    job, task = _running("test.once", user, beat_ago=120, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):  # the new task runs at once (the tests' backend)
        assert jobs_reap().requeued == [job.pk]
    job.refresh_from_db(), task.refresh_from_db()
    assert (job.status, job.attempts, job.report, task.status) == (Job.Status.SUCCEEDED, 2, {"ran": True}, "FAILED")
    assert AuditLog.objects.filter(action="job.requeued", object_id=str(job.pk)).exists()

    # The second attempt's worker dies too: the job fails, it is not queued a third time.
    again, _task = _running("test.once", user, beat_ago=120, attempts=2)
    with django_capture_on_commit_callbacks(execute=True):
        report = jobs_reap()
    again.refresh_from_db()
    assert report.failed == [again.pk] and report.requeued == []
    with translation.override("en"):
        assert (again.status, again.message) == (Job.Status.FAILED, str(MSG_WORKER_LOST))
        assert str(MSG_REQUEUED).startswith(str(MSG_WORKER_LOST))


@pytest.mark.django_db
def test_a_task_row_left_running_by_a_dead_worker_is_ended_and_a_live_ones_kept(make_user, settings):
    settings.JOB_STALE_SECONDS = 60
    worker_beat(worker_id="live-worker")
    user = make_user()
    # Both rows' jobs were already finished; only the worker's liveness decides.
    _job, dead = _running("test.keep", user, beat_ago=5, worker="dead-worker")
    _job2, live = _running("test.keep", user, beat_ago=5, worker="live-worker")
    DBTaskResult.objects.filter(pk__in=[dead.pk, live.pk]).update(started_at=timezone.now() - timedelta(seconds=90))
    call_command("reap_jobs")
    dead.refresh_from_db(), live.refresh_from_db()
    assert (dead.status, live.status) == ("FAILED", "RUNNING")


@pytest.mark.django_db
def test_retry_runs_a_failed_job_again_for_its_creator_and_staff_only(
    client, make_user, django_capture_on_commit_callbacks
):
    owner, staff, other = make_user(Role.PROGRAM_MANAGER), make_user(Role.STAFF), make_user(Role.PROGRAM_MANAGER)
    job = Job.objects.create(kind="test.keep", created_by=owner, status=Job.Status.FAILED, message="x")
    # Somebody else may not even learn that the job exists; a job that did not fail has nothing to retry.
    assert client.post(f"/api/v1/jobs/{job.pk}/retry", **_api(other)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/api/v1/jobs/{job.pk}/retry", **_api(owner))
    assert answer.status_code == 200 and answer.json()["status"] == Job.Status.QUEUED
    job.refresh_from_db()
    assert (job.status, job.report) == (Job.Status.SUCCEEDED, {"ran": True})
    assert client.post(f"/api/v1/jobs/{job.pk}/retry", **_api(owner)).status_code == 403
    assert AuditLog.objects.filter(action="job.retry", object_id=str(job.pk), actor=owner).exists()

    # The page: the button for staff on a failed job, and the form behind it.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    client.force_login(staff)
    assert f'action="/jobs/{job.pk}/retry/"' in client.get(f"/jobs/{job.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/jobs/{job.pk}/retry/").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert f'action="/jobs/{job.pk}/retry/"' not in client.get(f"/jobs/{job.pk}/").content.decode()


@pytest.mark.django_db
def test_the_job_page_and_api_say_when_no_worker_is_alive(client, make_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_STALE_SECONDS = 60
    user = make_user(Role.PROGRAM_MANAGER)
    job = Job.objects.create(kind="test.keep", created_by=user)
    WorkerHeartbeat.objects.create(worker_id="gone", hostname="h", pid=1, last_seen=timezone.now() - timedelta(1))
    client.force_login(user)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        notice = str(MSG_NO_WORKER)
    assert notice in client.get(f"/jobs/{job.pk}/").content.decode()
    assert notice in client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert client.get(f"/api/v1/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en", **_api(user)).json()["notice"]
    worker_beat(worker_id="here")
    assert notice not in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.get(f"/api/v1/jobs/{job.pk}", **_api(user)).json()["notice"] == ""


def test_db_worker_is_mcelinks_own_command_with_heartbeats():
    assert get_commands()["db_worker"] == "mcelink.core"


@register_job("test.wait_for_heartbeat")
def _wait_for_heartbeat(job, progress):
    """Reports no progress at all, like the index refresh; returns once its heartbeat has moved twice."""
    seen = {Job.objects.get(pk=job.pk).heartbeat_at}
    end = time.monotonic() + 60
    while len(seen) < 3 and time.monotonic() < end:
        seen.add(Job.objects.get(pk=job.pk).heartbeat_at)
        time.sleep(0.05)
    return {"beats": len(seen) - 1}


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_a_running_job_beats_while_its_handler_reports_nothing(settings, django_capture_on_commit_callbacks):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test.wait_for_heartbeat", actor=None)
    job.refresh_from_db()
    assert (job.status, job.report) == (Job.Status.SUCCEEDED, {"beats": 2})
