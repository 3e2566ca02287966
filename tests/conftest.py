"""Fixtures for the unit tests (helpers and fixture files are in scratch.py, imported by name: nothing is imported
from a conftest, so plain `pytest` from the repository's root collects tests/ and tests/browser/ alike)."""
from __future__ import annotations

import pytest
from scratch import Project, new_project, scratch_ledger

from factcheck.paths import Paths


@pytest.fixture
def project(tmp_path) -> Project:
    """A scratch project with a mirror: build it with ``data(project, "build")`` then ``data(project, "commit")``."""
    return new_project(tmp_path)


@pytest.fixture
def ledger_paths(tmp_path, monkeypatch) -> Paths:
    """The scratch ledger of scratch.py (claims C01-C07), made the default project root for the test."""
    paths = scratch_ledger(tmp_path)
    monkeypatch.setenv("FACTCHECK_ROOT", str(paths.root))
    return paths
