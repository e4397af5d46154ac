"""The command-line audit log: one line whenever a command prints or exports child-level data.

LINEOFSIGHT_HOME/audit.log, tab-separated: UTC time, OS user, command, number of records. Never an
identifier or a name: the log says that someone saw or exported child-level data and how much, not
whose. (The web app keeps its own, richer audit table, readable by administrators only.)
"""

from __future__ import annotations

import datetime as dt
import getpass
import os

from lineofsight import config

AUDIT_FILE = "audit.log"


def record(command: str, records: int) -> None:
    """Append one line; O_APPEND keeps concurrent writers' lines whole."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = f"uid:{os.getuid()}"
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = "\t".join([when, user, command.replace("\t", " ").replace("\n", " "), f"{int(records)} records"]) + "\n"
    fd = os.open(config.home() / AUDIT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
