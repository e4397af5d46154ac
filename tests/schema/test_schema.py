"""The schema is the single source: DDL, dictionary and code lists must agree with it."""

from pathlib import Path

import duckdb
import pytest

from lineofsight.schema import BY_NAME, CODE_LISTS, TABLES, create_all_sql, table
from lineofsight.schema.dictionary import render_dictionary

ROOT = Path(__file__).resolve().parents[2]

IN_SCOPE = ["ssd_person", "ssd_disability", "ssd_immigration_status", "ssd_legal_status", "ssd_contacts", "ssd_early_help_episodes", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_assessment_factors", "ssd_cin_plans", "ssd_cin_visits", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_health", "ssd_sdq_scores", "ssd_cla_convictions", "ssd_cla_immunisations", "ssd_cla_substance_misuse", "ssd_address", "ssd_missing", "ssd_care_leavers", "ssd_permanence", "ssd_professionals", "ssd_department", "ssd_involvements", "ext_case_supervision", "ext_case_audits", "ssd_mother",
            # SSD v1.4.5 tables declared so their files are read and kept, though no measure uses them yet
            "ssd_cla_care_plan", "ssd_cla_previous_permanence", "ssd_cohort", "ssd_family", "ssd_linked_identifiers",
            "ssd_send", "ssd_sen_need", "ssd_ehcp_requests", "ssd_ehcp_assessment", "ssd_ehcp_named_plan",
            "ssd_ehcp_active_plans", "ssd_pre_proceedings", "ssd_voice_of_child", "ssd_s251_finance"]


def test_every_table_in_scope_is_declared():
    assert sorted(IN_SCOPE) == sorted(BY_NAME)


def test_ddl_creates_every_declared_column_with_its_type():
    con = duckdb.connect()
    con.execute(create_all_sql())
    for t in TABLES:
        rows = con.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [t.name],
        ).fetchall()
        assert [r[0] for r in rows] == t.column_names
        for (name, dtype, nullable), c in zip(rows, t.columns, strict=True):
            assert dtype == c.duckdb_type, name
            assert (nullable == "NO") == (c.name in t.not_null), name


def test_only_id_person_and_main_date_are_required():
    for t in TABLES:
        required = {c.name for c in t.columns if not c.nullable}
        expected = {t.primary_key} | ({t.person_column} if t.person_column else set()) | (
            {t.main_date} if t.main_date else set()
        )
        assert required == expected, t.name


@pytest.mark.parametrize(
    "name, column",
    [
        ("ssd_person", "pers_person_id"),
        ("ssd_contacts", "cont_contact_date"),
        ("ssd_cin_episodes", "cine_referral_date"),
        ("ssd_cin_assessments", "cina_assessment_auth_date"),
        ("ssd_initial_cp_conference", "icpc_icpc_date"),
        ("ssd_cp_plans", "cppl_cp_plan_start_date"),
        ("ssd_cla_placement", "clap_cla_placement_start_date"),
        ("ssd_care_leavers", "clea_care_leaver_activity"),
        ("ssd_contacts", "cont_contact_recorded_date"),
    ],
)
def test_ssd_names_are_used_exactly(name, column):
    assert column in table(name).column_names


def test_extensions_say_why():
    for t in TABLES:
        if t.extension:
            assert t.name.startswith("ext_") and t.why
        for c in t.columns:
            if c.extension:
                assert c.why, c.name
    assert table("ssd_contacts").column("cont_contact_recorded_date").extension


def test_references_and_code_lists_resolve():
    for t in TABLES:
        for c in t.columns:
            if c.references:
                target_table, target_col = c.references.split(".")
                assert table(target_table).primary_key == target_col, c.name
            if c.codes:
                assert c.codes in CODE_LISTS, c.name


def test_data_dictionary_is_current():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == render_dictionary(), "run `make docs` to regenerate docs/data-dictionary.md"
