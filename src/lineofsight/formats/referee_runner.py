"""Runs inside .venv-validators (pandas < 2): Data to Insight's validators on one exported return.

Usage: python referee_runner.py cin FILE.xml RULESET
       python referee_runner.py 903 DIR RULESET LA
LA is an ONS code (E08000026) or a local authority's name, looked up in the validator's own
table of authorities (qlacref_authorities). Prints one JSON object after a marker line:
{"issues": [{rule, kind, message, table, column, count, children}], "failed_rules": [...]}.
`children` are the CHILD / LAchildID values of the rows flagged (identifiers only, never names).
Kept free of our own package, which cannot be imported in this environment: run it by its path.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import re
import sys
from collections import defaultdict
from pathlib import Path


def _issue(rule, code: str, table: str, column: str, children: list[str], kind: str) -> dict:
    return {"rule": code, "kind": kind, "message": rule.message if rule is not None else "", "table": table,
            "column": column, "count": len(children), "children": sorted({c for c in children if c})}


def run_cin(path: str, ruleset: str) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator

    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    root = ET.parse(path).getroot()
    data = cin_validator.process_data(cin_validator.convert_data(root))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        v = cin_validator.CinValidator(data, registry)
    failed = [line for line in out.getvalue().splitlines() if line.startswith("Error with rule")]
    rows: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for rec in v.full_issue_df.to_dict("records"):
        key = (str(rec["rule_code"]), str(rec.get("tables_affected")), str(rec.get("columns_affected")))
        rows[key].append(str(rec.get("child_id") or ""))
    for rec in v.multichild_issues.to_dict("records"):
        rows[(str(rec["rule_code"]), "(return)", "")].append("")
    rules = {str(r.code): r for r in registry.values()}
    issues = []
    for (code, tbl, col), children in sorted(rows.items()):
        rule = rules.get(code)
        kind = "query" if rule is not None and rule.rule_type.name.lower() == "query" else "error"
        issue = _issue(rule, code, tbl, col, children, kind)
        issue["count"] = len(children)
        issues.append(issue)
    return {"issues": issues, "failed_rules": failed}


def ons_code(la: str) -> str:
    """The ONS code for `la` (already one, or an authority's name in the validator's own table)."""
    if re.fullmatch(r"[EW]\d{8}", la):
        return la
    import qlacref_authorities

    def norm(s: str) -> str:
        return re.sub(r"[^a-z]", "", s.lower())

    for rec in qlacref_authorities.records:
        if norm(rec["UTLA21NM"]) == norm(la):
            return rec["UTLA21CD"]
    raise SystemExit(f"no local authority called {la!r} in the validator's table of authorities")


def run_903(folder: str, ruleset: str, la: str) -> dict:
    logging.disable(logging.CRITICAL)
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = [str(p) for p in sorted(Path(folder).glob("*.csv"))]
    uploaded = process_uploaded_files({"This year": files})
    year = ruleset.removeprefix("lac")  # lac2024_25 -> 2024_25; the validator wants the ending year
    collection_year = str(int(year[:4]) + 1)
    with contextlib.redirect_stdout(io.StringIO()):  # some rules print their working
        v = lac_validator.LacValidator(metadata={"collectionYear": collection_year, "localAuthority": ons_code(la)},
                                       files=uploaded, registry=registry)
    issues = []
    for table, df in v.ds_results.items():
        if table == "metadata":
            continue
        for col in [c for c in df.columns if str(c).startswith("ERR_")]:
            flagged = df[df[col].fillna(False).astype(bool)]
            if len(flagged):
                code = col[4:]
                rule = registry.get(code) or next((r for r in registry.values() if str(r.code) == code), None)
                message = rule.message if rule else ""
                kind = "query" if message.lower().startswith("please check") else "error"
                children = [str(c) for c in flagged["CHILD"]] if "CHILD" in flagged else [""] * len(flagged)
                issue = _issue(rule, code, table, ",".join(rule.affected_fields or []) if rule else "", children, kind)
                issue["count"] = len(flagged)
                issues.append(issue)
    return {"issues": issues, "failed_rules": list(v.fails)}


if __name__ == "__main__":
    kind = sys.argv[1]
    result = run_cin(sys.argv[2], sys.argv[3]) if kind == "cin" else run_903(sys.argv[2], sys.argv[3], sys.argv[4])
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result) + "\n")
