from pathlib import Path

import pytest

import patron

LIMIT = 600
SRC = Path(patron.__file__).parent


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_module_grows_past_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{path.relative_to(SRC)} has {lines} lines; split it by sub-domain"
