"""The home page: the current snapshot and its tables' row counts, or a clear message when there is none."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from lineofsight.web.core import views

pytestmark = pytest.mark.django_db


SUMMARY = {"id": "20250401-120000-ab12", "loaded_at": "2025-04-01T12:00:00", "source": "/data/ssd-april",
           "tables": [("ssd_person", 12345), ("ssd_contacts", 67890)]}


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def signed_in(client):
    client.force_login(get_user_model().objects.create_user("viewer", password="x" * 14))
    return client


def test_home_needs_a_login(client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/"


def test_home_without_a_snapshot_says_so(signed_in) -> None:
    # Each test has its own empty LINEOFSIGHT_HOME: the warehouse has no snapshot.
    text = _text(signed_in.get("/"))
    assert "No data has been loaded yet" in text


def test_home_shows_the_snapshot_and_row_counts(signed_in, monkeypatch) -> None:
    from lineofsight.warehouse import selectors

    monkeypatch.setattr(selectors, "current_snapshot_summary", lambda: SUMMARY)
    text = _text(signed_in.get("/"))
    assert "20250401-120000-ab12" in text and "/data/ssd-april" in text
    assert "ssd_person 12,345" in text and "ssd_contacts 67,890" in text
    assert "Rows in all tables 80,235" in text


def test_base_page_has_a_skip_link_landmarks_and_language(signed_in, monkeypatch) -> None:
    monkeypatch.setattr(views, "snapshot_summary", lambda: None)
    html = signed_in.get("/").content.decode()
    assert '<html lang="en-GB">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html and '<nav class="site-nav" aria-label="Main">' in html
    assert html.count("<h1>") == 1
