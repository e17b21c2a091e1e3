from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mcelink.seed.synthetic import generate


class Command(BaseCommand):
    help = "Write large realistic synthetic datasets (CSV for the registry import, JSONL for the engine)."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--demands", type=int, default=0)
        parser.add_argument("--output", default="var/synthetic")

    def handle(self, *args, companies: int, seed: int, demands: int, output: str, **options):
        if companies < 1 or demands < 0:
            raise CommandError("--companies must be at least 1 and --demands not negative.")
        result = generate(companies=companies, seed=seed, output=Path(output), demands=demands)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
