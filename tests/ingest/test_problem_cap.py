"""The loader keeps the first 1,000 problems of each check and of each file's malformed rows, and counts the
rest (issue 13, finding 8: a 200 MB CSV held 6.8 GB of server memory collecting 10 million problems)."""

from __future__ import annotations

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.ingest.problems import COLLECT_LIMIT


def _contacts(tmp_path, n: int, line: str):
    folder = write_ssd_folder(tmp_path / "ssd", valid_rows())
    with (folder / "ssd_contacts.csv").open("a", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(line.format(i=i) + "\n")
    return folder


def test_past_the_first_1000_problems_of_a_check_one_line_counts_the_rest(tmp_path):
    folder = _contacts(tmp_path, 2_500, "X{i},P1,31/02/2024,2A,,,,REF,T1")
    result = load_folder(folder, dry_run=True, cap=10**6)
    dates = [p for p in result.problems if p.file == "ssd_contacts.csv" and p.column == "cont_contact_date"]
    assert len(dates) == COLLECT_LIMIT + 1
    (summary,) = [p for p in dates if p.row is None]
    assert "(1,500 more rows like this not listed)" in summary.expected and summary.value is None
    assert not result.ok and result.snapshot_id is None


def test_past_the_first_1000_malformed_rows_one_line_says_there_are_more(tmp_path):
    folder = _contacts(tmp_path, 1_500, "X{i},P1,2024-02-01,2A,,,,REF,T1,extra,fields")
    result = load_folder(folder, dry_run=True, cap=10**6)
    rows = [p for p in result.problems if p.file == "ssd_contacts.csv"]
    assert len([p for p in rows if p.row is not None]) == COLLECT_LIMIT
    assert any(p.row is None and f"after the first {COLLECT_LIMIT:,}" in p.expected for p in rows)
