import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.org.models import Territory
from patron.planning.models import Quota
from patron.planning.services.quotas import delete_quota, set_quota, update_quota
from tests.factories.planning import QuotaFactory
from tests.planning.conftest import events, refused

Q2 = {"period_start": dt.date(2026, 4, 1), "period_end": dt.date(2026, 7, 1)}


@pytest.mark.parametrize("persona", ["manager", "director", "sales_ops", "admin"])
def test_the_people_above_a_rep_and_configurers_set_their_quota(org, persona):
    # when
    quota = set_quota(
        actor=getattr(org, persona), user_id=org.rep.pk, metric="bookings", target=25_000_000, **Q2
    )
    # then
    quota.refresh_from_db()
    assert (quota.user, quota.metric, quota.target, quota.period_end) == (
        org.rep,
        "bookings",
        25_000_000,
        dt.date(2026, 7, 1),
    )
    (event,) = events(quota)
    assert (event.action, event.changes["target"], event.changes["user"]) == (
        "create",
        [None, 25_000_000],
        [None, org.rep.pk],
    )


def test_team_and_territory_quotas(org):
    team_quota = set_quota(
        actor=org.director, team_id=org.team.pk, metric="new_customers", target=12, **Q2
    )
    territory = Territory.objects.create(name="Bangkok", code="TH-BKK")
    territory_quota = set_quota(
        actor=org.sales_ops, territory_id=territory.pk, metric="activities", target=900, **Q2
    )
    assert (team_quota.team, territory_quota.territory) == (org.team, territory)


@pytest.mark.parametrize(
    ("persona", "holder"),
    [
        ("rep", "rep"),  # nobody sets their own target
        ("rep", "rep2"),
        ("manager", "manager"),
        ("peer_manager", "rep"),
        ("executive", "rep"),
        ("service_agent", "rep"),
    ],
)
def test_who_may_not_set_a_persons_quota(org, persona, holder):
    refused(
        Forbidden,
        set_quota,
        actor=getattr(org, persona),
        user_id=getattr(org, holder).pk,
        metric="bookings",
        target=1,
        **Q2,
    )


def test_a_manager_does_not_set_their_own_teams_quota_and_only_configurers_do_territories(org):
    refused(
        Forbidden,
        set_quota,
        actor=org.manager,
        team_id=org.team.pk,
        metric="bookings",
        target=1,
        **Q2,
    )
    territory = Territory.objects.create(name="Cebu", code="PH-CEB")
    refused(
        Forbidden,
        set_quota,
        actor=org.director,
        territory_id=territory.pk,
        metric="bookings",
        target=1,
        **Q2,
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"target": -1}, "target", "out_of_range"),
        ({"metric": "smiles"}, "metric", "unknown_choice"),
        ({"period_end": dt.date(2026, 4, 1)}, "period_end", "empty_period"),
        ({"user_id": None}, "user", "one_holder"),
        ({"team_id": 1}, "user", "one_holder"),
        ({"period_start": dt.date(2026, 3, 1)}, "period_start", "overlapping_quota"),
    ],
)
def test_bad_quotas_are_refused(org, kwargs, field, code):
    QuotaFactory(user=org.rep)  # Q1 bookings
    values = {"user_id": org.rep.pk, "metric": "bookings", "target": 1, **Q2, **kwargs}
    error = refused(RuleViolation, set_quota, actor=org.manager, **values)
    assert (error.field, error.code) == (field, code)


def test_only_sellers_hold_quotas(org):
    error = refused(
        RuleViolation,
        set_quota,
        actor=org.sales_ops,
        user_id=org.service_agent.pk,
        metric="bookings",
        target=1,
        **Q2,
    )
    assert (error.field, error.code) == ("user", "cannot_own")


def test_a_quota_changes_but_not_onto_another(org):
    quota = QuotaFactory(user=org.rep)
    QuotaFactory(user=org.rep, **Q2)
    updated = update_quota(actor=org.manager, quota_id=quota.pk, version=1, target=60_000_000)
    assert (updated.target, updated.version) == (60_000_000, 2)
    (event,) = events(quota, "update")
    assert event.changes == {"target": [50_000_000, 60_000_000]}
    error = refused(
        RuleViolation,
        update_quota,
        actor=org.manager,
        quota_id=quota.pk,
        version=2,
        period_end=dt.date(2026, 5, 1),
    )
    assert (error.field, error.code) == ("period_start", "overlapping_quota")


def test_deleting_a_quota(org):
    quota = QuotaFactory(user=org.rep)
    delete_quota(actor=org.director, quota_id=quota.pk, version=1)
    assert not Quota.objects.filter(pk=quota.pk).exists()
    (event,) = events(quota)
    assert (event.action, event.changes["target"]) == ("delete", [50_000_000, None])


@pytest.mark.parametrize("call", [update_quota, delete_quota])
def test_stale_and_invisible_quotas_are_refused(org, call):
    quota = QuotaFactory(user=org.rep)
    refused(StaleVersion, call, actor=org.manager, quota_id=quota.pk, version=2)
    refused(NotVisible, call, actor=org.peer_manager, quota_id=quota.pk, version=1)
    refused(Forbidden, call, actor=org.rep, quota_id=quota.pk, version=1)
    refused(Forbidden, call, actor=org.executive, quota_id=quota.pk, version=1)
