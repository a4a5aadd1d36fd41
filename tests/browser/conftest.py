"""Playwright against Debian's Chromium, driving the real pages served by pytest-django's
live server.

Chromium must be at /usr/bin/chromium (Playwright's own browser download does not work
offline). Without it the browser tests are skipped with the reason — except in CI (env
var CI set), where a missing browser fails the run instead of silently passing it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the
# tests make to set up data are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        reason = (
            f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium chromium-driver)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Session:
    """A browser tab on the live server, with every console error it produced."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _open_session(browser, live_server, viewport: dict[str, int]) -> Iterator[Session]:
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    session = Session(page=page, base_url=live_server.url)

    def on_console(message) -> None:
        if message.type == "error":
            session.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: session.console_errors.append(str(error)))
    yield session
    context.close()


@pytest.fixture
def laptop(browser, live_server) -> Iterator[Session]:
    yield from _open_session(browser, live_server, {"width": 1366, "height": 800})


@pytest.fixture
def phone(browser, live_server) -> Iterator[Session]:
    yield from _open_session(browser, live_server, {"width": 390, "height": 844})
