from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "mcelink.matchmaking"
    verbose_name = "Matchmaking"

    def ready(self) -> None:
        from mcelink.matchmaking import jobs  # noqa: F401 - registers the job handlers
