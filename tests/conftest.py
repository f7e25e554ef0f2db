from __future__ import annotations

from pathlib import Path

import pytest

from calculator.authoring.compiler import compile_rules, write_bundle
from calculator.bundle import BUNDLE_PATH, Bundle, BundleError, read_bundle

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the rules before the tests when the bundle is not theirs: the runtime only loads (scripts/setup.sh compiles too)."""
    try:
        read_bundle(BUNDLE_PATH, RULES)
    except BundleError:
        write_bundle(RULES, BUNDLE_PATH, force=True)


@pytest.fixture(scope="session")
def compiled():
    result = compile_rules(RULES, run_cases=False)
    assert not result.issues, [i.message for i in result.issues]
    return result


@pytest.fixture(scope="session")
def bundle(compiled) -> Bundle:
    return Bundle.from_raw(compiled.bundle)
