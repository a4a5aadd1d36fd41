"""The clean steps of competitors, competitors at an account and account team members:
the values of a good row, every wrong field of a bad one at once, no query while
cleaning, and a context whose cost does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.accounts.cleaning.competitors import (
    AccountCompetitorInput,
    CompetitorInput,
    account_competitor_context,
    clean_account_competitor,
    clean_competitor,
    competitor_context,
)
from patron.accounts.cleaning.team import (
    AccountTeamMemberInput,
    account_team_member_context,
    clean_account_team_member,
)
from patron.accounts.models import AccountCompetitor
from patron.accounts.services.competitors import add_account_competitor, create_competitor
from patron.accounts.services.team import add_account_team_member
from patron.core.errors import DomainError
from patron.org.models import User
from tests.factories.accounts import AccountFactory, CompetitorFactory


def fresh(user: User) -> User:
    """The user loaded again: their reporting tree not walked yet."""
    return User.objects.get(pk=user.pk)


def queries_of(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


# Competitors


def competitor_context_for(actor, rows):
    return competitor_context(actor, names=[row.name for row in rows])


def test_a_clean_competitor_gives_the_values_the_service_writes(org):
    # given
    row = CompetitorInput(
        name=" Acme CRM ", website="https://acme.example", strengths=" Cheap ", weaknesses=""
    )
    # when
    values = clean_competitor(row, competitor_context_for(org.rep, [row])).value_or_raise()
    competitor = create_competitor(actor=org.rep, **vars(row))
    # then
    assert (values.name, values.website, values.strengths, values.weaknesses) == (
        "Acme CRM",
        "https://acme.example",
        "Cheap",
        "",
    )
    assert (competitor.name, competitor.website, competitor.strengths) == (
        values.name,
        values.website,
        values.strengths,
    )


def test_every_wrong_competitor_field_is_reported(org):
    # given: an executive records nothing; the second row's name is taken in other case
    CompetitorFactory(name="Acme CRM")
    rows = [
        CompetitorInput(name="x" * 201, website="acme", strengths="x" * 10_001),
        CompetitorInput(name="ACME crm", website="ftp://acme.example"),
    ]
    context = competitor_context_for(org.executive, rows)
    # when
    outcomes = [clean_competitor(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [
            (None, "forbidden"),
            ("name", "too_long"),
            ("strengths", "too_long"),
            ("website", "invalid_url"),
        ],
        [(None, "forbidden"), ("website", "invalid_url"), ("name", "duplicate")],
    ]
    assert outcomes[1].errors[2].message == "Another competitor already has this name."


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("service_agent", {"name": ""}),
        ("rep", {"name": "acme crm", "website": "acme"}),
        ("rep", {"name": "ACME CRM"}),
        ("rep", {"strengths": "x" * 10_001, "website": "acme"}),
    ],
)
def test_the_clean_step_and_the_service_refuse_a_competitor_alike(org, actor, changes):
    # given
    CompetitorFactory(name="Acme CRM")
    row = CompetitorInput(**{"name": "Newco", **changes})
    user = getattr(org, actor)
    # when
    cleaned = clean_competitor(row, competitor_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        create_competitor(actor=user, **vars(row))
    # then
    first = cleaned.errors[0]
    assert (first.code, first.message) == (refusal.value.code, refusal.value.message)
    assert first.field == refusal.value.field


def test_competitors_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every fifth row names a known competitor, shouting
    known = [CompetitorFactory(name=f"Rival {number}") for number in range(3)]
    rows = [
        CompetitorInput(
            name=known[number % 3].name.upper() if number % 5 == 0 else f"New {number}",
            website=f"https://new{number}.example",
        )
        for number in range(100)
    ]
    context = competitor_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_competitor(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(100) if number % 5 == 0]


def test_a_competitor_context_costs_the_same_queries_for_one_row_or_many(org):
    def rows(count):
        return [CompetitorInput(name=f"Name {number}") for number in range(count)]

    assert queries_of(lambda: competitor_context_for(org.rep, rows(1))) == queries_of(
        lambda: competitor_context_for(org.rep, rows(80))
    )


# Competitors at an account


def account_competitor_context_for(actor, rows):
    return account_competitor_context(
        actor,
        account_ids=[row.account_id for row in rows],
        competitor_ids=[row.competitor_id for row in rows],
    )


def test_a_clean_account_competitor_gives_the_values_the_service_writes(org, customer):
    # given
    acme = CompetitorFactory(name="Acme CRM")
    row = AccountCompetitorInput(
        account_id=customer.pk,
        competitor_id=acme.pk,
        is_incumbent=True,
        note=" Contract ends in June ",
    )
    # when
    values = clean_account_competitor(
        row, account_competitor_context_for(org.account_manager, [row])
    ).value_or_raise()
    link = add_account_competitor(actor=org.account_manager, **vars(row))
    # then
    assert (values.account, values.competitor, values.is_incumbent, values.note) == (
        customer,
        acme,
        True,
        "Contract ends in June",
    )
    assert (link.account, link.competitor, link.is_incumbent, link.note) == (
        values.account,
        values.competitor,
        values.is_incumbent,
        values.note,
    )


def test_every_wrong_account_competitor_field_is_reported(org, customer):
    # given: a competitor that does not exist with too long a note, and one already
    # recorded at the account
    acme = CompetitorFactory(name="Acme CRM")
    AccountCompetitor.objects.create(account=customer, competitor=acme)
    rows = [
        AccountCompetitorInput(account_id=customer.pk, competitor_id=999_999, note="x" * 10_001),
        AccountCompetitorInput(account_id=customer.pk, competitor_id=acme.pk),
    ]
    context = account_competitor_context_for(org.rep, rows)
    # when
    outcomes = [clean_account_competitor(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("competitor", "unknown_reference"), ("note", "too_long")],
        [("competitor", "duplicate")],
    ]
    assert outcomes[1].errors[0].message == "Acme CRM is already recorded at this account."


@pytest.mark.parametrize(
    ("persona", "code"),
    [("peer_rep", "not_found"), ("service_agent", "forbidden"), ("executive", "forbidden")],
)
def test_who_may_not_record_at_the_account_is_refused_first(org, customer, persona, code):
    # given
    row = AccountCompetitorInput(account_id=customer.pk, competitor_id=999_999)
    user = getattr(org, persona)
    # when
    cleaned = clean_account_competitor(row, account_competitor_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        add_account_competitor(actor=user, **vars(row))
    # then
    assert codes(cleaned)[0] == ("account", code)
    assert codes(cleaned)[-1] == ("competitor", "unknown_reference")
    assert (refusal.value.code, refusal.value.message) == (code, cleaned.errors[0].message)


def test_account_competitors_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every fourth row names the competitor already at its account
    accounts = [AccountFactory(owner=org.rep) for _ in range(4)]
    competitors = [CompetitorFactory() for _ in range(2)]
    AccountCompetitor.objects.create(account=accounts[0], competitor=competitors[0])
    rows = [
        AccountCompetitorInput(
            account_id=accounts[number % 4].pk, competitor_id=competitors[number % 2].pk
        )
        for number in range(120)
    ]
    context = account_competitor_context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_account_competitor(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(120) if number % 4 == 0]


def test_an_account_competitor_context_costs_the_same_queries_for_one_row_or_many(org):
    accounts = [AccountFactory(owner=org.rep) for _ in range(5)]
    competitors = [CompetitorFactory() for _ in range(3)]

    def rows(count):
        return [
            AccountCompetitorInput(
                account_id=accounts[number % 5].pk, competitor_id=competitors[number % 3].pk
            )
            for number in range(count)
        ]

    assert queries_of(
        lambda: account_competitor_context_for(fresh(org.manager), rows(1))
    ) == queries_of(lambda: account_competitor_context_for(fresh(org.manager), rows(60)))


# Account team members


def team_context_for(actor, rows):
    return account_team_member_context(
        actor,
        account_ids=[row.account_id for row in rows],
        user_ids=[row.user_id for row in rows],
    )


def test_a_clean_team_member_gives_the_values_the_service_writes(org, customer):
    # given
    row = AccountTeamMemberInput(
        account_id=customer.pk, user_id=org.rep2.pk, role="solutions_engineer"
    )
    # when
    values = clean_account_team_member(row, team_context_for(org.rep, [row])).value_or_raise()
    member = add_account_team_member(actor=org.rep, **vars(row))
    # then
    assert (values.account, values.user, values.role) == (
        customer,
        org.rep2,
        "solutions_engineer",
    )
    assert (member.account, member.user, member.role) == (values.account, values.user, values.role)


def test_every_wrong_team_member_field_is_reported(org, customer):
    # given: an unknown role and user; the account manager already on the team
    rows = [
        AccountTeamMemberInput(account_id=customer.pk, user_id=999_999, role="coach"),
        AccountTeamMemberInput(
            account_id=customer.pk, user_id=org.account_manager.pk, role="customer_success"
        ),
    ]
    context = team_context_for(org.rep, rows)
    # when
    outcomes = [clean_account_team_member(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("role", "unknown_choice"), ("user", "unknown_user")],
        [("user", "already_on_team")],
    ]
    assert outcomes[1].errors[0].message == (
        f"{org.account_manager} is already on this account's team."
    )


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("peer_rep", "not_found"),
        ("rep2", "not_found"),
        ("account_manager", "forbidden"),
        ("service_agent", "forbidden"),
        ("executive", "forbidden"),
    ],
)
def test_who_may_not_change_the_account_is_refused_first(org, customer, persona, code):
    # given
    row = AccountTeamMemberInput(account_id=customer.pk, user_id=org.director.pk, role="coach")
    user = getattr(org, persona)
    # when
    cleaned = clean_account_team_member(row, team_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        add_account_team_member(actor=user, **vars(row))
    # then
    assert codes(cleaned) == [("account", code), ("role", "unknown_choice")]
    assert (refusal.value.code, refusal.value.message) == (code, cleaned.errors[0].message)


def test_team_members_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every third row names a user who is not active
    accounts = [AccountFactory(owner=org.rep) for _ in range(3)]
    gone = User.objects.create(username="gone", is_active=False)
    people = [org.rep2, org.account_manager, org.director]
    rows = [
        AccountTeamMemberInput(
            account_id=accounts[number % 3].pk,
            user_id=gone.pk if number % 3 == 0 else people[number % 3].pk,
            role="executive_sponsor",
        )
        for number in range(90)
    ]
    context = team_context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_account_team_member(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(90) if number % 3 == 0]
    assert codes(outcomes[0]) == [("user", "unknown_user")]


def test_a_team_member_context_costs_the_same_queries_for_one_row_or_many(org):
    accounts = [AccountFactory(owner=org.rep) for _ in range(5)]
    people = [org.rep2, org.account_manager, org.director]

    def rows(count):
        return [
            AccountTeamMemberInput(
                account_id=accounts[number % 5].pk,
                user_id=people[number % 3].pk,
                role="executive_sponsor",
            )
            for number in range(count)
        ]

    assert queries_of(lambda: team_context_for(fresh(org.manager), rows(1))) == queries_of(
        lambda: team_context_for(fresh(org.manager), rows(70))
    )
