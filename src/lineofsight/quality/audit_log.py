"""The command-line audit log: every time child-level findings are printed, one line is appended.

LINEOFSIGHT_HOME/audit.log, tab-separated: UTC time, OS user, command, number of records shown.
Never an identifier or a name: the log says that someone saw child-level data, not which.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os

from lineofsight import config

AUDIT_FILE = "audit.log"


def record_view(command: str, records: int) -> None:
    """Append one line for a command that printed `records` child-level records."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = f"uid:{os.getuid()}"
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = "\t".join([when, user, command.replace("\t", " "), f"{records} records"]) + "\n"
    fd = os.open(config.home() / AUDIT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
