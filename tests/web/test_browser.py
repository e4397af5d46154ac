"""In Debian's Chromium against the app served by waitress: each role sees what it should and nothing more,
a team manager drills from a red measure to the children behind it and downloads them, an analyst's
broken upload is explained while the current snapshot stays, keyboard use works, and axe-core finds no
accessibility violation on any page."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_support import axe_violations, browser, page, sign_in  # noqa: F401
from web import live

pytestmark = pytest.mark.browser

RED_CANDIDATES = ("cp_visit_10wd", "cin_visit_on_time", "cla_visit_on_time", "cp_review_on_time",
                  "cla_review_on_time", "supervision_on_time")


@pytest.fixture(scope="session")
def served(web_home, tmp_path_factory):
    """The app on loopback, with the team and the red measure the tests rely on."""
    before = os.environ.get("LINEOFSIGHT_HOME")
    os.environ["LINEOFSIGHT_HOME"] = str(web_home)
    try:
        from lineofsight.measures import selectors as measures
        from lineofsight.quality import selectors as quality
        from lineofsight.warehouse import snapshots

        with snapshots.open_snapshot() as con:  # no app database here: read the warehouse directly
            authority, end = snapshots.snapshot_authority(con), measures.history(con)[1]
            counts: dict[str, int] = {}
            for lst in measures.exceptions(con, authority, end):
                for child in lst["children"]:
                    if child["team"]:
                        counts[child["team"]] = counts.get(child["team"], 0) + 1
            team = max(sorted(counts), key=lambda t: counts[t])
            red = next(m for m in RED_CANDIDATES if any(
                not r["in_numerator"] for r in measures.measure_children(con, authority, m, end, cell=f"team={team}")))
            names = dict(con.execute("SELECT dept_team_id, dept_team_name FROM ssd_department").fetchall())
            config = {"team": team, "red_measure": red, "team_name": names.get(team) or team,
                      "snapshot": measures.snapshot_id(con),
                      "rule": next(r["rule_id"] for r in quality.summary_by_rule(con) if r["count"])}
    finally:
        if before is None:
            os.environ.pop("LINEOFSIGHT_HOME", None)
        else:
            os.environ["LINEOFSIGHT_HOME"] = before
    with live.serve(web_home, config) as base:
        yield base, config


def _in(page, base: str, who: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    sign_in(page, base, who, live.PASSWORD)


def _nav(page) -> list[str]:  # noqa: F811
    return [t.strip() for t in page.locator("nav.site-nav a").all_inner_texts()]


NAV = {
    "analyst": ["Scorecard", "Team view", "Data quality", "Improvement plans", "Snapshots", "Levels", "Users",
                "Audit log"],
    "leader": ["Scorecard", "Team view", "Data quality", "Improvement plans", "Snapshots"],
    "manager": ["Scorecard", "Team view", "Data quality", "Improvement plans", "Snapshots"],
    "board": ["Scorecard", "Data quality", "Improvement plans", "Snapshots"],
    "councillor": ["Scorecard", "Data quality", "Improvement plans", "Snapshots"],
    "norole": [],
}


def test_each_role_sees_what_it_should_and_nothing_more(served, page):  # noqa: F811
    base, config = served
    child_url = f"{base}/measures/{config['red_measure']}/children/?dimension=team&key={config['team']}"
    for who, links in NAV.items():
        _in(page, base, who)
        assert _nav(page) == links, who
        body = page.locator("body").inner_text()
        if who == "norole":
            assert "does not have a role" in body
        else:
            assert config["snapshot"] in body and "Figures as at" in body
        small = "Small numbers are hidden" in body
        assert small == (who == "councillor"), who
        page.goto(child_url)
        allowed = who in ("analyst", "leader", "manager")
        assert ("You do not have access to this page" in page.locator("body").inner_text()) != allowed, who
        page.goto(f"{base}/audit/")
        assert ("Audit log of child-level data" in page.locator("h1").inner_text()) == (who == "analyst"), who
    # The refused pages log their 403 status; nothing else (a CSP violation, a script error) may.
    assert [e for e in page.console_errors if "status of 403" not in e] == []


def test_a_team_manager_drills_from_a_red_measure_to_the_children_and_downloads_them(served, page, tmp_path):  # noqa: F811
    base, config = served
    _in(page, base, "manager")
    page.get_by_label("Team").select_option(config["team"])
    page.get_by_role("button", name="Show").click()
    page.locator(".results-summary", has_text=f"for team {config['team_name']}").wait_for()
    assert "?" in page.url and f"team={config['team']}" in page.url  # HTMX pushed the filtered address
    row = page.locator("tr", has=page.locator(f"a[href^='/measures/{config['red_measure']}/']"))
    assert "Red" in row.locator(".status-badge").first.inner_text()
    row.locator("a").first.click()
    page.get_by_role("link", name=f"Children behind the figure for team {config['team']}").click()
    assert page.locator("h1").inner_text().startswith("Children behind")
    table_rows = page.locator("main table tbody tr")
    assert table_rows.count() > 0
    page.get_by_label("Show", exact=True).select_option("not_numerator")
    page.get_by_role("button", name="Show").click()
    failing = page.locator("main table tbody tr").count()
    assert failing > 0 and all(t == "No" for t in page.locator("main table tbody td:nth-child(6)").all_inner_texts())
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these records as CSV").click()
    saved = tmp_path / "children.csv"
    info.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert len(rows) == failing and {r["team"] for r in rows} == {config["team"]}
    assert {r["in_numerator"] for r in rows} == {"False"} and {r["snapshot"] for r in rows} == {config["snapshot"]}
    # ...and the analyst sees both in the audit log.
    _in(page, base, "analyst")
    page.goto(f"{base}/audit/?user=manager")
    audit = page.locator("main table tbody").inner_text()
    assert "Viewed" in audit and "Exported" in audit and f"Children behind measure {config['red_measure']}" in audit


def test_an_analyst_uploads_a_broken_file_and_the_current_snapshot_stays(served, page, tmp_path):  # noqa: F811
    from helpers.ssd_folder import valid_rows, write_ssd_folder

    base, config = served
    rows = valid_rows()
    rows["ssd_contacts"][0]["cont_contact_date"] = "the day before yesterday"
    folder = write_ssd_folder(tmp_path / "broken", rows)
    _in(page, base, "analyst")
    page.goto(f"{base}/manage/load/")
    page.get_by_label("Upload files").set_input_files(sorted(str(p) for p in Path(folder).iterdir()))
    page.get_by_role("button", name="Check and load").click()
    summary = page.get_by_role("alert")
    assert "Nothing was loaded" in summary.inner_text() and "The current snapshot is unchanged" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement")  # focus moved to the summary
    problems = page.locator("main table").inner_text()
    assert "ssd_contacts.csv" in problems and "cont_contact_date" in problems and "the day before yesterday" in problems
    assert config["snapshot"] in page.locator(".as-at").inner_text()
    page.goto(f"{base}/snapshots/")
    assert page.locator("main table").first.locator("tbody tr").count() == 1


def test_keyboard_only_use_works(served, page):  # noqa: F811
    base, config = served
    _in(page, base, "board")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab to the month filter, choose the previous month and submit from the keyboard.
    month = page.get_by_label("Twelve months ending")
    month.focus()
    outline = month.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.id") == "id_team":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    summary = page.locator(".results-summary")
    expect(summary).to_be_focused()  # HTMX swapped the results in and focus moved to their summary
    assert re.search(r"Showing the 12 months to \d+ \w+ \d{4}", summary.inner_text())


def _pages(base: str, config: dict) -> dict[str, list[str]]:
    m, team, rule = config["red_measure"], config["team"], config["rule"]
    return {
        "analyst": ["/", f"/?team={team}", f"/measures/{m}/", f"/measures/{m}/?team={team}",
                    f"/measures/{m}/children/?dimension=team&key={team}", "/team/", f"/team/?team={team}", "/quality/",
                    f"/quality/rules/{rule}/", f"/quality/rules/{rule}/records/", "/snapshots/", "/manage/load/",
                    "/manage/levels/", "/manage/users/", "/manage/users/new/", "/password/", "/audit/", "/plans/",
                    "/plans/browser-test-plan/", "/plans/browser-test-plan/areas/1/",
                    "/plans/browser-test-plan/actions/1.1/", "/plans/browser-test-plan/meetings/",
                    "/measures/unallocated/", "/measures/contacts/", "/measures/cla_rate/", "/no-such-page/"],
        "councillor": ["/", f"/measures/{m}/", "/quality/", f"/quality/rules/{rule}/",
                       "/plans/browser-test-plan/areas/1/", f"/measures/{m}/children/"],
        "manager": ["/team/", f"/measures/{m}/"],
        "norole": ["/"],
    }


def test_every_page_has_no_accessibility_violations(served, page):  # noqa: F811
    base, config = served
    page.goto(f"{base}/login/")
    problems = {"/login/": axe_violations(page)}
    for who, urls in _pages(base, config).items():
        _in(page, base, who)
        for url in urls:
            page.goto(base + url)
            problems[f"{who} {url}"] = axe_violations(page)
    found = {k: v for k, v in problems.items() if v}
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    # The not-found and refused pages are visited on purpose; no other error (CSP, script) may appear.
    assert [e for e in page.console_errors if not re.search(r"status of 40[34]", e)] == []
