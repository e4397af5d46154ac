"""The audit line every child-level export leaves: when, who (OS user), what, how many children.

Never identifiers: the count of children is what a reviewer needs to judge an export's reach.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json

from lineofsight import config

AUDIT_FILE = "audit.log"


def record_export(command: str, children: int) -> None:
    """Append one JSON line to LINEOFSIGHT_HOME/audit.log."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "unknown"
    line = {"time": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "user": user,
            "command": command, "children": int(children)}
    with (config.home() / AUDIT_FILE).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
