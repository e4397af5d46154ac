"""The rule catalogue as Markdown (docs/data-quality-rules.md), generated from the rules themselves."""

from __future__ import annotations

from lineofsight.quality.defects import DEFECT_RULES
from lineofsight.quality.model import FAMILIES
from lineofsight.quality.rules import ALL_RULES

HOW_IT_WORKS = """
Every rule is one small declarative definition (id, title, severity, the tables it reads, SQL returning
the offending records, a plain-English explanation and how to fix it at source). All rules run as one
set-based DuckDB query on a snapshot. Each finding names the table, record id, person id, the
responsible team and worker (the record's own, else the allocation covering the record's date, else
the child's nearest allocation) and the values that broke the rule (never a name).

"Today" for a snapshot (the reference date) is the latest date recorded in it that is not after the
day it was loaded; planned dates (due, target, expected) are left out. Working days come from
`ref_calendar` (weekends and England and Wales bank holidays excluded).

`lineofsight quality` lists findings (table, json or csv) and writes a line to the audit log;
`lineofsight quality teams` gives findings per 100 open cases by team and rule, and the data-quality
score: the share of the team's case records of the last 12 months with no finding, a record with only
warnings counting half. `lineofsight quality trend` shows both across snapshots.
"""


def render_catalogue() -> str:
    lines = [
        "# Data-quality rules",
        "",
        "Generated from `lineofsight.quality.rules` by `lineofsight quality catalogue --out docs/data-quality-rules.md`;",
        "do not edit by hand.",
        "",
        HOW_IT_WORKS.strip(),
        "",
        f"{len(ALL_RULES)} rules. Severity: **error** the record cannot be right; **warning** probably wrong; "
        "**query** worth a look.",
        "",
    ]
    for family in FAMILIES:
        rules = [r for r in ALL_RULES if r.family == family]
        lines += [f"## {family.capitalize()}", ""]
        for r in rules:
            finds = sorted(t for t, ids in DEFECT_RULES.items() if r.id in ids)
            lines += [
                f"### `{r.id}` ({r.severity})",
                "",
                f"**{r.title}.** {r.explanation}",
                "",
                f"*How to fix at source:* {r.fix}",
                "",
                f"Tables: {', '.join(f'`{t}`' for t in r.tables)}."
                + (f" Finds the generator's `{'`, `'.join(finds)}` defects." if finds else "")
                + (f" Finds first the records DfE validation rule{'s' if len(r.dfe_rules) > 1 else ''} "
                   f"{', '.join(r.dfe_rules)} reject{'' if len(r.dfe_rules) > 1 else 's'} in the returns." if r.dfe_rules else ""),
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
