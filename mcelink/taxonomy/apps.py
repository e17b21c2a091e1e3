from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "mcelink.taxonomy"
    verbose_name = "Taxonomy"

    def ready(self) -> None:
        from mcelink.taxonomy import jobs  # noqa: F401 - registers the job handlers
