"""Users, roles, teams (a tree with managers) and territories (a tree with rules)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel, Versioned
from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role


class Team(BusinessModel):
    """A sales (or service) team. Teams nest; a manager sees their team's whole subtree."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    manager = models.ForeignKey(
        "org.User",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="team_not_own_parent")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser, Versioned):
    """A person who signs in. Their role decides what they may see and do.

    Versioned like a business record: two configurers editing one person cannot
    silently overwrite each other."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.REP)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(manager=models.F("pk")), name="user_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or Capability.SEE_EVERYTHING in capabilities_of(self.role)

    @property
    def is_read_only(self) -> bool:
        """Executives read everything and change nothing."""
        return not self.is_superuser and Capability.CHANGE_RECORDS not in capabilities_of(self.role)


class Territory(BusinessModel):
    """A sales territory. Territories nest (region → country → city) and roll up in KPIs."""

    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner = models.ForeignKey(
        User,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_territories",
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), blank=True, related_name="territories"
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="territory_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TerritoryRule(BusinessModel):
    """An account whose attributes match every condition of a rule belongs to its territory.

    Rules are tried by ascending priority; the first match wins. Conditions left blank
    match anything; an employee range bounds the account's size.
    """

    # The audit trail shows its changes on its territory's timeline.
    audit_parent = "territory"

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="rules"
    )
    priority = models.PositiveIntegerField(_("priority"), default=100)
    country = models.CharField(_("country"), max_length=2, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    industry = models.CharField(_("industry"), max_length=64, blank=True)
    segment = models.CharField(_("segment"), max_length=32, blank=True)
    min_employees = models.PositiveIntegerField(_("minimum employees"), null=True, blank=True)
    max_employees = models.PositiveIntegerField(_("maximum employees"), null=True, blank=True)

    class Meta:
        verbose_name = _("territory rule")
        verbose_name_plural = _("territory rules")
        ordering = ["priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_employees__isnull=True)
                | Q(max_employees__isnull=True)
                | Q(max_employees__gte=models.F("min_employees")),
                name="territory_rule_size_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.territory} #{self.priority}"


class Reach(models.Model):
    """One line of the reporting tree, flattened: `viewer` sees what `owner` owns and
    the accounts whose team `owner` sits on. Every user reaches themselves.

    Derived data (decision 0021): `org.access.refresh_reach` keeps it equal to the
    rule of `org.visibility` whenever a team or a manager changes, in the same
    transaction; the account and deal access tables are built from it. Never edited
    by hand."""

    # No index of their own: the two composite indexes below lead with each of them.
    # No constraint in the database either (decision 0021): derived rows, and checking
    # each insert's users would make a rebuild wait for locks on people being edited.
    viewer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("reporting line")
        verbose_name_plural = _("reporting lines")
        constraints = [
            models.UniqueConstraint(fields=["owner", "viewer"], name="reach_owner_viewer_unique")
        ]
        indexes = [models.Index(fields=["viewer", "owner"], name="reach_viewer_owner")]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.owner_id}"
