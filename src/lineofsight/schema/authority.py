"""Authority metadata kept beside the tables in authority.toml."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

DEFAULT_STANDARDS: dict[str, int] = {
    "cin_visit_days": 20,  # local standard: children in need seen at least every 4 weeks
    "supervision_days": 30,  # local standard: case supervision at least monthly
    "care_leaver_pathway_review_months": 6,
}


@dataclass(frozen=True)
class Authority:
    la_code: str
    la_name: str
    region: str
    population: dict[int, int]  # children aged 0-17 by year (ONS mid-year estimate)
    statistical_neighbours: tuple[str, ...] = ()
    standards: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_STANDARDS))

    def population_for(self, year: int) -> int:
        """The nearest published year's population at or before `year` (else the earliest)."""
        years = sorted(self.population)
        before = [y for y in years if y <= year]
        return self.population[before[-1] if before else years[0]]


class AuthorityError(ValueError):
    pass


MIN_POPULATION, MAX_POPULATION = 1, 2_000_000  # children aged 0-17; the largest authority has under 300,000
MIN_YEAR, MAX_YEAR = 1990, 2100
GSS_CODE = re.compile(r"E(06|07|08|09|10)\d{6}")  # ONS codes of English unitary, district, metropolitan,
# London and county authorities, which some councils' systems use in place of the DfE number
MAX_STANDARD = 1000  # days or months between visits, supervisions or reviews


@cache
def la_codes() -> dict[str, str]:
    """DfE local authority numbers (as in the CIN census LEA and UPNs) -> names: the 153 authorities
    of England and the five numbers retired by reorganisations since 2019 (older returns use them).
    Source: DfE, Get Information about Schools, local authority codes."""
    text = resources.files("lineofsight.schema").joinpath("la_codes.csv").read_text("utf-8")
    return {row["la_code"]: row["la_name"] for row in csv.DictReader(io.StringIO(text))}


def parse_authority(text: str, source: str = "authority.toml") -> Authority:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AuthorityError(f"{source}: not valid TOML ({exc})") from exc
    missing = [k for k in ("la_code", "la_name", "region", "population") if k not in data]
    if missing:
        raise AuthorityError(f"{source}: missing {', '.join(missing)}")
    try:
        population = {int(y): int(n) for y, n in data["population"].items()}
    except (TypeError, ValueError) as exc:
        raise AuthorityError(f"{source}: [population] must map years to whole numbers of children") from exc
    if not population:
        raise AuthorityError(f"{source}: [population] is empty")
    # Range checks, so an impossible value is refused before it becomes a current snapshot whose every
    # rate fails (a population of 10^30 overflowed the rate arithmetic).
    for year, n in sorted(population.items()):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise AuthorityError(f"{source}: [population] year {year}: expected a year from {MIN_YEAR} to {MAX_YEAR}")
        if not MIN_POPULATION <= n <= MAX_POPULATION:
            raise AuthorityError(f"{source}: [population] {year} = {n}: expected the number of children aged 0-17, "
                                 f"from {MIN_POPULATION:,} to {MAX_POPULATION:,}")
    la_code = str(data["la_code"]).strip()
    if la_code not in la_codes() and not GSS_CODE.fullmatch(la_code):
        raise AuthorityError(f"{source}: la_code {la_code!r} is neither a DfE local authority number (three "
                             "digits, e.g. 201 for the City of London; see schema/la_codes.csv) nor an ONS code "
                             "for an English local authority (e.g. E09000001)")
    standards = dict(DEFAULT_STANDARDS)
    try:
        standards.update({k: int(v) for k, v in data.get("standards", {}).items()})
    except (TypeError, ValueError) as exc:
        raise AuthorityError(f"{source}: [standards] must be whole numbers") from exc
    for key, value in standards.items():
        if not 1 <= value <= MAX_STANDARD:
            raise AuthorityError(f"{source}: [standards] {key} = {value}: expected a whole number from 1 to {MAX_STANDARD}")
    return Authority(
        la_code=la_code,
        la_name=str(data["la_name"]),
        region=str(data["region"]),
        population=population,
        statistical_neighbours=tuple(str(x) for x in data.get("statistical_neighbours", [])),
        standards=standards,
    )


def load_authority(path: Path) -> Authority:
    return parse_authority(path.read_text(encoding="utf-8-sig"), source=str(path))


def authority_toml(a: Authority) -> str:
    import tomli_w

    return tomli_w.dumps(
        {
            "la_code": a.la_code,
            "la_name": a.la_name,
            "region": a.region,
            "statistical_neighbours": list(a.statistical_neighbours),
            "population": {str(y): n for y, n in sorted(a.population.items())},
            "standards": a.standards,
        }
    )
