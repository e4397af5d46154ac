"""Cut the simulation down to a six-year extract and give every record its identifier.

Like a real SSD extract, it holds records open at any time in the six years to the end date:
spells (episodes, plans, placements, allocations) that overlap the window, and dated events
(contacts, visits, reviews) inside it, plus any older record a kept record points at, so every
reference resolves. Records dated after the end date do not exist yet; their end dates were already
left empty when the frames were built.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema import TABLES, table
from lineofsight.synth.dates import NODATE
from lineofsight.synth.frame import Frame, Txt, nrows, take

PERIOD = "_cla_period"
TEAM_TABLE = "ssd_department"

# (start column, end column or None for a dated event). Tables not listed are kept by rule below.
SPANS: dict[str, tuple[str, str | None]] = {
    "ssd_immigration_status": ("immi_immigration_status_start_date", "immi_immigration_status_end_date"),
    "ssd_legal_status": ("lega_legal_status_start_date", "lega_legal_status_end_date"),
    "ssd_contacts": ("cont_contact_date", None),
    "ssd_early_help_episodes": ("earl_episode_start_date", "earl_episode_end_date"),
    "ssd_cin_episodes": ("cine_referral_date", "cine_close_date"),
    "ssd_cin_assessments": ("cina_assessment_start_date", "cina_assessment_auth_date"),
    "ssd_cin_plans": ("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    "ssd_cin_visits": ("cinv_cin_visit_date", None),
    "ssd_s47_enquiry": ("s47e_s47_start_date", "s47e_s47_end_date"),
    "ssd_initial_cp_conference": ("icpc_icpc_date", None),
    "ssd_cp_plans": ("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    "ssd_cp_visits": ("cppv_cp_visit_date", None),
    "ssd_cp_reviews": ("cppr_cp_review_date", None),
    "ssd_cla_episodes": ("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_cla_placement": ("clap_cla_placement_start_date", "clap_cla_placement_end_date"),
    "ssd_cla_reviews": ("clar_cla_review_date", None),
    "ssd_cla_visits": ("clav_cla_visit_date", None),
    "ssd_cla_health": ("clah_health_check_date", None),
    "ssd_sdq_scores": ("csdq_sdq_completed_date", None),
    "ssd_cla_convictions": ("clac_cla_conviction_date", None),
    "ssd_cla_immunisations": ("clai_immunisations_status_date", None),
    "ssd_cla_substance_misuse": ("clas_substance_misuse_date", None),
    "ssd_missing": ("miss_missing_episode_start_date", None),
    "ssd_care_leavers": ("clea_record_date", None),
    "ssd_involvements": ("invo_involvement_start_date", "invo_involvement_end_date"),
    "ext_case_supervision": ("exts_supervision_date", None),
    "ext_case_audits": ("exta_audit_date", None),
    "ssd_professionals": ("prof_start_date", "prof_end_date"),
}
# Kept exactly when the record they belong to is kept.
CHILD_OF: dict[str, tuple[str, str]] = {
    "ssd_assessment_factors": ("cinf_assessment_id", "ssd_cin_assessments"),
    "ssd_permanence": ("perm_cla_id", PERIOD),
    "ssd_disability": ("disa_person_id", "ssd_person"),
    "ssd_address": ("addr_person_id", "ssd_person"),
    "ssd_mother": ("moth_person_id", "ssd_person"),
}
# References the schema does not declare (period-of-care ids, placement and plan ids).
EXTRA_REFS: dict[tuple[str, str], str] = {
    ("ssd_initial_cp_conference", "icpc_cp_plan_id"): "ssd_cp_plans",
    ("ssd_cla_episodes", "clae_cla_placement_id"): "ssd_cla_placement",
    ("ssd_cla_episodes", "clae_cla_id"): PERIOD,
    ("ssd_cla_placement", "clap_cla_id"): PERIOD,
    ("ssd_cla_reviews", "clar_cla_id"): PERIOD,
    ("ssd_cla_visits", "clav_cla_id"): PERIOD,
    ("ssd_permanence", "perm_cla_id"): PERIOD,
    ("ssd_cin_visits", "cinv_cin_plan_id"): "ssd_cin_plans",
}
ORDER_BY: dict[str, str] = {"ssd_professionals": "prof_start_date", PERIOD: "start"}


def references() -> dict[tuple[str, str], str]:
    """(table, column) -> referenced table, for every id column held as a row index."""
    refs = dict(EXTRA_REFS)
    for t in TABLES:
        for c in t.columns:
            if c.references and not c.references.startswith(TEAM_TABLE + "."):
                refs[(t.name, c.name)] = c.references.split(".")[0]
    return refs


REFS = references()


def base_masks(frames: dict[str, Frame], window: int, end: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Rows inside the window (kept) and rows that do not exist yet (future), per table."""
    keep, future = {}, {}
    for name, frame in frames.items():
        n = nrows(frame)
        keep[name] = np.zeros(n, bool)
        future[name] = np.zeros(n, bool)
        if name in SPANS:
            s_col, e_col = SPANS[name]
            start = frame[s_col].astype(np.int64)
            future[name] = start > end
            if e_col is None:
                keep[name] = (start >= window) & (start <= end)
            else:
                stop = frame[e_col].astype(np.int64)
                keep[name] = (start <= end) & ((stop >= window) | (stop == NODATE))
    return keep, future


def close_over(frames: dict[str, Frame], keep: dict[str, np.ndarray], future: dict[str, np.ndarray]) -> None:
    """Keep whatever kept rows point at (never rows that do not exist yet: those references are emptied)."""
    person_tables = {"ssd_person", PERIOD, "ssd_professionals"}
    for _ in range(10):
        changed = False
        for (name, col), target in REFS.items():
            if name not in frames or target in person_tables or target not in frames:
                continue
            ref = frames[name][col]
            live = keep[name] & (ref >= 0)
            ids = ref[live]
            gone = future[target][ids]
            if gone.any():
                ref[np.flatnonzero(live)[gone]] = -1
                ids = ids[~gone]
            newly = ~keep[target][ids]
            if newly.any():
                keep[target][ids[newly]] = True
                changed = True
        if not changed:
            break
    # Periods of care: those any kept record belongs to, with all their episodes and placements (a
    # placement always starts inside an episode of its period), then their permanence rows.
    keep[PERIOD] = _referenced(frames, keep, PERIOD)
    for name, col in (("ssd_cla_episodes", "clae_cla_id"), ("ssd_cla_placement", "clap_cla_id")):
        keep[name] |= keep[PERIOD][frames[name][col]] & ~future[name]
    keep["ssd_cla_placement"][frames["ssd_cla_episodes"]["clae_cla_placement_id"][keep["ssd_cla_episodes"]]] = True
    col, parent = CHILD_OF["ssd_assessment_factors"]
    keep["ssd_assessment_factors"] = keep[parent][frames["ssd_assessment_factors"][col]]
    col, parent = CHILD_OF["ssd_permanence"]
    keep["ssd_permanence"] = keep[parent][frames["ssd_permanence"][col]]
    keep["ssd_person"] = keep["ssd_person"] | _referenced(frames, keep, "ssd_person")
    col, parent = CHILD_OF["ssd_disability"]
    keep["ssd_disability"] = keep[parent][frames["ssd_disability"][col]]
    col, parent = CHILD_OF["ssd_address"]
    keep["ssd_address"] = keep[parent][frames["ssd_address"][col]]
    col, parent = CHILD_OF["ssd_mother"]
    keep["ssd_mother"] = keep[parent][frames["ssd_mother"][col]]
    keep["ssd_professionals"] = keep["ssd_professionals"] | _referenced(frames, keep, "ssd_professionals")
    keep["ssd_department"] = np.ones(nrows(frames["ssd_department"]), bool)


def _referenced(frames: dict[str, Frame], keep: dict[str, np.ndarray], target: str) -> np.ndarray:
    out = np.zeros(nrows(frames[target]), bool)
    for (name, col), tgt in REFS.items():
        if tgt != target or name not in frames or name == target:
            continue
        ref = frames[name][col]
        ids = ref[keep[name] & (ref >= 0)]
        out[ids] = True
    return out


def finish(frames: dict[str, Frame], keep: dict[str, np.ndarray]) -> tuple[dict[str, Frame], dict[str, np.ndarray]]:
    """Keep the rows, order them by date, number them, and turn row references into identifiers."""
    new_id: dict[str, np.ndarray] = {}
    order: dict[str, np.ndarray] = {}
    names = [t.name for t in TABLES if t.name in frames] + [PERIOD]  # tables not generated come last in TABLES
    for i, name in enumerate(names):
        frame = frames[name]
        rows = np.flatnonzero(keep[name])
        date_col = ORDER_BY.get(name) or (table(name).main_date if name != PERIOD else None)
        if date_col and name != "ssd_person":
            rows = rows[np.argsort(frame[date_col][rows], kind="stable")]
        order[name] = rows
        ids = np.full(nrows(frame), -1, np.int64)
        ids[rows] = (i + 1) * 10_000_000 + 1 + np.arange(rows.size)
        new_id[name] = ids
    out: dict[str, Frame] = {}
    for t in TABLES:
        if t.name not in frames:
            continue
        frame = take(frames[t.name], order[t.name])
        for (name, col), target in REFS.items():
            if name == t.name:
                ref = frame[col]
                frame[col] = np.where(ref >= 0, new_id[target][np.maximum(ref, 0)], -1)
        if t.primary_key not in frame:
            frame[t.primary_key] = new_id[t.name][order[t.name]]
        out[t.name] = frame
    for (name, col) in REFS:
        if name not in out:
            continue
        ref = out[name][col]
        if isinstance(ref, Txt):  # pragma: no cover - references are row indices by construction
            raise TypeError(f"{name}.{col} must be a row index")
    return out, new_id
