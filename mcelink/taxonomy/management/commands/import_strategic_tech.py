from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mcelink.core.tabular import format_report
from mcelink.taxonomy.services import strategic_technology_import


class Command(BaseCommand):
    help = "Import the official strategic technology list (분야, 대상기술, 기술설명, 관련법령). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--batch", default="")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file: str, batch: str, year: int | None, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        report = strategic_technology_import(
            source=path, name=path.name, actor=None, batch=batch, year=year, dry_run=dry_run
        )
        self.stdout.write(format_report(report))
        if report["failed"]:
            raise CommandError("Nothing was imported.")
