import pytest

from patron.accounts.models import Account
from patron.accounts.services.team import add_account_team_member
from patron.core.errors import RuleViolation
from tests.accounts.conftest import WRITE_REFUSALS, audit_trail, refused


def test_a_solutions_engineer_joins_and_then_sees_the_account(org, customer):
    # given
    assert customer not in Account.objects.visible_to(org.rep2)
    # when
    member = add_account_team_member(
        actor=org.rep, account_id=customer.pk, user_id=org.rep2.pk, role="solutions_engineer"
    )
    # then
    assert (member.account, member.user, member.role, member.created_by) == (
        customer,
        org.rep2,
        "solutions_engineer",
        org.rep,
    )
    assert customer in Account.objects.visible_to(org.rep2)
    assert audit_trail(member) == [
        (
            "create",
            {
                "account": [None, customer.pk],
                "user": [None, org.rep2.pk],
                "role": [None, "solutions_engineer"],
            },
            org.rep.pk,
            "add_account_team_member",
        )
    ]


def test_a_member_is_on_the_team_once(org, customer):
    error = refused(
        RuleViolation,
        add_account_team_member,
        actor=org.rep,
        account_id=customer.pk,
        user_id=org.account_manager.pk,
        role="customer_success",
    )
    assert (error.field, error.code) == ("user", "already_on_team")


@pytest.mark.parametrize(
    ("user", "role", "field", "code"),
    [
        ("rep2", "coach", "role", "unknown_choice"),
        (None, "account_manager", "user", "unknown_user"),
    ],
)
def test_invalid_members_are_refused(org, customer, user, role, field, code):
    error = refused(
        RuleViolation,
        add_account_team_member,
        actor=org.rep,
        account_id=customer.pk,
        user_id=getattr(org, user).pk if user else 999_999,
        role=role,
    )
    assert (error.field, error.code) == (field, code)


@WRITE_REFUSALS
def test_only_people_who_may_change_the_account_add_members(org, customer, persona, error_type):
    refused(
        error_type,
        add_account_team_member,
        actor=getattr(org, persona),
        account_id=customer.pk,
        user_id=org.director.pk,
        role="executive_sponsor",
    )
