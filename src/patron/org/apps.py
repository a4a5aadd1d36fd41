from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender: AppConfig, **kwargs: object) -> None:
    # Wiring, not a business rule: each app's permissions are created by its own
    # post_migrate call, so the role groups are refreshed once the last Patron app's
    # permissions exist.
    from patron.org.roles import ensure_role_groups, patron_apps

    if sender.label == patron_apps()[-1]:
        ensure_role_groups()


class OrgConfig(AppConfig):
    name = "patron.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, dispatch_uid="patron-role-groups")
