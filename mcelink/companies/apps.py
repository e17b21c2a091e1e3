from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "mcelink.companies"
    verbose_name = "Companies"

    def ready(self) -> None:
        from mcelink.companies import jobs  # noqa: F401 - registers the job handlers
