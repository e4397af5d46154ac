"""The generator behind `lineofsight.synth` (see the package's docstring): `generate()` and its constants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lineofsight.schema import TABLES
from lineofsight.schema.authority import DEFAULT_STANDARDS, Authority, authority_toml
from lineofsight.synth import (
    care,
    caseflow,
    extract,
    front_door,
    journeys,
    leavers,
    oversight,
    persons,
    protection,
    staff,
    styles,
    workforce,
    writer,
)
from lineofsight.synth import (
    defects as defects_mod,
)
from lineofsight.synth.calibration import DEFAULT_DEFECT_RATE, SCALES
from lineofsight.synth.dates import Clock, add_years, day, to_date
from lineofsight.synth.population import population_by_year
from lineofsight.synth.world import World

__all__ = ["generate", "default_end", "authority_for", "SCALES", "STEPS"]

# The authority is fictional, but borrows a real DfE LA number (331, Coventry) so that the DfE's UPN and
# LA checks and the SSDA903 validator's postcode lookups accept its returns (see postcodes.py).
LA_CODE = "331"
LA_ONS_CODE = "E08000026"
LA_NAME = "Hartmoor City Council"
REGION = "West Midlands"
NEIGHBOURS = ("991", "992", "993", "994", "995")
BURN_IN_YEARS = 14
STEPS = ("journeys", "front door", "workforce", "casework tables", "care", "people", "extract", "defects", "write")


def default_end(today: dt.date | None = None) -> dt.date:
    """The last day of the last complete month."""
    today = today or dt.date.today()
    return today.replace(day=1) - dt.timedelta(days=1)


def authority_for(scale: str, end: dt.date) -> Authority:
    return Authority(
        la_code=LA_CODE, la_name=LA_NAME, region=REGION,
        population=population_by_year(SCALES[scale], end.year),
        statistical_neighbours=NEIGHBOURS, standards=dict(DEFAULT_STANDARDS),
    )


def generate(out_dir: Path | str, scale: str = "medium", seed: int = 1, end: dt.date | str | None = None,
             defects: float | None = None, progress: Callable[[str], None] | None = None,
             style: str = "clean") -> dict:
    """Write a synthetic authority to `out_dir`; return a summary (row counts, defects, dates).

    `style` (synth.styles.STYLES) writes the files as our clean output or as D2I's SSD extract for a case system."""
    if style not in styles.STYLES:
        raise ValueError(f"style must be one of {', '.join(styles.STYLES)}, not {style!r}")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
    rate = DEFAULT_DEFECT_RATE if defects is None else float(defects)
    if not 0 <= rate <= 1:
        raise ValueError(f"defect rate must be between 0 and 1, not {rate}")
    end = dt.date.fromisoformat(end) if isinstance(end, str) else (end or default_end())
    out = Path(out_dir)
    step = progress or (lambda _name: None)
    authority = authority_for(scale, end)

    e = day(end)
    w0 = int(add_years(np.array([e]), -6)[0]) + 1
    start = w0 - BURN_IN_YEARS * 365
    world = World(seed=seed, children=SCALES[scale], start=start, window=w0, end=e,
                  clock=Clock(start - 800, e + 3 * 366))

    step("journeys")
    world.spine = journeys.simulate(world.rng("journeys"), world.clock, world.people, start, e, world.children)
    step("front door")
    contacts, eh_contacts = front_door.contacts(world)
    world.leavers = leavers.eligible(world)

    step("workforce")
    world.seg = caseflow.segments(world)
    in_window = (contacts["cont_contact_date"] >= w0).sum()
    adoptions = (world.spine.cla["kind"] == 2).sum() / ((e - start) / 365.25)
    posts = workforce.posts_needed(world.seg, (w0, e), in_window / 6, adoptions, world.children)
    world.wf = workforce.build(world.rng("workforce"), posts, start, e)
    world.staff_ids = staff.staff_ids(world.wf.n)
    world.compliance = 0.72 + 0.24 * world.rng("compliance").random(len(workforce.TEAMS))
    world.alloc = workforce.Allocations(workforce.allocate(world.rng("allocation"), world.seg, world.wf, e), world.seg)

    step("casework tables")
    f = world.frames
    f["ssd_contacts"] = contacts
    f["ssd_cin_episodes"] = front_door.referrals(world)
    f["ssd_cin_assessments"], f["ssd_assessment_factors"] = front_door.assessments(world)
    f["ssd_early_help_episodes"] = front_door.early_help(world, eh_contacts)
    f["ssd_s47_enquiry"] = protection.s47(world)
    f["ssd_initial_cp_conference"] = protection.icpc(world)
    f["ssd_cp_plans"] = protection.cp_plans(world)
    f["ssd_cp_reviews"] = protection.cp_reviews(world)
    f["ssd_cp_visits"] = protection.cp_visits(world)
    f["ssd_cin_plans"] = protection.cin_plans(world)
    f["ssd_cin_visits"] = protection.cin_visits(world, authority.standards["cin_visit_days"])
    step("care")
    care.build(world)
    f["ssd_care_leavers"] = leavers.care_leavers(world)
    f["ssd_immigration_status"] = leavers.immigration(world)
    step("people")
    f["ssd_department"] = staff.department()
    f["ssd_professionals"] = staff.professionals(world)
    f["ssd_involvements"] = staff.involvements(world)
    f["ext_case_supervision"] = oversight.supervision(world, authority.standards["supervision_days"])
    f["ext_case_audits"] = oversight.audits(world)
    f["ssd_person"], f["ssd_disability"] = persons.person_frames(world, LA_CODE)
    f["ssd_mother"] = persons.mothers(world, f["ssd_person"])
    first_seen = np.full(world.people.n, e, np.int64)
    np.minimum.at(first_seen, contacts["cont_person_id"], contacts["cont_contact_date"].astype(np.int64))
    np.minimum.at(first_seen, world.spine.ref["pid"], world.spine.ref["date"].astype(np.int64))
    f["ssd_address"] = persons.addresses(world, first_seen)

    step("extract")
    keep, future = extract.base_masks(f, w0, e)
    step("defects")
    log = defects_mod.inject(world, keep, rate)
    extract.close_over(f, keep, future)
    tables, new_id = extract.finish(f, keep)

    step("write")
    if out.exists():
        for t in TABLES:
            (out / f"{t.name}.csv").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    con = writer.connection()
    for t in TABLES:
        tables.setdefault(t.name, writer.empty_frame(t))
        writer.write_table(con, t, tables[t.name], out)
    (out / "authority.toml").write_text(authority_toml(authority), encoding="utf-8")
    counts = _write_defects(con, out, log, new_id)
    con.close()
    styles.restyle(out, style)
    return {
        "out": str(out), "scale": scale, "seed": seed, "end": end.isoformat(),
        "window_start": to_date(w0).isoformat(), "defect_rate": rate,
        "children": world.children,
        "rows": {t.name: int(next(iter(tables[t.name].values())).size) for t in TABLES},
        "defects": counts,
    }


def _write_defects(con, out: Path, log: defects_mod.Log, new_id: dict) -> dict[str, int]:
    """defects.csv: one row per injected defect, identifiers as written, sorted for stable bytes."""
    kinds, tabs, recs, pers = [], [], [], []
    for kind, table, rows, persons_ in log.rows:
        kinds.append(np.full(rows.size, kind, dtype=object))
        tabs.append(np.full(rows.size, table, dtype=object))
        recs.append(new_id[table][rows])
        pers.append(new_id["ssd_person"][persons_])
    data = {
        "defect_type": np.concatenate(kinds) if kinds else np.zeros(0, dtype=object),
        "table": np.concatenate(tabs) if tabs else np.zeros(0, dtype=object),
        "record_id": np.concatenate(recs) if recs else np.zeros(0, np.int64),
        "person_id": np.concatenate(pers) if pers else np.zeros(0, np.int64),
    }
    if (data["record_id"] < 0).any() or (data["person_id"] < 0).any():
        raise RuntimeError("an injected defect is on a record that is not in the extract")
    order = np.lexsort((data["record_id"], data["table"].astype(str), data["defect_type"].astype(str)))
    data = {k: v[order] for k, v in data.items()}
    path = out / "defects.csv"
    if data["record_id"].size:
        con.register("defect_rows", data)
        con.execute(f"COPY (SELECT defect_type, \"table\", record_id::VARCHAR AS record_id, person_id::VARCHAR AS person_id "
                    f"FROM defect_rows) TO '{path}' (HEADER, DELIMITER ',')")
        con.unregister("defect_rows")
    else:
        path.write_text("defect_type,table,record_id,person_id\n", encoding="utf-8")
    kinds_found, n = np.unique(data["defect_type"].astype(str), return_counts=True)
    counts = dict.fromkeys(defects_mod.TYPES, 0)
    counts.update({str(k): int(v) for k, v in zip(kinds_found, n, strict=True)})
    return counts


