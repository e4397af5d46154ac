"""What a conversion from a national format did: the officer must see what was mapped and what was not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ConversionReport:
    """Rows read per input list or table, rows written per SSD table, columns left behind, warnings."""

    format: str
    sources: list[str]
    out_dir: Path
    read: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def note_unmapped(self, source: str, columns: list[str]) -> None:
        if columns:
            seen = self.unmapped.setdefault(source, [])
            seen.extend(c for c in columns if c not in seen)

    def lines(self) -> list[str]:
        """A plain-text summary for the command line (counts and names only: never child data)."""
        out = [f"Format: {self.format} ({len(self.sources)} file(s))"]
        out += [f"  read {name}: {n} rows" for name, n in self.read.items()]
        out += [f"  wrote {name}: {n} rows" for name, n in self.written.items() if n]
        for source, cols in self.unmapped.items():
            out.append(f"  not mapped from {source}: {', '.join(cols)}")
        out += [f"  warning: {w}" for w in self.warnings]
        return out
