"""Fixtures for the web app tests: one small synthetic snapshot per session, and a user per role.

The snapshot lives in its own LINEOFSIGHT_HOME, built once; `snapshot_home` points a test at it
(overriding the per-test home of tests/conftest.py). Users are created without a usable password
and signed in with force_login, so no password hashing slows the tests down.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from lineofsight.web.policy import Role
from web import authority
from web.roles import MATRIX_ROLES, make_user


@pytest.fixture(scope="session")
def web_home(tmp_path_factory) -> Path:
    """A LINEOFSIGHT_HOME holding one loaded, warmed snapshot of the small authority's subset."""
    home = tmp_path_factory.mktemp("web-home")
    data = tmp_path_factory.mktemp("web-data")
    before = os.environ.get("LINEOFSIGHT_HOME")
    os.environ["LINEOFSIGHT_HOME"] = str(home)
    try:
        from lineofsight.ingest import load_folder
        from lineofsight.measures import selectors as measures
        from lineofsight.warehouse import snapshots

        result = load_folder(authority.build(data))
        assert result.ok, [str(p) for p in result.errors[:5]]
        with snapshots.open_snapshot() as con:
            measures.warm(con, snapshots.snapshot_authority(con))
    finally:
        if before is None:
            os.environ.pop("LINEOFSIGHT_HOME", None)
        else:
            os.environ["LINEOFSIGHT_HOME"] = before
    return home


@pytest.fixture
def snapshot_home(web_home, monkeypatch, settings) -> Path:
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(web_home))
    settings.LINEOFSIGHT_WARM_AFTER_LOAD = False
    return web_home


@pytest.fixture
def snap(snapshot_home):
    from lineofsight.web.dashboard import selectors

    return selectors.current()


@pytest.fixture
def manager_team(snap) -> str:
    """The team the team manager belongs to: the one with the most children in the team view's lists."""
    from lineofsight.web.dashboard import selectors

    counts: dict[str, int] = {}
    for lst in selectors.exceptions(snap, snap.as_at, None):
        for child in lst["children"]:
            if child["team"]:
                counts[child["team"]] = counts.get(child["team"], 0) + 1
    return max(sorted(counts), key=lambda t: counts[t])


TEAM_MEASURES = ("cp_visit_10wd", "cin_visit_on_time", "cla_visit_on_time", "cla_review_on_time", "cp_review_on_time",
                 "supervision_on_time", "assessment_45wd", "unallocated")


@pytest.fixture
def team_measure(snap, manager_team) -> str:
    """A measure with children of the manager's team both in its numerator and out of it."""
    from lineofsight.web.dashboard import selectors

    for m in TEAM_MEASURES:
        flags = {r["in_numerator"] for r in selectors.children(snap, m, snap.as_at, f"team={manager_team}")}
        if flags == {True, False}:
            return m
    raise AssertionError(f"no measure has children of team {manager_team} on both sides")


@pytest.fixture
def other_team(snap, manager_team) -> str:
    from lineofsight.web.dashboard import selectors

    return next(t for t, _ in selectors.teams(snap) if t != manager_team)


@pytest.fixture
def users(db, manager_team) -> dict[str, object]:
    """One user per matrix role; the team manager belongs to `manager_team`."""
    return {name: make_user(name, *roles, teams=(manager_team,) if Role.TEAM_MANAGER in roles else ())
            for name, roles in MATRIX_ROLES.items()}


@pytest.fixture
def client_for(users):
    """client_for("manager") -> a test client signed in as that user (None or "anonymous": signed out)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name and name != "anonymous":
            client.force_login(users[name])
        return client

    return make
