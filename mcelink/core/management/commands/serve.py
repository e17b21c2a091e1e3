import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site and run a background worker beside it (the demo; production runs them apart)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options):
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "mcelink.cli", "db_worker", "--queue-name", "default", "--no-reload"]
        )
        # A TERM (from a process manager or `timeout`) stops the worker too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"Background worker started (pid {worker.pid}).")
        self.stdout.write(self.style.SUCCESS(f"mcelink is at http://{host}:{port}/"))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
