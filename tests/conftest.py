"""Shared fixtures: documents built from the real sources, through the real pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from docgen.pipeline import ROOT, Project, build

PLAN_2025 = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"


@pytest.fixture(scope="session")
def plan_2025_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    return build(PLAN_2025, Project(build=out))


@pytest.fixture(scope="session")
def plan_2025(plan_2025_path):
    return Document(str(plan_2025_path))


@pytest.fixture
def workspace(tmp_path) -> Project:
    """A copy of sources/ and templates/ that a test may break, with its own build/."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "build").mkdir()
    return Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build")
