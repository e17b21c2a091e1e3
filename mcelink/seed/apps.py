from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeedConfig(AppConfig):
    name = "mcelink.seed"
    verbose_name = _("Default and synthetic data")
