from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "mcelink.demands"
    verbose_name = _("Demands")

    def ready(self) -> None:
        from mcelink.demands import jobs  # noqa: F401 - registers the background jobs
