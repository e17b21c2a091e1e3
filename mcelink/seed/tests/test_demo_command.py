"""`mcelink demo` creates accounts with a published password: it refuses to run with DEBUG off (issue 14 item 9),
unless the environment declares the demo (MCELINK_DEMO=true, as `make demo` runs it)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mcelink.accounts.models import User
from mcelink.seed.default_data import DEMO_ACCOUNTS


def _mcelink(*args: str, tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MCELINK_", "DJANGO_", "DEBUG"))}
    env.pop("DATABASE_URL", None)
    env.update(
        MCELINK_TESTING="false",
        MCELINK_VAR_DIR=str(tmp_path / "var"),
        MCELINK_DATA_DIR=str(tmp_path / "no-data"),  # `demo` past its guard stops at the first data file
        SECRET_KEY=secrets.token_urlsafe(50),
        **env_extra,
    )
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mcelink.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_demo_refuses_to_run_with_debug_off_and_says_why_in_korean_and_english(tmp_path):
    (tmp_path / "no-data").mkdir()
    assert _mcelink("migrate", "--no-input", tmp_path=tmp_path, DEBUG="false").returncode == 0
    refused = _mcelink("demo", tmp_path=tmp_path, DEBUG="false")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "비밀번호가 공개된 계정을 만들기 때문에" in refused.stderr
    assert "creates accounts whose password is published" in refused.stderr
    assert "not found" not in refused.stderr  # refused before reading any data

    declared = _mcelink("demo", tmp_path=tmp_path, DEBUG="false", MCELINK_DEMO="true")  # make demo's flow
    assert "published" not in declared.stderr
    assert "Data file hs/harmonized-system_hs2022.csv not found" in declared.stderr  # went on to load the data


@pytest.mark.django_db
def test_demo_creates_no_account_when_refused(settings):
    settings.DEBUG = False
    settings.DEMO = False
    User.objects.filter(username__in=DEMO_ACCOUNTS).delete()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")
    assert not User.objects.filter(username__in=DEMO_ACCOUNTS).exists()
