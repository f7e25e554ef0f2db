"""Fixtures for the site plugin: a real MkDocs config of this project, and a copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """mkdocs.yml, docs/ and rules/ copied to a temporary folder, to edit without touching the repo.

    The npm packages (the Pyodide runtime) are linked, not copied: 13 MB per test would be waste.
    """
    for name in ("docs", "rules"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return tmp_path


@pytest.fixture(scope="session")
def knowledge():
    """The project's own rules, compiled and indexed as the site sees them."""
    from kb_site.knowledge import load_knowledge

    return load_knowledge(ROOT / "rules")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once for all the tests that read it."""
    from kb_site.build import build_site

    target = tmp_path_factory.mktemp("out") / "site"
    assert build_site(ROOT / "mkdocs.yml", target) == 0
    return target


def real_config(config_file: Path, **overrides: object):
    """The project's mkdocs.yml loaded as MkDocs loads it (plugins included)."""
    return load_config(str(config_file), **overrides)
