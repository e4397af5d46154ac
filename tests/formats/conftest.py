"""Fixtures for the format tests: the tiny authority loaded as a snapshot, and the referees' venv."""

from __future__ import annotations

import pytest

from formats import validators
from formats.builders import load_authority


@pytest.fixture(scope="session")
def referee_python():
    """The validators' interpreter, created on first use (CI starts from a clean machine)."""
    return validators.ensure_venv()


@pytest.fixture
def snapshot(tmp_path):
    """The tiny authority loaded as the current snapshot of this test's own LINEOFSIGHT_HOME."""
    return load_authority(tmp_path / "ssd")
