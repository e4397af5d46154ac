"""Every column Data to Insight's SSD v1.4.5 scripts write, for any case system, is read by this schema.

The reference is schema/ssd_v145_columns.csv (D2I's own comparison of its SystemC, Mosaic and Eclipse
table definitions). A column D2I writes is either a column of ours, a declared alias of one, or one of
the exceptions below, each with its reason. Anything else would be kept only as an unknown extra column,
which is how real data went missing before (issue 10).
"""

from lineofsight.schema import BY_NAME, table
from lineofsight.schema.aliases import ALIASES, PERSON_VIA
from lineofsight.schema.d2i import SYSTEMS, d2i_columns, d2i_header, d2i_tables

# Whole tables deliberately not declared: an extract's file for them is kept as it came (`_file_<name>`).
TABLE_EXCEPTIONS = {
    "ssd_dim_date": "D2I's calendar dimension (SystemC only; 'added but commented' in its v1.3.9 notes), not case "
                    "data; its dates, decades either side, would stretch the snapshot's calendar.",
    "ssd_pre_cla_care_plan": "a working table SystemC's script fills to build ssd_cla_care_plan (form answers, several "
                             "rows per form, no key); the care plans themselves are in ssd_cla_care_plan.",
}

# Columns of declared tables deliberately not read, by table.
COLUMN_EXCEPTIONS = {
    "ssd_cp_reviews": {
        c: "Mosaic's DDL lists the columns of its staging query beside the table's own (their positions collide "
           "with cppr_*); an extract carrying them keeps them in _extra_columns."
        for c in ("workflow_step_id", "person_id", "registration_id", "due_date", "actual_date", "review_outcome",
                  "quorate", "review_participation", "previous_conference_workflow_step_id",
                  "previous_conference_date", "previous_conference_type")
    },
}


def _read_as(table_name: str, column: str) -> str | None:
    t = BY_NAME[table_name]
    if column in t.column_names:
        return column
    return ALIASES.get(table_name, {}).get(column)


def test_the_reference_holds_every_table_and_system():
    tables = d2i_tables()
    assert len(tables) == 49 and len(d2i_columns()) == 397
    assert {"ssd_cohort", "ssd_send", "ssd_pre_proceedings", "ssd_s251_finance"} <= set(tables)
    assert d2i_header("ssd_cla_episodes", "systemc")[6] == "clae_cla_episode_ceased_date"
    assert d2i_header("ssd_cin_plans", "mosaic")[0] == "cin_plan_id"
    assert d2i_header("ssd_cohort", "mosaic") == []


def test_every_d2i_table_is_declared_or_an_exception():
    missing = [t for t in d2i_tables() if t not in BY_NAME and t not in TABLE_EXCEPTIONS]
    assert missing == []
    assert not set(TABLE_EXCEPTIONS) & set(BY_NAME)


def test_every_column_each_system_writes_is_read():
    unread = []
    for c in d2i_columns():
        if c.table in TABLE_EXCEPTIONS or c.column in COLUMN_EXCEPTIONS.get(c.table, {}):
            continue
        target = _read_as(c.table, c.column)
        if target is None or target not in table(c.table).column_names:
            unread.append((c.table, c.column, sorted(c.order)))
    assert unread == []


def test_mosaic_tables_without_a_person_column_name_the_child_through_their_parent():
    for name in BY_NAME:
        t = table(name)
        header = d2i_header(name, "mosaic")
        if not header or not t.person_column or t.person_column in header:
            continue
        assert name in PERSON_VIA, name
        link, parent, key, person = PERSON_VIA[name]
        assert link in header, name
        assert key in table(parent).column_names and person == table(parent).person_column, name


def test_every_system_writes_the_key_or_an_alias_of_it():
    for name in BY_NAME:
        t = table(name)
        for system in SYSTEMS:
            header = d2i_header(name, system)
            if not header or name in ("ssd_cla_immunisations",):
                continue  # a table this system lacks; immunisations are one row per child, keyed by the child
            read = {_read_as(name, h) for h in header}
            assert t.primary_key in read, (name, system)


def test_exceptions_are_still_real():
    """An exception naming something D2I no longer writes, or something we now read, is stale."""
    listed = {(c.table, c.column) for c in d2i_columns()}
    for name, cols in COLUMN_EXCEPTIONS.items():
        for col in cols:
            assert (name, col) in listed
            assert _read_as(name, col) is None
    assert set(TABLE_EXCEPTIONS) <= set(d2i_tables())


def test_the_dictionary_states_the_ssd_version_it_follows():
    from lineofsight.schema.dictionary import render_dictionary

    assert "Standard Safeguarding Dataset (SSD) v1.4.5:" in render_dictionary()
