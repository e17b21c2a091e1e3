"""`mcelink serve`: the site and its background worker(s), supervised.

Without options, the demo: Django's development server and one ``db_worker``. With ``--production``: gunicorn
with N web processes (config.wsgi) and M ``db_worker`` processes, DEBUG off, every setting from the environment
(docs/operations.md "Deployment"). In both, a worker that dies is started again, with a growing pause when it
keeps dying, so a crash loop does not spin.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("mcelink.serve")

# A worker that ran this long before dying was not crash-looping: its next restart comes at once.
HEALTHY_RUN_SECONDS = 60.0
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 30.0

ERR_PRODUCTION_ENV = (
    "mcelink serve --production needs {names} in the environment (DEBUG is off in production; "
    "docs/operations.md, Deployment). / 운영 모드(--production)에는 환경 변수 {names} 설정이 필요합니다."
)
ERR_PRODUCTION_DEBUG = (
    "mcelink serve --production runs with DEBUG off: unset DEBUG or set DEBUG=false. / "
    "운영 모드(--production)는 DEBUG를 끈 채로 실행합니다: DEBUG를 지우거나 false로 설정하세요."
)


def production_refusal(env: dict[str, str]) -> str:
    """Why `serve --production` may not start with this environment ("" when it may). Checked by the `mcelink`
    command before the settings load (they would refuse a missing SECRET_KEY with a traceback) and again here."""
    if env.get("DEBUG", "").strip().lower() in ("1", "true", "yes", "on"):
        return ERR_PRODUCTION_DEBUG
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env.get(name, "").strip()]
    return ERR_PRODUCTION_ENV.format(names=", ".join(missing)) if missing else ""


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mcelink.cli", *args]


class Supervised:
    """One child process kept running: started again when it exits, after a pause that doubles (1 s up to
    30 s) while it keeps dying within HEALTHY_RUN_SECONDS of its start."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None, out) -> None:
        self.name, self.argv, self.env, self.out = name, argv, env, out
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.backoff = BACKOFF_FIRST
        self.thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)

    def start(self) -> None:
        self._spawn()
        self.thread.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env)  # noqa: S603 - our own interpreter and command
        self.started = time.monotonic()
        self.out(f"{self.name} started (pid {self.process.pid}).")

    def _watch(self) -> None:
        while not self.stopping.is_set():
            if self.process is None:
                return
            code = self.process.wait()
            if self.stopping.is_set():
                return
            ran = time.monotonic() - self.started
            self.backoff = BACKOFF_FIRST if ran >= HEALTHY_RUN_SECONDS else self.backoff
            self.out(
                f"{self.name} (pid {self.process.pid}) exited with status {code} after {ran:.0f} s; "
                f"starting it again in {self.backoff:.0f} s.",
                warning=True,
            )
            if self.stopping.wait(self.backoff):
                return
            self.backoff = min(self.backoff * 2, BACKOFF_MAX)
            self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Command(BaseCommand):
    help = (
        "Serve the site with supervised background workers: the demo (Django's development server), or with "
        "--production gunicorn's web processes, DEBUG off and settings from the environment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--production", action="store_true", help="gunicorn, DEBUG off, settings from env.")
        parser.add_argument("--workers", type=int, default=2, help="web processes (--production; default 2)")
        parser.add_argument("--db-workers", type=int, default=1, help="background worker processes (default 1)")

    def _out(self, line: str, *, warning: bool = False) -> None:
        if warning:  # a dead worker: the server log (stderr, LOGGING) says so
            logger.warning(line)
        else:
            self.stdout.write(line)
            self.stdout.flush()

    def handle(self, *args, host: str, port: str, production: bool, workers: int, db_workers: int, **options):
        env = self._production_env() if production else None
        if production:
            # The manifest of static files that whitenoise serves with far-future caching.
            subprocess.run(_command("collectstatic", "--no-input", "-v", "0"), env=env, check=True)  # noqa: S603
        worker_argv = _command("db_worker", "--queue-name", "default", "--no-reload")
        supervised = [
            Supervised(f"Background worker {i + 1}", worker_argv, env, self._out) for i in range(max(db_workers, 0))
        ]
        # A TERM (from a process manager or `timeout`) stops the children too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        for s in supervised:
            s.start()
        try:
            if env is not None:
                self._gunicorn(env, host, port, workers)
            else:
                self.stdout.write(self.style.SUCCESS(f"mcelink is at http://{host}:{port}/"))
                call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            for s in supervised:
                s.stop()

    def _production_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if refusal := production_refusal(env):
            raise CommandError(refusal)
        env["DEBUG"] = "false"
        env.pop("MCELINK_DEMO", None)
        return env

    def _gunicorn(self, env: dict[str, str], host: str, port: str, workers: int) -> None:
        """gunicorn's master supervises its web processes itself; if the master ends, serve ends (non-zero), for
        the process manager to restart."""
        argv = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(max(workers, 1)),
            "--access-logfile", "-", "--graceful-timeout", "30", "--timeout", "120",
            # The application, with the Korean analyser, is loaded once in the master before the web processes are
            # forked, so that they share one copy instead of loading one each (config/wsgi.py).
            "--preload",
        ]  # fmt: skip
        web = subprocess.Popen(argv, env={**env, "MCELINK_PRELOAD_ENGINE": "true"})  # noqa: S603 - our own interpreter and gunicorn
        self._out(f"gunicorn started (pid {web.pid}, {workers} web processes) at http://{host}:{port}/")
        try:
            code = web.wait()
        finally:
            if web.poll() is None:
                web.terminate()
                web.wait(timeout=40)
        if code not in (0, -signal.SIGTERM):
            raise CommandError(f"gunicorn exited with status {code}.")
