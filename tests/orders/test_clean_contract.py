"""The clean step of a new contract: every wrong field at once, no query per row, the
base total at the start date's rate, and the same refusal as the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import NotVisible, RuleViolation
from patron.core.money import Money
from patron.orders.cleaning.contracts import ContractInput, clean_contract, contract_context
from patron.orders.services.contracts import create_contract
from tests.factories.accounts import AccountFactory
from tests.factories.orders import won_opportunity

START = dt.date(2026, 3, 1)
END = dt.date(2029, 2, 28)


def money(text: str, currency: str = "USD") -> Money:
    return Money(Decimal(text), currency)


def context_for(actor, rows):
    return contract_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        account_ids=[row.account_id for row in rows],
        opportunity_ids=[row.opportunity_id for row in rows],
        currencies=[row.total_value.currency if row.total_value else None for row in rows],
    )


def as_kwargs(row: ContractInput) -> dict:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def test_every_wrong_field_is_reported_with_its_code(org):
    # given
    row = ContractInput(start_date=START, end_date=START, owner_id=999_999)
    # when
    cleaned = clean_contract(row, context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "required"),
        ("total_value", "required"),
        ("annual_value", "required"),
        ("end_date", "ends_before_start"),
        ("owner", "unknown_user"),
    ]


def test_a_deal_s_wrong_account_and_negative_values_are_all_reported(org, customer):
    # given
    deal = won_opportunity(account=customer, amount_minor=1_000_000, amount_base_minor=1_000_000)
    other = AccountFactory(owner=org.rep)
    row = ContractInput(
        start_date=START,
        end_date=END,
        account_id=other.pk,
        opportunity_id=deal.pk,
        total_value=money("-1.00"),
        annual_value=money("-2.00"),
        owner_id=org.peer_rep.pk,
    )
    # when
    cleaned = clean_contract(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "account_mismatch"),
        ("annual_value", "negative_amount"),
        ("total_value", "negative_amount"),
        ("owner", "forbidden"),
    ]


def test_an_invisible_deal_is_refused_as_the_service_refuses_it(org):
    # given
    deal = won_opportunity(owner=org.peer_rep)
    row = ContractInput(start_date=START, end_date=END, opportunity_id=deal.pk)
    # when
    cleaned = clean_contract(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [("opportunity", "not_found")]
    with pytest.raises(NotVisible):
        create_contract(actor=org.rep, **as_kwargs(row))


def test_the_first_error_is_the_service_s_refusal(org, customer):
    # given
    row = ContractInput(
        start_date=START, end_date=START, account_id=customer.pk, total_value=money("10.00")
    )
    cleaned = clean_contract(row, context_for(org.rep, [row]))
    # when
    with pytest.raises(RuleViolation) as refused:
        create_contract(actor=org.rep, **as_kwargs(row))
    # then
    assert (refused.value.field, refused.value.code) == (
        cleaned.errors[0].field,
        cleaned.errors[0].code,
    )
    assert refused.value.code == "required"


def test_two_hundred_rows_are_cleaned_without_a_query(
    org, customer, thb_rates, django_assert_num_queries
):
    # given
    rows = [
        ContractInput(
            start_date=START,
            end_date=END,
            account_id=customer.pk,
            total_value=money(f"{1000 + n}.00", "THB"),
            annual_value=money("500.00", "THB"),
            owner_id=org.rep.pk,
        )
        for n in range(200)
    ]
    context = context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        cleaned = [clean_contract(row, context) for row in rows]
    # then
    assert all(result.ok for result in cleaned)
    assert cleaned[0].values.total_value_base_minor == 2_850  # 1000 THB at 0.0285


def test_the_context_costs_the_same_queries_for_one_row_or_many(org, customer, thb_rates):
    # given
    deals = [won_opportunity(account=customer, currency="THB") for _ in range(3)]

    def rows(count):
        return [
            ContractInput(
                start_date=START,
                end_date=END,
                opportunity_id=deals[n % 3].pk,
                owner_id=org.manager.pk,
            )
            for n in range(count)
        ]

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            context_for(org.manager, rows(count))
        return len(captured)

    queries(1)  # the company settings and the actor's reporting tree, read once
    # when / then
    assert queries(1) == queries(50)


def test_the_base_total_is_what_the_service_stores(org, customer, thb_rates):
    # given
    row = ContractInput(
        start_date=START,
        end_date=END,
        account_id=customer.pk,
        total_value=money("12345.67", "THB"),
        annual_value=money("4115.22", "THB"),
    )
    cleaned = clean_contract(row, context_for(org.rep, [row]))
    # when
    contract = create_contract(actor=org.rep, **as_kwargs(row))
    # then
    contract.refresh_from_db()
    assert cleaned.values.total_value_base_minor == contract.total_value_base_minor
    assert (cleaned.values.total_value_minor, cleaned.values.annual_value_minor) == (
        contract.total_value_minor,
        contract.annual_value_minor,
    )
