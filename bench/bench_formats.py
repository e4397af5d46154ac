"""National formats: our readers against the sector's tools, side by side on the same files.

- CIN census: our streaming read (XML to SSD tables) against csc-validator-be-cin's XML-to-tables
  step (`cin_validator.convert_data`, a DataFrame concatenation per child), on the medium
  authority's census; target ratio >= 50. And our read of the large authority's census: target < 10 s.
- SSDA903: our read of the medium authority's 903 files against liiatools' clean step
  (`s903 cleanfile`, a per-cell event stream), file by file; target ratio >= 50.
Each tool runs in its own environment (.venv-validators; .venv-liiatools, made with the oldest
Python it installs on, since its cchardet dependency has no build for Python 3.11). Each timing
is taken inside a child process around the work alone (imports excluded), and the child's peak
memory is reported beside it; our readers take seconds, so the best of three runs is reported
(the sector's tools, which take minutes, run once). The sector's tools get a time limit; a run that hits it reports
the ratio as at least the figure reached.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bench.measure import cli, generated, loaded_home, run_measured

ROOT = Path(__file__).resolve().parents[1]
VALIDATORS = ROOT / ".venv-validators" / "bin" / "python"
LIIA = ROOT / ".venv-liiatools"
LIIA_LAST_SCHEMA = 2024  # liiatools 0.2.0 ships SSDA903 schemas 2017 to 2024
THEIR_LIMIT = 1800  # seconds allowed to each sector tool
TARGETS = {"cin_ratio": 50.0, "ssda903_ratio": 50.0, "large_cin_read_seconds": 10.0}

OUR_CIN = """
import sys, time, tempfile, json
from pathlib import Path
from lineofsight.formats.cin_xml_read import read_cin_census
from lineofsight.formats.report import ConversionReport
out = Path(tempfile.mkdtemp())
t = time.perf_counter()
report = ConversionReport("cin_census", [sys.argv[1]], out)
read_cin_census([Path(sys.argv[1])], out, report)
print("@@" + json.dumps({"seconds": time.perf_counter() - t, "rows": sum(report.written.values())}))
"""
THEIR_CIN = """
import sys, time, json
import xml.etree.ElementTree as ET
from cin_validator import cin_validator
t = time.perf_counter()
tables = cin_validator.convert_data(ET.parse(sys.argv[1]).getroot())
print("@@" + json.dumps({"seconds": time.perf_counter() - t, "rows": sum(len(v) for v in tables.values())}))
"""
OUR_903 = """
import sys, time, tempfile, json
from pathlib import Path
from lineofsight.formats.ssda903_read import read_ssda903
from lineofsight.formats.report import ConversionReport
files = sorted(Path(sys.argv[1]).glob("*.csv"))
out = Path(tempfile.mkdtemp())
t = time.perf_counter()
report = ConversionReport("ssda903", [str(f) for f in files], out)
read_ssda903(files, out, report)
print("@@" + json.dumps({"seconds": time.perf_counter() - t, "rows": sum(report.read.values())}))
"""
THEIR_903 = """
import sys, time, json, tempfile, logging
from pathlib import Path
logging.disable(logging.CRITICAL)
from liiatools.datasets.s903 import s903_main_functions
files = sorted(Path(sys.argv[1]).glob("*.csv"))
logs, out = tempfile.mkdtemp(), tempfile.mkdtemp()
t = time.perf_counter()
for f in files:
    s903_main_functions.cleanfile(str(f), "BAR", logs, out)
print("@@" + json.dumps({"seconds": time.perf_counter() - t, "files": len(files)}))
"""


def _timed(python: str | Path, script: str, *args: str, limit: int = THEIR_LIMIT) -> dict:
    """Run a timing script in a child process; its own timing plus the child's peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(python), "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=str(ROOT))
    peak, ps = 0, psutil.Process(proc.pid)
    while proc.poll() is None:
        if time.perf_counter() - started > limit:
            proc.kill()
            proc.wait()
            return {"timed_out_after_seconds": limit}
        with contextlib.suppress(psutil.Error):
            peak = max(peak, ps.memory_info().rss)
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode or "@@" not in out:
        return {"error": (err or out)[-600:]}
    figures = json.loads(out.split("@@", 1)[1])
    figures["seconds"] = round(figures["seconds"], 2)
    figures["peak_mb"] = round(peak / 1e6, 1)
    return figures


def _best(runs: int, *args, **kw) -> dict:
    """The fastest of a few runs of our (quick) reader: the machine is shared, and noise only adds time."""
    results = [_timed(*args, **kw) for _ in range(runs)]
    timed = [r for r in results if "seconds" in r]
    best = min(timed, key=lambda r: r["seconds"]) if timed else results[0]
    return {**best, "runs": runs}


def _collection_year(folder: Path) -> int:
    """The latest census year the data covers completely (ending 31 March)."""
    latest = max(line.split(",")[2] for line in (folder / "ssd_cin_episodes.csv").read_text().splitlines()[1:]
                 if line.split(",")[2])
    year, month = int(latest[:4]), int(latest[5:7])
    return year if month > 3 else year - 1


def _interpreter(version: str) -> str | None:
    """A working pythonX.Y: on PATH, or one of pyenv's installed versions."""
    found = shutil.which(f"python{version}")
    if found and subprocess.run([found, "-c", "pass"], capture_output=True).returncode == 0:
        return found
    if not shutil.which("pyenv"):
        return None
    bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
    for v in sorted((b for b in bare if b.startswith(version + ".")), reverse=True):
        prefix = subprocess.run(["pyenv", "prefix", v], capture_output=True, text=True).stdout.strip()
        candidate = Path(prefix) / "bin" / f"python{version}"
        if candidate.exists():
            return str(candidate)
    return None


def _liiatools_python() -> tuple[Path | None, str]:
    """liiatools 0.2.0 in its own environment, on the oldest Python it installs with."""
    python = LIIA / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", "import liiatools"], capture_output=True).returncode == 0:
        return python, "installed"
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    tried = []
    for version in ("3.9", "3.10", "3.11"):
        interpreter = _interpreter(version)
        if not interpreter:
            continue
        shutil.rmtree(LIIA, ignore_errors=True)
        env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
        made = subprocess.run([uv, "venv", "-q", "--python", interpreter, str(LIIA)], capture_output=True, env=env)
        got = subprocess.run([uv, "pip", "install", "-q", "--python", str(python), "liiatools==0.2.0", "numpy<2"],
                             capture_output=True, text=True, env=env, timeout=900) if made.returncode == 0 else None
        if got is not None and got.returncode == 0:
            return python, f"installed on Python {version}"
        tried.append(version)
    return None, f"liiatools 0.2.0 did not install (tried Python {', '.join(tried) or 'none found'})"


def _ratio(theirs: dict, ours: dict) -> float | str | None:
    if "seconds" in ours and "seconds" in theirs and ours["seconds"] > 0:
        return round(theirs["seconds"] / ours["seconds"], 1)
    if "timed_out_after_seconds" in theirs and ours.get("seconds"):
        return f">= {round(theirs['timed_out_after_seconds'] / ours['seconds'], 1)}"
    return None


def run(ctx: dict) -> dict:
    work = Path(ctx["work"]) / "formats"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    figures: dict = {"targets": TARGETS}

    medium_home = loaded_home(ctx, "medium")
    year = _collection_year(generated(ctx, "medium"))
    figures["collection_year"] = year
    cin_file, folder903 = work / "medium_cin.xml", work / "medium_903"
    figures["export_cin_medium"] = run_measured(cli("export", "cin-census", "--year", str(year), "--out", str(cin_file),
                                                    "--lea", "999", "--home", medium_home))
    figures["export_903_medium"] = run_measured(cli("export", "ssda903", "--year", str(year), "--out", str(folder903),
                                                    "--home", medium_home))
    figures["cin_file_mb"] = round(cin_file.stat().st_size / 1e6, 1)

    subprocess.run(["bash", str(ROOT / "scripts" / "validators-venv.sh")], check=True, timeout=900)
    ours = _best(3, sys.executable, OUR_CIN, str(cin_file))
    theirs = _timed(VALIDATORS, THEIR_CIN, str(cin_file))
    figures["cin_read_medium"] = {"ours": ours, "csc_validator_be_cin": theirs, "ratio": _ratio(theirs, ours)}

    # liiatools finds the year in each file's name, and 0.2.0 knows the 903 schema up to 2024.
    named = work / "medium_903_named"
    named.mkdir()
    for f in folder903.glob("*.csv"):
        shutil.copy(f, named / f"ssda903_{min(year, LIIA_LAST_SCHEMA)}_{f.name}")
    ours903 = _best(3, sys.executable, OUR_903, str(named))
    liia, how = _liiatools_python()
    theirs903 = _timed(liia, THEIR_903, str(named)) if liia else {"not_run": how}
    figures["ssda903_read_medium"] = {"ours": ours903, "liiatools_cleanfile": theirs903, "liiatools": how,
                                      "ratio": _ratio(theirs903, ours903)}

    large_home = loaded_home(ctx, "large")
    large_year = _collection_year(generated(ctx, "large"))
    large_file = work / "large_cin.xml"
    figures["export_cin_large"] = run_measured(cli("export", "cin-census", "--year", str(large_year), "--out",
                                                   str(large_file), "--lea", "999", "--home", large_home))
    figures["cin_file_large_mb"] = round(large_file.stat().st_size / 1e6, 1)
    figures["large_cin_read"] = _best(3, sys.executable, OUR_CIN, str(large_file))
    return figures
