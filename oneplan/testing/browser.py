"""Browser fixtures: Debian's Chromium driven by Playwright against the live test server, with
the demo loaded. Tests using them are marked ``browser`` and need a transactional database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from oneplan.demo.load import DEMO_PASSWORD, load_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = os.environ.get("ONEPLAN_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM}: run `make system-packages` (Debian chromium)"
        if os.environ.get("ONEPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)  # `make test` sets this: browser tests may not vanish in CI
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself stay synchronous, so Django's async-safety guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any, settings: Any) -> Iterator[Any]:
    settings.ONEPLAN_MAP_TILES = ""  # no network here: draw boundaries without a tile layer
    load_demo()
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


def thai_glyphs_drawn(page: Any, selector: str) -> bool:
    """True when the Thai subset of the Sarabun web font was fetched and loaded (browsers load a
    unicode-range subset only when the page has characters in it) and the text has width."""
    return bool(
        page.evaluate(
            """(sel) => {
                const el = document.querySelector(sel);
                const thai = [...document.fonts].some(f => f.family.includes('Sarabun')
                    && f.unicodeRange.toUpperCase().includes('E01') && f.status === 'loaded');
                return thai && getComputedStyle(el).fontFamily.includes('Sarabun')
                    && el.getBoundingClientRect().width > 50;
            }""",
            selector,
        )
    )


def log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
