"""National format in, SSD folder out: the one entry point `lineofsight load` calls for non-SSD input."""

from __future__ import annotations

from pathlib import Path

from lineofsight.formats.detect import detect_format, expand
from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport
from lineofsight.formats.ssd_out import resolve_authority, write_missing_tables
from lineofsight.schema import Authority


def convert_to_ssd(
    paths: Path | str | list[Path] | list[str],
    out_dir: Path | str,
    *,
    authority: Path | Authority | None = None,
    la_code: str | None = None,
    la_name: str | None = None,
    population: int | None = None,
    format: str | None = None,
) -> ConversionReport:
    """Convert Annex A, CIN census or SSDA903 input into an SSD folder (tables + authority.toml).

    `authority` (an authority.toml) supplies the LA's metadata; otherwise the LA code comes from the
    input (the CIN census LEA) or `la_code`, and `population` (children aged 0-17) must be given.
    """
    files = expand(paths)
    fmt = format or detect_format(files)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data_files = [f for f in files if f.name != "authority.toml"]
    if authority is None and any(f.name == "authority.toml" for f in files):
        authority = next(f for f in files if f.name == "authority.toml")
    report = ConversionReport(format=fmt, sources=[str(f) for f in data_files], out_dir=out)
    if fmt == "cin_census":
        from lineofsight.formats.cin_xml_read import read_cin_census

        found = read_cin_census([f for f in data_files if f.suffix.lower() == ".xml"], out, report)
    elif fmt == "ssda903":
        from lineofsight.formats.ssda903_read import read_ssda903

        found = read_ssda903([f for f in data_files if f.suffix.lower() == ".csv"], out, report)
    elif fmt == "annex_a":
        from lineofsight.formats.annex_a_read import read_annex_a

        found = read_annex_a([f for f in data_files if f.suffix.lower() in (".xlsx", ".xlsm")], out, report)
    elif fmt == "ssd":
        raise FormatError(out, "input is already an SSD folder: load it directly")
    else:
        raise FormatError(out, f"unknown format {fmt!r}")
    write_missing_tables(out, report)
    resolve_authority(out, authority=authority, la_code=la_code, la_name=la_name, population=population,
                      years=found.get("years", ()), found_la_code=found.get("la_code"), report=report)
    return report
