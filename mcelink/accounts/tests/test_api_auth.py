from datetime import timedelta

import pytest
from django.core.management import call_command

from mcelink.accounts.models import ApiToken
from mcelink.accounts.services import api_token_create, api_token_revoke
from mcelink.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_api_requires_a_bearer_token_and_says_so_in_the_error_shape(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "unauthenticated", "message": "유효한 Bearer 토큰이 필요합니다.", "fields": {}}
    }
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/me").json()["error"]["message"] == "A valid bearer token is required."


def test_a_valid_token_authenticates_and_an_unknown_one_does_not(client, make_user):
    user = make_user("analyst")
    _, token = api_token_create(user=user, actor=None)
    ok = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200
    assert ok.json() == {"username": user.username, "role": "analyst", "organization_id": None}
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}x").status_code == 401


def test_only_a_digest_is_stored_and_revoked_or_inactive_tokens_fail(client, make_user):
    user = make_user()
    row, token = api_token_create(user=user, actor=user)
    assert token not in {row.digest, row.prefix} and ApiToken.objects.filter(digest=row.digest).exists()
    api_token_revoke(token=row, actor=user)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    _, token2 = api_token_create(user=user, actor=user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token2}").status_code == 401
    assert AuditLog.objects.filter(action="api_token.revoke").count() == 1


def test_the_token_command_prints_a_working_token(client, make_user, capsys):
    user = make_user(username="kim")
    call_command("token", "kim")
    token = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == user.username


def test_openapi_schema_is_served_and_lists_the_resources(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "mcelink API"
    paths = set(schema["paths"])
    assert {"/api/v1/me", "/api/v1/jobs/{job_id}"} <= paths


def test_unknown_job_is_404_in_the_error_shape(client, make_user):
    _, token = api_token_create(user=make_user(), actor=None)
    response = client.get("/api/v1/jobs/999999", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_token_s_last_use_is_written_at_most_once_a_minute(client, make_user, django_assert_num_queries):
    row, token = api_token_create(user=make_user(), actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/me", **auth)
    row.refresh_from_db()
    first = row.last_used_at
    assert first is not None
    with django_assert_num_queries(2):  # the lockout check and the lookup; no write within the minute
        client.get("/api/v1/me", **auth)
    row.refresh_from_db()
    assert row.last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/me", **auth)
    row.refresh_from_db()
    assert row.last_used_at > first
