"""The building blocks of the data model: a table is declared once and everything else is derived."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["id", "text", "code", "date", "flag", "int", "float", "json"]

DUCKDB_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "code": "VARCHAR",
    "date": "DATE",
    "flag": "VARCHAR",  # 'Y' or 'N'
    "int": "INTEGER",
    "float": "DOUBLE",
    "json": "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    nullable: bool = True
    codes: str | None = None  # name of a code list in schema.codes
    references: str | None = None  # "table.column" this value must exist in
    extension: bool = False  # not in the SSD; `why` says what the product needs it for
    why: str = ""
    personal: bool = False  # identifies a person: never logged, never shown to aggregate roles

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str
    person_column: str | None = None
    main_date: str | None = None
    extension: bool = False
    why: str = ""
    item_prefix: str = field(default="")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def not_null(self) -> set[str]:
        """Columns stored NOT NULL: keys and people. A main date may be empty (a conference booked but not
        yet held, a review planned): such rows load, and the data-quality rules report them."""
        return {c.name for c in self.columns if not c.nullable and c.name != self.main_date}

    @property
    def date_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.type == "date"]
