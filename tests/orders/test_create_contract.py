import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.money import Money
from patron.orders.choices import ContractStatus
from patron.orders.models import Contract
from patron.orders.services.contracts import create_contract
from tests.factories.accounts import AccountFactory
from tests.factories.orders import won_opportunity
from tests.factories.pipeline import OpportunityFactory

START = dt.date(2026, 3, 1)
END = dt.date(2029, 2, 28)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def test_an_ad_hoc_contract_is_recorded_as_a_draft(org, customer):
    # when
    contract = create_contract(
        actor=org.rep,
        account_id=customer.pk,
        start_date=START,
        end_date=END,
        total_value=usd("36000.00"),
        annual_value=usd("12000.00"),
        auto_renew=True,
    )
    # then
    contract.refresh_from_db()
    assert contract.number == "CT-2026-000001"
    assert contract.status == ContractStatus.DRAFT
    assert (contract.account, contract.owner, contract.created_by) == (customer, org.rep, org.rep)
    assert (contract.start_date, contract.end_date, contract.auto_renew) == (START, END, True)
    assert (contract.currency, contract.total_value_minor, contract.annual_value_minor) == (
        "USD",
        3_600_000,
        1_200_000,
    )
    assert contract.total_value_base_minor == 3_600_000
    assert contract.opportunity is None


def test_a_recurring_deal_gives_its_annual_amount_and_total_contract_value(org, customer):
    # given: 1,000.01 a year for 18 months = 1,500.015 → 1,500.02 (half to even)
    deal = won_opportunity(
        account=customer, amount_minor=100_001, is_recurring=True, contract_term_months=18
    )
    # when
    contract = create_contract(
        actor=org.rep, opportunity_id=deal.pk, start_date=START, end_date=dt.date(2027, 8, 31)
    )
    # then
    assert (contract.opportunity, contract.account, contract.currency) == (deal, customer, "USD")
    assert (contract.annual_value_minor, contract.total_value_minor) == (100_001, 150_002)


def test_a_one_time_deal_gives_its_amount_as_both_values(org, won_deal):
    contract = create_contract(
        actor=org.rep, opportunity_id=won_deal.pk, start_date=START, end_date=END
    )
    assert (contract.annual_value_minor, contract.total_value_minor) == (1_000_000, 1_000_000)


def test_values_given_with_a_deal_win_over_the_deals(org, won_deal):
    contract = create_contract(
        actor=org.rep,
        opportunity_id=won_deal.pk,
        start_date=START,
        end_date=END,
        total_value=usd("30000.00"),
        annual_value=usd("10000.00"),
    )
    assert (contract.annual_value_minor, contract.total_value_minor) == (1_000_000, 3_000_000)


def test_the_base_total_uses_the_rate_of_the_start_date(org, customer, thb_rates):
    # given: 1,000,000.00 THB starting 28 February 2026 (0.0280 USD per baht)
    contract = create_contract(
        actor=org.rep,
        account_id=customer.pk,
        start_date=dt.date(2026, 2, 28),
        end_date=END,
        total_value=Money(Decimal("1000000.00"), "THB"),
        annual_value=Money(Decimal("333333.33"), "THB"),
    )
    # then: 100,000,000 satang × 0.0280 = 2,800,000 US cents
    assert (contract.currency, contract.total_value_base_minor) == ("THB", 2_800_000)


def test_the_number_takes_the_year_the_contract_starts(org, customer):
    contract = create_contract(
        actor=org.rep,
        account_id=customer.pk,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 12, 31),
        total_value=usd("1.00"),
        annual_value=usd("1.00"),
    )
    assert contract.number == "CT-2027-000001"


def refused(field: str, code: str, **kwargs) -> None:
    arguments = {"start_date": START, "end_date": END, **kwargs}
    with pytest.raises(RuleViolation) as caught:
        create_contract(**arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"end_date": START}, "end_date", "ends_before_start"),
        ({"end_date": dt.date(2026, 2, 1)}, "end_date", "ends_before_start"),
        ({"total_value": None}, "total_value", "required"),
        ({"annual_value": None}, "annual_value", "required"),
        ({"annual_value": Money(Decimal("1.00"), "EUR")}, "annual_value", "wrong_currency"),
        ({"total_value": usd("-1.00")}, "total_value", "negative_amount"),
        ({"annual_value": usd("0.001")}, "annual_value", "too_precise"),
        ({"total_value": usd("10000000000000.01")}, "total_value", "amount_too_large"),
    ],
)
def test_refuses_bad_ad_hoc_terms(org, customer, kwargs, field, code):
    arguments = {
        "actor": org.rep,
        "account_id": customer.pk,
        "total_value": usd("3600.00"),
        "annual_value": usd("1200.00"),
        **kwargs,
    }
    refused(field, code, **arguments)


def test_an_ad_hoc_contract_needs_an_account(org):
    refused(
        "account",
        "required",
        actor=org.rep,
        total_value=usd("1.00"),
        annual_value=usd("1.00"),
    )


def test_refuses_a_deal_that_is_not_won(org, customer):
    deal = OpportunityFactory(account=customer)
    refused("opportunity", "opportunity_not_won", actor=org.rep, opportunity_id=deal.pk)


def test_refuses_another_account_than_the_deals(org, won_deal):
    other = AccountFactory(owner=org.rep)
    refused(
        "account",
        "account_mismatch",
        actor=org.rep,
        opportunity_id=won_deal.pk,
        account_id=other.pk,
    )


def test_refuses_values_in_another_currency_than_the_deals(org, won_deal):
    refused(
        "total_value",
        "wrong_currency",
        actor=org.rep,
        opportunity_id=won_deal.pk,
        total_value=Money(Decimal("1.00"), "EUR"),
    )


def test_an_executive_records_no_contract(org, customer):
    with pytest.raises(Forbidden):
        create_contract(
            actor=org.executive,
            account_id=customer.pk,
            start_date=START,
            end_date=END,
            total_value=usd("1.00"),
            annual_value=usd("1.00"),
        )
    assert not Contract.objects.exists()


def test_an_account_the_actor_cannot_see_looks_absent(org, customer):
    with pytest.raises(NotVisible):
        create_contract(
            actor=org.peer_rep,
            account_id=customer.pk,
            start_date=START,
            end_date=END,
            total_value=usd("1.00"),
            annual_value=usd("1.00"),
        )


def test_a_deal_the_actor_cannot_see_looks_absent(org, won_deal):
    with pytest.raises(NotVisible):
        create_contract(
            actor=org.peer_rep, opportunity_id=won_deal.pk, start_date=START, end_date=END
        )


def test_a_manager_may_record_a_contract_owned_by_their_rep(org, customer):
    contract = create_contract(
        actor=org.manager,
        account_id=customer.pk,
        start_date=START,
        end_date=END,
        total_value=usd("1.00"),
        annual_value=usd("1.00"),
        owner_id=org.rep.pk,
    )
    assert (contract.owner, contract.created_by) == (org.rep, org.manager)
