from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "mcelink.seed"
    verbose_name = "Default and synthetic data"
