"""Shared by the module tests: each test's persisted change journals (change/journal_file.py) go to its own
temporary directory, never to ~/.cloudops, so no test sees another's (lab ports are reused)."""

import pytest


@pytest.fixture(autouse=True)
def journal_dir(tmp_path, monkeypatch):
    path = tmp_path / "journals"
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", str(path))
    return path
