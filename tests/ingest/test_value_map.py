"""Every mapping shipped in schema/value_map.csv, one test each: the wording is read as a code of its list,
whatever its case, and a code already in the list is never remapped."""

from __future__ import annotations

import csv

import duckdb
import pytest

from lineofsight.ingest.mapping import BUILT_IN, MAP_TABLE, create_map
from lineofsight.schema.codes import CODE_LISTS

with open(BUILT_IN, encoding="utf-8") as fh:
    SHIPPED = [(r["code_list"], r["value"], r["code"]) for r in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def value_map(tmp_path_factory):
    con = duckdb.connect()
    assert create_map(con, tmp_path_factory.mktemp("no-council-map")) == []
    yield con
    con.close()


@pytest.mark.parametrize("code_list, value, code", SHIPPED, ids=[f"{lst}:{v}" for lst, v, _ in SHIPPED])
def test_each_shipped_wording_reads_as_its_code(value_map, code_list, value, code):
    valid = CODE_LISTS[code_list] if code_list != "flag" else {"Y": "", "N": ""}
    assert code in valid
    for seen in (value, value.upper(), value.lower()):
        got = value_map.execute(f"SELECT code FROM {MAP_TABLE} WHERE code_list = ? AND value = lower(?)",
                                [code_list, seen]).fetchall()
        assert got == [(code,)]


def test_no_shipped_wording_is_itself_a_code_of_its_list_mapped_elsewhere():
    clashes = [(lst, v, c) for lst, v, c in SHIPPED if lst in CODE_LISTS and v in CODE_LISTS[lst] and v != c]
    assert clashes == []
