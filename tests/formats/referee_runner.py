"""Runs inside .venv-validators (pandas < 2): Data to Insight's validators on one exported return.

Usage: python referee_runner.py cin FILE.xml RULESET
       python referee_runner.py 903 DIR RULESET LA_ONS_CODE
Prints one JSON object: {"issues": [{rule, kind, message, table, column, count}], "failed_rules": [...]}.
Kept free of our own package (it cannot be imported here) and of child identifiers (counts only).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import sys
from collections import Counter
from pathlib import Path


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
    counts: Counter = Counter()
    for rec in v.full_issue_df.to_dict("records"):
        counts[(str(rec["rule_code"]), str(rec.get("tables_affected")), str(rec.get("columns_affected")))] += 1
    for rec in v.multichild_issues.to_dict("records"):
        counts[(str(rec["rule_code"]), "(return)", "")] += 1
    rules = {str(r.code): r for r in registry.values()}
    issues = []
    for (code, tbl, col), n in sorted(counts.items()):
        rule = rules.get(code)
        kind = rule.rule_type.name.lower() if rule is not None else "error"
        issues.append({"rule": code, "kind": "query" if kind == "query" else "error",
                       "message": rule.message if rule else "", "table": tbl, "column": col, "count": n})
    return {"issues": issues, "failed_rules": failed}


def run_903(folder: str, ruleset: str, la: str) -> dict:
    logging.disable(logging.CRITICAL)
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = [str(p) for p in sorted(Path(folder).glob("*.csv"))]
    uploaded = process_uploaded_files({"This year": files})
    year = ruleset.removeprefix("lac")  # lac2024_25 -> 2024_25; the validator wants the ending year
    collection_year = str(int(year[:4]) + 1)
    v = lac_validator.LacValidator(metadata={"collectionYear": collection_year, "localAuthority": la},
                                   files=uploaded, registry=registry)
    issues = []
    for table, df in v.ds_results.items():
        if table == "metadata":
            continue
        for col in [c for c in df.columns if str(c).startswith("ERR_")]:
            n = int(df[col].fillna(False).astype(bool).sum())
            if n:
                code = col[4:]
                rule = registry.get(code) or next((r for r in registry.values() if str(r.code) == code), None)
                message = rule.message if rule else ""
                kind = "query" if message.lower().startswith("please check") else "error"
                issues.append({"rule": code, "kind": kind, "message": message, "table": table,
                               "column": ",".join(rule.affected_fields or []) if rule else "", "count": n})
    return {"issues": issues, "failed_rules": list(v.fails)}


if __name__ == "__main__":
    kind = sys.argv[1]
    result = run_cin(sys.argv[2], sys.argv[3]) if kind == "cin" else run_903(sys.argv[2], sys.argv[3], sys.argv[4])
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result) + "\n")
