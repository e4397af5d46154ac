"""In Debian's Chromium: an action owner signs in, adds an update through the form, and sees the rating change;
axe-core finds no accessibility violation on any plan page."""

from __future__ import annotations

import re

import pytest

from browser_support import axe_violations, browser, page, sign_in  # noqa: F401
from lineofsight.plan import services
from lineofsight.plan.models import Action
from lineofsight.plan.scale import Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def test_owner_adds_an_update_and_sees_the_rating_change(live_server, page, small_plan, people) -> None:  # noqa: F811
    sign_in(page, live_server.url, "owner", PASSWORD)
    page.goto(f"{live_server.url}/plans/{small_plan.slug}/actions/1.2/")
    current = page.locator("#current-activity")
    assert current.inner_text().startswith("Green")

    page.get_by_label("What has happened since the last update").fill("All four clinics now run monthly.")
    page.get_by_label("Activity rating", exact=True).select_option("Blue")
    page.get_by_label("Impact rating").select_option("Green")
    page.get_by_role("button", name="Add update").click()

    status = page.get_by_role("status").filter(has_text="Update added")
    status.wait_for()
    assert current.inner_text().startswith("Blue")
    assert page.locator("#current-impact").inner_text().startswith("Green")
    assert "All four clinics now run monthly." in page.locator("#updates-heading + article").inner_text()
    # focus moves to it once HTMX has settled the swap (site.js, htmx:afterSettle), a moment after it shows
    page.wait_for_function("document.activeElement.textContent.trim().startsWith('Update added')", timeout=5000)
    assert page.url.endswith("/actions/1.2/")  # updated in place by HTMX, no reload
    assert Action.objects.get(ref="1.2").activity_rating == Rating.BLUE
    assert not page.console_errors, page.console_errors


def test_plan_pages_have_no_accessibility_violations(live_server, page, small_plan, people, today) -> None:  # noqa: F811
    earlier = services.freeze_meeting(small_plan, "Improvement board", today)
    services.freeze_meeting(small_plan, "Scrutiny commission", today)
    sign_in(page, live_server.url, "owner", PASSWORD)
    base = f"{live_server.url}/plans/{small_plan.slug}"
    pages = ["/plans/", f"{base}/", f"{base}/areas/1/", f"{base}/actions/1.2/", f"{base}/meetings/",
             f"{base}/meetings/{earlier.pk}/", f"{base}/meetings/compare/", "/"]
    problems = {}
    for url in pages:
        page.goto(url if url.startswith("http") else live_server.url + url)
        found = axe_violations(page)
        if found:
            problems[url] = found
    assert problems == {}
    assert not page.console_errors, page.console_errors


def test_the_login_page_is_accessible_and_a_keyboard_user_can_skip_to_content(live_server, page) -> None:  # noqa: F811
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert re.search(r"rgb\(255, 221, 0\)", skip.evaluate("el => getComputedStyle(el).backgroundColor"))


def test_editor_pages_have_no_accessibility_violations(live_server, page, small_plan, people) -> None:  # noqa: F811
    sign_in(page, live_server.url, "editor", PASSWORD)
    base = f"{live_server.url}/plans/{small_plan.slug}"
    problems = {}
    for url in (f"{base}/actions/1.1/edit/", f"{base}/areas/1/edit/", f"{base}/meetings/"):
        page.goto(url)
        found = axe_violations(page)
        if found:
            problems[url] = found
    # A failed save shows its errors accessibly too.
    page.goto(f"{base}/actions/1.1/edit/")
    page.get_by_label("Due by").fill("someday")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").wait_for()
    if found := axe_violations(page):
        problems["edit with errors"] = found
    assert problems == {}
    unexpected = [e for e in page.console_errors if "status of 400" not in e]  # the refused save is a 400
    assert not unexpected, unexpected


def test_the_import_page_and_its_preview_have_no_accessibility_violations(live_server, page, people, tmp_path) -> None:  # noqa: F811
    from .test_real_plan import write_real_plan

    sign_in(page, live_server.url, "editor", PASSWORD)
    page.goto(f"{live_server.url}/plans/import/")
    problems = {}
    if found := axe_violations(page):
        problems["upload"] = found
    page.get_by_label("Plan spreadsheet (.xlsx or .csv)").set_input_files(str(write_real_plan(tmp_path / "plan.xlsx")))
    page.get_by_label("Import into the plan called").fill("ILACS plan")
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_text("Nothing has been saved yet").wait_for()
    if found := axe_violations(page):
        problems["preview"] = found
    assert problems == {}
    assert not page.console_errors, page.console_errors
