"""Issue 13, finding 1, tested as an attacker would: a councillor collects every scorecard response
for a period (the authority and each team, as CSV) and solves for hidden cells by subtraction.

For each measure and each count (numerator, denominator) the authority total is the sum of the teams'
figures. If the total is shown and exactly one team's figure is hidden, subtraction recovers it: a
leak. Before the fix a team's own scorecard hid only that team's small figures, so a cell the
breakdown hid for protection was shown on its team's page (21 such cells on one small authority).
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.test import Client

from lineofsight.web.policy import Role
from web import authority
from web.roles import make_user

SEEDS = (11, 23, 37)


@pytest.fixture(scope="module", params=SEEDS)
def seed_home(request, tmp_path_factory):
    from lineofsight.ingest import load_folder
    from lineofsight.synth import generate

    home = tmp_path_factory.mktemp(f"attack-home-{request.param}")
    data = tmp_path_factory.mktemp(f"attack-data-{request.param}")
    mp = pytest.MonkeyPatch()
    mp.setenv("LINEOFSIGHT_HOME", str(home))
    try:
        generate(data / "full", scale="small", seed=request.param, defects=0.02)
        result = load_folder(authority.subset(data / "full", data / "subset"))
        assert result.ok
        yield home
    finally:
        mp.undo()


def _number(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _rows(client: Client, team: str | None) -> dict[str, dict]:
    response = client.get("/scorecard.csv", {"team": team} if team else {})
    assert response.status_code == 200
    return {r["measure_id"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}


TEAM_TABLE = re.compile(r'<caption>By team</caption>.*?<tbody>(.*?)</tbody>', re.S)
ROW = re.compile(r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td><td class="num">(.*?)</td>', re.S)


def _page_teams(client: Client, measure_id: str) -> dict[str, str]:
    """The measure page's team table: {team label: records shown (denominator, or the count)}."""
    response = client.get(f"/measures/{measure_id}/")
    assert response.status_code == 200
    found = TEAM_TABLE.search(response.content.decode())
    return {html.unescape(label).strip(): records.strip() for label, _, records in ROW.findall(found.group(1))} \
        if found else {}


@pytest.mark.django_db
def test_no_hidden_team_figure_can_be_recovered_by_subtraction(seed_home, monkeypatch, settings):
    """Every team's scorecard (CSV) and every measure page's team table, for the latest period: for each
    count, the cells the attacker cannot read must never be exactly one under a shown total."""
    from lineofsight.web.dashboard import selectors

    monkeypatch.setenv("LINEOFSIGHT_HOME", str(seed_home))
    settings.LINEOFSIGHT_WARM_AFTER_LOAD = False
    selectors.forget()
    snap = selectors.current()
    client = Client()
    client.force_login(make_user("councillor-attack", Role.SCRUTINY_MEMBER))

    teams = [t for t, _ in selectors.teams(snap)]
    id_of = {name: key for key, name in selectors.team_names(snap).items()}
    whole = _rows(client, None)
    by_team = {t: _rows(client, t) for t in teams}
    hidden_seen, leaks = 0, []
    for measure_id, total_row in whole.items():
        page = _page_teams(client, measure_id)
        records_field = "denominator" if _number(total_row["denominator"]) is not None else "numerator"
        for field in ("numerator", "denominator"):
            total = _number(total_row[field])
            known: dict[str, int | None] = {}
            for label, records in page.items():
                known[id_of.get(label, label)] = _number(records) if field == records_field else None
            for t in teams:
                shown = by_team[t].get(measure_id, {}).get(field, "–")
                if shown == "–":
                    continue
                if known.get(t) is None:
                    known[t] = _number(shown)
            unknown = [k for k, v in known.items() if v is None]
            hidden_seen += len(unknown)
            if total is not None and len(unknown) == 1:
                leaks.append((measure_id, field, unknown[0], total - sum(v for v in known.values() if v)))
    selectors.forget()
    assert hidden_seen > 0  # the attack has something to attack
    assert leaks == []
