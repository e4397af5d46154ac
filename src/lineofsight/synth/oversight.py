"""Case supervision and quality-assurance audits (extension tables ext_case_supervision, ext_case_audits).

Supervision follows each allocation at the authority's local standard (authority.toml
[standards] supervision_days), on time as often as the team manages; the supervisor is the team
manager in post that day. Audits sample open cases each month; grades vary by team.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth.dates import add_months
from lineofsight.synth.frame import Frame, txt
from lineofsight.synth.schedule import recurring
from lineofsight.synth.workforce import QA, TEAM_IDS
from lineofsight.synth.world import World

SUPERVISION = tuple(CODE_LISTS["supervision_type"])
GRADES = tuple(CODE_LISTS["audit_grade"])
AUDITS_PER_10K_A_MONTH = 4.0


def supervision(world: World, interval: int) -> Frame:
    rng = world.rng("supervision")
    inv = world.alloc.inv
    seg = world.seg
    sw = np.flatnonzero(seg.role[inv["seg"]] == 0)
    team = seg.team[inv["seg"][sw]]
    stop = np.minimum(inv["end"][sw], world.end)
    owner, date = recurring(rng, inv["start"][sw], stop, interval, world.compliance[team],
                            rng.integers(5, 31, sw.size), world.window)
    row = sw[owner]
    manager = world.wf.manager_at(seg.team[inv["seg"][row]], date)
    n = row.size
    return {
        "exts_person_id": seg.pid[inv["seg"][row]].astype(np.int64),
        "exts_worker_id": inv["worker"][row].astype(np.int64),
        "exts_manager_id": manager.astype(np.int64),
        "exts_supervision_date": date.astype(np.int32),
        "exts_supervision_type": rng.choice(len(SUPERVISION), size=n, p=[0.7, 0.25, 0.05]).astype(np.int16),
    }


def audits(world: World) -> Frame:
    """Each month, a sample of the children allocated that month; the auditor is a QA worker in post."""
    rng = world.rng("audits")
    inv = world.alloc.inv
    seg = world.seg
    quality = rng.normal(0.0, 0.5, len(TEAM_IDS))  # team practice quality: shifts grades up or down
    rows, dates = [], []
    m0 = world.window
    per_month = max(1, int(round(AUDITS_PER_10K_A_MONTH * world.scale)))
    while m0 <= world.end:
        m1 = min(int(add_months(np.array([m0]), 1)[0]) - 1, world.end)
        live = np.flatnonzero((inv["start"] <= m1) & (inv["end"] >= m0))
        if live.size:
            pick = live[rng.choice(live.size, size=min(per_month, live.size), replace=False)]
            pick.sort()
            lo = np.maximum(inv["start"][pick], m0)
            hi = np.minimum(inv["end"][pick], m1)
            rows.append(pick)
            dates.append(lo + (rng.random(pick.size) * (hi - lo + 1)).astype(np.int64))
        m0 = m1 + 1
    row = np.concatenate(rows)
    date = np.minimum(np.concatenate(dates), world.end)
    team = seg.team[inv["seg"][row]]
    auditor = world.wf.random_worker(rng, QA, date)
    z = quality[team] + rng.normal(0, 1, row.size)
    grade = np.digitize(z, [-1.1, 0.2, 1.7])  # inadequate / requires improvement / good / outstanding
    grade = np.array([GRADES.index(g) for g in ("inadequate", "requires improvement", "good", "outstanding")])[grade]
    return {
        "exta_person_id": seg.pid[inv["seg"][row]].astype(np.int64),
        "exta_team_id": txt(team, TEAM_IDS),
        "exta_auditor_id": auditor.astype(np.int64),
        "exta_audit_date": date.astype(np.int32),
        "exta_audit_grade": grade.astype(np.int16),
    }
