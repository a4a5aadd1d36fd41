from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "patron.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from patron.accounts.access import keep_account_access
        from patron.org.access import keep_access

        keep_access(keep_account_access)
