"""The Django admin as sales operations' configuration screen: shared behaviour and the
admin of company-wide settings.

Every domain's admin builds on `PatronAdmin`, which keeps the rules the services keep
for the admin's writes too:

- a business record is saved with `update_versioned`, so an edit made from a page that
  was read before someone else saved is refused with a message (no lost update);
- new rows record who created them;
- money is shown formatted in its currency, never as raw minor units.

Records whose history or gapless number must stay whole (opportunities, quotes,
orders, invoices…) are created and changed through their services, not here: their
admins use `ReadOnlyAdmin` or switch off add/delete (see each domain's admin.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.errors import StaleVersion
from patron.core.models import (
    BusinessModel,
    CompanySettings,
    Counter,
    ExchangeRate,
    update_versioned,
)
from patron.core.money import Money, format_money

admin.site.site_header = _("Patron configuration")
admin.site.site_title = _("Patron configuration")
admin.site.index_title = _("Configuration")
admin.site.site_url = "/"

# A web address typed without a scheme ("example.com") is read as https, as Django 6.0
# will do by default. Asked of each form field: the FORMS_URLFIELD_ASSUME_HTTPS setting
# would do the same but is itself deprecated, and warns on every start.
URLS_ASSUME_HTTPS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


def format_minor(minor: int | None, currency: str) -> str:
    """`minor` units of `currency` in the active language's money format (e.g. $1,250.00)."""
    if minor is None or not currency:
        return "—"
    return format_money(Money.from_minor(minor, currency))


def money_column(
    minor_field: str, description: str, *, currency_field: str = "currency"
) -> Callable[[Any, Any], str]:
    """A ModelAdmin attribute showing an integer minor-units field as money.

    `currency_field` may follow relations with "__" (a line takes its document's
    currency: "opportunity__currency").
    """

    def column(_admin: Any, obj: Any) -> str:
        currency: Any = obj
        for part in currency_field.split("__"):
            currency = getattr(currency, part)
        return format_minor(getattr(obj, minor_field), currency)

    column.short_description = description  # type: ignore[attr-defined]
    column.admin_order_field = minor_field  # type: ignore[attr-defined]
    return column


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the record had when the page was read.

    Saving compares it with the stored version: someone else's save in between makes
    the form invalid with the conflict named, instead of silently overwriting them.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, BusinessModel) and self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        versioned = isinstance(self.instance, BusinessModel) and self.instance.pk is not None
        if versioned and expected is not None:
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
            )
            stored = current.first()
            if stored is not None and stored != expected:
                raise forms.ValidationError(StaleVersion(stored).message, code="stale_version")
        return cleaned


def _changed_columns(model: type[models.Model], changed: list[str]) -> list[str]:
    """The concrete (non many-to-many) model fields among a form's changed fields."""
    names = {field.name for field in model._meta.concrete_fields}
    return [name for name in changed if name in names]


def _with_audit_fields(
    model: type[models.Model], readonly: list[str] | tuple[str, ...]
) -> list[str]:
    """Readonly fields plus when and by whom the row was created: shown, never edited."""
    fields = list(readonly)
    names = {field.name for field in model._meta.fields}
    return fields + [
        name for name in ("created_at", "created_by") if name in names and name not in fields
    ]


class PatronAdmin(admin.ModelAdmin):
    """Base admin for business records: versioned saves, creator recorded."""

    form = VersionedAdminForm
    formfield_overrides = URLS_ASSUME_HTTPS
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over millions of rows on every page is slow

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _with_audit_fields(self.model, super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Declared fieldsets still carry the hidden version field on a change page."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or "expected_version" in flatten_fieldsets(fieldsets)
        ):
            return fieldsets
        name, options = fieldsets[0]
        first = (name, {**options, "fields": [*options["fields"], "expected_version"]})
        return [first, *fieldsets[1:]]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not isinstance(obj, BusinessModel):
            super().save_model(request, obj, form, change)
            return
        if not change:
            obj.created_by = request.user
            obj.save()
            return
        fields = _changed_columns(type(obj), form.changed_data)
        expected = form.cleaned_data.get("expected_version") or obj.version
        if fields:
            update_versioned(obj, expected_version=expected, fields=fields)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows: new ones record their creator, changed ones bump their version so
        a stale edit of them elsewhere is detected."""
        instances = formset.save(commit=False)
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        for obj in instances:
            if obj.pk is None or not isinstance(obj, BusinessModel):
                if isinstance(obj, BusinessModel):
                    obj.created_by = request.user
                obj.save()
                continue
            columns = _changed_columns(type(obj), changed.get(id(obj), []))
            if columns:
                update_versioned(obj, expected_version=obj.version, fields=columns)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class PatronInline(admin.TabularInline):
    formfield_overrides = URLS_ASSUME_HTTPS
    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _with_audit_fields(self.model, super().get_readonly_fields(request, obj))


class ReadOnlyInline(PatronInline):
    """Lines of a document whose totals a service keeps: shown, never edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(PatronAdmin):
    """Records that are written only by services and never changed afterwards."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceManagedAdmin(PatronAdmin):
    """Records created by a service (numbering, history, totals) and never deleted:
    the admin may correct their plain fields only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CompanySettings)
class CompanySettingsAdmin(admin.ModelAdmin):
    list_display = ["name", "base_currency", "fiscal_year_start_month", "time_zone"]
    fieldsets = [
        (None, {"fields": ["name", "address", "tax_id"]}),
        (
            _("Money and calendar"),
            {"fields": ["base_currency", "fiscal_year_start_month", "time_zone"]},
        ),
        (_("Sales rules"), {"fields": ["quote_discount_approval_percent", "renewal_lead_days"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row for the whole company, created on first use.
        return not CompanySettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "valid_from", "rate"]
    list_filter = ["currency"]
    search_fields = ["currency"]
    date_hierarchy = "valid_from"


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    """Document counters are shown so a gap can be investigated, never edited: changing
    one by hand would issue a number twice or leave a hole."""

    list_display = ["key", "value"]
    search_fields = ["key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
