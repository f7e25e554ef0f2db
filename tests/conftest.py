from __future__ import annotations

from pathlib import Path

import pytest

from calculator.authoring.compiler import compile_rules
from calculator.bundle import Bundle

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def compiled():
    result = compile_rules(RULES, run_cases=False)
    assert not result.issues, [i.message for i in result.issues]
    return result


@pytest.fixture(scope="session")
def bundle(compiled) -> Bundle:
    return Bundle.from_raw(compiled.bundle)
