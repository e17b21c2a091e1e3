"""What the tests that start real processes (servers, workers) share: a free loopback port, the URL of the test
database for a child process, a process's children, and waiting for what a process does."""

import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(settings_dict: dict[str, Any] | None = None, **query: int | str) -> str:
    """The URL of a database (by default the test database) for DATABASE_URL; ``query`` adds options
    (``conn_max_age=600``)."""
    s = settings_dict or connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{Path(s['NAME']).resolve()}"
    else:
        user = quote(s["USER"] or "")
        password = f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
        url = f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"{url}?{urlencode(query)}" if query else url


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers, serve's), from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 90) -> Any:
    """The first true value of ``condition``, polled until ``timeout`` seconds; a clear failure after that."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
