from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mcelink.core"
    verbose_name = "Core"
