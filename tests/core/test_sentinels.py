from patron.core.sentinels import UNSET, Unset


def test_a_left_out_argument_is_told_apart_from_none():
    assert isinstance(UNSET, Unset)
    assert not isinstance(None, Unset)
    assert UNSET is not None
