"""docs/ssd-compatibility.md is generated, current, and says what a council's D2I extract is read as."""

from pathlib import Path

from lineofsight.cli.schema_cmd import measure_feeds
from lineofsight.schema.compatibility import render_compatibility

ROOT = Path(__file__).resolve().parents[2]


def _row(text: str, table: str, column: str) -> list[str]:
    section = text.split(f"## `{table}`\n", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in section.splitlines() if x.startswith(f"| `{column}` |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_compatibility_doc_is_current():
    committed = (ROOT / "docs" / "ssd-compatibility.md").read_text(encoding="utf-8")
    assert committed == render_compatibility(measure_feeds()), "run `make docs` to regenerate docs/ssd-compatibility.md"


def test_measure_feeds_come_from_the_measures_sql_and_needs():
    feeds = measure_feeds()
    assert "contact_recording_late" in feeds[("ssd_contacts", "cont_contact_recorded_date")]  # its `needs`
    assert "cin_visit_on_time" in feeds[("ssd_cin_visits", "cinv_cin_visit_date")]
    assert ("ssd_send", "send_upn") not in feeds  # declared, read, used by no measure yet


def test_rows_say_position_per_system_and_what_we_read():
    text = render_compatibility(measure_feeds())
    # Mosaic names the CIN plan key differently: an alias, feeding what the key feeds
    assert _row(text, "ssd_cin_plans", "cin_plan_id")[:4] == ["`cin_plan_id`", "—", "1", "—"]
    assert _row(text, "ssd_cin_plans", "cin_plan_id")[4] == "`cinp_cin_plan_id` (declared alias)"
    # Mosaic has no person id on placements: the child comes through the period of care
    assert _row(text, "ssd_cla_placement", "clap_person_id")[1:4] == [
        "3", "— (child via `clap_cla_id` → ssd_cla_episodes)", "3"]
    # a coded column, read from codes or descriptions
    assert "(codes: category_of_abuse, or their descriptions)" in _row(text, "ssd_cp_plans",
                                                                         "cppl_cp_plan_latest_category")[4]
    # Mosaic's staging columns and D2I's calendar are kept, not read
    assert _row(text, "ssd_cp_reviews", "workflow_step_id")[4] == "kept in `_extra_columns` (not read)"
    assert _row(text, "ssd_dim_date", "date_key")[4] == "kept as it came (`_file_ssd_dim_date`)"
    # our extension, written by no system, and the measure it feeds
    row = _row(text, "ssd_contacts", "cont_contact_recorded_date")
    assert row[1:4] == ["—", "—", "—"] and "`contact_recording_late`" in row[5]
