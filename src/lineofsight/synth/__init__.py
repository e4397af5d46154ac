"""A realistic synthetic authority: the SSD tables of a fictional English city, generated, never real.

`generate()` runs a vectorised event simulation (journeys.py) from fourteen years before the
six-year extract window so that long care careers are in place, builds every table, cuts the
six-year extract (extract.py), injects recording defects at the requested rate (defects.py), and
writes `<table>.csv` per schema table, `authority.toml` and `defects.csv`.
"""

from __future__ import annotations

from typing import Any

# What the package offers, imported from generator.py when first asked for: the generator pulls in
# NumPy and every table's module, a tenth of a second that every CLI command paid at start-up (the CLI
# imports `synth` for its `synth` command's options) even to build a report (issue 14).
PUBLIC = ("generate", "default_end", "authority_for", "STEPS", "LA_CODE", "LA_ONS_CODE", "LA_NAME", "REGION",
          "NEIGHBOURS", "BURN_IN_YEARS", "SCALES")
__all__ = ["generate", "default_end", "authority_for", "SCALES", "STEPS"]


def __getattr__(name: str) -> Any:
    if name in PUBLIC:
        from lineofsight.synth import generator

        return getattr(generator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
