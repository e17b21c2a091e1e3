import pytest

from mcelink.accounts.models import Role
from mcelink.core.models import Job


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.PROGRAM_MANAGER, True),
        (Role.STAFF, True),
        (Role.DEMAND_FIRM, False),
        (Role.SUPPLY_FIRM, False),
        (Role.REVIEWER, False),
        (Role.ANALYST, False),
    ],
)
def test_the_jobs_menu_is_offered_only_to_roles_that_start_jobs(client, make_user, role, offered):
    client.force_login(make_user(role=role))
    html = client.get("/").content.decode()
    assert ('href="/jobs/"' in html) is offered


@pytest.mark.django_db
def test_jobs_are_listed_by_their_label_not_their_code(client, make_user):
    user = make_user(role=Role.PROGRAM_MANAGER)
    job = Job.objects.create(kind="companies.import", created_by=user)
    client.force_login(user)
    for url in ("/jobs/", f"/jobs/{job.pk}/"):
        html = client.get(url).content.decode()
        assert "기업·제품 가져오기" in html and "companies.import" not in html, url
    client.cookies["django_language"] = "en"
    assert "Registry import" in client.get("/jobs/").content.decode()
