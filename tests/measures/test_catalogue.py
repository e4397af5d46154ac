"""The catalogue keeps its promises: the issue's ids, the population contract, sources and tests."""

import csv
import re
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from lineofsight.measures import engine
from lineofsight.measures.benchmarks import england, england_table, neighbour_figures_from_toml
from lineofsight.measures.catalogue import BY_ID, MEASURES
from lineofsight.measures.model import DIMENSIONS, POPULATION_COLUMNS
from lineofsight.schema import BY_NAME, create_all_sql
from lineofsight.schema.authority import DEFAULT_STANDARDS
from measures.builders import AUTHORITY

ISSUE_IDS = (
    "contacts", "contact_to_referral", "contact_recording_late", "referrals_rate", "rereferral_12m",
    "referral_nfa", "assessment_45wd", "assessment_median_wd", "assessment_child_seen",
    "assessment_not_in_need", "s47_rate", "icpc_15wd", "icpc_to_plan", "cp_rate", "cp_ended_2yrs",
    "cp_repeat", "cp_repeat_2yrs", "cp_open_18m", "cp_visit_10wd", "cp_visit_seen_alone",
    "cp_review_on_time", "cin_rate", "cin_visit_on_time", "unallocated", "caseload_mean", "agency_share",
    "worker_changes_3plus", "supervision_on_time", "audit_good_or_better", "cla_rate", "cla_starts",
    "cla_3plus_placements", "cla_long_term_stability", "cla_over_20_miles", "cla_unregistered",
    "cla_unregistered_visited_7d", "cla_visit_on_time", "cla_review_on_time", "cla_health_assessment",
    "cla_missing", "rhi_offered", "rhi_accepted", "adoption_a1_days", "cla_ceased_sgo_or_adoption",
    "uasc_looked_after", "care_leavers_in_touch", "care_leavers_eet_19_21",
    "care_leavers_suitable_accom_19_21", "care_leavers_pathway_plan_current", "care_leavers_in_custody",
)


def test_every_measure_the_issue_names_exists():
    assert len(ISSUE_IDS) == 50
    assert set(ISSUE_IDS) <= set(BY_ID)
    assert len(BY_ID) == len(MEASURES)  # ids are unique


@pytest.mark.parametrize("m", MEASURES, ids=lambda m: m.id)
def test_declaration(m):
    assert m.title and m.definition and m.source and m.area
    assert m.table in BY_NAME
    assert set(m.breakdowns) <= set(DIMENSIONS) and "team" in m.breakdowns
    m.definition.format_map(DEFAULT_STANDARDS)  # every placeholder is a known local standard
    if m.polarity == "neutral":
        assert m.threshold is None and m.target is None
    elif m.threshold is not None and m.target is not None:
        better = m.target >= m.threshold if m.polarity == "higher_is_better" else m.target <= m.threshold
        assert better, "the target must be at least as good as the threshold"


def test_every_population_query_returns_the_contract_columns():
    con = duckdb.connect()
    con.execute(create_all_sql())
    con.execute("CREATE TABLE ref_calendar (cal_date DATE, is_working_day BOOLEAN, is_bank_holiday BOOLEAN, "
                "wd_index INTEGER)")
    for m in MEASURES:
        assert tuple(engine.population_columns(con, AUTHORITY, m)) == POPULATION_COLUMNS, m.id


def test_every_measure_has_a_hand_worked_test():
    here = Path(__file__).parent
    text = "".join(p.read_text() for p in here.glob("test_*.py") if p.name != Path(__file__).name)
    missing = [m.id for m in MEASURES if not re.search(rf'"{m.id}"', text)]
    assert missing == []


def test_benchmarks_name_a_measure_a_period_and_a_source():
    text = resources.files("lineofsight.measures").joinpath("reference/england_benchmarks.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    assert {r["measure_id"] for r in rows} == set(england_table())
    for r in rows:
        assert r["measure_id"] in BY_ID and r["period"] and r["source"].startswith("DfE")
    assert england("rereferral_12m") == {
        "value": 22.6, "period": "year ending 31 March 2025", "unit": "percent",
        "basis": "142,900 re-referrals of 632,830 referrals",
        "source": "DfE, Children in need 2025, table C1 (explore-education-statistics.service.gov.uk)"}
    assert england("contacts") is None


def test_neighbour_figures_from_authority_toml():
    text = """la_code = "E1"
[neighbour_figures.cla_rate]
value = 72.5
period = "31 March 2025"
source = "DfE LAIT"
by_authority = { E08000025 = 70.1 }
[neighbour_figures.broken]
value = "high"
"""
    assert neighbour_figures_from_toml(text) == {"cla_rate": {
        "value": 72.5, "period": "31 March 2025", "source": "DfE LAIT", "by_authority": {"E08000025": 70.1}}}
    assert neighbour_figures_from_toml("not toml [") == {}


def test_quality_rules_name_rules_the_quality_engine_has():
    from lineofsight.quality.rules import BY_ID as RULES

    for m in MEASURES:
        assert m.quality_rules, m.id
        assert [r for r in m.quality_rules if r not in RULES] == [], m.id
