"""Security settings (issue 14 item 9): `check --deploy` is clean with a production environment, HTTPS and HSTS are
settable from it, and every page carries a strict Content-Security-Policy.

`check --deploy` runs in a subprocess, because settings are read from the environment once, at start-up.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
# Accepted, and documented in docs/operations.md "Security settings": HSTS for every subdomain and the browsers'
# preload list commit the whole domain to HTTPS for good, so the domain's owner turns them on.
ACCEPTED_DEPLOY_WARNINGS = {"security.W005", "security.W021"}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MCELINK_", "DJANGO_", "SECURE_", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MCELINK_TESTING="false",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mcelink.example",
        MCELINK_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(extra)
    return env


def check_deploy(env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_check_deploy_with_a_production_environment_warns_only_of_what_is_documented_as_accepted(tmp_path):
    code, output = check_deploy(production_env(tmp_path))
    warned = {word.strip(":()") for word in output.split() if word.startswith("(security.")}
    assert warned == ACCEPTED_DEPLOY_WARNINGS, output


def test_check_deploy_is_clean_once_the_domain_opts_in_to_subdomains_and_preload(tmp_path):
    code, output = check_deploy(
        production_env(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true")
    )
    assert code == 0, output
    assert "System check identified no issues" in output


def test_https_settings_come_from_the_environment_with_safe_production_defaults(tmp_path):
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE")
    assert settings_in(production_env(tmp_path), *names) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": True,
    }
    behind_a_balancer = production_env(
        tmp_path,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert settings_in(behind_a_balancer, *names[:3]) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


@pytest.mark.django_db
def test_production_responses_redirect_to_https_and_carry_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()  # a new client builds its middleware with these settings
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/accounts/login/"
    secure = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/docs", "/admin/login/", "/no-such-page/"])
def test_every_page_carries_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
