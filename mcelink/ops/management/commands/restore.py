from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from mcelink.ops.command import OpsCommand
from mcelink.ops.services import backup_restore


class Command(OpsCommand):
    help = (
        "Restore a backup made by `mcelink backup` into the configured database (which must be empty unless "
        "--force) and file directories, after checking every checksum. Stop the site and its workers first."
    )
    command_name = "restore"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--force", action="store_true", help="replace the content of a database that has tables, and of the files"
        )

    def run(self, *, directory: str, force: bool = False, **options: Any) -> None:
        summary = backup_restore(directory=Path(directory).absolute(), force=force)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored the backup of %(created_at)s from %(directory)s: %(tables)s tables and %(rows)s rows "
                    "checked against the manifest, %(files)s files checked against their checksums, in %(seconds)s s."
                )
                % summary
            )
        )
        if summary["migrations_applied"]:
            self.stdout.write(
                _("The backup was older than this code: %(count)s migrations were applied after the restore.")
                % {"count": summary["migrations_applied"]}
            )
