"""Authority metadata kept beside the tables in authority.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
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
    standards = dict(DEFAULT_STANDARDS)
    standards.update({k: int(v) for k, v in data.get("standards", {}).items()})
    return Authority(
        la_code=str(data["la_code"]),
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
