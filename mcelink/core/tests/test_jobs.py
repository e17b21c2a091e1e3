import pytest

from mcelink.core.errors import NotFound
from mcelink.core.jobs import MSG_UNEXPECTED, job_enqueue, register_job
from mcelink.core.models import AuditLog, Job
from mcelink.core.selectors import job_get_for_user


@register_job("test.count")
def _count(job, progress):
    n = job.params["n"]
    progress.start(total=n, message="counting")
    for i in range(1, n + 1):
        progress.advance(i)
    if job.params.get("fail"):
        raise RuntimeError("boom")
    return {"counted": n}


@pytest.mark.django_db
def test_job_runs_in_the_worker_and_reports_progress(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test.count", actor=user, params={"n": 2500})
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.percent) == (2500, 2500, 100)
    assert job.report == {"counted": 2500}
    assert AuditLog.objects.filter(action="job.enqueue", object_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_with_its_message(make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test.count", actor=make_user(), params={"n": 3, "fail": True})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == str(MSG_UNEXPECTED) and "boom" not in job.message  # the log has the exception


@pytest.mark.django_db
def test_a_job_is_visible_to_its_creator_and_staff_only(make_user, django_capture_on_commit_callbacks):
    owner, other, staff = make_user(), make_user(), make_user("staff")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test.count", actor=owner, params={"n": 1})
    assert job_get_for_user(user=owner, job_id=job.pk) == job
    assert job_get_for_user(user=staff, job_id=job.pk) == job
    with pytest.raises(NotFound):
        job_get_for_user(user=other, job_id=job.pk)
