from django.core.management.base import BaseCommand

from mcelink.taxonomy.services import taxonomies_load


class Command(BaseCommand):
    help = "Load the HS/HSK nomenclature and the sample strategic technology list (idempotent)."

    def handle(self, *args, **options):
        result = taxonomies_load(actor=None)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
