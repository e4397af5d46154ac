"""Entry point: `lineofsight COMMAND`. Each area's commands live in their own module here."""

from __future__ import annotations

import typer

from lineofsight.cli import (
    audit_cmd,
    export_cmd,
    load_cmd,
    measures_cmd,
    plan_cmd,
    quality_cmd,
    report_cmd,
    schema_cmd,
    synth_cmd,
    web_cmd,
)
from lineofsight.cli.options import HomeOpt, use_home

app = typer.Typer(
    help="Line of Sight: children's services performance, data quality and improvement planning.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # never print local variables: they may hold child data
)


@app.callback()
def main(home: HomeOpt = None) -> None:
    """Global options."""
    use_home(home)


app.add_typer(schema_cmd.app, name="schema")
app.command("load")(load_cmd.load)
app.command("snapshots")(load_cmd.snapshots)
app.add_typer(quality_cmd.app, name="quality")
app.add_typer(plan_cmd.app, name="plan")
app.add_typer(web_cmd.app, name="web")
app.command("measures")(measures_cmd.measures)
app.command("children")(measures_cmd.children)
app.add_typer(export_cmd.app, name="export")
app.command("synth")(synth_cmd.synth)
app.add_typer(report_cmd.app, name="report")
app.add_typer(audit_cmd.app, name="audit")
# Each area registers below (one line each): synth, load/snapshots, measures, quality, plan, report, export, web.

if __name__ == "__main__":
    app()
