"""The web upload for editors: upload -> preview (the dry run) -> confirm; role-checked and accessible."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lineofsight import config
from lineofsight.plan.models import Action, Plan

from .test_real_plan import REC3, write_real_plan
from .test_views import text_of

pytestmark = pytest.mark.django_db
URL = "/plans/import/"


def _upload(tmp_path, name: str = "ILACS plan.xlsx", content: bytes | None = None) -> SimpleUploadedFile:
    data = content if content is not None else write_real_plan(tmp_path / "plan.xlsx").read_bytes()
    return SimpleUploadedFile(name, data)


def _pending() -> list:
    folder = config.home() / "uploads" / "plan-import"
    return list(folder.iterdir()) if folder.exists() else []


def test_upload_preview_then_confirm(client, people, tmp_path) -> None:
    client.force_login(people["editor"])
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<label for="id_file">Plan spreadsheet \(.xlsx or .csv\)</label>', html)
    assert '<label for="id_plan">' in html

    preview = client.post(URL, {"file": _upload(tmp_path), "plan": "ILACS plan"})
    assert preview.status_code == 200
    text = text_of(preview)
    assert "Would import into ILACS plan: 13 row(s) read; 3 area(s) created" in text
    assert REC3 in text and "Nothing has been saved yet" in text
    # Action 24: the due cell as written, the date it is due by (the last), and every date read.
    assert "24 Visits to children in care Head of Children in Care LAC visiting: May 25 Contacts/referrals: " \
           "Sept 25 30 Sep 2025 31 May 2025; 30 Sep 2025 In progress Red Red" in text
    assert "theme row: groups the actions under it (14 Workforce)" in text
    body = preview.content.decode()
    assert '<th scope="col">Due by</th>' in body and '<th scope="row">24</th>' in body
    assert not Plan.objects.exists() and len(_pending()) == 1  # nothing saved; the file waits for the button

    token = re.search(r'name="token" value="([0-9a-f]{32})"', body).group(1)
    done = client.post(URL, {"token": token, "plan": "ILACS plan"})
    plan = Plan.objects.get(name="ILACS plan")
    assert done.status_code == 302 and done["Location"] == f"/plans/{plan.slug}/"
    assert Action.objects.filter(area__plan=plan).count() == 12 and plan.areas.count() == 3
    assert _pending() == []
    again = client.post(URL, {"token": token, "plan": "ILACS plan"})  # a second press imports nothing twice
    assert again.status_code == 302 and again["Location"] == URL


def test_a_file_with_problems_lists_them_by_row_and_column_and_keeps_nothing(client, people, tmp_path) -> None:
    client.force_login(people["editor"])
    bad = b"Ref,Action,Status\n1.1,Do something,Nearly there\n"
    response = client.post(URL, {"file": _upload(tmp_path, "plan.csv", bad), "plan": "Bad"})
    assert response.status_code == 400
    text = text_of(response)
    assert "nothing was imported" in text and "plan.csv 2 Status Nearly there" in text
    assert not Plan.objects.exists() and _pending() == []


def test_only_xlsx_or_csv_is_accepted(client, people, tmp_path) -> None:
    client.force_login(people["editor"])
    response = client.post(URL, {"file": _upload(tmp_path, "plan.docx", b"PK"), "plan": "X"})
    assert response.status_code == 400 and "Choose a .xlsx or .csv file" in text_of(response)


@pytest.mark.parametrize("who", ["board", "councillor", "manager", "leader"])
def test_only_editors_may_import(client, people, tmp_path, who: str) -> None:
    client.force_login(people[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": _upload(tmp_path), "plan": "ILACS plan"}).status_code == 403
    assert not Plan.objects.exists()
    assert "Import a plan" not in text_of(client.get("/plans/"))


def test_editors_find_the_page_from_the_plan_list(client, people) -> None:
    client.force_login(people["editor"])
    assert 'href="/plans/import/"' in client.get("/plans/").content.decode()


def test_anonymous_users_are_sent_to_log_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_action_page_shows_the_theme_the_due_cell_as_written_and_the_notes(client, people, tmp_path) -> None:
    from datetime import date

    from lineofsight.plan.importing import import_plan

    plan = import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=date(2025, 7, 15)).plan
    client.force_login(people["board"])
    text = text_of(client.get(f"/plans/{plan.slug}/actions/24/"))
    assert "Due by 31 May 2025 30 September 2025" in text
    assert "Due, as the plan wrote it LAC visiting: May 25 Contacts/referrals: Sept 25" in text
    assert "Notes from the plan Evidence: Visit audit Q1" in text
    assert "Theme 14 Workforce" in text_of(client.get(f"/plans/{plan.slug}/actions/14.1/"))


def test_previews_never_confirmed_are_cleared_after_a_day(tmp_path, monkeypatch) -> None:
    import os
    import time

    from lineofsight.plan import importing

    old = importing.stash_upload("old.csv", [b"Ref,Action\n"])
    folder = importing.stashed(old).parent
    os.utime(folder, (time.time() - importing.STASH_SECONDS - 60,) * 2)
    new = importing.stash_upload("new.csv", [b"Ref,Action\n"])
    assert importing.stashed(old) is None and importing.stashed(new).name == "new.csv"
    assert importing.stashed("../../etc") is None  # only a token names an upload
