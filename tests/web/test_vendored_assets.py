"""The front end works on a closed network: every asset is vendored, none from a CDN."""

import importlib.util
import json
import re
import sys
from pathlib import Path

import patron

ROOT = Path(__file__).resolve().parents[2]
WEB = Path(patron.__file__).parent / "web"


def load_vendor_script():
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", ROOT / "scripts" / "vendor_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_the_vendored_files_match_their_manifest():
    assert load_vendor_script().check_manifest() == []


def test_the_manifest_names_version_licence_and_source_of_each_package():
    manifest = json.loads((WEB / "static" / "vendor" / "MANIFEST.json").read_text())
    packages = {entry["name"]: entry for entry in manifest["packages"]}
    assert packages["bootstrap"]["version"] == "5.3.8"
    assert packages["htmx.org"]["version"].startswith("2.0.")
    for entry in packages.values():
        assert entry["licence"]
        assert entry["tarball"].startswith("https://registry.npmjs.org/")
        assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in entry["files"].values())


def test_no_template_loads_anything_from_another_host():
    for template in (WEB / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), template
