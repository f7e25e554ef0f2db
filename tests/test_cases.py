"""The methodologists' example cases (rules/*/cases/*.yaml), one test each."""

from __future__ import annotations

import pytest

from calculator.authoring.cases import run_case
from calculator.authoring.compiler import compile_rules
from tests.conftest import RULES

_CASES = compile_rules(RULES, run_cases=False).cases


@pytest.mark.parametrize("case", _CASES, ids=[f"{c['jurisdiction']}: {c['name']}" for c in _CASES])
def test_case(case, bundle):
    result = run_case(bundle, case)
    assert not result.differences, "\n".join(result.differences)


def test_there_are_cases_for_every_jurisdiction(bundle):
    covered = {c["jurisdiction"] for c in _CASES}
    assert covered == set(bundle.jurisdictions)
