"""Files as councils' systems write them (Data to Insight's SSD v1.4.5 scripts run on SQL Server and
exported to CSV): SQL Server and PostgreSQL datetimes, a byte-order mark and CRLF line ends, the text
NULL, D2I's placeholders, and the column names of the current SSD release (declared aliases)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.warehouse.snapshots import open_snapshot


def rewrite(folder: Path, name: str, rename: dict[str, str] | None = None, change=None, extra: dict | None = None) -> None:
    """Rewrite `<name>.csv` as SQL Server Management Studio exports it: BOM, CRLF, renamed headers."""
    path = folder / f"{name}.csv"
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    rows = list(reader)
    for i, r in enumerate(rows):
        if change:
            change(i, r)
    names = list(reader.fieldnames or [])
    cols = [(rename or {}).get(c, c) for c in names] + list(extra or {})
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([r[c] for c in names] + list((extra or {}).values()))
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def drop_column(folder: Path, name: str, column: str) -> list[dict]:
    """Rewrite `<name>.csv` without `column`, as an extract from a system that lacks it; returns the rows."""
    path = folder / f"{name}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    w = csv.DictWriter(out, [c for c in rows[0] if c != column], extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows


def test_sql_server_datetimes_bom_crlf_null_and_placeholders_load(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    first = valid_rows()["ssd_contacts"][0]["cont_contact_date"]

    def server_style(i: int, r: dict) -> None:
        r["cont_contact_date"] = f"{r['cont_contact_date']} 00:00:00.000" if i == 0 else f"{r['cont_contact_date']} 14:05:09"
        r["cont_contact_source_desc"] = "NULL"
        r["cont_contact_recorded_date"] = "1900-01-01 00:00:00.000"

    rewrite(folder, "ssd_contacts", change=server_style)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    with open_snapshot() as con:
        got = con.execute("SELECT cont_contact_date, cont_contact_source_desc, cont_contact_recorded_date "
                          "FROM ssd_contacts ORDER BY cont_contact_id").fetchall()
    assert got[0][0].isoformat() == first
    assert all(r[1] is None and r[2] is None for r in got)
    reported = [str(p) for p in result.warnings]
    assert any("column cont_contact_recorded_date: expected a value or an empty cell (2 placeholder value(s)" in w
               for w in reported)
    assert not any("cont_contact_source_desc" in w for w in reported)  # NULL is SQL Server's empty cell: no warning


def test_names_of_earlier_ssd_releases_are_read_through_declared_aliases(tmp_path):
    """Before v1.4.5 the ceased date was clae_cla_episode_ceased and the review's child clar_person_id;
    an extract made with an older release loads into the v1.4.5 columns and says so."""
    rows = valid_rows()
    person = rows["ssd_person"][0]["pers_person_id"]
    rows["ssd_cla_episodes"] = [
        {"clae_cla_episode_id": "E1", "clae_person_id": person, "clae_cla_episode_start_date": "2023-04-01",
         "clae_cla_episode_ceased_date": "2023-09-30"},
        {"clae_cla_episode_id": "E2", "clae_person_id": person, "clae_cla_episode_start_date": "2023-10-01"},
    ]
    folder = write_ssd_folder(tmp_path / "in", rows)
    rewrite(folder, "ssd_cla_episodes", rename={"clae_cla_episode_ceased_date": "clae_cla_episode_ceased"})
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    warnings = [str(p) for p in result.warnings]
    assert ("warning: ssd_cla_episodes.csv, row 1, column clae_cla_episode_ceased: expected a column of this "
            "schema (read as clae_cla_episode_ceased_date: a declared alias)") in warnings
    with open_snapshot() as con:
        ended = con.execute("SELECT count(clae_cla_episode_ceased_date) FROM ssd_cla_episodes").fetchone()[0]
        extras = con.execute("SELECT count(*) FROM _extra_columns").fetchone()[0]
    assert ended == 1  # the ceased date read from the old name: E1 closed, E2 open
    assert extras == 0


def test_upn_and_nhs_number_are_read_as_v145_defines_them(tmp_path):
    """SSD v1.4.5: pers_upn holds the UPN and pers_single_unique_id the NHS number (PERS013A); releases
    before v1.4 called that pers_common_child_id, read through its alias."""
    rows = valid_rows()
    folder = write_ssd_folder(tmp_path / "in", rows)
    drop_column(folder, "ssd_person", "pers_single_unique_id")
    rewrite(folder, "ssd_person", extra={"pers_common_child_id": "9434765919"})
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    with open_snapshot() as con:
        got = con.execute("SELECT pers_person_id, pers_upn, pers_single_unique_id FROM ssd_person "
                          "ORDER BY pers_person_id").fetchall()
    expected = sorted((r["pers_person_id"], r.get("pers_upn") or None, "9434765919") for r in rows["ssd_person"])
    assert got == expected


def test_descriptions_and_legacy_codes_are_read_as_codes_and_every_mapping_is_reported(tmp_path):
    rows = valid_rows()
    rows["ssd_cp_plans"][0].update(cppl_cp_plan_initial_category="Neglect", cppl_cp_plan_latest_category="emotional abuse")
    rows["ssd_person"][0]["pers_sex"] = "Female"
    rows["ssd_person"][1]["pers_sex"] = "I"  # indeterminate: no DfE code of ours, loaded as written
    rows["ssd_cin_assessments"][0]["cina_assessment_child_seen"] = "Yes"
    folder = write_ssd_folder(tmp_path / "in", rows)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    warnings = [str(p) for p in result.warnings]
    assert ("warning: ssd_cp_plans.csv, column cppl_cp_plan_initial_category: found 'Neglect'; "
            "expected a code of the category_of_abuse list (read as NEG in 1 row(s))") in warnings
    assert ("warning: ssd_person.csv, column pers_sex: found 'Female'; expected a code of the sex list "
            "(read as F in 1 row(s))") in warnings
    assert any("column pers_sex: found 'I'; expected a code from the sex list" in w for w in warnings)
    with open_snapshot() as con:
        assert con.execute("SELECT cppl_cp_plan_initial_category, cppl_cp_plan_latest_category FROM ssd_cp_plans "
                           "WHERE cppl_cp_plan_id = 'CP1'").fetchone() == ("NEG", "EMO")
        assert sorted(r[0] for r in con.execute("SELECT pers_sex FROM ssd_person").fetchall()) == sorted(
            ["F", "I", *(r["pers_sex"] for r in rows["ssd_person"][2:])])
        assert con.execute("SELECT cina_assessment_child_seen FROM ssd_cin_assessments "
                           "ORDER BY cina_assessment_id LIMIT 1").fetchone() == ("Y",)


def test_a_council_extends_the_map_with_its_own_wordings(tmp_path):
    rows = valid_rows()
    rows["ssd_cp_plans"][0]["cppl_cp_plan_initial_category"] = "Neglect (Cat 1)"
    folder = write_ssd_folder(tmp_path / "in", rows)
    (folder / "value_map.csv").write_text("code_list,value,code\ncategory_of_abuse,Neglect (Cat 1),NEG\n"
                                          "category_of_abuse,Bullying,ZZZ\n", encoding="utf-8")
    result = load_folder(folder)
    assert result.ok
    warnings = [str(p) for p in result.warnings]
    assert "warning: value_map.csv, column code: found 'ZZZ'; expected a code of the category_of_abuse list " \
           "(this mapping is ignored)" in warnings
    with open_snapshot() as con:
        assert con.execute("SELECT cppl_cp_plan_initial_category FROM ssd_cp_plans").fetchone() == ("NEG",)


def test_a_measure_whose_input_is_absent_says_so_instead_of_zero(tmp_path):
    """D2I's SSD has no contact recorded date: 'contacts recorded late' must not read 0%."""
    import datetime as dt

    from lineofsight.measures import selectors

    folder = write_ssd_folder(tmp_path / "in")
    rows = drop_column(folder, "ssd_contacts", "cont_contact_recorded_date")
    assert load_folder(folder).ok
    with open_snapshot() as con:
        from lineofsight.warehouse.snapshots import snapshot_authority

        authority = snapshot_authority(con)
        late, contacts = selectors.measure_window(con, authority, dt.date(2023, 4, 1), dt.date(2024, 3, 31),
                                                  ["contact_recording_late", "contacts"])
        card = {r["id"]: r for r in selectors.scorecard(con, authority, dt.date(2024, 3, 31))}
    assert late["value"] is None and late["numerator"] is None
    assert late["unavailable"] == "not available in this extract: needs ssd_contacts.cont_contact_recorded_date"
    assert contacts["unavailable"] is None and contacts["numerator"] == len(rows)
    assert card["contact_recording_late"]["unavailable"] == late["unavailable"]
    assert card["contact_recording_late"]["rag"] is None


def test_one_row_per_child_tables_without_a_row_id_or_a_record_date_load(tmp_path):
    """SSD v1.4.5: ssd_cla_immunisations is keyed by clai_person_id with no row id; ssd_care_leavers holds
    one current row per young person with no record date."""
    rows = valid_rows()
    person = rows["ssd_person"][0]["pers_person_id"]
    folder = write_ssd_folder(tmp_path / "in", rows)
    (folder / "ssd_cla_immunisations.csv").write_text(
        f"clai_person_id,clai_immunisations_status,clai_immunisations_status_date\r\n{person},Y,2024-01-05 00:00:00.000\r\n",
        encoding="utf-8")
    (folder / "ssd_care_leavers.csv").write_text(f"clea_person_id\r\n{person}\r\n", encoding="utf-8")
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    assert ("warning: ssd_cla_immunisations.csv, row 1, column clai_immunisations_id: expected this column "
            "(missing: each row keyed by its clai_person_id, so one row per child)") in [str(p) for p in result.warnings]
    with open_snapshot() as con:
        assert con.execute("SELECT clai_immunisations_id, clai_person_id FROM ssd_cla_immunisations").fetchall() == [
            (person, person)]
        leavers = con.execute("SELECT clea_table_id, clea_record_date FROM ssd_care_leavers").fetchall()
    latest = dt.date(2024, 2, 20)  # the latest date in valid_rows(): assessment A1's authorisation
    assert leavers == [(person, latest)]
    assert (f"warning: ssd_care_leavers.csv, column clea_record_date: expected this column (missing: each row read as "
            f"the young person's current record, dated {latest:%Y-%m-%d}, the latest date in the extract)"
            ) in [str(p) for p in result.warnings]


def test_a_mosaic_extract_without_person_ids_takes_the_child_from_the_parent_record(tmp_path):
    """Mosaic's SSD deployment has no cppv_person_id (nor clap_, cppr_, invo_person_id): each visit's
    child is its plan's."""
    folder = write_ssd_folder(tmp_path / "in")
    drop_column(folder, "ssd_cp_visits", "cppv_person_id")
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    assert ("warning: ssd_cp_visits.csv, row 1, column cppv_person_id: expected this column (missing: each "
            "record's child taken from ssd_cp_plans through cppv_cp_plan_id)") in [str(p) for p in result.warnings]
    with open_snapshot() as con:
        assert con.execute("SELECT cppv_cp_visit_id, cppv_person_id FROM ssd_cp_visits").fetchall() == [("V1", "P1")]
