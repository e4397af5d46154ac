"""One error type for every problem found in a national-format file.

A council officer reading the message must be able to find the problem: it names the file, where
in it (sheet or element path), the row or line, the column, and what was expected.
"""

from __future__ import annotations

from pathlib import Path


class FormatError(ValueError):
    """A national-format input that cannot be read, located as precisely as the format allows."""

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        where: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.message = message
        self.where = where
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column}")
        return ": ".join([", ".join(parts), self.message])
