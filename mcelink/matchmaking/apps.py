from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "mcelink.matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from mcelink.matchmaking import jobs  # noqa: F401 - registers the job handlers
