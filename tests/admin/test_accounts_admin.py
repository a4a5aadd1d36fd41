"""The accounts admin writes through the accounts services: the same rules as a page or
the API, the service's message on the field it names, and the audit trail (source
"admin")."""

from __future__ import annotations

import pytest

from patron.accounts.models import Account, AccountCompetitor, Competitor, Contact
from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory, CompetitorFactory, ContactFactory


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


def form_data(client, url: str, **changes) -> dict[str, object]:
    """What the admin page at `url` would post unchanged (its form's values, the hidden
    version and the inlines' management forms), with `changes` applied."""
    context = client.get(url).context
    form = context["adminform"].form
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
        del field
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def events_of(record) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(record_type=record._meta.label_lower, record_id=record.pk)
        .order_by("pk")
        .values_list("action", "source", "changes")
    )


def test_sales_ops_adds_an_account_through_the_service(client_for, org, ops):
    # given
    client = client_for(ops)
    url = admin_url(Account, "add")
    # when
    response = client.post(
        url, form_data(client, url, name=" Siam Cement ", owner=org.rep.pk, country="th")
    )
    # then
    assert response.status_code == 302
    account = Account.objects.get()
    assert (account.name, account.owner, account.country, account.created_by) == (
        "Siam Cement",
        org.rep,
        "TH",
        ops,
    )
    assert [event[:2] for event in events_of(account)] == [("create", "admin")]


def test_sales_ops_changes_an_account_through_the_service(client_for, org, ops):
    # given
    account = AccountFactory(owner=org.rep, name="Siam Cement", country="TH")
    client = client_for(ops)
    url = admin_url(Account, "change", account.pk)
    # when
    response = client.post(url, form_data(client, url, name="SCG", country="PH"))
    # then
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.country, account.version) == ("SCG", "PH", 2)
    assert events_of(account) == [
        ("update", "admin", {"name": ["Siam Cement", "SCG"], "country": ["TH", "PH"]})
    ]


def test_a_parent_cycle_is_refused_on_the_parent_field(client_for, org, ops):
    # given: a group and its subsidiary
    group = AccountFactory(owner=org.rep, name="SCG Group")
    subsidiary = AccountFactory(owner=org.rep, name="SCG Cement", parent=group)
    client = client_for(ops)
    url = admin_url(Account, "change", group.pk)
    # when: the group is put under its own subsidiary
    response = client.post(url, form_data(client, url, parent=subsidiary.pk))
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["parent"] == ["An account cannot sit under itself or one of its subsidiaries."]
    group.refresh_from_db()
    assert (group.parent, group.version) == (None, 1)
    assert events_of(group) == []


def test_an_unknown_country_is_refused_on_the_country_field(client_for, org, ops):
    account = AccountFactory(owner=org.rep, country="TH")
    client = client_for(ops)
    url = admin_url(Account, "change", account.pk)
    response = client.post(url, form_data(client, url, country="QQ", name="Renamed"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [
        "Choose a country from the list."
    ]
    account.refresh_from_db()
    assert (account.country, account.version) == ("TH", 1)
    assert account.name != "Renamed"


def test_an_owner_who_may_not_own_accounts_is_refused_on_the_owner_field(client_for, org, ops):
    client = client_for(ops)
    url = admin_url(Account, "add")
    response = client.post(url, form_data(client, url, name="ACME", owner=org.service_agent.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["owner"] == [
        f"{org.service_agent} cannot own sales records."
    ]
    assert not Account.objects.exists()


def test_a_stale_account_edit_is_refused(client_for, org, ops):
    account = AccountFactory(owner=org.rep, name="Siam Cement")
    client = client_for(ops)
    url = admin_url(Account, "change", account.pk)
    data = form_data(client, url, name="SCG")
    Account.objects.filter(pk=account.pk).update(version=2)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    account.refresh_from_db()
    assert account.name == "Siam Cement"


def test_sales_ops_adds_edits_and_archives_a_contact(client_for, org, ops):
    # given
    account = AccountFactory(owner=org.rep)
    previous = ContactFactory(account=account, is_primary=True)
    client = client_for(ops)
    add_url = admin_url(Contact, "add")
    # when: added as the primary contact, agreeing to e-mail
    response = client.post(
        add_url,
        form_data(
            client,
            add_url,
            account=account.pk,
            first_name="Anong",
            email_opt_in=True,
            is_primary=True,
            influence=4,
        ),
    )
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    contact = Contact.objects.get(first_name="Anong")
    previous.refresh_from_db()
    assert (contact.is_primary, contact.influence, previous.is_primary) == (True, 4, False)
    assert contact.consent_recorded_at is not None
    assert [event[:2] for event in events_of(contact)] == [("create", "admin")]
    # when: the contact leaves the account, with a last edit of the title
    url = admin_url(Contact, "change", contact.pk)
    response = client.post(url, form_data(client, url, is_active=False, title="Former CFO"))
    # then
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.is_active, contact.is_primary, contact.title) == (False, False, "Former CFO")
    assert [event[0] for event in events_of(contact)] == ["create", "update", "deactivate"]


def test_a_bad_contact_rating_is_refused_on_its_field(client_for, org, ops):
    contact = ContactFactory(account=AccountFactory(owner=org.rep), is_active=False)
    client = client_for(ops)
    url = admin_url(Contact, "change", contact.pk)
    response = client.post(url, form_data(client, url, is_primary=True))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_primary"] == [
        "A contact who left the account cannot be its primary contact."
    ]
    contact.refresh_from_db()
    assert (contact.is_primary, contact.version) == (False, 1)


def test_a_duplicate_competitor_name_is_refused_on_the_name_field(client_for, ops):
    CompetitorFactory(name="Acme CRM")
    client = client_for(ops)
    url = admin_url(Competitor, "add")
    response = client.post(url, form_data(client, url, name="ACME CRM"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "Another competitor already has this name."
    ]
    assert Competitor.objects.count() == 1


def test_a_competitor_at_an_account_is_added_changed_and_removed(client_for, org, ops):
    # given
    account = AccountFactory(owner=org.rep)
    acme = CompetitorFactory(name="Acme CRM")
    client = client_for(ops)
    add_url = admin_url(AccountCompetitor, "add")
    # when
    response = client.post(
        add_url,
        form_data(client, add_url, account=account.pk, competitor=acme.pk, is_incumbent=True),
    )
    # then
    assert response.status_code == 302
    link = AccountCompetitor.objects.get()
    assert (link.account, link.competitor, link.is_incumbent) == (account, acme, True)
    # when: changed, then removed
    url = admin_url(AccountCompetitor, "change", link.pk)
    assert client.post(url, form_data(client, url, note="Ends June")).status_code == 302
    link.refresh_from_db()
    assert (link.note, link.version) == ("Ends June", 2)
    response = client.post(admin_url(AccountCompetitor, "delete", link.pk), {"post": "yes"})
    # then
    assert response.status_code == 302
    assert not AccountCompetitor.objects.exists()
    assert [event[:2] for event in events_of(link)] == [
        ("create", "admin"),
        ("update", "admin"),
        ("remove", "admin"),
    ]
