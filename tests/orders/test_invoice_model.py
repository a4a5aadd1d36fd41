from django.utils import translation

from patron.orders.models import Invoice


def test_a_draft_invoice_reads_as_a_plain_string():
    # given: a draft has no number yet
    invoice = Invoice(number=None, currency="USD", total_minor=0)
    # when
    with translation.override("en"):
        text = str(invoice)
    # then: a str, not a lazy translation (str() refuses anything else)
    assert type(text) is str
    assert text == "Draft invoice"


def test_an_issued_invoice_reads_as_its_number():
    invoice = Invoice(number="INV-2026-000001", currency="USD", total_minor=0)
    assert str(invoice) == "INV-2026-000001"
