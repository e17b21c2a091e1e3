from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "mcelink.companies"
    verbose_name = "Companies"
