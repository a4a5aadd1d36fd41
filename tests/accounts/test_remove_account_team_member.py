from patron.accounts.models import Account, AccountTeamMember
from patron.accounts.services.team import remove_account_team_member
from patron.core.errors import RuleViolation
from tests.accounts.conftest import WRITE_REFUSALS, audit_trail, refused


def test_a_removed_member_no_longer_sees_the_account(org, customer):
    # given
    member = AccountTeamMember.objects.get(account=customer)
    # when
    remove_account_team_member(
        actor=org.rep, account_id=customer.pk, user_id=org.account_manager.pk
    )
    assert not AccountTeamMember.objects.filter(account=customer).exists()
    # then
    assert customer not in Account.objects.visible_to(org.account_manager)
    assert audit_trail(member) == [
        (
            "remove",
            {
                "account": [customer.pk, None],
                "user": [org.account_manager.pk, None],
                "role": ["account_manager", None],
            },
            org.rep.pk,
            "remove_account_team_member",
        )
    ]


def test_someone_not_on_the_team_cannot_be_removed(org, customer):
    error = refused(
        RuleViolation,
        remove_account_team_member,
        actor=org.rep,
        account_id=customer.pk,
        user_id=org.rep2.pk,
    )
    assert (error.field, error.code) == ("user", "not_on_team")


@WRITE_REFUSALS
def test_only_people_who_may_change_the_account_remove_members(org, customer, persona, error_type):
    refused(
        error_type,
        remove_account_team_member,
        actor=getattr(org, persona),
        account_id=customer.pk,
        user_id=org.account_manager.pk,
    )
