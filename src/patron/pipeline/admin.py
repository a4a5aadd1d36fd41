"""Admin for pipelines and stages, campaigns, leads, opportunities and quotes.

Every add, change and delete made here goes through the pipeline services, which keep
the same rules, history and audit trail as the pages and the API. An opportunity's
stage, status, amount, owner, forecast category and close are changed by the pipeline
services on the pipeline pages (they write the history the pipeline replays); here
they are read-only. Lines, history and quotes are only shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceAdmin,
    format_minor,
    money_column,
)
from patron.core.models import CompanySettings
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import (
    Campaign,
    Lead,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityLine,
    Pipeline,
    Quote,
    QuoteLine,
    Stage,
)
from patron.pipeline.services import campaigns, configuration, deal_people, leads, opportunities


class PipelineServiceAdmin(ServiceAdmin):
    # Fields the update service takes, by form field name.
    updatable: frozenset[str] = frozenset()

    def changed_values(self, data: dict[str, Any], changed: list[str]) -> dict[str, Any]:
        return {name: data[name] for name in changed if name in self.updatable}


def _pk(obj: Any) -> int | None:
    return None if obj is None else obj.pk


LINE_FIELDS = ["product", "quantity", "unit_price", "discount_percent", "total"]
STAGE_FIELDS = ["name", "order", "probability", "category", "is_qualified"]


class StageInline(ReadOnlyInline):
    model = Stage
    fields = STAGE_FIELDS
    readonly_fields = STAGE_FIELDS
    ordering = ["order"]


@admin.register(Pipeline)
class PipelineAdmin(PipelineServiceAdmin):
    list_display = ["name", "is_default", "default_for_type"]
    search_fields = ["name"]
    filter_horizontal = ["default_for_teams"]
    inlines = [StageInline]
    service_field_names = {"default_for_team_ids": "default_for_teams"}
    updatable = frozenset({"name", "is_default", "default_for_type"})

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Pipeline:
        return configuration.create_pipeline(
            actor=request.user,
            name=data["name"],
            is_default=data["is_default"],
            default_for_type=data["default_for_type"],
            default_for_team_ids=[team.pk for team in data["default_for_teams"]],
        )

    def update_record(
        self, request: HttpRequest, obj: Pipeline, data: dict[str, Any], changed: list[str]
    ) -> Pipeline:
        values = self.changed_values(data, changed)
        if "default_for_teams" in changed:
            values["default_for_team_ids"] = [team.pk for team in data["default_for_teams"]]
        return configuration.update_pipeline(
            actor=request.user,
            pipeline_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


@admin.register(Stage)
class StageAdmin(PipelineServiceAdmin):
    list_display = ["name", "pipeline", "order", "probability", "category", "is_qualified"]
    list_filter = ["pipeline", "category", "is_qualified"]
    list_select_related = ["pipeline"]
    search_fields = ["name", "pipeline__name"]
    ordering = ["pipeline__name", "order"]
    updatable = frozenset(STAGE_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Stage | None = None) -> list[str]:
        # A stage stays in the pipeline it was made for (its deals are there).
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "pipeline"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Stage:
        return configuration.create_stage(
            actor=request.user,
            pipeline_id=data["pipeline"].pk,
            **{name: data[name] for name in STAGE_FIELDS},
        )

    def update_record(
        self, request: HttpRequest, obj: Stage, data: dict[str, Any], changed: list[str]
    ) -> Stage:
        return configuration.update_stage(
            actor=request.user,
            stage_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **self.changed_values(data, changed),
        )


@admin.register(Campaign)
class CampaignAdmin(PipelineServiceAdmin):
    list_display = ["name", "channel", "starts_on", "ends_on", "cost", "owner"]
    list_filter = ["channel"]
    list_select_related = ["owner"]
    search_fields = ["name"]
    autocomplete_fields = ["owner"]
    date_hierarchy = "starts_on"
    readonly_fields = ["cost", "cost_base_minor"]
    # The cost is money typed through the campaign services (pages, API, import).
    exclude = ["cost_minor"]
    updatable = frozenset({"name", "channel", "starts_on", "ends_on"})

    cost = money_column("cost_minor", _("cost"))

    def get_readonly_fields(self, request: HttpRequest, obj: Campaign | None = None) -> list[str]:
        # The currency is the cost's: it changes with a new cost, not alone.
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "currency"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Campaign:
        return campaigns.create_campaign(
            actor=request.user,
            name=data["name"],
            channel=data["channel"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            currency=data["currency"],
            owner_id=_pk(data["owner"]),
        )

    def update_record(
        self, request: HttpRequest, obj: Campaign, data: dict[str, Any], changed: list[str]
    ) -> Campaign:
        values = self.changed_values(data, changed)
        if "owner" in changed and data["owner"] is not None:
            values["owner_id"] = data["owner"].pk
        return campaigns.update_campaign(
            actor=request.user,
            campaign_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


LEAD_FIELDS = ["first_name", "last_name", "company", "title", "email", "phone", "country"]


@admin.register(Lead)
class LeadAdmin(PipelineServiceAdmin):
    list_display = ["__str__", "company", "source", "status", "owner", "campaign", "created_at"]
    list_filter = ["status", "source", "disqualify_reason", "campaign"]
    list_select_related = ["owner", "campaign"]
    search_fields = ["first_name", "last_name", "company", "email"]
    autocomplete_fields = ["owner", "campaign"]
    date_hierarchy = "created_at"
    # Conversion links the lead to what it became; only `convert_lead` sets them. The
    # status and its timestamps move only through the lead services.
    readonly_fields = [
        "status",
        "disqualify_reason",
        "first_responded_at",
        "qualified_at",
        "converted_at",
        "converted_account",
        "converted_contact",
        "converted_opportunity",
    ]
    updatable = frozenset({*LEAD_FIELDS, "source"})

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Lead:
        return leads.create_lead(
            actor=request.user,
            source=data["source"],
            campaign_id=_pk(data["campaign"]),
            owner_id=_pk(data["owner"]),
            **{name: data[name] for name in LEAD_FIELDS},
        )

    def update_record(
        self, request: HttpRequest, obj: Lead, data: dict[str, Any], changed: list[str]
    ) -> Lead:
        values = self.changed_values(data, changed)
        if "campaign" in changed:
            values["campaign_id"] = _pk(data["campaign"])
        if "owner" in changed and data["owner"] is not None:
            values["owner_id"] = data["owner"].pk
        return leads.update_lead(
            actor=request.user,
            lead_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


class OpportunityLineInline(ReadOnlyInline):
    model = OpportunityLine
    fields = LINE_FIELDS
    readonly_fields = LINE_FIELDS

    unit_price = money_column(
        "unit_price_minor", _("unit price"), currency_field="opportunity__currency"
    )
    total = money_column("total_minor", _("total"), currency_field="opportunity__currency")


class OpportunityHistoryInline(ReadOnlyInline):
    model = OpportunityHistory
    fields = ["field", "old_value", "new_value", "changed_at", "changed_by"]
    readonly_fields = fields
    show_change_link = False
    ordering = ["-id"]


class OpportunityContactRoleInline(ReadOnlyInline):
    model = OpportunityContactRole
    fields = ["contact", "role", "is_primary"]
    readonly_fields = fields


class OpportunityCompetitorInline(ReadOnlyInline):
    model = OpportunityCompetitor
    fields = ["competitor", "note"]
    readonly_fields = fields


TRACKED = ["pipeline", "stage", "status", "owner", "close_date", "forecast_category"]
# Chosen when a deal is created, then changed only by the pipeline services.
SET_AT_CREATION = [
    "external_id",
    "account",
    "type",
    "owner",
    "pipeline",
    "close_date",
    "lead_source",
    "campaign",
    "primary_competitor",
]
OPPORTUNITY_UPDATABLE = ["name", "description", "next_step", "is_recurring", "contract_term_months"]


@admin.register(Opportunity)
class OpportunityAdmin(PipelineServiceAdmin):
    list_display = [
        "name",
        "account",
        "owner",
        "stage",
        "status",
        "amount",
        "close_date",
        "forecast_category",
    ]
    list_filter = ["status", "type", "forecast_category", "pipeline", "lead_source"]
    list_select_related = ["account", "owner", "stage", "stage__pipeline"]
    search_fields = ["name", "account__name", "external_id"]
    autocomplete_fields = ["account", "owner", "campaign", "primary_competitor"]
    date_hierarchy = "close_date"
    readonly_fields = [
        "stage",
        "status",
        "forecast_category",
        "amount",
        "amount_in_base_currency",
        "currency",
        "opened_on",
        "closed_at",
        # Set by win_opportunity / lose_opportunity.
        "win_reason",
        "loss_reason",
        "loss_note",
    ]
    # What a closed deal booked stays as it was until the deal is reopened.
    booked_terms = ["is_recurring", "contract_term_months"]
    updatable = frozenset(OPPORTUNITY_UPDATABLE)
    service_field_names = {
        "account_id": "account",
        "owner_id": "owner",
        "campaign_id": "campaign",
        "primary_competitor_id": "primary_competitor",
        "currency": "close_date",
    }

    def get_readonly_fields(
        self, request: HttpRequest, obj: Opportunity | None = None
    ) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        fields = [*fields, *SET_AT_CREATION]
        if obj.status != OpportunityStatus.OPEN:
            return [*fields, *self.booked_terms]
        return fields

    fieldsets = [
        (None, {"fields": ["name", "external_id", "account", "type", "description"]}),
        (
            _("Pipeline (changed through the pipeline pages, with history)"),
            {
                "fields": [
                    *TRACKED,
                    "amount",
                    "amount_in_base_currency",
                    "currency",
                    "opened_on",
                    "closed_at",
                ]
            },
        ),
        (
            _("Deal"),
            {
                "fields": [
                    "is_recurring",
                    "contract_term_months",
                    "next_step",
                    "lead_source",
                    "campaign",
                    "primary_competitor",
                ]
            },
        ),
        (_("Outcome"), {"fields": ["win_reason", "loss_reason", "loss_note"]}),
    ]
    inlines = [
        OpportunityLineInline,
        OpportunityContactRoleInline,
        OpportunityCompetitorInline,
        OpportunityHistoryInline,
    ]

    amount = money_column("amount_minor", _("amount"))

    @admin.display(description=_("amount in base currency"))
    def amount_in_base_currency(self, obj: Opportunity) -> str:
        return format_minor(obj.amount_base_minor, CompanySettings.current().base_currency)

    def get_inlines(self, request: HttpRequest, obj: Opportunity | None) -> Any:
        # A new deal has no lines, people or history yet: they are added by services.
        return [] if obj is None else super().get_inlines(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Left empty, the service chooses: the actor owns the deal, and it goes to the
        # owner's team's, the type's or the company's default pipeline.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in {"owner", "pipeline"} and field is not None:
            field.required = False
        return field

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Opportunity:
        return opportunities.create_opportunity(
            actor=request.user,
            account_id=data["account"].pk,
            owner_id=_pk(data["owner"]),
            pipeline_id=_pk(data["pipeline"]),
            campaign_id=_pk(data["campaign"]),
            primary_competitor_id=_pk(data["primary_competitor"]),
            external_id=data["external_id"],
            type=data["type"],
            close_date=data["close_date"],
            lead_source=data["lead_source"],
            **{name: data[name] for name in OPPORTUNITY_UPDATABLE},
        )

    def update_record(
        self, request: HttpRequest, obj: Opportunity, data: dict[str, Any], changed: list[str]
    ) -> Opportunity:
        return opportunities.update_opportunity(
            actor=request.user,
            opportunity_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **self.changed_values(data, changed),
        )


@admin.register(OpportunityLine)
class OpportunityLineAdmin(ReadOnlyAdmin):
    list_display = ["opportunity", "product", "quantity", "discount_percent", "total"]
    list_select_related = ["opportunity", "product"]

    total = money_column("total_minor", _("total"), currency_field="opportunity__currency")
    search_fields = ["opportunity__name", "product__name", "product__sku"]


@admin.register(OpportunityHistory)
class OpportunityHistoryAdmin(ReadOnlyAdmin):
    """The replayable record of every tracked change: append-only, so view-only here."""

    list_display = ["opportunity", "field", "old_value", "new_value", "changed_at", "changed_by"]
    list_filter = ["field"]
    list_select_related = ["opportunity", "changed_by"]
    search_fields = ["opportunity__name"]
    date_hierarchy = "changed_at"


@admin.register(OpportunityCompetitor)
class OpportunityCompetitorAdmin(PipelineServiceAdmin):
    """Competitors are added to and removed from a deal; what is known of their offer
    is written when they are added."""

    list_display = ["competitor", "opportunity"]
    list_filter = ["competitor"]
    list_select_related = ["competitor", "opportunity"]
    search_fields = ["opportunity__name", "competitor__name"]
    autocomplete_fields = ["opportunity", "competitor"]
    service_field_names = {"opportunity_id": "opportunity"}

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> OpportunityCompetitor:
        return deal_people.add_opportunity_competitor(
            actor=request.user,
            opportunity_id=data["opportunity"].pk,
            competitor_id=data["competitor"].pk,
            note=data["note"],
        )

    def delete_record(self, request: HttpRequest, obj: OpportunityCompetitor) -> None:
        deal_people.remove_opportunity_competitor(
            actor=request.user, opportunity_id=obj.opportunity_id, competitor_id=obj.competitor_id
        )


@admin.register(OpportunityContactRole)
class OpportunityContactRoleAdmin(PipelineServiceAdmin):
    list_display = ["contact", "opportunity", "role", "is_primary"]
    list_filter = ["role", "is_primary"]
    list_select_related = ["contact", "opportunity"]
    search_fields = ["opportunity__name", "contact__first_name", "contact__last_name"]
    autocomplete_fields = ["opportunity", "contact"]
    service_field_names = {"opportunity_id": "opportunity"}

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> OpportunityContactRole:
        return deal_people.add_opportunity_contact_role(
            actor=request.user,
            opportunity_id=data["opportunity"].pk,
            contact_id=data["contact"].pk,
            role=data["role"],
            is_primary=data["is_primary"],
        )

    def delete_record(self, request: HttpRequest, obj: OpportunityContactRole) -> None:
        deal_people.remove_opportunity_contact_role(
            actor=request.user, opportunity_id=obj.opportunity_id, contact_id=obj.contact_id
        )


class QuoteLineInline(ReadOnlyInline):
    model = QuoteLine
    fields = ["product", "description", "quantity", "unit_price", "discount_percent", "total"]
    readonly_fields = fields

    unit_price = money_column("unit_price_minor", _("unit price"), currency_field="quote__currency")
    total = money_column("total_minor", _("total"), currency_field="quote__currency")


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    """Quotes are numbered, totalled and sent by the quote services: shown here only."""

    list_display = [
        "number",
        "revision",
        "opportunity",
        "status",
        "total",
        "issued_on",
        "valid_until",
    ]
    list_filter = ["status"]
    list_select_related = ["opportunity"]
    search_fields = ["number", "opportunity__name", "opportunity__account__name"]
    date_hierarchy = "issued_on"
    inlines = [QuoteLineInline]

    subtotal = money_column("subtotal_minor", _("subtotal"))
    tax = money_column("tax_minor", _("tax"))
    total = money_column("total_minor", _("total"))


@admin.register(QuoteLine)
class QuoteLineAdmin(ReadOnlyAdmin):
    list_display = ["quote", "product", "quantity", "discount_percent", "total"]
    list_select_related = ["quote", "product"]

    total = money_column("total_minor", _("total"), currency_field="quote__currency")
    search_fields = ["quote__number", "product__name"]
