"""Brute-force protection (issue 14 item 4): the probe sent 100 wrong passwords, then the right one, and got in.

The cool-off is crossed by moving the recorded attempts back in time, not by sleeping.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F

from mcelink.accounts.services import api_token_create
from mcelink.core.models import AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # the factory's
ATTACKER = "192.0.2.10"  # TEST-NET addresses: request metadata only, nothing is sent anywhere
OTHER = "198.51.100.20"


def after_the_cool_off():
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)


def login(client, username, password, address=ATTACKER, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_100_wrong_passwords_then_the_right_one_is_refused_until_the_cool_off(client, make_user):
    make_user(username="lee")
    for _ in range(100):
        login(client, "lee", "wrong")
    response = login(client, "lee", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "15분 후에 다시 시도하세요" in page  # Korean by default; the cool-off is 15 minutes
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert AccessAttempt.objects.get(username="lee").failures_since_start == settings.AXES_FAILURE_LIMIT

    after_the_cool_off()
    assert login(client, "lee", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_lockout_message_is_in_english_when_english_is_chosen(client, make_user):
    make_user(username="lee")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "lee", "wrong")
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in 15 minutes." in response.content.decode()


def test_an_account_is_locked_whatever_the_address_and_an_address_whatever_the_account(client, make_user):
    make_user(username="lee")
    make_user(username="park")
    make_user(username="choi")
    for i in range(settings.AXES_FAILURE_LIMIT):  # one account from many addresses
        login(client, "lee", "wrong", address=f"203.0.113.{i + 1}")
    assert login(client, "lee", PASSWORD, address=OTHER).status_code == 429
    assert login(client, "park", PASSWORD, address=OTHER).status_code == 302  # another account is not affected
    client.logout()

    for i in range(settings.AXES_FAILURE_LIMIT):  # one address trying many accounts
        login(client, f"guess{i}", "wrong", address=ATTACKER)
    assert login(client, "choi", PASSWORD, address=ATTACKER).status_code == 429
    assert login(client, "choi", PASSWORD, address=OTHER).status_code == 302


def test_a_success_resets_the_count(client, make_user):
    make_user(username="lee")
    for _ in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, "lee", "wrong")
        assert login(client, "lee", PASSWORD).status_code == 302
        client.logout()


def test_100_wrong_admin_passwords_then_the_right_one_is_refused(client, make_user):
    make_user("staff", username="root", is_superuser=True)
    for _ in range(100):
        login(client, "root", "wrong", path="/admin/login/")
    response = login(client, "root", PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert "15분 후에 다시 시도하세요" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to the login page

    after_the_cool_off()
    assert login(client, "root", PASSWORD, path="/admin/login/").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_100_wrong_tokens_then_the_right_one_is_refused_until_the_cool_off(client, make_user):
    _, token = api_token_create(user=make_user(), actor=None)

    def me(bearer, address=ATTACKER):
        return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {bearer}", REMOTE_ADDR=address)

    statuses = [me(f"mce_guess{i}").status_code for i in range(100)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}  # the failure that reaches the limit, and on
    response = me(token)
    assert response.status_code == 429
    assert response.json() == {
        "error": {"code": "too_many_attempts", "message": response.json()["error"]["message"], "fields": {}}
    }
    assert "15분 후에 다시 시도하세요" in response.json()["error"]["message"]
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert me(token, address=OTHER).status_code == 200  # the lockout is the address's, not the token's

    after_the_cool_off()
    assert me(token).status_code == 200


def test_failed_tokens_and_failed_passwords_count_together_against_an_address(client, make_user):
    make_user(username="lee")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer mce_guess{i}", REMOTE_ADDR=ATTACKER)
    assert login(client, "lee", PASSWORD).status_code == 429


def test_a_lockout_is_written_once_to_the_audit_log(client, make_user):
    make_user(username="lee")
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        login(client, "lee", "wrong")
    rows = AuditLog.objects.filter(action="auth.lockout")
    assert rows.count() == 1
    assert rows.get().changes == {
        "username": "lee",
        "ip_address": ATTACKER,
        "path": "/accounts/login/",
        "kind": "password",
    }


def test_an_administrator_can_unlock_an_account_with_axes_command(client, make_user):
    make_user(username="lee")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "lee", "wrong")
    assert login(client, "lee", PASSWORD).status_code == 429
    call_command("axes_reset_username", "lee")
    assert login(client, "lee", PASSWORD).status_code == 302
