"""A bounded load test of a running mcelink, on loopback only: N logged-in users, no think time, T seconds.

    # a server to test (docs/operations.md, "Load"), then:
    DATABASE_URL=... .venv/bin/python bench/load.py --base http://127.0.0.1:8660 --users 50 --duration 60 \
        [--server-pid GUNICORN_MASTER_PID] [--json var/load.json]

Each virtual user logs in through the real login form (its own session cookie) and requests, in turn and with
no pause, the dashboard, the organization list, an organization search, the demand list, Find suppliers with a
realistic need, and the main API lists (organizations, products, demands, programs) with a bearer token. Users
start at different places in the cycle and with different accounts (one per role), so every page is under load
from the first second.

It stops by itself: no request starts after ``--duration`` seconds or after ``--max-requests`` requests, and a
request that takes longer than ``--timeout`` counts as an error. It refuses any host that is not loopback.

It prints a table per page and overall (requests, requests/s, p50, p95, p99, max, errors) with the load average
(``os.getloadavg``, as ``uptime`` prints it) before and after, and the peak memory (RSS) of each web process when
``--server-pid`` names the server's master; ``--json`` writes the same figures. API tokens come from
``--token`` or, if none is given, from ``mcelink token USER`` (so run it with the server's DATABASE_URL).
"""

import argparse
import asyncio
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

DEMO_PASSWORD = "mcelink-demo-2025"  # noqa: S105 -- the demo accounts' published password (README); --password for others
# One account per role that uses these pages; user i logs in as ACCOUNTS[i % len].
ACCOUNTS = ["buyer", "supplier", "pm", "analyst", "buyer2", "supplier2"]
API_ACCOUNTS = ["buyer", "pm"]
# Words and needs as users type them, in both languages (the synthetic registry's vocabulary).
ORGANIZATION_SEARCHES = [
    "쿼츠",
    "콜렛",
    "CMP",
    "세라믹",
    "photoresist",
    "진공",
    "wafer",
    "리드프레임",
    "solder",
    "히터",
]
SUPPLIER_NEEDS = [
    "HBM용 멀티소켓 자동정렬 시스템",
    "lightweight wafer ring frame",
    "반도체용 쿼츠 부품 확산로 튜브",
    "diamond CMP pad conditioner",
    "고순도 합성석영 가공",
    "solder ball for back-end packaging",
    "희토류 저감 마그네틱 콜렛",
    "ArF photoresist domestic supplier",
]


@dataclass(frozen=True)
class Page:
    name: str
    api: bool = False

    def path(self, n: int) -> str:
        """The path of the n-th request to this page (searches rotate through their words)."""
        if self.name == "organization search":
            return "/organizations/?q=" + quote(ORGANIZATION_SEARCHES[n % len(ORGANIZATION_SEARCHES)])
        if self.name == "find suppliers":
            return "/matching/?q=" + quote(SUPPLIER_NEEDS[n % len(SUPPLIER_NEEDS)])
        return PATHS[self.name]


PATHS = {
    "dashboard": "/",
    "organization list": "/organizations/",
    "demand list": "/demands/",
    "api organizations": "/api/v1/organizations",
    "api products": "/api/v1/products",
    "api demands": "/api/v1/demands/",
    "api programs": "/api/v1/programs",
}
PAGES = [
    Page("dashboard"),
    Page("organization list"),
    Page("organization search"),
    Page("demand list"),
    Page("find suppliers"),
    Page("api organizations", api=True),
    Page("api products", api=True),
    Page("api demands", api=True),
    Page("api programs", api=True),
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def loopback_only(base: str) -> None:
    """Refuse anything but loopback: every address the host name resolves to must be a loopback address."""
    host = urlsplit(base).hostname
    if not host:
        raise SystemExit(f"load.py: no host in {base!r}")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise SystemExit(f"load.py: cannot resolve {host!r}: {exc}") from None
    # An IPv6 address may carry a zone ("fe80::1%eth0"); loopback never does.
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"load.py: refusing {host!r} ({', '.join(sorted(addresses))}): loopback only")


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100)
    return sorted_values[int(rank) - 1]


def set_cookies(response: httpx.Response, jar: dict[str, str]) -> None:
    """Keep cookies by hand: with DEBUG off they are marked Secure, which a cookie jar would not send over
    plain-http loopback."""
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


async def log_in(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    """Through the real login form: its CSRF cookie and token, then the POST; returns the session's cookies."""
    jar: dict[str, str] = {}
    form = await client.get("/accounts/login/")
    set_cookies(form, jar)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if form.status_code != 200 or token is None:
        raise SystemExit(f"load.py: the login page answered {form.status_code} without a form")
    response = await client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/"},
        headers={"Cookie": cookie_header(jar), "Referer": str(client.base_url) + "/accounts/login/"},
    )
    set_cookies(response, jar)
    if response.status_code != 302 or "sessionid" not in jar:
        raise SystemExit(f"load.py: logging in as {username!r} failed ({response.status_code})")
    return jar


def api_tokens(usernames: list[str], given: list[str]) -> list[str]:
    if given:
        return given
    command = shutil.which("mcelink", path=str(Path(sys.executable).parent)) or "mcelink"
    tokens = []
    for name in usernames:
        out = subprocess.run([command, "token", name], capture_output=True, text=True, check=False)  # noqa: S603
        if out.returncode != 0:
            raise SystemExit(f"load.py: `mcelink token {name}` failed: {out.stderr.strip() or out.stdout.strip()}")
        tokens.append(out.stdout.strip().split()[-1])
    return tokens


async def virtual_user(
    index: int,
    client: httpx.AsyncClient,
    jar: dict[str, str],
    token: str,
    stats: dict[str, Stats],
    budget: dict[str, float],
) -> None:
    n = index  # users start at different pages and different words
    session = {"Cookie": cookie_header(jar)}
    bearer = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < budget["deadline"] and budget["left"] > 0:
        budget["left"] -= 1
        page = PAGES[n % len(PAGES)]
        n += 1
        started = time.perf_counter()
        try:
            response = await client.get(page.path(n // len(PAGES)), headers=bearer if page.api else session)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                # A redirect here is the login page: the session was lost.
                stats[page.name].error(f"HTTP {response.status_code}")
            else:
                stats[page.name].latencies.append(elapsed)
        except httpx.HTTPError as exc:
            stats[page.name].error(type(exc).__name__)


def web_processes(master: int) -> list[int]:
    """The master and its children (gunicorn's workers), from /proc."""
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def sample_memory(master: int, peak: dict[int, float], budget: dict[str, float]) -> None:
    while time.monotonic() < budget["deadline"] + 1:
        for pid in web_processes(master):
            peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        await asyncio.sleep(1)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=args.users, max_keepalive_connections=args.users)
    timeout = httpx.Timeout(args.timeout)
    async with httpx.AsyncClient(base_url=args.base, limits=limits, timeout=timeout) as client:
        jars = [
            await log_in(client, ACCOUNTS[i % len(ACCOUNTS)] if not args.username else args.username, args.password)
            for i in range(args.users)
        ]
        tokens = api_tokens(API_ACCOUNTS, args.token)
        stats = {page.name: Stats() for page in PAGES}
        load_before = load_average()
        started = time.monotonic()
        budget = {"deadline": started + args.duration, "left": float(args.max_requests)}
        peak: dict[int, float] = {}
        tasks = [virtual_user(i, client, jars[i], tokens[i % len(tokens)], stats, budget) for i in range(args.users)]
        if args.server_pid:
            tasks.append(sample_memory(args.server_pid, peak, budget))
        await asyncio.gather(*tasks)
        wall = time.monotonic() - started
    return report(args, stats, wall, load_before, load_average(), peak)


def summary(latencies: list[float], errors: int, wall: float) -> dict[str, Any]:
    ordered = sorted(latencies)
    ms = [round(percentile(ordered, p) * 1000, 1) for p in (50, 95, 99, 100)]
    return {
        "requests": len(ordered) + errors,
        "rps": round((len(ordered) + errors) / wall, 1),
        "p50_ms": ms[0],
        "p95_ms": ms[1],
        "p99_ms": ms[2],
        "max_ms": ms[3],
        "errors": errors,
    }


def report(
    args: argparse.Namespace,
    stats: dict[str, Stats],
    wall: float,
    load_before: list[float],
    load_after: list[float],
    peak: dict[int, float],
) -> dict[str, Any]:
    pages = {
        name: summary(s.latencies, sum(s.errors.values()), wall) | {"error_kinds": s.errors}
        for name, s in stats.items()
    }
    every = [x for s in stats.values() for x in s.latencies]
    overall = summary(every, sum(p["errors"] for p in pages.values()), wall)
    workers = {pid: round(mb, 1) for pid, mb in peak.items() if pid != args.server_pid}
    return {
        "base": args.base,
        "users": args.users,
        "duration_s": args.duration,
        "wall_s": round(wall, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "pages": pages,
        "overall": overall,
        "peak_rss_mb": {"master": round(peak.get(args.server_pid, 0.0), 1), "workers": workers}
        if args.server_pid
        else None,
    }


def print_table(result: dict[str, Any]) -> None:
    columns = ["requests", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors"]
    print(f"{result['users']} users, {result['wall_s']} s against {result['base']}")
    print(f"load average before {result['load_average_before']}, after {result['load_average_after']}")
    print(f"| page | {' | '.join(columns)} |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in [*result["pages"].items(), ("**overall**", result["overall"])]:
        print(f"| {name} | {' | '.join(str(row[c]) for c in columns)} |")
    for name, row in result["pages"].items():
        if row["error_kinds"]:
            print(f"errors on {name}: {row['error_kinds']}")
    if result["peak_rss_mb"]:
        workers = result["peak_rss_mb"]["workers"]
        print(
            f"peak RSS: master {result['peak_rss_mb']['master']} MB; {len(workers)} workers, "
            f"max {max(workers.values(), default=0)} MB ({', '.join(f'{v}' for v in sorted(workers.values()))})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8660", help="the server, on loopback")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request before it is an error")
    parser.add_argument("--username", default="", help="every user logs in as this account (default: one per role)")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--token", action="append", default=[], help="an API token (repeatable)")
    parser.add_argument("--server-pid", type=int, default=0, help="the server's master process, for memory")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 1000 and 0 < args.duration <= 3600 and args.max_requests > 0):
        raise SystemExit("load.py: --users 1..1000, --duration up to 3600 s, --max-requests at least 1")
    loopback_only(args.base)
    result = asyncio.run(run(args))
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
