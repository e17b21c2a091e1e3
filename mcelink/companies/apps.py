from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "mcelink.companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from mcelink.companies import jobs  # noqa: F401 - registers the job handlers
