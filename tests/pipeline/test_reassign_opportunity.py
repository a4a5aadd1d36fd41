import pytest

from patron.core.errors import Forbidden, RuleViolation, StaleVersion
from patron.pipeline.services.opportunities import reassign_opportunity, update_opportunity
from patron.pipeline.services.stages import win_opportunity
from tests.pipeline.conftest import WRITE_REFUSALS, history_rows, refused


def test_a_manager_gives_a_deal_to_another_rep_of_the_team(org, deal):
    # when
    moved = reassign_opportunity(
        actor=org.manager, opportunity_id=deal.pk, version=1, owner_id=org.rep2.pk
    )
    # then
    moved.refresh_from_db()
    assert (moved.owner, moved.version) == (org.rep2, 2)
    assert history_rows(deal)[6:] == [("owner", str(org.rep.pk), str(org.rep2.pk))]


def test_sales_ops_reassign_a_won_deal_across_teams(org, deal):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    moved = reassign_opportunity(
        actor=org.sales_ops, opportunity_id=deal.pk, version=2, owner_id=org.peer_rep.pk
    )
    assert (moved.owner, moved.status) == (org.peer_rep, "won")


def test_giving_a_deal_to_its_owner_changes_nothing(org, deal):
    same = reassign_opportunity(
        actor=org.manager, opportunity_id=deal.pk, version=1, owner_id=org.rep.pk
    )
    same.refresh_from_db()
    assert same.version == 1
    assert len(history_rows(deal)) == 6


def test_a_rep_cannot_push_a_deal_onto_someone_they_do_not_manage(org, deal):
    refused(
        Forbidden,
        reassign_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        owner_id=org.rep2.pk,
    )


def test_a_manager_cannot_give_a_deal_to_another_team(org, deal):
    refused(
        Forbidden,
        reassign_opportunity,
        actor=org.manager,
        opportunity_id=deal.pk,
        version=1,
        owner_id=org.peer_rep.pk,
    )


@pytest.mark.parametrize(("persona", "code"), [("service_agent", "cannot_own")])
def test_the_new_owner_must_be_able_to_work_the_deal(org, deal, persona, code):
    error = refused(
        RuleViolation,
        reassign_opportunity,
        actor=org.sales_ops,
        opportunity_id=deal.pk,
        version=1,
        owner_id=getattr(org, persona).pk,
    )
    assert (error.field, error.code) == ("owner", code)


def test_an_unknown_owner_is_refused(org, deal):
    org.rep2.is_active = False
    org.rep2.save(update_fields=["is_active"])
    error = refused(
        RuleViolation,
        reassign_opportunity,
        actor=org.manager,
        opportunity_id=deal.pk,
        version=1,
        owner_id=org.rep2.pk,
    )
    assert (error.field, error.code) == ("owner", "unknown_user")


def test_a_stale_version_is_refused(org, deal):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Call")
    refused(
        StaleVersion,
        reassign_opportunity,
        actor=org.manager,
        opportunity_id=deal.pk,
        version=1,
        owner_id=org.rep2.pk,
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_reassign_it(org, deal, persona, error_type):
    refused(
        error_type,
        reassign_opportunity,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=1,
        owner_id=getattr(org, persona).pk,
    )
