"""Admin for pipelines and stages, campaigns, leads, opportunities and quotes.

Pipelines, stages and campaigns are configuration and fully editable here. An
opportunity's stage, status, amount, close date, forecast category and owner change
only through the pipeline services, which write their history in the same transaction
(the pipeline replays from it); the admin shows them read-only, and deals, lines,
history and quotes are never added or deleted here.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import (
    PatronAdmin,
    PatronInline,
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceManagedAdmin,
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

LINE_FIELDS = ["product", "quantity", "unit_price", "discount_percent", "total"]


class StageInline(PatronInline):
    model = Stage
    fields = ["order", "name", "probability", "category", "is_qualified"]
    ordering = ["order"]
    show_change_link = False


@admin.register(Pipeline)
class PipelineAdmin(PatronAdmin):
    list_display = ["name", "is_default", "default_for_type"]
    search_fields = ["name"]
    filter_horizontal = ["default_for_teams"]
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(PatronAdmin):
    list_display = ["name", "pipeline", "order", "probability", "category", "is_qualified"]
    list_filter = ["pipeline", "category", "is_qualified"]
    list_select_related = ["pipeline"]
    search_fields = ["name", "pipeline__name"]
    ordering = ["pipeline__name", "order"]


@admin.register(Campaign)
class CampaignAdmin(PatronAdmin):
    list_display = ["name", "channel", "starts_on", "ends_on", "cost", "owner"]
    list_filter = ["channel"]
    list_select_related = ["owner"]
    search_fields = ["name"]
    autocomplete_fields = ["owner"]
    date_hierarchy = "starts_on"
    readonly_fields = ["cost", "cost_base_minor"]

    cost = money_column("cost_minor", _("cost"))


@admin.register(Lead)
class LeadAdmin(PatronAdmin):
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


class OpportunityContactRoleInline(PatronInline):
    model = OpportunityContactRole
    fields = ["contact", "role", "is_primary"]
    autocomplete_fields = ["contact"]
    show_change_link = False


class OpportunityCompetitorInline(PatronInline):
    model = OpportunityCompetitor
    fields = ["competitor", "note"]
    autocomplete_fields = ["competitor"]
    show_change_link = False


TRACKED = ["pipeline", "stage", "status", "owner", "close_date", "forecast_category"]


@admin.register(Opportunity)
class OpportunityAdmin(ServiceManagedAdmin):
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
    autocomplete_fields = ["account", "campaign", "primary_competitor"]
    date_hierarchy = "close_date"
    readonly_fields = [
        *TRACKED,
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

    def get_readonly_fields(
        self, request: HttpRequest, obj: Opportunity | None = None
    ) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status != OpportunityStatus.OPEN:
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
class OpportunityCompetitorAdmin(PatronAdmin):
    list_display = ["competitor", "opportunity"]
    list_filter = ["competitor"]
    list_select_related = ["competitor", "opportunity"]
    search_fields = ["opportunity__name", "competitor__name"]
    autocomplete_fields = ["opportunity", "competitor"]


@admin.register(OpportunityContactRole)
class OpportunityContactRoleAdmin(PatronAdmin):
    list_display = ["contact", "opportunity", "role", "is_primary"]
    list_filter = ["role", "is_primary"]
    list_select_related = ["contact", "opportunity"]
    search_fields = ["opportunity__name", "contact__first_name", "contact__last_name"]
    autocomplete_fields = ["opportunity", "contact"]


class QuoteLineInline(ReadOnlyInline):
    model = QuoteLine
    fields = ["product", "description", "quantity", "unit_price", "discount_percent", "total"]
    readonly_fields = fields

    unit_price = money_column("unit_price_minor", _("unit price"), currency_field="quote__currency")
    total = money_column("total_minor", _("total"), currency_field="quote__currency")


@admin.register(Quote)
class QuoteAdmin(ServiceManagedAdmin):
    """Quotes are numbered and totalled by the quote service; terms and dates may be
    corrected here."""

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
    readonly_fields = [
        "opportunity",
        "number",
        "revision",
        "status",
        "currency",
        "discount_percent",
        "subtotal",
        "tax_percent",
        "tax",
        "total",
        "approval_requested_at",
        "approved_by",
        "approved_at",
    ]
    fields = [*readonly_fields[:5], "issued_on", "valid_until", *readonly_fields[5:], "terms"]
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
