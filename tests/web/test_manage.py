"""Administration pages: loading a snapshot from the browser, levels and local standards, users and teams.

These tests use their own empty LINEOFSIGHT_HOME (tests/conftest.py) and a tiny SSD folder, so a load
never touches the session's snapshot.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.warehouse.snapshots import current_id, list_snapshots
from lineofsight.web.audit.models import AuditEntry
from lineofsight.web.core.models import PasswordChangeRequired, TeamMembership
from lineofsight.web.dashboard import selectors
from lineofsight.web.dashboard.models import LocalStandard, MeasureLevel
from lineofsight.web.manage import services
from lineofsight.web.policy import Role, roles_of
from web.roles import make_user

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def admin_client(client, settings):
    settings.LINEOFSIGHT_WARM_AFTER_LOAD = False
    client.force_login(make_user("admin", Role.ADMINISTRATOR))
    return client


def _files(folder: Path) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in sorted(folder.iterdir())]


def _zip(folder: Path, prefix: str = "ssd/") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in sorted(folder.iterdir()):
            archive.write(p, prefix + p.name)
    return SimpleUploadedFile("ssd.zip", buffer.getvalue(), content_type="application/zip")


def _broken(tmp_path: Path) -> Path:
    rows = valid_rows()
    rows["ssd_contacts"][1]["cont_contact_date"] = "31/02/2024"  # there is no 31 February
    return write_ssd_folder(tmp_path / "broken", rows)


# ---------------------------------------------------------------- loading

def test_an_analyst_uploads_a_zipped_ssd_folder_and_it_becomes_current(admin_client, tmp_path):
    response = admin_client.post("/manage/load/", {"files": [_zip(write_ssd_folder(tmp_path / "ssd"))]})
    assert response.status_code == 302 and response["Location"] == "/snapshots/"
    assert current_id() is not None
    page = text_of(admin_client.get("/snapshots/"))
    assert f"Loaded snapshot {current_id()}" in page


def test_an_analyst_uploads_the_csv_files_themselves(admin_client, tmp_path):
    response = admin_client.post("/manage/load/", {"files": _files(write_ssd_folder(tmp_path / "ssd"))})
    assert response.status_code == 302 and len(list_snapshots()) == 1


def test_a_broken_upload_says_what_is_wrong_and_the_current_snapshot_stays(admin_client, tmp_path):
    before = load_folder(write_ssd_folder(tmp_path / "good")).snapshot_id
    response = admin_client.post("/manage/load/", {"files": _files(_broken(tmp_path))})
    assert response.status_code == 400
    text = text_of(response)
    assert "Nothing was loaded" in text and "The current snapshot is unchanged" in text
    assert "ssd_contacts.csv" in text and "cont_contact_date" in text and " 3 " in text  # file, column and row
    assert "31/02/2024" in text and "a date as YYYY-MM-DD" in text  # what was found and what was expected
    assert current_id() == before and len(list_snapshots()) == 1


def test_an_extract_much_smaller_than_the_current_snapshot_loads_only_when_the_analyst_confirms(admin_client, tmp_path):
    before = load_folder(write_ssd_folder(tmp_path / "good")).snapshot_id
    empty = write_ssd_folder(tmp_path / "empty", {t: [] for t in valid_rows()})
    refused = admin_client.post("/manage/load/", {"files": _files(empty)})
    assert refused.status_code == 400 and current_id() == before
    text = text_of(refused)
    assert "This extract is much smaller than the current snapshot" in text
    assert "at least one SSD table with rows" in text
    assert 'name="replace_smaller"' in refused.content.decode()
    confirmed = admin_client.post("/manage/load/", {"files": _files(empty), "replace_smaller": "on"})
    assert confirmed.status_code == 302 and current_id() not in (None, before)


@pytest.mark.parametrize("name, content, message", [
    ("evil.zip", None, "outside"),
    ("notes.exe", b"MZ", "is not an SSD table"),
    ("broken.zip", b"this is not a zip", "not a readable zip file"),
])
def test_unsafe_or_unreadable_uploads_are_refused(admin_client, tmp_path, name, content, message):
    if content is None:  # a zip whose entry climbs out of the folder
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("../../outside.exe", "x")
        content = buffer.getvalue()
        message = "climbs out of the folder"
    response = admin_client.post("/manage/load/", {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400 and message in text_of(response)
    assert current_id() is None
    assert not (tmp_path / "outside.exe").exists()


# Issue 13, finding 8: entries under 10 MB skipped the ratio check (50 x 9.9 MB from a 0.5 MB zip wrote
# 495 MB), a bad checksum gave HTTP 500, and names climbing out of the folder were flattened and loaded.

def _zip_of(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("ssd.zip", buffer.getvalue(), content_type="application/zip")


def test_every_zip_entry_is_ratio_checked_and_the_bytes_written_are_counted(admin_client, settings):
    bombs = _zip_of({f"t{i}.csv": b"0" * (3 * 1024**2) for i in range(20)})  # 20 x 3 MiB from ~60 KB
    response = admin_client.post("/manage/load/", {"files": [bombs]})
    assert response.status_code == 400 and "expands more than 200-fold" in text_of(response)
    staged = list((services.config.home() / "uploads").glob("*/*"))
    assert staged == []  # the staging folder went with the refusal


def test_limits_per_entry_and_per_upload(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "MAX_ENTRY_BYTES", 3 * 1024**2)
    monkeypatch.setattr(services, "MAX_RATIO", 10**6)
    big = _zip_of({"a.csv": b"x" * (4 * 1024**2)})
    with pytest.raises(services.UploadError, match="larger unzipped than the limit for one file"):
        services.stage_upload([big], tmp_path)
    monkeypatch.setattr(services, "MAX_UNZIPPED_BYTES", 5 * 1024**2)
    two = _zip_of({"a.csv": b"x" * (3 * 1024**2 - 10), "b.csv": b"y" * (3 * 1024**2 - 10)})
    with pytest.raises(services.UploadError, match="too large once unzipped"):
        services.stage_upload([two], tmp_path / "2")


def test_a_zip_with_a_bad_checksum_is_a_clear_error_not_a_500(admin_client):
    upload = _zip_of({"ssd_person.csv": b"pers_person_id\nP1\n" * 50})
    data = bytearray(upload.read())
    at = data.index(b"PK\x01\x02") + 16  # the central directory's CRC-32 of the entry
    data[at:at + 4] = b"\x00\x00\x00\x00"
    response = admin_client.post("/manage/load/", {"files": [SimpleUploadedFile("ssd.zip", bytes(data))]})
    assert response.status_code == 400
    assert "is damaged or cannot be unzipped" in text_of(response) and current_id() is None


@pytest.mark.parametrize("name", ["../ssd_person.csv", "/etc/ssd_person.csv", "a/../../ssd_person.csv",
                                  "..\\ssd_person.csv", "C:/ssd_person.csv"])
def test_zip_names_climbing_out_of_the_folder_are_refused_not_flattened(admin_client, name):
    response = admin_client.post("/manage/load/", {"files": [_zip_of({name: b"pers_person_id\n"})]})
    assert response.status_code == 400 and "climbs out of the folder" in text_of(response)


def test_a_folder_on_the_server_loads_only_from_inside_the_import_folder(admin_client, tmp_path):
    root = services.import_root()
    write_ssd_folder(root / "2026-03")
    assert admin_client.post("/manage/load/", {"folder": "2026-03"}).status_code == 302
    outside = write_ssd_folder(tmp_path / "elsewhere")
    for attempt in (str(outside), "../elsewhere", "2026-04"):
        response = admin_client.post("/manage/load/", {"folder": attempt})
        assert response.status_code == 400, attempt
        assert "outside the import folder" in text_of(response) or "there is no folder" in text_of(response)
    assert len(list_snapshots()) == 1


def test_the_load_form_wants_files_or_a_folder_but_not_both(admin_client, tmp_path):
    folder = write_ssd_folder(tmp_path / "ssd")
    assert "one, not both" in text_of(admin_client.post("/manage/load/", {}))
    both = admin_client.post("/manage/load/", {"files": _files(folder), "folder": "x"})
    assert both.status_code == 400 and "one, not both" in text_of(both)


def test_every_form_carries_a_csrf_token(admin_client):
    for url in ("/manage/load/", "/manage/levels/", "/manage/users/new/"):
        assert 'name="csrfmiddlewaretoken"' in admin_client.get(url).content.decode(), url


# ---------------------------------------------------------------- levels and local standards

def test_levels_override_the_defaults_and_blank_returns_to_them(admin_client):
    response = admin_client.post("/manage/levels/", {"threshold-cp_visit_10wd": "99.5", "target-cp_visit_10wd": "100",
                                                     "standard-cin_visit_days": "15"})
    assert response.status_code == 302
    assert selectors.levels()["cp_visit_10wd"] == {"threshold": 99.5, "target": 100.0}
    assert LocalStandard.objects.get(key="cin_visit_days").value == 15
    assert admin_client.post("/manage/levels/", {}).status_code == 302
    assert not MeasureLevel.objects.exists() and not LocalStandard.objects.exists()


def test_bad_levels_are_refused_with_a_clear_message(admin_client):
    response = admin_client.post("/manage/levels/", {"target-cp_visit_10wd": "lots", "threshold-unallocated": "-",
                                                     "target-assessment_45wd": "120", "standard-cin_visit_days": "0"})
    text = text_of(response)
    assert response.status_code == 400
    assert "must be numbers" in text and "from 0 to 100" in text and "greater than 0" in text
    assert not MeasureLevel.objects.exists()


def test_a_changed_level_changes_the_rag_on_the_scorecard(snap, client_for):
    leader = client_for("leader")

    def rag() -> str:
        rows = {r["id"]: r for _, g in leader.get("/").context["groups"] for r in g}
        return rows["cp_visit_10wd"]["rag"]["key"]

    services.set_levels({"cp_visit_10wd": (0.0, 0.0)})
    assert rag() == "green"
    services.set_levels({"cp_visit_10wd": (100.0, 100.0)})
    value = selectors.scorecard(snap, snap.as_at, None, selectors.levels())
    assert rag() == ("green" if next(r for r in value if r["id"] == "cp_visit_10wd")["value"] == 100 else "red")


def test_a_local_standard_changes_the_figures_that_use_it(snap, client_for):
    def figure() -> float | None:
        now = selectors.current()
        return selectors.series(now, "cin_visit_on_time", now.as_at, months=1)[0]["value"]

    before = figure()
    services.set_standards({"cin_visit_days": 2})
    assert selectors.current().authority.standards["cin_visit_days"] == 2
    assert figure() != before


# ---------------------------------------------------------------- users, roles and teams

def test_an_administrator_adds_a_team_manager_with_a_team(admin_client):
    response = admin_client.post("/manage/users/new/", {
        "username": "tara", "full_name": "Tara Manager", "roles": ["TEAM_MANAGER"], "other_teams": "T1, T2",
        "is_active": "on"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    tara = get_user_model().objects.get(username="tara")
    assert roles_of(tara) == {Role.TEAM_MANAGER} and tara.get_full_name() == "Tara Manager"
    assert set(TeamMembership.objects.filter(user=tara).values_list("team_id", flat=True)) == {"T1", "T2"}
    password = response.context["password"]
    assert tara.check_password(password) and password in text_of(response)
    assert PasswordChangeRequired.objects.filter(user=tara, set_by="admin").exists()
    assert "tara" in text_of(admin_client.get("/manage/users/"))


def test_taken_usernames_are_refused(admin_client):
    taken = admin_client.post("/manage/users/new/", {"username": "admin"})
    assert taken.status_code == 400 and "already exists" in text_of(taken)


# Issue 13, finding 2: an analyst could set the superuser's password and then open /admin/, or set a
# colleague's and view children as them (the audit log naming the wrong person).

def test_an_administrator_cannot_change_a_superuser_or_another_administrator(admin_client):
    root = get_user_model().objects.create_superuser("root", password="the-owners-own-passphrase")
    other_admin = make_user("ada", Role.ADMINISTRATOR)
    for person in (root, other_admin):
        before = person.password
        edit = admin_client.post(f"/manage/users/{person.pk}/", {"roles": ["BOARD_MEMBER"], "is_active": ""})
        assert edit.status_code == 400 and "only a superuser" in text_of(edit)
        reset = admin_client.post(f"/manage/users/{person.pk}/password/")
        assert reset.status_code == 302
        person.refresh_from_db()
        person._los_roles = None
        assert person.password == before and person.is_active
    assert root.check_password("the-owners-own-passphrase")
    assert Role.ADMINISTRATOR in roles_of(other_admin)
    board = make_user("bo", Role.BOARD_MEMBER)
    promote = admin_client.post(f"/manage/users/{board.pk}/", {"roles": ["ADMINISTRATOR"], "is_active": "on"})
    assert promote.status_code == 400 and "only a superuser can make someone an administrator" in text_of(promote)
    assert not AuditEntry.objects.exists()


def test_nobody_sets_another_persons_password_only_a_temporary_one_that_must_be_changed(admin_client, client):
    colleague = make_user("colleague", Role.SENIOR_LEADER)
    assert "password" not in admin_client.get(f"/manage/users/{colleague.pk}/").context["form"].fields
    admin_client.post(f"/manage/users/{colleague.pk}/", {"roles": ["SENIOR_LEADER"], "is_active": "on",
                                                         "password": "i-now-know-your-password"})
    colleague.refresh_from_db()
    assert not colleague.check_password("i-now-know-your-password")
    response = admin_client.post(f"/manage/users/{colleague.pk}/password/")
    temporary = response.context["password"]
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.ACCOUNT and entry.username == "admin"
    assert entry.parameters["account"] == "colleague" and temporary not in str(entry.parameters) + entry.what
    # The temporary password opens nothing but the password page until its owner chooses their own.
    other = type(client)()
    assert other.post("/login/", {"username": "colleague", "password": temporary}).status_code == 302
    for url in ("/", "/team/", "/manage/users/", "/measures/unallocated/children/"):
        blocked = other.get(url)
        assert blocked.status_code == 302 and blocked["Location"] == "/password/", url
    changed = other.post("/password/", {"old_password": temporary, "new_password1": "my-very-own-passphrase",
                                        "new_password2": "my-very-own-passphrase"})
    assert changed.status_code == 302
    assert not PasswordChangeRequired.objects.filter(user=colleague).exists()
    assert other.get("/").status_code == 200


def test_a_superuser_may_reset_an_administrators_password(client, settings):
    root = get_user_model().objects.create_superuser("root", password="the-owners-own-passphrase")
    client.force_login(root)
    admin = make_user("ada", Role.ADMINISTRATOR)
    response = client.post(f"/manage/users/{admin.pk}/password/")
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.check_password(response.context["password"])
    assert AuditEntry.objects.get().username == "root"


def test_an_administrator_changes_roles_and_teams_but_not_their_own_admin_role(admin_client):
    board = make_user("bo", Role.BOARD_MEMBER)
    response = admin_client.post(f"/manage/users/{board.pk}/", {
        "roles": ["SENIOR_LEADER"], "other_teams": "", "is_active": "on"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert roles_of(board) == {Role.SENIOR_LEADER}
    me = get_user_model().objects.get(username="admin")
    refused = admin_client.post(f"/manage/users/{me.pk}/", {"roles": ["SENIOR_LEADER"], "is_active": "on"})
    assert refused.status_code == 400 and "your own administrator role" in text_of(refused)
    me._los_roles = None
    assert Role.ADMINISTRATOR in roles_of(me)


def test_switching_an_account_off_stops_it_signing_in(admin_client, client):
    person = make_user("leaver", Role.BOARD_MEMBER)
    person.set_password("a-long-enough-passphrase")
    person.save()
    admin_client.post(f"/manage/users/{person.pk}/", {"roles": ["BOARD_MEMBER"]})  # "May sign in" unticked
    person.refresh_from_db()
    assert not person.is_active
    other = type(client)()
    response = other.post("/login/", {"username": "leaver", "password": "a-long-enough-passphrase"})
    assert response.status_code == 200 and "did not match" in text_of(response)


def test_after_a_load_the_new_snapshot_is_warmed_in_the_background(settings, tmp_path):
    from lineofsight import config

    snapshot_id = load_folder(write_ssd_folder(tmp_path / "ssd")).snapshot_id
    settings.LINEOFSIGHT_WARM_AFTER_LOAD = True
    thread = services.warm_in_background()
    assert thread is not None
    thread.join(timeout=300)
    cached = list((config.home() / "cache" / snapshot_id / "measures").glob("*.json"))
    assert len(cached) >= 51  # every measure's series, ready before anyone asks
    settings.LINEOFSIGHT_WARM_AFTER_LOAD = False
    assert services.warm_in_background() is None
