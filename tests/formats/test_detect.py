"""Format detection by content, for `lineofsight load` to choose a reader."""

from __future__ import annotations

import pytest

from formats.builders import write_authority
from formats.cin_samples import CHILD_2025, census
from lineofsight.formats import FormatError, convert_to_ssd, detect_format


def test_ssd_folder(tmp_path):
    assert detect_format(write_authority(tmp_path / "ssd")) == "ssd"
    with pytest.raises(FormatError, match="already an SSD folder"):
        convert_to_ssd(tmp_path / "ssd", tmp_path / "out")


def test_mixed_formats_refused(tmp_path):
    (tmp_path / "c.xml").write_text(census(2025, CHILD_2025))
    (tmp_path / "h.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n")
    with pytest.raises(FormatError, match="a mix of formats"):
        detect_format(tmp_path)


def test_unknown_and_missing(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "x.csv").write_text("A,B\n1,2\n")
    with pytest.raises(FormatError, match="no recognisable data"):
        detect_format(tmp_path)
    with pytest.raises(FormatError, match="no such file"):
        detect_format(tmp_path / "nowhere")
    (tmp_path / "other.xml").write_text("<rss/>")
    with pytest.raises(FormatError, match="not a CIN census"):
        detect_format(tmp_path / "other.xml")
