"""The inputs that were 500s on PostgreSQL (issue 14, item 3): NUL characters and numbers past 64 bits.

Each probe runs on the database the suite runs on (SQLite, and PostgreSQL in CI), through the whole stack: a
page answers its styled 400 page or its usual answer, the API a 422 in its error shape naming the field, or its
usual answer; never a server error.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.core.guards import ERR_NUL

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"  # 2**63: one past PostgreSQL's bigint
HUGER = "99999999999999999999999"

# (path, status): pages, as a signed-in program manager.
PAGE_PROBES = [
    ("/demands/?q=a%00b", 400),
    ("/organizations/?q=%00", 400),
    ("/organizations/?region=%00&q=x", 400),
    ("/taxonomy/technologies/?q=%00", 400),
    ("/taxonomy/hs/?q=%00", 400),
    ("/taxonomy/technologies/%00/", 400),
    ("/programs/?q=%00", 400),
    ("/organizations/?page=" + HUGE, 200),  # Django's paginator shows the last page
    ("/demands/?page=" + HUGE, 200),
    ("/jobs/?page=" + HUGER, 200),
    ("/notifications/?page=" + HUGER, 200),
    ("/organizations/" + HUGER + "/", 404),
    ("/demands/" + HUGE + "/", 404),
    ("/jobs/" + HUGE + "/", 404),
]

# (method, path, JSON body, status, field named in the error): the API, with a demand firm's bearer token.
API_PROBES = [
    ("get", "/api/v1/organizations?q=%00", None, 422, "q"),
    ("get", "/api/v1/products?q=a%00", None, 422, "q"),
    ("get", "/api/v1/taxonomy/hs-codes?q=%00", None, 422, "q"),
    ("get", "/api/v1/taxonomy/technologies/%00", None, 422, "path"),
    ("get", "/api/v1/demands/?status=%00", None, 422, "status"),
    ("post", "/api/v1/demands/", {"title": "t", "summary": "a\x00b", "category": "material"}, 422, "summary"),
    ("post", "/api/v1/demands/", {"title": "t", "summary": "s", "required_certifications": ["\x00"]}, 422,
     "required_certifications.0"),
    ("patch", "/api/v1/demands/1/", {"title": "\x00"}, 422, "title"),
    ("post", "/api/v1/invitations/1/messages/", {"body": "hello\x00"}, 422, "body"),
    ("post", "/api/v1/demands/1/transitions/", {"to": "withdrawn", "reason": "\x00"}, 422, "reason"),
    ("get", "/api/v1/demands/?page=" + HUGE, None, 200, None),
    ("get", "/api/v1/organizations?page=922337203685477580", None, 200, None),
    ("get", "/api/v1/outcomes?page=" + HUGER, None, 200, None),
    ("get", "/api/v1/organizations/" + HUGER, None, 404, None),
    ("get", "/api/v1/jobs/" + HUGE, None, 404, None),
    ("get", "/api/v1/demands/" + HUGE + "/", None, 404, None),
    ("get", "/api/v1/products?organization=" + HUGE, None, 422, "organization"),
    ("get", "/api/v1/programs?year=" + HUGE, None, 422, "year"),
    ("get", "/api/v1/outcomes?organization=" + HUGE, None, 422, "organization"),
    ("get", "/api/v1/taxonomy/hs-codes?level=" + HUGER, None, 422, "level"),
    ("post", "/api/v1/demands/1/invitations/", {"supplier_id": 2**63}, 422, "supplier_id"),
    ("post", "/api/v1/invitations/1/proposals/", {"unit_price_krw": 2**64, "lead_time_days": 1}, 422, "unit_price_krw"),
    ("post", "/api/v1/demands/1/adopt/", {"contract_value_krw": 2**63, "contract_start": "2026-01-01"}, 422,
     "contract_value_krw"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "status"), PAGE_PROBES, ids=[p[0] for p in PAGE_PROBES])
def test_a_page_never_fails_on_a_nul_or_a_huge_number(make_user, url, status):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    if status == 400:
        html = response.content.decode()
        assert "NUL" in html and 'href="/static/core/mcelink.css' in html  # the styled page, saying why


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "field"), API_PROBES, ids=[f"{p[0]} {p[1]} {p[4]}" for p in API_PROBES]
)
def test_the_api_never_fails_on_a_nul_or_a_huge_number(make_user, method, url, body, status, field):
    _, token = api_token_create(user=make_user(Role.DEMAND_FIRM), actor=None)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if status == 422:
        error = response.json()["error"]
        assert error["code"] == "invalid_request"
        assert list(error["fields"]) == [field]
        if "%00" in url or "\x00" in str(body):
            assert error["fields"][field] == [str(ERR_NUL)]
    if status == 200 and "page=" in url:
        assert response.json()["items"] == []


def test_a_nul_in_a_posted_form_is_refused_with_the_styled_page(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.DEMAND_FIRM))
    body = urlencode({"title": "a\x00b", "summary": "s"})
    response = client.post("/demands/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_nul_message_is_korean_by_default_and_english_when_chosen(make_user):
    _, token = api_token_create(user=make_user(Role.DEMAND_FIRM), actor=None)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    korean = client.get("/api/v1/organizations?q=%00").json()["error"]["fields"]["q"][0]
    client.cookies["django_language"] = "en"
    english = client.get("/api/v1/organizations?q=%00").json()["error"]["fields"]["q"][0]
    assert "저장할 수 없습니다" in korean and "cannot be stored" in english
