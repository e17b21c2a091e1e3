from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "mcelink.dashboard"
    verbose_name = "Dashboard"
