from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "mcelink.taxonomy"
    verbose_name = "Taxonomy"
