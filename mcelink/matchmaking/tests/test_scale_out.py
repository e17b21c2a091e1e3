"""Two web processes and two workers, as on separate machines: each has its own var directory and its own
MATCHING_INDEX_DIR, and only the database is shared. A product added through one web process reaches Find
suppliers on both, and both then serve the same published version.

The processes are the commands an operator runs (`mcelink runserver --noreload`, `mcelink db_worker`); the test
talks to them over HTTP on 127.0.0.1 as a browser would (login form, CSRF token, product form).
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.tests.factories import SupplierFactory
from mcelink.core.models import Job
from mcelink.core.tests.processes import database_url, free_port
from mcelink.matchmaking import services, versions

pytestmark = [pytest.mark.serial, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "scale-out-Pa55word"  # noqa: S105 - a test user's password
WAIT_SECONDS = 240  # bounded: start-up (Kiwi in each process), the refresh job, and each process's next check
WORD = "크라이오스탯"
SUPPLIER = "스케일아웃초전도"


class Machine:
    """One machine's processes: its own var directory and index copies, the shared database."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.var = tmp / name
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k not in ("MCELINK_TESTING", "MATCHING_INDEX_DIR")}
        env.update(
            DATABASE_URL=database_url(connection.settings_dict),
            MCELINK_VAR_DIR=str(self.var),
            MATCHING_INDEX_DIR=str(self.var / "matching-index"),
            MATCHING_INDEX_CHECK_SECONDS="1",
            MCELINK_TESTING="false",
            DEBUG="true",  # cookies over plain http
            SECRET_KEY="scale-out-test-secret-key-shared-by-every-process",  # sessions valid on every process
        )
        log = open(self.var / f"{args[0]}-{len(self.processes)}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "mcelink.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, **params: str) -> tuple[int, dict[str, str], str]:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        with self.opener.open(url, timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        form = {**data, "csrfmiddlewaretoken": self.csrf()}
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + path, data=urllib.parse.urlencode(form).encode(), headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as r:
            return r.status, r.url

    def csrf(self) -> str:
        return next(str(c.value) for c in self.jar if c.name == "csrftoken")

    def wait_until_up(self, deadline: float) -> None:
        while True:
            try:
                self.get("/accounts/login/")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        _status, url = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert "/accounts/login/" not in url, "login refused"

    def search(self) -> tuple[str, str]:
        """Find suppliers for WORD: the version header and the page."""
        _status, headers, page = self.get("/matching/", q=WORD)
        return headers["X-Matching-Index-Version"], page


def test_a_registry_change_reaches_both_web_processes_and_both_serve_the_same_version(tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the processes' hasher
    supplier = SupplierFactory(name_ko=SUPPLIER, name_en="")
    owner = UserFactory(role=Role.SUPPLY_FIRM, organization=supplier)
    owner.set_password(PASSWORD)
    owner.save()
    services.matching_index_build()  # version 1, published by the test process as by a worker elsewhere
    first = versions.version_current()
    assert first is not None and first.number == 1

    machines = [Machine(tmp_path, "machine-a"), Machine(tmp_path, "machine-b")]
    browsers = []
    try:
        for machine in machines:
            machine.var.mkdir()
            port = free_port()
            machine.start("runserver", "--noreload", f"127.0.0.1:{port}")
            machine.start("db_worker", "--queue-name", "default", "--interval", "0.5", "--no-reload")
            browsers.append(Browser(port))
        deadline = time.monotonic() + WAIT_SECONDS
        for browser in browsers:
            browser.wait_until_up(deadline)
            browser.login(owner.username)
            version, page = browser.search()
            assert version == f"1 {first.checksum}" and SUPPLIER not in page

        # A registry edit through the first web process (the product form, as a user makes it).
        status, url = browsers[0].post(
            f"/organizations/{supplier.pk}/products/new/",
            {"category": "equipment", "name_ko": f"{WORD} 냉각 장치", "name_en": "cryostat", "hs_code_list": ""},
        )
        assert url.endswith(f"/organizations/{supplier.pk}/"), url

        served = {}
        while len(served) < len(browsers):
            assert time.monotonic() < deadline, f"not on every process in {WAIT_SECONDS} s: {served}"
            for i, browser in enumerate(browsers):
                version, page = browser.search()
                if SUPPLIER in page:
                    served[i] = version
            time.sleep(0.5)
    finally:
        for machine in machines:
            machine.stop()

    current = versions.version_current()
    assert current is not None and current.number == 2
    assert served == {0: f"2 {current.checksum}", 1: f"2 {current.checksum}"}
    refresh = Job.objects.get(kind="matchmaking.refresh")
    assert refresh.status == Job.Status.SUCCEEDED and refresh.report["version"] == 2
    # Each machine unpacked version 2 from the database into its own directory.
    for machine in machines:
        assert (machine.var / "matching-index" / f"v2-{current.checksum}" / "index" / "index.json").exists()
    assert re.fullmatch(r"[0-9a-f]{64}", current.checksum)
