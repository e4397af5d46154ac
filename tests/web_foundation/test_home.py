"""The home page (the scorecard, or a landing page for people it is not for) and the page frame every page shares."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lineofsight.web.core import views

pytestmark = pytest.mark.django_db


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


def test_the_snapshot_and_its_row_counts_are_on_the_snapshots_page_not_for_people_without_a_role(
        signed_in, tmp_path) -> None:
    # The home page is the scorecard (issue 6); the snapshot's details moved to the Snapshots page.
    from helpers.ssd_folder import write_ssd_folder
    from lineofsight.ingest import load_folder
    from lineofsight.web.policy import Role, ensure_roles

    result = load_folder(write_ssd_folder(tmp_path / "ssd"))
    assert result.ok
    text = _text(signed_in.get("/"))
    assert "does not have a role" in text and "ssd_person" not in text
    assert signed_in.get("/snapshots/").status_code == 403
    ensure_roles()
    board = get_user_model().objects.create_user("board", password="x" * 14)
    board.groups.add(Group.objects.get(name=Role.BOARD_MEMBER.value))
    signed_in.force_login(board)
    text = _text(signed_in.get("/snapshots/"))
    assert result.snapshot_id in text and str(tmp_path / "ssd") in text
    assert f"ssd_person {result.rows['ssd_person']}" in text and f"ssd_contacts {result.rows['ssd_contacts']}" in text


def test_base_page_has_a_skip_link_landmarks_and_language(signed_in, monkeypatch) -> None:
    monkeypatch.setattr(views, "snapshot_summary", lambda: None)
    html = signed_in.get("/").content.decode()
    assert '<html lang="en-GB">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html and '<nav class="site-nav" aria-label="Main">' in html
    assert html.count("<h1>") == 1
