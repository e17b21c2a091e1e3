from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mcelink.accounts"
    verbose_name = "Accounts"
