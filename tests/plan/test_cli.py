"""`lineofsight plan import|export|list|demo|freeze` and the Django set-up the CLI does for itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lineofsight.cli.main import app
from lineofsight.plan.models import Plan

from .test_import import good_rows, write_csv, write_xlsx

runner = CliRunner()


@pytest.mark.django_db
def test_import_then_list_then_export_every_format(tmp_path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows())
    result = runner.invoke(app, ["plan", "import", str(path), "--plan", "Ofsted plan"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # Rich wraps long lines
    assert "2 area(s) created" in said and "5 action(s) created" in said

    listed = runner.invoke(app, ["plan", "list"])
    assert listed.exit_code == 0 and "Ofsted plan" in listed.output

    exported = runner.invoke(app, ["plan", "export", "--plan", "Ofsted plan", "--format", "json"])
    assert exported.exit_code == 0
    data = json.loads(exported.stdout)
    assert data["plan"] == "Ofsted plan" and [a["ref"] for a in data["areas"]] == ["1", "2"]

    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"plan.{fmt}"
        done = runner.invoke(app, ["plan", "export", "--plan", "Ofsted plan", "--format", fmt, "--out", str(out),
                                   "--content", "summary"])
        assert done.exit_code == 0, done.output
        assert out.read_bytes().startswith(magic)


@pytest.mark.django_db
def test_a_bad_file_exits_non_zero_with_the_problems_and_imports_nothing(tmp_path) -> None:
    rows = good_rows()
    rows[6][4] = "Nearly there"
    path = write_csv(tmp_path / "bad.csv", rows)
    result = runner.invoke(app, ["plan", "import", str(path), "--plan", "Ofsted plan"])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output and "Nearly there" in result.output and "STATUS" in result.output
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_export_refuses_bad_options_and_unknown_plans(small_plan) -> None:
    assert runner.invoke(app, ["plan", "export", "--plan", "X", "--format", "odt"]).exit_code == 2
    assert runner.invoke(app, ["plan", "export", "--plan", small_plan.name, "--as-at", "31/03/2025"]).exit_code == 2
    unknown = runner.invoke(app, ["plan", "export", "--plan", "No such plan"])
    assert unknown.exit_code == 1 and "Test improvement plan" in unknown.output
    future = runner.invoke(app, ["plan", "export", "--plan", small_plan.name, "--as-at", "2999-01-01"])
    assert future.exit_code == 1 and "future" in future.output


@pytest.mark.django_db
def test_demo_and_freeze(people) -> None:
    assert runner.invoke(app, ["plan", "demo"]).exit_code == 0
    again = runner.invoke(app, ["plan", "demo"])
    assert again.exit_code == 0 and "already loaded" in again.output
    plan = Plan.objects.get()
    frozen = runner.invoke(app, ["plan", "freeze", "--plan", plan.name, "--title", "Scrutiny commission",
                                 "--held-on", "2025-07-01"])
    assert frozen.exit_code == 0, frozen.output
    assert plan.meetings.count() == 3
    twice = runner.invoke(app, ["plan", "freeze", "--plan", plan.name, "--title", "Scrutiny commission",
                                "--held-on", "2025-07-01"])
    assert twice.exit_code == 1 and "already frozen" in twice.output


def test_the_cli_migrates_a_fresh_home_by_itself(tmp_path) -> None:
    home = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run([sys.executable, "-m", "lineofsight.cli.main", "--home", str(home), "plan", "list"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "No plans yet" in done.stdout
    assert (Path(home) / "app.sqlite3").exists()


@pytest.mark.django_db
def test_dry_run_prints_what_it_would_create_and_saves_nothing(tmp_path, monkeypatch) -> None:
    from lineofsight.cli import plan_cmd

    from .test_real_plan import REC2, write_real_plan

    monkeypatch.setattr(plan_cmd.console, "width", 400)  # one line per table row, whatever the terminal
    path = write_real_plan(tmp_path / "plan.xlsx")
    result = runner.invoke(app, ["plan", "import", str(path), "--plan", "ILACS plan", "--dry-run"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert REC2 in out  # the areas ...
    row = next(line for line in out.splitlines() if "│ 24 " in line)  # ... each action, with its derived due date
    assert "LAC visiting: May 25 Contacts/referrals: Sept 25" in row and "2025-09-30" in row and "created" in row
    assert "Interpreted:" in out and "theme row: groups the actions under it (14 Workforce)" in out
    said = " ".join(out.split())
    assert "Would import into ILACS plan: 13 row(s) read; 3 area(s) created" in said
    assert "12 action(s) created" in said and "1 cell(s) kept as notes" in said
    assert "Dry run: nothing was saved." in said
    assert not Plan.objects.exists()
    done = runner.invoke(app, ["plan", "import", str(path), "--plan", "ILACS plan"])
    assert done.exit_code == 0 and "Imported into ILACS plan" in " ".join(done.output.split())
    assert Plan.objects.get().areas.count() == 3


@pytest.mark.django_db
def test_json_export_lists_exactly_the_actions_of_the_file_under_the_area_each_row_names(tmp_path) -> None:
    from .test_real_plan import ROWS, write_real_plan

    path = write_real_plan(tmp_path / "plan.xlsx")
    assert runner.invoke(app, ["plan", "import", str(path), "--plan", "ILACS plan"]).exit_code == 0
    exported = runner.invoke(app, ["plan", "export", "--plan", "ILACS plan", "--format", "json"])
    data = json.loads(exported.stdout)
    got = [(area["title"], a["ref"], a["text"].split("\n")[0]) for area in data["areas"] for a in area["actions"]]
    area, expected = None, []
    for cells, _ in ROWS:  # the area a row names: its own cell, else the one above it (merged or carried down)
        area = cells[0] or area
        if cells[1] and cells[1] != "14":  # 14 is the theme row "Workforce", not an action
            expected.append((area, cells[1], cells[2].split(" a. ")[0]))
    assert got == expected


@pytest.mark.django_db
def test_round_trip_through_the_commands_gives_an_identical_json_export(tmp_path, people) -> None:
    assert runner.invoke(app, ["plan", "demo"]).exit_code == 0
    demo = Plan.objects.get().name
    out = tmp_path / "demo.xlsx"
    assert runner.invoke(app, ["plan", "export", "--plan", demo, "--format", "xlsx", "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["plan", "import", str(out), "--plan", "Copy"]).exit_code == 0
    first, copy = (json.loads(runner.invoke(app, ["plan", "export", "--plan", name, "--format", "json"]).stdout)
                   for name in (demo, "Copy"))
    assert first.pop("plan") == demo and copy.pop("plan") == "Copy"
    assert copy == first and len([a for area in first["areas"] for a in area["actions"]]) > 10
