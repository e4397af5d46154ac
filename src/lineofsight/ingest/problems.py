"""What the loader found wrong, in a shape a performance officer can act on.

A problem names the file, the row (as a spreadsheet shows it: the header is row 1, the first data
row is row 2), the column, the value found and what was expected. Values of personal columns and
person identifiers are never carried out of DuckDB: they appear as "(hidden)" because this is
child-level data and load reports get pasted into emails and tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lineofsight.schema.model import Column, Table

HIDDEN = "(hidden)"
ROW_CONVENTION = ("Row numbers are as a spreadsheet shows them: the header is row 1, the first data row is row 2 "
                  "(in a Parquet file, row 1 is the first record).")
PERSON_KEY = "ssd_person.pers_person_id"
COLLECT_LIMIT = 1000  # problems kept per check and per file's malformed rows; past it, one line says how many more

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        found = "" if self.value is None else f"found {self.value!r}; "
        return f"{self.severity}: {where}: {found}expected {self.expected}"


def is_hidden(table: Table, column: Column) -> bool:
    """Personal columns and anything that identifies a person are never printed."""
    return (
        column.personal
        or column.name == table.person_column
        or column.references == PERSON_KEY
        or (f"{table.name}.{column.name}" == PERSON_KEY)
        or (table.name == PERSON_KEY.split(".")[0] and column.name.endswith("_id"))  # legacy id, UPN
    )
