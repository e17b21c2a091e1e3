"""What `mcelink backup` and `mcelink restore` share: messages in the operator's language (Korean unless
``--language en``), and a refusal printed as one clear line with exit status 1, never a traceback."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from mcelink.ops.manifest import BackupError


class OpsCommand(BaseCommand):
    # Django switches translations off in commands; these speak to an operator, in Korean by default.
    leave_locale_alone = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE
        )

    def handle(self, *args: Any, language: str, **options: Any) -> None:
        with translation.override(language):
            try:
                self.run(**options)
            except BackupError as exc:
                self.stderr.write(f"mcelink {self.command_name}: {exc}")
                raise SystemExit(1) from None

    command_name = ""

    def run(self, *, directory: str, **options: Any) -> None:
        raise NotImplementedError
