"""The Django admin as sales operations' configuration screen: the shared behaviour
every domain's admin builds on, and the read-only admins of the audit trail and the
document counters (company settings and rates are configured through `org`'s services,
so their admins live in `org.company_admin`).

Every domain's admin builds on `PatronAdmin`, which keeps the rules the services keep
for the admin's writes too:

- a business record is saved with `update_versioned`, so an edit made from a page that
  was read before someone else saved is refused with a message (no lost update);
- new rows record who created them;
- money is shown formatted in its currency, never as raw minor units.

Every add, change and delete made here goes through the domain's services
(`ServiceAdmin`): the admin is one more interface, like a page or the API, and keeps
the same rules, writes the same audit trail (source "admin") and shows a service's
refusal under the field it names. Records only services may create (opportunities,
quotes, orders, invoices…) are read-only here (`ReadOnlyAdmin`), and a contract test
fails when an admin could write a model without a service behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.forms.models import InlineForeignKeyField, construct_instance
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.errors import DomainError, StaleVersion
from patron.core.models import (
    AuditEvent,
    AuditSource,
    BusinessModel,
    Counter,
    Versioned,
    update_versioned,
)
from patron.core.money import Money, format_money
from patron.core.operations import audit_source

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
        if isinstance(self.instance, Versioned) and self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        versioned = isinstance(self.instance, Versioned) and self.instance.pk is not None
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


class ServiceAdminForm(VersionedAdminForm):
    """Runs the admin's service once the form's own fields are clean.

    The service call happens while the form is validated (in a savepoint), so a
    refusal becomes an error on the field it names — the page is shown again with the
    person's input, and nothing was written. On success the form's instance is the
    record the service returned, which the admin then only logs.
    """

    service_admin: ServiceAdmin
    request: HttpRequest

    def _post_clean(self) -> None:
        self._clean_fields_into_instance()
        if self.errors:
            return
        adding = self.instance.pk is None or self.instance._state.adding
        try:
            with transaction.atomic(), audit_source(AuditSource.ADMIN):
                if adding:
                    record = self.service_admin.create_record(self.request, self.cleaned_data)
                else:
                    record = self.service_admin.update_record(
                        self.request, self.instance, self.cleaned_data, list(self.changed_data)
                    )
        except DomainError as error:
            self.add_domain_error(error)
            return
        except IntegrityError:
            # A rule the service does not check yet, caught by the database: the
            # savepoint undid the attempt; say so rather than fail the page.
            self.add_error(None, _("This change breaks a rule of the database; nothing was saved."))
            return
        self.instance = record

    def _clean_fields_into_instance(self) -> None:
        """Django's model-form step without its checks of the model's constraints and
        unique fields: the service checks the business rules, those included, with its
        own message on its own field, and Django's generic "Constraint … is violated"
        must not answer first. The constraints still guard the table itself."""
        exclude = self._get_validation_exclusions()
        for name, form_field in self.fields.items():
            if isinstance(form_field, InlineForeignKeyField):
                exclude.add(name)
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)

    def add_domain_error(self, error: DomainError) -> None:
        field = self.service_admin.service_field_names.get(error.field or "", error.field)
        self.add_error(field if field in self.fields else None, error.message)


class ServiceAdmin(PatronAdmin):
    """An admin whose writes are the domain's services.

    A subclass says which services: `create_record` and `update_record` take the
    form's cleaned data and call one service each (`changed` names the fields the
    person changed, so only those are passed and a stale version is detected), and
    `delete_record` when the model may be deleted or archived. Without `create_record`
    or `update_record` the admin cannot add or change. Inlines shown beside a service
    admin are read-only: their rows have services of their own.
    """

    form = ServiceAdminForm
    # A service's error field → the form field it belongs under, where they differ.
    service_field_names: dict[str, str] = {}

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_record(
        self, request: HttpRequest, obj: Any, data: dict[str, Any], changed: list[str]
    ) -> Any:
        raise NotImplementedError

    def delete_record(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    @classmethod
    def _implements(cls, name: str) -> bool:
        return getattr(cls, name) is not getattr(ServiceAdmin, name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._implements("create_record") and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._implements("update_record") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._implements("delete_record") and super().has_delete_permission(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"service_admin": self, "request": request})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Already saved by the service while the form was validated."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Related rows (many-to-many included) are the service's to write."""

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> Any:
        # The read-only inlines saved nothing; the message names the form's changes.
        return super().construct_change_message(request, form, None, add)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic(), audit_source(AuditSource.ADMIN):
            self.delete_record(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic(), audit_source(AuditSource.ADMIN):
            for obj in queryset:
                self.delete_record(request, obj)


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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for reading only: nobody edits or deletes what happened."""

    list_display = ["occurred_at", "actor", "source", "operation", "record_type", "record_id"]
    list_filter = ["source", "record_type", "action"]
    list_select_related = ["actor"]
    search_fields = ["record_type", "operation", "request_id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
