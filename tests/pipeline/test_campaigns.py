"""create_campaign / update_campaign: configurers and sellers' managers run campaigns."""

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.pipeline.models import Campaign
from patron.pipeline.services.campaigns import create_campaign, update_campaign
from tests.pipeline.conftest import usd

START = dt.date(2026, 3, 1)


def make(actor, **overrides):
    values = {"name": "Bangkok Expo", "channel": "event", "starts_on": START}
    return create_campaign(actor=actor, **(values | overrides))


def test_a_manager_starts_a_campaign_with_its_cost(org):
    # when
    campaign = make(org.manager, cost=usd("12500.50"), ends_on=dt.date(2026, 3, 3))
    # then
    campaign.refresh_from_db()
    assert (campaign.name, campaign.channel, campaign.owner, campaign.currency) == (
        "Bangkok Expo",
        "event",
        org.manager,
        "USD",
    )
    assert (campaign.cost_minor, campaign.cost_base_minor, campaign.version) == (
        1_250_050,
        1_250_050,
        1,
    )
    event = AuditEvent.objects.get(record_type="pipeline.campaign", record_id=campaign.pk)
    assert (event.action, event.actor, event.changes["cost_minor"]) == (
        "create",
        org.manager,
        [None, 1_250_050],
    )


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"channel": "radio"}, "channel", "unknown_choice"),
        ({"cost": usd("-1.00")}, "cost", "negative_amount"),
        ({"cost": usd("1.001")}, "cost", "too_precise"),
        ({"ends_on": dt.date(2026, 2, 28)}, "ends_on", "ends_before_start"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_bad_values_are_refused(org, overrides, field, code):
    with pytest.raises(RuleViolation) as caught:
        make(org.sales_ops, **overrides)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("persona", ["rep", "account_manager", "service_agent", "executive"])
def test_people_who_do_not_run_campaigns_are_refused(org, persona):
    with pytest.raises(Forbidden):
        make(getattr(org, persona))
    assert not Campaign.objects.exists()


def test_a_manager_cannot_give_a_campaign_to_another_team(org):
    with pytest.raises(Forbidden):
        make(org.manager, owner_id=org.peer_rep.pk)
    assert not Campaign.objects.exists()


def test_sales_ops_change_the_cost_and_dates_and_the_trail_shows_old_and_new(org):
    # given
    campaign = make(org.manager, cost=usd("100.00"))
    # when
    updated = update_campaign(
        actor=org.sales_ops,
        campaign_id=campaign.pk,
        version=1,
        cost=usd("250.00"),
        ends_on=dt.date(2026, 3, 31),
    )
    # then
    assert (updated.cost_minor, updated.cost_base_minor, updated.version) == (25_000, 25_000, 2)
    event = AuditEvent.objects.get(
        record_type="pipeline.campaign", record_id=campaign.pk, action="update"
    )
    assert event.changes["cost_minor"] == [10_000, 25_000]
    assert event.changes["ends_on"] == [None, "2026-03-31"]


def test_an_edit_that_breaks_the_dates_changes_nothing(org):
    campaign = make(org.manager)
    with pytest.raises(RuleViolation) as caught:
        update_campaign(
            actor=org.manager,
            campaign_id=campaign.pk,
            version=1,
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2026, 3, 1),
        )
    assert caught.value.code == "ends_before_start"
    campaign.refresh_from_db()
    assert (campaign.starts_on, campaign.version) == (START, 1)


def test_a_stale_version_is_refused(org):
    campaign = make(org.manager)
    update_campaign(actor=org.manager, campaign_id=campaign.pk, version=1, name="Expo 2026")
    with pytest.raises(StaleVersion):
        update_campaign(actor=org.manager, campaign_id=campaign.pk, version=1, name="Other")
    campaign.refresh_from_db()
    assert campaign.name == "Expo 2026"


def test_another_managers_campaign_is_not_theirs_to_change(org):
    campaign = make(org.sales_ops, owner_id=org.peer_rep.pk)
    with pytest.raises(Forbidden):
        update_campaign(actor=org.manager, campaign_id=campaign.pk, version=1, name="Mine")


def test_an_unknown_campaign_does_not_exist(org):
    with pytest.raises(NotVisible):
        update_campaign(actor=org.sales_ops, campaign_id=999_999, version=1, name="X")
