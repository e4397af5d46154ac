"""What administrators change: loads from the browser, levels and local standards, users and roles.

Loading reuses the loader (`lineofsight.ingest.load_folder`) unchanged: an upload is unpacked into a
private temporary folder first, and a folder on the server must sit under the import root, so the
browser can never make the app read an arbitrary path. The loader either builds a complete new
snapshot and switches to it atomically or changes nothing, so a broken upload never disturbs the
snapshot in use.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lineofsight import config
from lineofsight.ingest import LoadResult, load_folder
from lineofsight.ingest.problems import Problem
from lineofsight.measures.catalogue import BY_ID
from lineofsight.schema.authority import DEFAULT_STANDARDS
from lineofsight.warehouse.writer import LoadInProgress
from lineofsight.web import policy
from lineofsight.web.audit.services import record_account_change
from lineofsight.web.core.accounts import require_password_change
from lineofsight.web.core.models import TeamMembership
from lineofsight.web.dashboard import selectors
from lineofsight.web.dashboard.models import LocalStandard, MeasureLevel
from lineofsight.web.policy import DEMO_GROUP, Role, ensure_roles

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".csv", ".parquet", ".toml")
MAX_ZIP_ENTRIES = 500
MAX_UNZIPPED_BYTES = 4 * 1024**3  # per upload: a large synthetic authority's SSD is under a tenth of this
MAX_ENTRY_BYTES = 2 * 1024**3  # per file in the zip
MAX_RATIO = 200  # a file expanding more than 200-fold is a zip bomb, not CSV (CSV compresses 5- to 20-fold)
RATIO_FLOOR = 1024**2  # below 1 MiB written, no file can do harm whatever its ratio


class UploadError(ValueError):
    """The upload cannot be loaded at all (not the loader's per-row problems, which come back in a LoadResult)."""


def import_root() -> Path:
    """The only place a server-side folder may be loaded from (LINEOFSIGHT_IMPORT_ROOT, else HOME/imports)."""
    root = Path(getattr(settings, "IMPORT_ROOT", "") or config.home() / "imports")
    root.mkdir(parents=True, exist_ok=True)
    return root.resolve()


def server_folder(text: str) -> Path:
    """A folder named relative to the import root (or absolute inside it); UploadError if it is elsewhere."""
    root = import_root()
    candidate = (root / text.strip()).resolve()
    if candidate != root and root not in candidate.parents:
        raise UploadError(f"{text!r} is outside the import folder {root}: copy the files there first")
    if not candidate.is_dir():
        raise UploadError(f"there is no folder {text!r} in the import folder {root}")
    return candidate


def _inside(name: str) -> str:
    """The name with / separators; UploadError if it climbs out of the folder (.., an absolute path or a
    drive): refused, never flattened."""
    path = name.replace("\\", "/")
    if path.startswith("/") or ".." in PurePosixPath(path).parts or (len(path) > 1 and path[1] == ":"):
        raise UploadError(f"{name!r} climbs out of the folder: refused")
    return path


def _safe_name(name: str) -> str:
    """The file's own name, if it is one the loader reads; UploadError otherwise."""
    base = PurePosixPath(_inside(name)).name
    if not base or base.startswith(".") or not base.lower().endswith(ALLOWED_SUFFIXES):
        raise UploadError(f"{name!r} is not an SSD table (.csv or .parquet) or authority.toml")
    return base


def _copy_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out_path: Path, label: str, budget: int) -> int:
    """Unpack one entry, counting the bytes actually written (a zip's declared sizes can lie): refused
    past the per-entry limit, the upload's remaining budget, or MAX_RATIO times its compressed size once
    past RATIO_FLOOR bytes. Returns the bytes written."""
    written = 0
    limit = min(MAX_ENTRY_BYTES, budget)
    with archive.open(info) as src, open(out_path, "wb") as out:
        while chunk := src.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                which = "the limit for one file" if limit == MAX_ENTRY_BYTES else "the limit for one upload"
                raise UploadError(f"{label}: {info.filename} is larger unzipped than {which} "
                                  f"({limit / 1024**3:.1f} GiB)")
            if written > RATIO_FLOOR and written > MAX_RATIO * max(info.compress_size, 1):
                raise UploadError(f"{label}: {info.filename} expands more than {MAX_RATIO}-fold (a zip bomb?)")
            out.write(chunk)
    return written


def _unzip(upload: UploadedFile, dest: Path) -> None:
    """Unpack the tables of a zipped SSD folder into `dest`, flat, refusing anything unsafe or corrupt."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadError(f"{upload.name}: not a readable zip file") from exc
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UploadError(f"{upload.name}: {len(entries)} files; an SSD folder has far fewer")
        if sum(i.file_size for i in entries) > MAX_UNZIPPED_BYTES:
            raise UploadError(f"{upload.name}: too large once unzipped")
        seen: set[str] = set()
        budget = MAX_UNZIPPED_BYTES
        for info in entries:
            if PurePosixPath(_inside(info.filename)).name.startswith(".") or "__MACOSX" in info.filename:
                continue
            name = _safe_name(info.filename)
            if name in seen:
                raise UploadError(f"{upload.name}: two files named {name}")
            seen.add(name)
            try:
                budget -= _copy_entry(archive, info, dest / name, upload.name or "the upload", budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                # a bad checksum, a truncated or encrypted entry, an unsupported compression method
                raise UploadError(f"{upload.name}: {info.filename} is damaged or cannot be unzipped "
                                  f"({type(exc).__name__}): make the zip again") from None


def stage_upload(files: Sequence[UploadedFile], dest: Path) -> Path:
    """Write the uploaded files (one zip, or the CSV files and authority.toml) into `dest`."""
    if not files:
        raise UploadError("choose a zipped SSD folder, or the SSD's CSV files and authority.toml")
    if len(files) == 1 and (files[0].name or "").lower().endswith(".zip"):
        _unzip(files[0], dest)
        return dest
    if sum(f.size or 0 for f in files) > MAX_UNZIPPED_BYTES:
        raise UploadError(f"the files come to more than the limit for one upload ({MAX_UNZIPPED_BYTES / 1024**3:.0f} GiB)")
    for f in files:
        name = _safe_name(f.name or "")
        if (dest / name).exists():
            raise UploadError(f"two files named {name}")
        with open(dest / name, "wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
    return dest


@dataclass
class LoadOutcome:
    result: LoadResult | None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok


def _load(folder: Path, source: str, replace_smaller: bool = False) -> LoadOutcome:
    try:
        result = load_folder(folder, replace_smaller=replace_smaller)
    except LoadInProgress as exc:
        return LoadOutcome(None, str(exc))
    result.source = source
    if result.ok and result.snapshot_id:
        warm_in_background()
    return LoadOutcome(result)


def load_upload(files: Sequence[UploadedFile], replace_smaller: bool = False) -> LoadOutcome:
    """Validate and load uploaded SSD files as a new snapshot; problems come back, nothing is half-loaded."""
    uploads = config.home() / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=uploads))
    try:
        try:
            folder = stage_upload(files, staging)
        except UploadError as exc:
            return LoadOutcome(None, str(exc))
        return _load(folder, "upload: " + ", ".join(sorted(f.name or "" for f in files))[:200], replace_smaller)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load_server_folder(text: str, replace_smaller: bool = False) -> LoadOutcome:
    try:
        folder = server_folder(text)
    except UploadError as exc:
        return LoadOutcome(None, str(exc))
    return _load(folder, str(folder), replace_smaller)


def problems_shown(result: LoadResult, limit: int = 200) -> list[Problem]:
    return result.problems[:limit]


def warm_in_background() -> threading.Thread | None:
    """Compute the new snapshot's figures in a thread, so the first page after a load is quick.
    Off when settings.LINEOFSIGHT_WARM_AFTER_LOAD is False (the tests' setting)."""
    if not getattr(settings, "LINEOFSIGHT_WARM_AFTER_LOAD", True):
        return None
    try:
        snap = selectors.current()
        targets = selectors.levels()
    except selectors.NoSnapshotError:
        return None

    def run() -> None:
        try:
            selectors.warm(snap, targets)
        except Exception:  # warming is an optimisation: a failure only means the first view is slower
            log.exception("warming the new snapshot failed")

    thread = threading.Thread(target=run, name="warm-snapshot", daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------- levels and local standards

def parse_level(text: str | None) -> float | None:
    """A threshold or target typed into the levels page: blank is None (use the default)."""
    text = (text or "").strip()
    return None if text == "" else float(text)


@transaction.atomic
def set_levels(levels: dict[str, tuple[float | None, float | None]]) -> int:
    """Set (threshold, target) per measure id; (None, None) returns a measure to its defaults.
    Returns how many measures changed."""
    changed = 0
    for measure_id, (threshold, target) in levels.items():
        if measure_id not in BY_ID:
            raise ValueError(f"unknown measure {measure_id!r}")
        m = BY_ID[measure_id]
        if threshold == m.threshold and target == m.target:
            threshold = target = None  # the defaults: nothing to keep
        row = MeasureLevel.objects.filter(measure_id=measure_id).first()
        if threshold is None and target is None:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is None:
            MeasureLevel.objects.create(measure_id=measure_id, threshold=threshold, target=target)
            changed += 1
        elif (row.threshold, row.target) != (threshold, target):
            row.threshold, row.target = threshold, target
            row.save()
            changed += 1
    return changed


@transaction.atomic
def set_standards(values: dict[str, int | None]) -> int:
    """Override local standards (None returns one to the value in the snapshot's authority.toml)."""
    changed = 0
    for key, value in values.items():
        if key not in DEFAULT_STANDARDS:
            raise ValueError(f"unknown local standard {key!r}")
        row = LocalStandard.objects.filter(key=key).first()
        if value is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            LocalStandard.objects.create(key=key, value=value)
            changed += 1
        elif row.value != value:
            row.value = value
            row.save()
            changed += 1
    return changed


# ---------------------------------------------------------------- users, roles and teams

def _set_roles(user: Any, roles: Iterable[Role]) -> None:
    ensure_roles()
    keep_demo = user.groups.filter(name=DEMO_GROUP).exists()
    names = [r.value for r in roles] + ([DEMO_GROUP] if keep_demo else [])
    user.groups.set(Group.objects.filter(name__in=names))
    user._los_roles = None


def _set_teams(user: Any, teams: Iterable[str]) -> None:
    wanted = {t.strip() for t in teams if t and t.strip()}
    TeamMembership.objects.filter(user=user).exclude(team_id__in=wanted).delete()
    for team in sorted(wanted):
        TeamMembership.objects.get_or_create(user=user, team_id=team)
    user._los_teams = None


class AccountChangeRefused(ValueError):
    """This person may not make this change to this account (an administrator's or a superuser's)."""


def is_privileged(user: Any) -> bool:
    """A superuser or an administrator: an account whose takeover would open everything."""
    return bool(user.is_superuser or user.is_staff or Role.ADMINISTRATOR in policy.roles_of(user))


def check_may_change(by: Any, person: Any | None, roles: Iterable[Role] = ()) -> None:
    """Only a superuser changes a superuser's or an administrator's account, or makes someone an
    administrator; an administrator may still edit their own roles and teams (not their password here)."""
    if by.is_superuser:
        return
    if person is not None and person.pk != by.pk and is_privileged(person):
        raise AccountChangeRefused(f"only a superuser can change {person.get_username()}'s account "
                                   "(an administrator's or a superuser's)")
    if Role.ADMINISTRATOR in roles and (person is None or Role.ADMINISTRATOR not in policy.roles_of(person)):
        raise AccountChangeRefused("only a superuser can make someone an administrator")


def temporary_password() -> str:
    """A random password to hand over once; its owner must replace it at the next sign-in."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@transaction.atomic
def create_user(username: str, full_name: str, roles: Iterable[Role], teams: Iterable[str], *, by: Any) -> tuple[Any, str]:
    """A new account with a temporary password (returned, to hand over once), which its owner must
    change at the first sign-in; recorded in the audit log with who created it."""
    roles = list(roles)
    check_may_change(by, None, roles)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"an account named {username!r} already exists")
    user = user_model(username=username)
    first, _, last = full_name.strip().rpartition(" ")
    user.first_name, user.last_name = first, last
    password = temporary_password()
    user.set_password(password)
    user.save()
    _set_roles(user, roles)
    user.save()
    _set_teams(user, teams)
    require_password_change(user, by.get_username())
    record_account_change(by, f"Created the account {username} with a temporary password", account=user,
                          parameters={"roles": sorted(r.value for r in roles)})
    return user, password


@transaction.atomic
def update_user(user: Any, *, by: Any, roles: Iterable[Role], teams: Iterable[str], is_active: bool) -> None:
    """Change an account's roles, teams and whether it may sign in (never its password: see
    `set_temporary_password`). An administrator cannot remove their own administrator role or
    switch themselves off, and only a superuser changes an administrator's or a superuser's account."""
    roles = list(roles)
    check_may_change(by, user, roles)
    if user.pk == by.pk and (Role.ADMINISTRATOR not in roles or not is_active):
        raise ValueError("you cannot remove your own administrator role or switch off your own account")
    before = sorted(r.value for r in policy.roles_of(user))
    user.is_active = is_active
    _set_roles(user, roles)
    user.save()
    _set_teams(user, teams)
    after = sorted(r.value for r in roles)
    if before != after:
        record_account_change(by, f"Changed the roles of {user.get_username()}", account=user,
                              parameters={"before": before, "after": after})


@transaction.atomic
def set_temporary_password(user: Any, *, by: Any) -> str:
    """Replace a forgotten password with a temporary one (returned, to hand over once) that the owner
    must change at the next sign-in; nobody sets another person's lasting password. Recorded in the
    audit log with who did it. Your own password you change on the password page."""
    if user.pk == by.pk:
        raise AccountChangeRefused("change your own password on the password page")
    check_may_change(by, user)
    password = temporary_password()
    user.set_password(password)
    user.save()
    require_password_change(user, by.get_username())
    record_account_change(by, f"Set a temporary password for {user.get_username()}", account=user)
    return password
