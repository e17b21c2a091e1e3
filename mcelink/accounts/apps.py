from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mcelink.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from mcelink.accounts import lockout  # noqa: F401 - connects the audit of lockouts to axes' signal
