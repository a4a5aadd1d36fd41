from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "patron.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from patron.accounts.access import keep_account_access
        from patron.org.access import keep_access

        keep_access(keep_account_access)
