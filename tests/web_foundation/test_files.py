"""Child-level files are the owner's only (issue 13, finding 7: under the usual umask the home was 755 and
snapshots, app.sqlite3 - audit child ids, password hashes, sessions - the cache and exports were 644)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from helpers.ssd_folder import write_ssd_folder

CLI = Path(sys.executable).parent / "lineofsight"


def _run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LINEOFSIGHT_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # the app database in the home, whatever the test run uses
    return subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(0o022))  # the usual, loose umask


def _loose(home: Path) -> list[str]:
    found = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if not path.is_symlink() and mode & 0o077:
            found.append(f"{path.relative_to(home.parent)} {mode:o}")
    return found


def test_the_home_is_0700_and_every_file_in_it_0600_under_a_loose_umask(tmp_path):
    home = tmp_path / "fresh-home"
    folder = write_ssd_folder(tmp_path / "ssd")
    for args in (("load", str(folder)), ("web", "setup", "--no-static"), ("quality", "--format", "csv"),
                 ("measures", "--warm")):
        result = _run(home, *args)
        assert result.returncode == 0, (args, result.stderr[-2000:])
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert (home / "app.sqlite3").exists() and (home / "secret_key").exists() and (home / "snapshots").is_dir()
    assert _loose(home) == []


def test_a_loose_home_is_warned_about_at_start_up(tmp_path):
    home = tmp_path / "old-home"
    home.mkdir()
    home.chmod(0o755)
    (home / "audit.log").write_text("x")
    (home / "audit.log").chmod(0o644)
    result = _run(home, "snapshots")
    err = " ".join(result.stderr.split())
    assert f"Warning: {home} is 755" in err and f"{home / 'audit.log'} is 644" in err and "chmod -R go-rwx" in err
