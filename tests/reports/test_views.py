"""The "one button": who may open the report page and download the pack, what the download is, and that a
second download of the same pack comes from the kept file."""

from __future__ import annotations

import functools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from lineofsight.reports import scrutiny

from .scan import docx_text, normalise, pdf_pages, small_numbers
from .tiny_authority import load_tiny

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
AGGREGATE_ROLES = ("Analyst/administrator", "Senior leader", "Team manager", "Improvement board member",
                   "Scrutiny member")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, *roles: str) -> None:
    from lineofsight.web.policy import ensure_roles

    ensure_roles()
    user = get_user_model().objects.create_user("someone", password=PASSWORD)
    user.groups.set(Group.objects.filter(name__in=roles))
    client.force_login(user)


@pytest.fixture
def two_measures(monkeypatch) -> list:
    """The view builds the pack for two measures only (the full pack is built by the other tests); the
    list records each build, so a test can see when the kept file was served instead."""
    builds = []
    real = scrutiny.build_scrutiny_pack

    def build(*args, **kwargs):
        builds.append(args[2])
        return real(*args, **{**kwargs, "measure_ids": ["contacts", "assessment_45wd"]})

    monkeypatch.setattr(scrutiny, "build_scrutiny_pack", functools.wraps(real)(build))
    return builds


def test_the_urls_are_where_the_web_app_links_to():
    assert reverse("reports") == "/reports/"
    assert reverse("report_scrutiny") == "/reports/scrutiny/"


@pytest.mark.parametrize("name", ["reports", "report_scrutiny"])
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("roles", [(), ("Plan editor",)])
@pytest.mark.parametrize("name", ["reports", "report_scrutiny"])
def test_users_without_aggregates_are_refused(client, name, roles):
    login(client, *roles)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", AGGREGATE_ROLES)
def test_every_role_with_aggregates_sees_the_button(client, tmp_path, role):
    load_tiny(tmp_path / "tiny")
    login(client, role)
    page = client.get(reverse("reports")).content.decode()
    assert "Download the scrutiny pack" in page and 'action="/reports/scrutiny/"' in page
    assert '<option value="2025-12-31" selected>December 2025</option>' in page


def test_before_any_load_the_page_says_so_and_there_is_nothing_to_download(client):
    login(client, "Scrutiny member")
    assert "No data has been loaded yet" in client.get(reverse("reports")).content.decode()
    response = client.get(reverse("report_scrutiny"), {"to": "2025-12-31"})
    assert response.status_code == 404


def test_a_councillor_downloads_the_pdf_suppressed_and_stamped_then_again_from_the_kept_file(
        client, tmp_path, two_measures):
    sid = load_tiny(tmp_path / "tiny")
    login(client, "Scrutiny member")
    response = client.get(reverse("report_scrutiny"), {"to": "2025-12-31", "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scrutiny-pack-E09000998-2025-12-31.pdf"'
    pages = pdf_pages(response.content)
    assert all(f"snapshot {sid}" in p for p in pages)
    text = normalise(" ".join(pages))
    assert "Contacts received" in text and "131" in text and " c " in text
    assert small_numbers(text.split("Improvement plan summary")[-2]) == []

    again = client.get(reverse("report_scrutiny"), {"to": "2025-12-31", "format": "pdf"})
    assert again.content == response.content and len(two_measures) == 1  # served from the kept file


def test_the_docx_download(client, tmp_path, two_measures):
    load_tiny(tmp_path / "tiny")
    login(client, "Improvement board member")
    response = client.get(reverse("report_scrutiny"), {"to": "2025-12-31", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    body, _ = docx_text(response.content)
    assert "Contacts received" in body and "No improvement plan has been set up" in body


@pytest.mark.parametrize(("query", "message"), [
    ({"to": "2025-12-15"}, "must be a month end (such as 2025-12-31)"),
    ({"to": "2026-06-30"}, "the data runs from 2024-01-01 to 2025-12-31"),
    ({"to": "soon"}, "The period end must be a date such as 2026-03-31."),
    ({"format": "odt"}, "The format must be PDF or Word (.docx), not &#x27;odt&#x27;."),
])
def test_a_bad_request_shows_the_page_with_the_problem(client, tmp_path, query, message):
    load_tiny(tmp_path / "tiny")
    login(client, "Scrutiny member")
    response = client.get(reverse("report_scrutiny"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
