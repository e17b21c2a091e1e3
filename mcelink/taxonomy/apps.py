from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "mcelink.taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        from mcelink.taxonomy import jobs  # noqa: F401 - registers the job handlers
