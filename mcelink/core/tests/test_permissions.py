"""Core rules (jobs, audit log) and notifications: every role, anonymous and inactive, the expected answers
written out here. A user sees only their own jobs and notifications; staff see every job."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mcelink.accounts.tests.factories import UserFactory, user_for
from mcelink.core import permissions as p
from mcelink.core.models import Job, Notification
from mcelink.core.selectors import notifications_for

pytestmark = pytest.mark.django_db

# who → (view own job, view another's job, Jobs menu with no job, Jobs menu with one, audit log). The menu is
# for those who start long work themselves; others' jobs show on the pages they serve.
MATRIX = {
    "program_manager": (True, False, True, True, False),
    "demand_firm": (True, False, False, False, False),
    "supply_firm": (True, False, False, False, False),
    "reviewer": (True, False, False, False, False),
    "analyst": (True, False, False, False, False),
    "staff": (True, True, True, True, True),
    "anonymous": (False, False, False, False, False),
    "inactive": (False, False, False, False, False),
}


def make(who):
    return user_for(who)


@pytest.mark.parametrize("who", list(MATRIX))
def test_matrix(who):
    user = make(who)
    other = Job.objects.create(kind="test", created_by=UserFactory())
    jobs_without = p.can_list_jobs(user)
    own = Job.objects.create(kind="test", created_by=user if user.is_authenticated else None)
    got = (p.can_view_job(user, own), p.can_view_job(user, other), jobs_without, p.can_list_jobs(user),
           p.can_view_audit_log(user))  # fmt: skip
    assert tuple(bool(g) for g in got) == MATRIX[who]


def test_a_user_sees_and_marks_only_their_own_notifications(client):
    me, other = UserFactory(), UserFactory()
    Notification.objects.create(user=me, kind="t", text_ko="내 알림", text_en="mine")
    theirs = Notification.objects.create(user=other, kind="t", text_ko="남의 알림 QX", text_en="theirs QX")
    assert list(notifications_for(user=me).values_list("text_en", flat=True)) == ["mine"]
    assert not notifications_for(user=AnonymousUser()).exists()
    client.force_login(me)
    assert "QX" not in client.get("/notifications/").content.decode()
    client.post("/notifications/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_job_answers_404(client):
    job = Job.objects.create(kind="test", created_by=UserFactory(), message="unchanged")
    client.force_login(UserFactory(role="program_manager"))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 404
