import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_data_model_reference_matches_the_models() -> None:
    spec = importlib.util.spec_from_file_location(
        "document_models", ROOT / "scripts" / "document_models.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "data-model-reference.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run: python scripts/document_models.py"


def test_the_services_reference_matches_the_services() -> None:
    spec = importlib.util.spec_from_file_location(
        "document_services", ROOT / "scripts" / "document_services.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "services-reference.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run: python scripts/document_services.py"
