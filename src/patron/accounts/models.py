"""Accounts (with hierarchy and account team), contacts with buying roles, competitors,
handoffs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patron.accounts.choices import (
    AccountTeamRole,
    BuyingRole,
    ChurnReason,
    Industry,
    Lifecycle,
    Segment,
    Tier,
)
from patron.accounts.querysets import (
    AccountQuerySet,
    AccountTeamMemberQuerySet,
    ContactQuerySet,
    OnAccountQuerySet,
)
from patron.core.models import BusinessModel


class Competitor(BusinessModel):
    """A company we compete with; recorded per account and per opportunity."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Account(BusinessModel):
    """A customer or prospect company.

    `customer_since` is the date of its first win or order; `churned_on` and
    `churn_reason` are set together when a customer is lost.
    """

    name = models.CharField(_("name"), max_length=200, db_index=True)
    external_id = models.CharField(_("external id"), max_length=64, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, blank=True)
    segment = models.CharField(_("segment"), max_length=32, choices=Segment.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_accounts",
    )
    lifecycle = models.CharField(
        _("lifecycle"), max_length=16, choices=Lifecycle.choices, default=Lifecycle.PROSPECT
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, blank=True)
    customer_since = models.DateField(_("customer since"), null=True, blank=True)
    churned_on = models.DateField(_("churned on"), null=True, blank=True)
    churn_reason = models.CharField(
        _("churn reason"), max_length=16, choices=ChurnReason.choices, blank=True
    )
    competitors = models.ManyToManyField(
        Competitor, through="AccountCompetitor", blank=True, related_name="accounts"
    )

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="account_external_id_unique",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="account_not_own_parent"),
            models.CheckConstraint(
                condition=Q(lifecycle__in=[choice.value for choice in Lifecycle]),
                name="account_lifecycle_valid",
            ),
            models.CheckConstraint(
                condition=Q(churned_on__isnull=True)
                | Q(customer_since__isnull=True)
                | Q(churned_on__gte=F("customer_since")),
                name="account_churn_after_customer_since",
            ),
            models.CheckConstraint(
                condition=~Q(lifecycle=Lifecycle.CHURNED) | Q(churned_on__isnull=False),
                name="account_churned_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "lifecycle"], name="account_owner_lifecycle"),
            models.Index(fields=["territory", "lifecycle"], name="account_territory_lifecycle"),
            models.Index(fields=["customer_since"], name="account_customer_since"),
            models.Index(fields=["churned_on"], name="account_churned_on"),
            models.Index(fields=["created_at"], name="account_created_at"),
        ]

    def __str__(self) -> str:
        return self.name


class AccountTeamMember(BusinessModel):
    """A user working on an account in a role. Members see the account and all under it."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="team_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=AccountTeamRole.choices)

    # Its events are also on the account's timeline.
    audit_parent = "account"
    objects = AccountTeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team members")
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="account_team_member_once")
        ]
        indexes = [models.Index(fields=["user", "account"], name="account_team_user_account")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) @ {self.account}"


class Handoff(BusinessModel):
    """Ownership of an account passed from one person (usually the AE) to another (the AM)."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="handoffs"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="handoffs_given",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="handoffs_received",
    )
    handed_off_on = models.DateField(_("handed off on"))
    note = models.TextField(_("handoff note"))

    # Its events are also on the account's timeline.
    audit_parent = "account"
    objects = OnAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("handoff")
        verbose_name_plural = _("handoffs")
        ordering = ["-handed_off_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_user=F("to_user")), name="handoff_two_people")
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.from_user} → {self.to_user}"


class Contact(BusinessModel):
    """A person at an account, with their place in the buying committee.

    `touch_every_days` is the target cadence; `last_touched_at` is kept by the activity
    service so "overdue for a touch" is one indexed comparison.
    """

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="contacts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contacts",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    buying_role = models.CharField(
        _("buying role"), max_length=32, choices=BuyingRole.choices, blank=True
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    relationship_strength = models.PositiveSmallIntegerField(
        _("relationship strength (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)
    touch_every_days = models.PositiveIntegerField(_("touch every (days)"), null=True, blank=True)
    last_touched_at = models.DateTimeField(_("last touched"), null=True, blank=True)
    email_opt_in = models.BooleanField(_("agrees to e-mail"), default=False)
    phone_opt_in = models.BooleanField(_("agrees to calls"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    is_active = models.BooleanField(_("still at the account"), default=True)

    # Its events are also on the account's timeline.
    audit_parent = "account"
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(is_primary=True), name="contact_one_primary"
            ),
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__gte=1, influence__lte=5),
                name="contact_influence_1_5",
            ),
            models.CheckConstraint(
                condition=Q(relationship_strength__isnull=True)
                | Q(relationship_strength__gte=1, relationship_strength__lte=5),
                name="contact_relationship_1_5",
            ),
            models.CheckConstraint(
                condition=Q(touch_every_days__isnull=True) | Q(touch_every_days__gte=1),
                name="contact_cadence_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AccountCompetitor(BusinessModel):
    """A competitor present at an account (incumbent or challenger)."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="competitor_links",
    )
    competitor = models.ForeignKey(
        Competitor, verbose_name=_("competitor"), on_delete=models.PROTECT, related_name="+"
    )
    is_incumbent = models.BooleanField(_("incumbent"), default=False)
    note = models.TextField(_("note"), blank=True)

    # Its events are also on the account's timeline.
    audit_parent = "account"
    objects = OnAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("competitor at account")
        verbose_name_plural = _("competitors at accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "competitor"], name="account_competitor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor} @ {self.account}"


class AccountAccess(models.Model):
    """`viewer` may see `account` by the reporting tree: its owner or a member of its
    team is the viewer or below them.

    Derived data (decision 0021), kept by `accounts.access` from `org.Reach`, the
    owners and the account teams in the operation that changes them; what every
    `visible_to` of an account and of the records under it reads. Roles that see
    every account do not consult it. Never edited by hand."""

    # No index of their own: the two composite indexes below lead with each of them.
    # No constraint in the database either (decision 0021): derived rows, and checking
    # each insert's records would make a rebuild wait for locks on records being edited.
    viewer = models.ForeignKey(
        "org.User", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("account access")
        verbose_name_plural = _("account access")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "viewer"], name="account_access_account_viewer_unique"
            )
        ]
        indexes = [models.Index(fields=["viewer", "account"], name="account_access_viewer")]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.account_id}"
