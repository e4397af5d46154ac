"""In Debian's Chromium: a councillor (scrutiny member) signs in, presses the button for the scrutiny pack,
downloads the PDF and finds no count from 1 to 5 in it; the report page has no accessibility violation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from browser_support import axe_violations, browser, page, sign_in  # noqa: F401
from lineofsight.web.policy import Role, ensure_roles

from .plans import PLAN_NAME, make_plan
from .scan import before_last, normalise, pdf_pages, small_numbers
from .tiny_authority import load_tiny

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
BUILD_TIMEOUT_MS = 600_000  # a whole pack on a shared CI machine


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_councillor_downloads_the_scrutiny_pdf_and_finds_no_small_count(live_server, page, tmp_path):  # noqa: F811
    sid = load_tiny(tmp_path / "tiny")
    make_plan()
    ensure_roles()
    councillor = get_user_model().objects.create_user("councillor", password=PASSWORD)
    councillor.groups.set(Group.objects.filter(name=Role.SCRUTINY_MEMBER.value))

    sign_in(page, live_server.url, "councillor", PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    assert page.get_by_role("heading", name="Scrutiny performance report").is_visible()
    assert axe_violations(page) == []
    assert page.get_by_label("Period ending").input_value() == "2025-12-31"
    assert page.get_by_label("PDF, to send out").is_checked()

    with page.expect_download(timeout=BUILD_TIMEOUT_MS) as info:
        page.get_by_role("button", name="Download the scrutiny pack").click()
    download = info.value
    assert download.suggested_filename == "scrutiny-pack-E09000998-2025-12-31.pdf"
    download.save_as(tmp_path / "pack.pdf")
    data = (tmp_path / "pack.pdf").read_bytes()
    assert data.startswith(b"%PDF")

    pages = pdf_pages(data)
    assert all(f"snapshot {sid}" in p for p in pages)  # stamped on every page
    text = normalise(" ".join(pages))
    assert "Testshire" in text and PLAN_NAME in text
    scanned = before_last(text, "Improvement plan summary")
    assert scanned.count(" c ") >= 10  # the small numbers are there, hidden as c
    assert small_numbers(scanned) == []
