from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mcelink.programs"
    verbose_name = "Programs"
