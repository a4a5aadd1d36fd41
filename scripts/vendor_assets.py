"""Vendor Patron's front-end assets from the npm registry into the package.

Patron is self-hosted and must work on a closed network, so the browser never loads
anything from a CDN: Bootstrap, htmx and Bootstrap Icons are copied into
`src/patron/web/static/vendor/<name>/` and served by WhiteNoise with the rest of the
app. This script is the only way those files change:

    python scripts/vendor_assets.py            # download, verify, extract, write MANIFEST.json
    python scripts/vendor_assets.py --check    # verify the committed files against the manifest

Each tarball is checked against the registry's sha512 integrity string before a single
file is extracted; MANIFEST.json records name, version, licence, tarball URL and the
sha256 of every extracted file, so a reviewer sees exactly what changed when a version
is bumped. Only the distribution files the pages use are kept (plus each package's
licence text).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "patron" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"


@dataclass(frozen=True)
class Package:
    """One npm package and the files taken from it: tarball path → path under vendor/<dir>."""

    name: str
    version: str
    directory: str
    files: dict[str, str] = field(default_factory=dict)


PACKAGES = (
    Package(
        name="bootstrap",
        version="5.3.8",
        directory="bootstrap",
        files={
            "dist/css/bootstrap.min.css": "bootstrap.min.css",
            # The source maps are referenced from the minified files; shipping them keeps
            # a manifest-hashing static storage (which resolves those references) working.
            "dist/css/bootstrap.min.css.map": "bootstrap.min.css.map",
            "dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
            "dist/js/bootstrap.bundle.min.js.map": "bootstrap.bundle.min.js.map",
            "LICENSE": "LICENSE",
        },
    ),
    Package(
        # 2.0.x is the maintained stable line Patron is written against; 4.x changes the
        # attribute semantics (inheritance, events) and is adopted deliberately, not by a bump.
        name="htmx.org",
        version="2.0.11",
        directory="htmx",
        files={"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    ),
    Package(
        name="bootstrap-icons",
        version="1.13.2",
        directory="bootstrap-icons",
        files={
            "font/bootstrap-icons.min.css": "bootstrap-icons.min.css",
            "font/fonts/bootstrap-icons.woff2": "fonts/bootstrap-icons.woff2",
            "font/fonts/bootstrap-icons.woff": "fonts/bootstrap-icons.woff",
            "LICENSE": "LICENSE",
        },
    ),
)


def fetch(url: str) -> bytes:
    if not url.startswith(REGISTRY + "/"):
        raise ValueError(f"Refusing to download from outside the npm registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https, fixed host)
        return response.read()


def verify_integrity(data: bytes, integrity: str) -> None:
    """Check a tarball against the registry's Subresource Integrity string (sha512)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise ValueError(f"Unexpected integrity algorithm {algorithm!r}.")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise ValueError("Tarball does not match the registry's integrity hash.")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def vendor(package: Package) -> dict[str, object]:
    """Download, verify and extract one package; return its manifest entry."""
    metadata = json.loads(fetch(f"{REGISTRY}/{package.name}/{package.version}"))
    tarball_url = metadata["dist"]["tarball"]
    tarball = fetch(tarball_url)
    verify_integrity(tarball, metadata["dist"]["integrity"])

    target = VENDOR / package.directory
    if target.exists():
        shutil.rmtree(target)
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for source, destination in package.files.items():
            member = archive.getmember(f"package/{source}")
            extracted = archive.extractfile(member)
            if extracted is None:
                raise ValueError(f"{package.name}: {source} is not a regular file.")
            data = extracted.read()
            path = target / destination
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files[f"{package.directory}/{destination}"] = sha256(data)
    return {
        "name": package.name,
        "version": package.version,
        "licence": metadata.get("license", ""),
        "tarball": tarball_url,
        "integrity": metadata["dist"]["integrity"],
        "files": dict(sorted(files.items())),
    }


def write_manifest() -> None:
    entries = [vendor(package) for package in PACKAGES]
    MANIFEST.write_text(json.dumps({"packages": entries}, indent=2) + "\n", encoding="utf-8")


def check_manifest() -> list[str]:
    """Differences between the committed files and MANIFEST.json (empty when they agree)."""
    problems: list[str] = []
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    pinned = {package.name: package.version for package in PACKAGES}
    for entry in manifest["packages"]:
        if pinned.get(entry["name"]) != entry["version"]:
            problems.append(
                f"{entry['name']}: manifest has {entry['version']}, script pins "
                f"{pinned.get(entry['name'])}"
            )
        for relative, digest in entry["files"].items():
            path = VENDOR / relative
            if not path.is_file():
                problems.append(f"missing {relative}")
            elif sha256(path.read_bytes()) != digest:
                problems.append(f"changed {relative}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify files against the manifest")
    arguments = parser.parse_args()
    if arguments.check:
        problems = check_manifest()
        for problem in problems:
            sys.stderr.write(problem + "\n")
        return 1 if problems else 0
    write_manifest()
    sys.stdout.write(f"Vendored {len(PACKAGES)} packages into {VENDOR.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
