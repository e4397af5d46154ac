"""Shared test set-up: every test gets its own LINEOFSIGHT_HOME so nothing leaks between tests."""

import os

import pytest

os.umask(0o077)  # as every entry point of the product does (lineofsight.config.private_files)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path / "home"))
