from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mcelink.ops.command import OpsCommand
from mcelink.ops.services import backup_create


class Command(OpsCommand):
    help = "Back up the database and the private and media files into DIR (new or empty), with a manifest.json."
    command_name = "backup"

    def run(self, *, directory: str, **options: Any) -> None:
        summary = backup_create(directory=Path(directory).absolute())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(directory)s: %(engine)s database, %(tables)s tables, %(rows)s rows, "
                    "%(files)s files, %(bytes)s bytes in all, in %(seconds)s s."
                )
                % summary
            )
        )
