"""What Data to Insight's SSD v1.4.5 deployment scripts write, per case system, read from ssd_v145_columns.csv.

The CSV is a distilled copy of D2I's own comparison of its three deployment scripts' table definitions:

- repository: https://github.com/data-to-insight/ssd-data-model
- path: analysis/ddl_reference/ddl_compare_column_matrix.csv
- commit: 416640f2d5b2a51746dca6697f821aaa53fef850 (read 2026-12-04)

One row per table and column D2I defines in any system: the column's position in the CREATE TABLE of the
SystemC (Liquidlogic), Mosaic and Eclipse scripts (blank where that system lacks it) and its SQL Server type
in SystemC. D2I's own file carries more (sizes, nullability, duplicate checks); only what a reader of an
extract needs is kept. Things worth knowing that the matrix shows:

- Mosaic has no person id on ssd_cin_visits (it carries `cinv_cin_plan_id`), ssd_cla_placement,
  ssd_cp_visits, ssd_cp_reviews or ssd_involvements, and names the CIN plan key `cin_plan_id`;
  `clar_cla_person_id` appears only in Mosaic's ssd_cla_reviews.
- Mosaic's ssd_cp_reviews also lists the columns of its staging query (workflow_step_id, person_id, ...),
  which collide in position with the table's own; they are listed as D2I has them.
- ssd_cohort, ssd_dim_date and ssd_pre_cla_care_plan are SystemC only; ssd_family is not in Mosaic.
- The NHS number is `pers_single_unique_id` (PERS013A), which D2I renamed from `pers_common_child_id` in v1.4.

D2I's release notes (deployment_extracts/ssd_version_history.yml, read at commit
000c04235eed37f5d97309fd39e09f7f85c70c7c) say of v1.4.5 that `invo_professional_role_id` is now the
involvement type code (e.g. `CW`) rather than its description; v1.4.1 added `clar_cla_person_id`; v1.3.9
made `cinf_assessment_factors_json` a JSON array (`["1A", "2B"]`); v1.2.6 turned D2I's foreign keys off.
v1.4.6 (later) makes `immi_immigration_status` a code; in v1.4.5 it is still the description.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

System = Literal["systemc", "mosaic", "eclipse"]
SYSTEMS: tuple[System, ...] = ("systemc", "mosaic", "eclipse")
SSD_VERSION = "v1.4.5"


@dataclass(frozen=True)
class D2IColumn:
    table: str
    column: str
    order: dict[str, int]  # system -> position in D2I's CREATE TABLE; a system lacking the column is absent
    systemc_type: str


@cache
def d2i_columns() -> tuple[D2IColumn, ...]:
    """Every table and column D2I's v1.4.5 scripts define, in the reference's order."""
    text = resources.files("lineofsight.schema").joinpath("ssd_v145_columns.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        order = {s: int(row[f"{s}_order"]) for s in SYSTEMS if row[f"{s}_order"]}
        out.append(D2IColumn(row["table"], row["column"], order, row["systemc_type"]))
    return tuple(out)


def d2i_tables() -> list[str]:
    """The tables D2I defines in any system, in the reference's order."""
    return list(dict.fromkeys(c.table for c in d2i_columns()))


def d2i_header(table: str, system: System) -> list[str]:
    """The columns `system`'s script writes for `table`, in its order (empty when it has no such table).

    Where Mosaic lists a staging query's columns beside the table's own (positions collide), the table's
    own are the ones another system also has; the staging ones are left out."""
    cols = [c for c in d2i_columns() if c.table == table and system in c.order]
    if len({c.order[system] for c in cols}) < len(cols):
        cols = [c for c in cols if len(c.order) > 1]
    return [c.column for c in sorted(cols, key=lambda c: c.order[system])]
