"""Error pages: styled and in both languages on the site, the JSON error shape on the API; never a debug page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from config import urls as site_urls
from mcelink.core import views


def _refuse(request):
    raise PermissionDenied("이 분야에 기업을 추가할 권한이 없습니다.")


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("refuse/", _refuse),
    path("crash/", _crash),
    path("api/v1/crash/", _crash),
    *site_urls.urlpatterns,
]
handler403 = "mcelink.core.views.permission_denied"
handler404 = "mcelink.core.views.page_not_found"
handler500 = "mcelink.core.views.server_error"


@pytest.fixture
def not_debug(settings):
    settings.DEBUG = False


def _korean_and_english(html: str, ko: str, en: str) -> None:
    assert ko in html and en in html
    assert 'href="/static/core/mcelink.css' in html  # the site's styles: the page extends base.html


@pytest.mark.django_db
def test_a_missing_page_is_styled_and_bilingual_not_the_debug_page(client, not_debug):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _korean_and_english(html, "페이지를 찾을 수 없습니다", "No such page")
    assert "URLconf" not in html and "Using the URLconf" not in html
    assert '<html lang="ko"' in html


@pytest.mark.django_db
def test_an_english_reader_gets_english_first(client, not_debug):
    client.cookies["django_language"] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en"' in html
    assert html.index("No such page") < html.index("페이지를 찾을 수 없습니다")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refused_page_says_why_in_the_site_layout(client, not_debug):
    response = client.get("/refuse/")
    assert response.status_code == 403
    html = response.content.decode()
    _korean_and_english(html, "이 페이지를 열 수 없습니다", "You may not open this page")
    assert "이 분야에 기업을 추가할 권한이 없습니다." in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_styled_and_bilingual(not_debug):
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    _korean_and_english(response.content.decode(), "시스템에 문제가 생겼습니다", "Something went wrong on our side")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [True, False])
def test_a_server_error_on_an_api_path_answers_json(settings, debug):
    """Also with DEBUG on, where Django would answer its HTML debug page instead of calling handler500."""
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/api/v1/crash/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_wrong_method_on_the_api_answers_json_with_the_allowed_methods(client, settings, debug):
    settings.DEBUG = debug
    response = client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_refused_host_on_the_api_answers_json(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/api/v1/me", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_api_path_answers_the_json_error_shape(client, settings, debug):
    settings.DEBUG = debug
    for url in ("/api/v1/no-such-thing", "/api/v2/", "/api"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": {"code": "not_found", "message": "찾을 수 없습니다.", "fields": {}}}


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_an_endpoint_that_fails_answers_json_never_a_traceback(settings, monkeypatch, make_user, debug):
    from mcelink.accounts.services import api_token_create

    settings.DEBUG = debug
    _, token = api_token_create(user=make_user(), actor=None)
    monkeypatch.setattr("mcelink.core.api.job_get_for_user", _crash)
    response = Client(raise_request_exception=False).get("/api/v1/jobs/1", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_api_paths_are_told_apart():
    assert views.is_api_path("/api/v1/x") and views.is_api_path("/api")
    assert not views.is_api_path("/apis/") and not views.is_api_path("/organizations/api/")
