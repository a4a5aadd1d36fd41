"""The clean step's collector keeps every refusal, and its result gives the service the
first one, exactly as a service would have raised it."""

from __future__ import annotations

import pytest

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError
from patron.core.errors import RuleViolation
from patron.core.validation import require_country, require_email, require_text


def test_the_collector_keeps_every_refusal_in_order():
    # given
    collector = ErrorCollector()
    # when
    name = collector.check(lambda: require_text("", field="name", limit=10, required=True), "")
    email = collector.check(lambda: require_email("not-an-address"), "")
    country = collector.check(lambda: require_country("th"), "")
    # then
    assert (name, email, country) == ("", "", "TH")
    assert [(error.field, error.code) for error in collector.errors] == [
        ("name", "required"),
        ("email", "invalid_email"),
    ]


def test_a_block_records_its_refusal_and_goes_on():
    collector = ErrorCollector()
    with collector.field():
        require_country("ZZ")
    with collector.field():
        require_text("x" * 11, field="city", limit=10)
    assert [error.code for error in collector.errors] == ["unknown_country", "too_long"]


def test_a_clean_result_raises_its_first_error_as_a_service_would():
    cleaned: Cleaned[dict] = Cleaned(
        errors=[
            FieldError("name", "required", "This field is required."),
            FieldError("email", "invalid_email", "Enter a valid e-mail address."),
        ]
    )
    assert not cleaned.ok
    with pytest.raises(RuleViolation) as refusal:
        cleaned.value_or_raise()
    assert (refusal.value.field, refusal.value.code) == ("name", "required")


def test_a_clean_result_without_errors_gives_its_values():
    cleaned = Cleaned(values={"name": "Alpha Foods"})
    assert cleaned.ok
    assert cleaned.value_or_raise() == {"name": "Alpha Foods"}
