"""Calculator of training duties, program documents and reserve eligibility of municipal servants.

The public API is small on purpose:

- `evaluate(profile, jurisdiction, on)` returns the answer of the public contract, docs/contract.md
  (the site's page «Публичный интерфейс калькулятора»), typed by `calculator.contract`;
- `InputError` is raised for bad input, its message in Russian, naming each field;
- `jurisdictions()` lists the jurisdiction ids and titles.

The browser calls `evaluate` through `calculator.browser.handle` (JSON in, JSON out).

The evaluation path uses the standard library only, so the same code runs in
CPython and in the browser under Pyodide.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from calculator.bundle import load_bundle
from calculator.contract import Answer, Profile
from calculator.engine import evaluate_with
from calculator.facts import InputError, Problem

__all__ = ["Answer", "InputError", "Problem", "Profile", "evaluate", "jurisdictions"]


def evaluate(profile: Profile | dict[str, Any], jurisdiction: str, on: date | str) -> Answer:
    """Answer for one person: trainings owed, document of a program, reserve eligibility."""
    # The engine checks the profile itself; tests/site/test_contract_types.py and the examples keep Answer true.
    return cast(Answer, evaluate_with(load_bundle(), cast("dict[str, Any]", profile), jurisdiction, on))


def jurisdictions() -> dict[str, str]:
    """Jurisdiction ids and their Russian titles."""
    return {j.id: j.title for j in load_bundle().jurisdictions.values()}
