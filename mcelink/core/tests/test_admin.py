import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/companies/organization/",
        "/admin/programs/program/",
        "/admin/programs/outcome/",
        "/admin/taxonomy/strategictechnology/",
        "/admin/taxonomy/hscode/?q=8486",
        "/admin/core/auditlog/",
        "/admin/core/job/",
    ],
)
def test_staff_open_the_admin_pages(client, make_user, url):
    client.force_login(make_user("staff", is_superuser=True))
    assert client.get(url).status_code == 200


def test_other_roles_are_sent_to_the_admin_login(client, make_user):
    client.force_login(make_user("program_manager"))
    assert client.get("/admin/").status_code == 302
