"""Write each table as `<table>.csv` with exactly the schema's columns, in schema order, via DuckDB.

Dates are ISO YYYY-MM-DD, flags Y/N, and an empty field is a null. DuckDB scans the NumPy columns
directly and writes in insertion order, so the bytes depend only on the data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np

from lineofsight.schema import CODE_LISTS, Table
from lineofsight.synth.dates import NODATE
from lineofsight.synth.frame import Frame, Txt

FLAGS = np.array(["N", "Y", None], dtype=object)


def _strings(values: np.ndarray, vocab: tuple[str, ...]) -> np.ndarray:
    lookup = np.array(list(vocab) + [None], dtype=object)
    idx = np.asarray(values, dtype=np.int64)
    return lookup[np.where(idx < 0, len(vocab), idx)]


def column_data(t: Table, frame: Frame) -> tuple[dict[str, np.ndarray], list[str]]:
    """The arrays DuckDB scans and the SELECT expression for each schema column."""
    missing = [c.name for c in t.columns if c.name not in frame]
    extra = [k for k in frame if k not in t.column_names]
    if missing or extra:
        raise ValueError(f"{t.name}: generator columns differ from the schema (missing {missing}, extra {extra})")
    data: dict[str, np.ndarray] = {}
    select: list[str] = []
    for c in t.columns:
        v = frame[c.name]
        q = f'"{c.name}"'
        if isinstance(v, Txt):
            data[c.name] = _strings(v.idx, v.vocab)
            select.append(q)
        elif c.type == "date":
            data[c.name] = np.asarray(v, dtype=np.int32)
            select.append(f"CASE WHEN {q} = {int(NODATE)} THEN NULL ELSE DATE '1970-01-01' + {q} END AS {q}")
        elif c.type == "flag":
            data[c.name] = FLAGS[np.where(np.asarray(v) < 0, 2, np.asarray(v))]
            select.append(q)
        elif c.type == "code":
            data[c.name] = _strings(v, tuple(CODE_LISTS[c.codes]))
            select.append(q)
        elif c.type in ("id", "int"):
            if v.dtype == object:
                data[c.name] = v
                select.append(q)
            else:
                data[c.name] = np.asarray(v, dtype=np.int64)
                select.append(f"CASE WHEN {q} < 0 THEN NULL ELSE {q} END AS {q}")
        elif c.type == "float":
            data[c.name] = np.asarray(v, dtype=np.float64)
            select.append(f"CASE WHEN isnan({q}) THEN NULL ELSE {q} END AS {q}")
        else:
            data[c.name] = np.asarray(v, dtype=object)
            select.append(q)
    return data, select


EMPTY_DTYPES = {"date": np.int32, "float": np.float64, "text": object, "json": object}


def empty_frame(t: Table) -> Frame:
    """No rows: for the SSD tables the generator does not make (SEND, pre-proceedings ...), written as a
    header so the folder has every table an extract has."""
    return {c.name: np.zeros(0, dtype=EMPTY_DTYPES.get(c.type, np.int64)) for c in t.columns}


def write_table(con: duckdb.DuckDBPyConnection, t: Table, frame: Frame, out_dir: Path) -> None:
    data, select = column_data(t, frame)
    path = out_dir / f"{t.name}.csv"
    con.register("frame_data", data)
    try:
        con.execute(f"COPY (SELECT {', '.join(select)} FROM frame_data) TO '{path}' (HEADER, DELIMITER ',')")
    finally:
        con.unregister("frame_data")


def connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    return con
