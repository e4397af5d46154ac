"""`lineofsight report scrutiny`: writes the pack in either format with the named plan; bad requests exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from lineofsight.cli.main import app

from .plans import PLAN_NAME, make_plan
from .scan import docx_text, normalise, pdf_pages, small_numbers
from .tiny_authority import load_tiny

runner = CliRunner()
pytestmark = pytest.mark.django_db
SHORT = ["--measure", "contacts", "--measure", "assessment_45wd"]  # two measures keep the test quick


@pytest.fixture
def tiny(tmp_path) -> str:
    return load_tiny(tmp_path / "tiny")


def test_report_scrutiny_writes_a_pdf_and_a_docx_with_the_plan(tiny, tmp_path):
    make_plan()
    pdf, docx = tmp_path / "pack.pdf", tmp_path / "pack.docx"
    done = runner.invoke(app, ["report", "scrutiny", "--to", "2025-12-31", "--format", "pdf", "--out", str(pdf),
                               "--plan", PLAN_NAME, *SHORT])
    assert done.exit_code == 0, done.output
    said = normalise(done.output)
    assert f"Wrote {pdf}" in said and f"snapshot {tiny}" in said and "small numbers suppressed" in said
    text = normalise(" ".join(pdf_pages(pdf.read_bytes())))
    assert "Contacts received" in text and "131" in text and PLAN_NAME in text and f"snapshot {tiny}" in text
    assert "Assessments completed within 45 working days" in text and "Care leavers" not in text

    done = runner.invoke(app, ["report", "scrutiny", "--to", "2025-12-31", "--format", "docx", "--out", str(docx),
                               *SHORT])
    assert done.exit_code == 0, done.output
    body, footers = docx_text(docx.read_bytes())
    assert "Leaders' grip on performance" in body  # the only plan, found without --plan
    assert small_numbers(body.split("Improvement plan summary")[0]) == [] and f"snapshot {tiny}" in footers[0]


def test_the_period_end_defaults_to_the_latest_month_end(tiny, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(app, ["report", "scrutiny", "--format", "docx", "--measure", "contacts"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "scrutiny-pack-E09000998-2025-12-31.docx").exists()
    assert "No improvement plan has been set up" in docx_text(
        (tmp_path / "scrutiny-pack-E09000998-2025-12-31.docx").read_bytes())[0]


@pytest.mark.parametrize(("args", "message"), [
    (["--to", "31/12/2025"], "--to '31/12/2025': expected a date as YYYY-MM-DD"),
    (["--to", "2025-12-15"], "--to must be a month end (such as 2025-12-31), not 2025-12-15"),
    (["--to", "2026-06-30"], "the data runs from 2024-01-01 to 2025-12-31"),
    (["--plan", "Nope"], "no improvement plan called 'Nope' (plans: none yet)"),
    (["--measure", "nope"], "unknown measure 'nope'"),
    (["--format", "odt"], "'odt' is not one of"),
])
def test_bad_requests_exit_2_with_a_clear_message(tiny, args, message):
    done = runner.invoke(app, ["report", "scrutiny", *args])
    assert done.exit_code == 2
    assert message in normalise(done.output)


def test_no_snapshot_loaded_exits_2():
    done = runner.invoke(app, ["report", "scrutiny", "--to", "2025-12-31"])
    assert done.exit_code == 2 and "no snapshot loaded" in normalise(done.output)


def test_the_chart_worker_starts_before_the_pack_and_is_closed_even_when_the_pack_is_refused(tiny, tmp_path,
                                                                                             monkeypatch):
    """The CLI starts vl-convert's process first, so its start-up overlaps Django's and the snapshot's
    (issue 14), and never leaves it running: not after a pack, not after a refused request."""
    from lineofsight.reports import chart_worker, scrutiny
    from lineofsight.reports.chart_worker import ChartWorker

    started: list[ChartWorker] = []
    closed: list[ChartWorker] = []

    class Watched(ChartWorker):
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

        def close(self) -> None:
            closed.append(self)
            super().close()

    monkeypatch.setattr(chart_worker, "start", lambda formats: Watched())
    built = []
    real_build = scrutiny.build_scrutiny_pack
    monkeypatch.setattr(scrutiny, "build_scrutiny_pack",
                        lambda *a, **k: built.append(k["chart_worker"]) or real_build(*a, **k))
    done = runner.invoke(app, ["report", "scrutiny", "--format", "pdf", "--out", str(tmp_path / "p.pdf"), *SHORT])
    assert done.exit_code == 0, done.output
    assert built == started and len(started) == 1 and started[0] in closed
    assert started[0]._process.wait(timeout=60) == 0  # it ended once asked for nothing more
    done = runner.invoke(app, ["report", "scrutiny", "--to", "2026-06-30", *SHORT])
    assert done.exit_code == 2 and len(started) == 2 and started[1] in closed
    assert started[1]._process.wait(timeout=60) == 0
