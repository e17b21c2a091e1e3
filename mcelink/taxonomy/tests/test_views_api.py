import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.core.models import Job
from mcelink.taxonomy.permissions import can_import_taxonomy, can_view_taxonomy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "may_import"),
    [
        (Role.PROGRAM_MANAGER, True),
        (Role.STAFF, True),
        (Role.DEMAND_FIRM, False),
        (Role.SUPPLY_FIRM, False),
        (Role.REVIEWER, False),
        (Role.ANALYST, False),
    ],
)
def test_permission_matrix(make_user, role, may_import, client):
    user = make_user(role)
    assert can_view_taxonomy(user) is True
    assert bool(can_import_taxonomy(user)) is may_import
    client.force_login(user)
    assert client.get("/taxonomy/technologies/import/").status_code == (200 if may_import else 403)


def test_technology_search_in_korean_and_english(client, make_user):
    client.force_login(make_user())
    ko = client.get("/taxonomy/technologies/", {"q": "패키징"}).content.decode()
    en = client.get("/taxonomy/technologies/", {"q": "packaging"}).content.decode()
    assert "SEMI-01" in ko and "SEMI-02" in ko
    assert "SEMI-01" in en and "SEMI-11" in en
    none = client.get("/taxonomy/technologies/", {"q": "존재하지않는기술"}).content.decode()
    assert "일치하는 기술이 없습니다" in none


def test_hs_browser_walks_down_from_chapter_to_national_code(client, make_user):
    client.force_login(make_user())
    chapters = client.get("/taxonomy/hs/").content.decode()
    assert 'href="/taxonomy/hs/84/"' in chapters
    heading = client.get("/taxonomy/hs/8486/").content.decode()
    assert 'href="/taxonomy/hs/848690/"' in heading
    national = client.get("/taxonomy/hs/8486.90-2010/").content.decode()
    assert "8486.90-2010" in national and 'href="/taxonomy/hs/848690/"' in national
    assert client.get("/taxonomy/hs/0000/").status_code == 404


def test_hs_search_by_code_and_by_words(client, make_user):
    client.force_login(make_user())
    assert "8486.90-2010" in client.get("/taxonomy/hs/", {"q": "8486.90"}).content.decode()
    assert "8486" in client.get("/taxonomy/hs/", {"q": "웨이퍼"}).content.decode()
    assert "8486" in client.get("/taxonomy/hs/", {"q": "wafers"}).content.decode()


def test_upload_runs_the_import_as_a_job_with_a_report(client, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    upload = SimpleUploadedFile("list.csv", "분야,대상기술\n없는분야,기술\n".encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/taxonomy/technologies/import/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "아무것도 저장하지 않았습니다" in page and "없는분야" in page


def test_api_lists_and_details(client, make_user):
    _, token = api_token_create(user=make_user(), actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    industries = client.get("/api/v1/taxonomy/industries", **auth).json()
    assert {i["code"]: i["official_count"] for i in industries}["semiconductor"] == 32
    page = client.get("/api/v1/taxonomy/technologies", {"industry": "semiconductor", "page_size": 10}, **auth).json()
    assert (page["count"], page["pages"], len(page["items"])) == (32, 4, 10)
    tech = client.get("/api/v1/taxonomy/technologies/SEMI-15", **auth).json()
    assert "850511" in [h["code"] for h in tech["hs_codes"]]
    hs = client.get("/api/v1/taxonomy/hs-codes/8486902010", **auth).json()
    assert [a["code"] for a in hs["ancestors"]] == ["84", "8486", "848690", "84869020"]
    search = client.get("/api/v1/taxonomy/hs-codes", {"q": "8486.90"}, **auth).json()
    assert search["count"] >= 5 and all(i["code"].startswith("848690") for i in search["items"])
    missing = client.get("/api/v1/taxonomy/technologies/NOPE-1", **auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/taxonomy/industries").status_code == 401
