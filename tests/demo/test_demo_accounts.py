"""The generated organisation and accounts: every role, teams with managers,
territories, buying committees, a lifecycle consistent with history, leads that
convert at believable rates, and the activity that keeps contacts' last touch."""

from collections import Counter, defaultdict

import pytest

from patron.accounts.models import Account, Contact, Handoff
from patron.activities.models import Activity
from patron.org.choices import Role
from patron.org.models import Team, Territory, User
from patron.pipeline.choices import LeadStatus
from patron.pipeline.models import Lead, Opportunity
from patron.service.models import Case

pytestmark = pytest.mark.django_db


def test_every_role_is_staffed_and_every_team_has_a_manager(tiny_company):
    roles = Counter(User.objects.values_list("role", flat=True))
    assert set(roles) == set(Role.values)
    assert all(team.manager_id for team in Team.objects.all())
    names = set(Team.objects.values_list("name", flat=True))
    assert {"Sales", "APAC", "Thailand", "Philippines", "Customer Service"} <= names
    thailand = Team.objects.get(name="Thailand")
    assert thailand.parent.name == "APAC"
    assert thailand.parent.parent.name == "Sales"


def test_territories_run_from_region_to_country_with_rules_for_thailand_and_the_philippines(
    tiny_company,
):
    thailand = Territory.objects.get(code="TH")
    philippines = Territory.objects.get(code="PH")
    assert thailand.parent.code == philippines.parent.code == "APAC"
    assert Territory.objects.filter(parent=thailand, rules__country="TH").exists()
    assert Territory.objects.filter(parent=philippines, rules__country="PH").exists()
    assert not Account.objects.filter(territory__isnull=True).exists()


def test_each_account_has_one_primary_contact_and_a_buying_committee(tiny_company):
    for account in Account.objects.prefetch_related("contacts"):
        contacts = list(account.contacts.all())
        assert sum(contact.is_primary for contact in contacts) == 1
        assert any(contact.buying_role == "economic_buyer" for contact in contacts)
    assert Account.objects.filter(parent__isnull=False).exists()


def test_customer_since_is_the_first_win_and_churned_accounts_say_when_and_why(tiny_company):
    first_win = {}
    for deal in Opportunity.objects.filter(status="won").order_by("close_date"):
        first_win.setdefault(deal.account_id, deal.close_date)
    lifecycles = Counter()
    for account in Account.objects.all():
        lifecycles[account.lifecycle] += 1
        assert account.customer_since == first_win.get(account.pk)
        if account.lifecycle == "churned":
            assert account.churned_on >= account.customer_since
            assert account.churn_reason
        if account.tier:
            assert account.lifecycle == "customer"
        first_order = account.orders.order_by("order_date").first()
        if first_order is not None:
            assert first_order.order_date >= account.customer_since
    assert lifecycles["prospect"]
    assert lifecycles["customer"]
    assert 0 < Account.objects.exclude(tier="").count() < lifecycles["customer"] / 2


def test_customers_are_handed_from_their_account_executive_to_an_account_manager(tiny_company):
    handoffs = list(Handoff.objects.select_related("account", "from_user", "to_user"))
    assert handoffs
    for handoff in handoffs:
        assert handoff.from_user.role == Role.REP
        assert handoff.to_user.role == Role.ACCOUNT_MANAGER
        assert handoff.account.owner_id == handoff.to_user_id
        roles = set(handoff.account.team_members.values_list("role", flat=True))
        assert {"account_executive", "account_manager"} <= roles


def test_converted_leads_link_what_they_became_and_sources_convert_believably(tiny_company):
    leads = list(Lead.objects.all())
    converted = [lead for lead in leads if lead.status == LeadStatus.CONVERTED]
    for lead in converted:
        deal = lead.converted_opportunity
        assert deal.account_id == lead.converted_account_id == lead.converted_contact.account_id
        assert (deal.lead_source, deal.campaign_id) == (lead.source, lead.campaign_id)
        assert lead.created_at <= lead.first_responded_at <= lead.converted_at
    rate = len(converted) / len(leads)
    assert 0.08 <= rate <= 0.3
    assert any(lead.status == LeadStatus.DISQUALIFIED and lead.disqualify_reason for lead in leads)


def test_a_contacts_last_touch_is_their_latest_completed_activity(tiny_company):
    latest = defaultdict(lambda: None)
    for activity in Activity.objects.filter(status="completed").prefetch_related("contacts"):
        for contact in activity.contacts.all():
            if latest[contact.pk] is None or activity.completed_at > latest[contact.pk]:
                latest[contact.pk] = activity.completed_at
    touched = 0
    for contact in Contact.objects.all():
        assert contact.last_touched_at == latest[contact.pk]
        touched += contact.last_touched_at is not None
    assert touched


def test_work_is_planned_ahead_and_some_tasks_are_overdue(tiny_company):
    now = tiny_company.today
    planned = Activity.objects.filter(status="planned")
    assert planned.filter(starts_at__date__gte=now).exists()
    assert planned.filter(kind="task", due_at__date__lt=now).exists()
    assert set(Activity.objects.values_list("kind", flat=True)) >= {
        "call", "email", "meeting", "demo", "presentation", "task", "note"
    }  # fmt: skip


def test_cases_have_sla_due_times_and_some_breach_them(tiny_company):
    cases = list(Case.objects.exclude(resolved_at=None))
    assert cases
    breached = [case for case in cases if case.resolved_at > case.resolution_due_at]
    assert 0 < len(breached) < len(cases) / 2
    assert Case.objects.filter(reopen_count__gt=0).exists() or len(cases) < 50
