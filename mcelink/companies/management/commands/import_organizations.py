from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mcelink.companies.imports import registry_import
from mcelink.core.tabular import format_report


class Command(BaseCommand):
    help = (
        "Import organizations from a CSV or XLSX file: every row is checked first; any problem and nothing is written."
    )
    kind = "organizations"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        report = registry_import(kind=self.kind, source=path, name=path.name, actor=None, dry_run=dry_run)
        self.stdout.write(format_report(report))
        if report["failed"]:
            raise CommandError("Nothing was imported.")
