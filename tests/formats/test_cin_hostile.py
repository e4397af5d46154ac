"""Hostile and malformed CIN census files: a clear error naming the file and place, never a hang.

Each hostile parse runs in a fresh Python process with a one-gigabyte address-space limit and a time-out,
so an entity bomb that expanded, or a parser that hung, would fail the test rather than the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from formats.cin_samples import BILLION_LAUGHS, CHILD_2025, EXTERNAL_DTD, EXTERNAL_ENTITY, census
from lineofsight.formats import FormatError, convert_to_ssd
from lineofsight.formats.cin_xml_parse import MAX_DEPTH, MAX_TEXT

CHILD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from lineofsight.formats import FormatError, convert_to_ssd
from lineofsight.formats.cin_xml_read import read_cin_census
from lineofsight.formats.report import ConversionReport
path, out, max_bytes = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
try:
    if max_bytes == "-":
        convert_to_ssd([path], out, population=1000)
    else:
        read_cin_census([Path(path)], out, ConversionReport("cin_census", [path], out), max_bytes=int(max_bytes))
    result = ("ok", "")
except FormatError as exc:
    result = ("FormatError", str(exc))
except BaseException as exc:  # anything else is a failure of the reader
    result = (type(exc).__name__, str(exc))
print("@@" + json.dumps(result))
"""


def convert_safely(path: Path, tmp_path: Path, max_bytes: int | None = None) -> tuple[str, str]:
    """Convert in a fresh, memory-capped Python process; (exception name, message), failing on a hang."""
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path), str(tmp_path / "out"),
                               "-" if max_bytes is None else str(max_bytes)],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} did not finish within 60 s")
    assert "@@" in proc.stdout, f"child exited {proc.returncode} without a result (memory exhausted?): {proc.stderr[-500:]}"
    kind, message = json.loads(proc.stdout.split("@@", 1)[1])
    return kind, message


def test_billion_laughs_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BILLION_LAUGHS)
    kind, message = convert_safely(bomb, tmp_path)
    assert kind == "FormatError"
    assert "bomb.xml" in message and "refused" in message and "DTD" in message
    assert "line 2" in message


def test_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    evil = tmp_path / "evil.xml"
    evil.write_text(EXTERNAL_ENTITY.format(path=secret))
    kind, message = convert_safely(evil, tmp_path)
    assert kind == "FormatError"
    assert "evil.xml" in message and "refused" in message
    assert "TOPSECRETVALUE" not in message
    assert not any("TOPSECRETVALUE" in p.read_text() for p in (tmp_path / "out").glob("*.csv"))


def test_external_dtd_is_refused(tmp_path):
    evil = tmp_path / "dtd.xml"
    evil.write_text(EXTERNAL_DTD.format(path=tmp_path / "x.dtd"))
    kind, message = convert_safely(evil, tmp_path)
    assert kind == "FormatError" and "refused" in message


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.xml"
    big.write_text(census(2025, *[CHILD_2025.replace("C1", f"C{i}") for i in range(50)]))
    kind, message = convert_safely(big, tmp_path, max_bytes=10_000)
    assert kind == "FormatError"
    assert "big.xml" in message and "10,000-byte limit" in message


def test_malformed_xml_names_line_and_element(tmp_path):
    bad = tmp_path / "bad.xml"
    text = census(2025, CHILD_2025).replace("</PrimaryNeedCode>", "</PrimaryNeed>", 1)
    bad.write_text(text)
    line = text[: text.index("</PrimaryNeed>")].count("\n") + 1
    with pytest.raises(FormatError) as err:
        convert_to_ssd([bad], tmp_path / "out", population=1000)
    message = str(err.value)
    assert "bad.xml" in message and "not well-formed" in message
    assert f"line {line}" in message
    assert "Message/Children/Child/CINdetails/PrimaryNeedCode" in message


def test_truncated_file(tmp_path):
    bad = tmp_path / "cut.xml"
    bad.write_text(census(2025, CHILD_2025)[:900])
    with pytest.raises(FormatError, match=r"cut\.xml.*not well-formed"):
        convert_to_ssd([bad], tmp_path / "out", population=1000)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    with pytest.raises(FormatError, match="empty.xml"):
        convert_to_ssd([empty], tmp_path / "out", population=1000, format="cin_census")


def test_deep_nesting_is_refused(tmp_path):
    deep = tmp_path / "deep.xml"
    deep.write_text("<Message>" + "<a>" * (MAX_DEPTH + 5) + "</a>" * (MAX_DEPTH + 5) + "</Message>")
    with pytest.raises(FormatError, match=r"deep\.xml.*nest more than"):
        convert_to_ssd([deep], tmp_path / "out", population=1000)


def test_huge_text_is_refused(tmp_path):
    huge = tmp_path / "huge.xml"
    huge.write_text(census(2025, CHILD_2025.replace("<UPN>A201200115001</UPN>", "<UPN>" + "A" * (MAX_TEXT + 1) + "</UPN>")))
    with pytest.raises(FormatError) as err:
        convert_to_ssd([huge], tmp_path / "out", population=1000)
    assert "huge.xml" in str(err.value) and "ChildIdentifiers/UPN" in str(err.value)


def test_wrong_root_element(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<Message><Header><CollectionDetails><Collection>SSDA903</Collection>"
                     "</CollectionDetails></Header><Children/></Message>")
    with pytest.raises(FormatError, match=r"expected CIN, found 'SSDA903'"):
        convert_to_ssd([other], tmp_path / "out", population=1000)
    root = tmp_path / "root.xml"
    root.write_text("<Message/>".replace("Message", "Return"))
    with pytest.raises(FormatError, match=r"root element is <Return>, expected <Message>"):
        convert_to_ssd([root], tmp_path / "out", population=1000, format="cin_census")


def test_bad_date_names_file_element_line_and_value(tmp_path):
    bad = tmp_path / "dates.xml"
    text = census(2025, CHILD_2025.replace("<CPPstartDate>2024-05-30", "<CPPstartDate>30/05/2024"))
    bad.write_text(text)
    with pytest.raises(FormatError) as err:
        convert_to_ssd([bad], tmp_path / "out", population=1000)
    e = err.value
    assert e.file == str(bad) and e.column == "CPPstartDate" and e.where.endswith("ChildProtectionPlans/CPPstartDate")
    assert e.line == text[: text.index("<ChildProtectionPlans>")].count("\n") + 1
    assert "'30/05/2024'" in str(e) and "YYYY-MM-DD" in str(e)


def test_missing_child_id_and_bad_flag(tmp_path):
    bad = tmp_path / "noid.xml"
    bad.write_text(census(2025, CHILD_2025.replace("<LAchildID>C1</LAchildID>", "")))
    with pytest.raises(FormatError, match=r"required <LAchildID> is missing"):
        convert_to_ssd([bad], tmp_path / "out", population=1000)
    flag = tmp_path / "flag.xml"
    flag.write_text(census(2025, CHILD_2025.replace("<ReferralNFA>false", "<ReferralNFA>maybe")))
    with pytest.raises(FormatError, match=r"ReferralNFA.*expected true, false, 1 or 0, found 'maybe'"):
        convert_to_ssd([flag], tmp_path / "out", population=1000)


def test_nothing_written_on_error(tmp_path):
    """A bad file leaves no half-converted folder for the loader to pick up."""
    bad = tmp_path / "bad.xml"
    bad.write_text(census(2025, CHILD_2025).replace("2024-05-06", "2024-13-06"))
    with pytest.raises(FormatError):
        convert_to_ssd([bad], tmp_path / "out", population=1000)
    assert not list((tmp_path / "out").glob("*.csv"))
