import pytest

from patron.accounts.models import Competitor
from patron.accounts.services.competitors import update_competitor
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from tests.accounts.conftest import audit_trail, refused
from tests.factories.accounts import CompetitorFactory


@pytest.fixture
def acme(db) -> Competitor:
    return CompetitorFactory(name="Acme CRM", website="https://acme.example")


def test_a_seller_adds_what_they_learnt_and_the_rest_stays(org, acme):
    # when
    updated = update_competitor(
        actor=org.rep, competitor_id=acme.pk, version=1, weaknesses=" Slow support "
    )
    # then
    updated.refresh_from_db()
    assert (updated.name, updated.website, updated.weaknesses, updated.version) == (
        "Acme CRM",
        "https://acme.example",
        "Slow support",
        2,
    )
    assert audit_trail(acme) == [
        ("update", {"weaknesses": ["", "Slow support"]}, org.rep.pk, "update_competitor")
    ]


def test_a_competitor_is_renamed_and_may_change_its_own_case(org, acme):
    updated = update_competitor(actor=org.rep, competitor_id=acme.pk, version=1, name="ACME CRM")
    assert updated.name == "ACME CRM"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "newco"}, "name", "duplicate"),
        ({"website": "not a url"}, "website", "invalid_url"),
        ({"weaknesses": "x" * 10_001}, "weaknesses", "too_long"),
    ],
)
def test_invalid_values_are_refused_by_field(org, acme, changes, field, code):
    CompetitorFactory(name="Newco")
    error = refused(
        RuleViolation, update_competitor, actor=org.rep, competitor_id=acme.pk, version=1, **changes
    )
    assert (error.field, error.code) == (field, code)


def test_a_stale_version_is_refused(org, acme):
    update_competitor(actor=org.rep, competitor_id=acme.pk, version=1, strengths="Price")
    error = refused(
        StaleVersion,
        update_competitor,
        actor=org.peer_rep,
        competitor_id=acme.pk,
        version=1,
        strengths="Brand",
    )
    assert error.current_version == 2


def test_an_unknown_competitor_does_not_exist(org):
    refused(NotVisible, update_competitor, actor=org.rep, competitor_id=999_999, version=1)


@pytest.mark.parametrize("persona", ["executive", "service_agent"])
def test_people_who_do_not_sell_are_forbidden(org, acme, persona):
    refused(
        Forbidden,
        update_competitor,
        actor=getattr(org, persona),
        competitor_id=acme.pk,
        version=1,
        strengths="Brand",
    )
