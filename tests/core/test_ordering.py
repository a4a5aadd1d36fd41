from patron.core.ordering import order_by_key

SORTS = {
    "name": ("name", "pk"),
    "created": ("created_at", "pk"),
}


def test_a_key_names_its_columns_in_order():
    assert order_by_key(SORTS, "created") == ["created_at", "pk"]


def test_a_leading_dash_sorts_every_column_descending():
    assert order_by_key(SORTS, "-name") == ["-name", "-pk"]


def test_an_unknown_key_falls_back_to_the_first_sort():
    assert order_by_key(SORTS, "-salary") == ["-name", "-pk"]
    assert order_by_key(SORTS, "") == ["name", "pk"]
