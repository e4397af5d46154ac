"""Shared browser-test support: Debian's Chromium driven by Playwright, sign-in, and axe-core checks.

Import the fixtures into a test module (`from browser_support import browser, page  # noqa: F401`).
Playwright's sync API runs an event loop in the test thread; Django's async-safety check would then refuse
database access from the test, so DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests that import this.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]},
               "resultTypes": ["violations"]}


_shared: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session. Each module that imports this fixture gets its own copy of it,
    and Playwright's sync API allows only one running instance, so the copies share one browser and the
    last to finish closes it."""
    from playwright.sync_api import sync_playwright

    if _shared["users"] == 0:
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.console_errors = errors  # CSP violations show up here
    yield tab
    context.close()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the real login form (so django-axes and CSRF are exercised too)."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the current page, one line each (empty when the page passes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results.response["violations"]
    ]
