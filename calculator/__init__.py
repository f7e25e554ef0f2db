"""Calculator of training duties, program documents and reserve eligibility of municipal servants.

The public API is small on purpose:

- `evaluate(profile, jurisdiction, on)` returns the answer of CONTRACT.md;
- `InputError` is raised for bad input, its message in Russian, naming each field;
- `jurisdictions()` lists the jurisdiction ids and titles.

The browser calls `evaluate` through `calculator.browser.handle` (JSON in, JSON out).

The evaluation path uses the standard library only, so the same code runs in
CPython and in the browser under Pyodide.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from calculator.bundle import load_bundle
from calculator.engine import evaluate_with
from calculator.facts import InputError, Problem

__all__ = ["InputError", "Problem", "evaluate", "jurisdictions"]


def evaluate(profile: dict[str, Any], jurisdiction: str, on: date | str) -> dict[str, Any]:
    """Answer for one person: trainings owed, document of a program, reserve eligibility."""
    return evaluate_with(load_bundle(), profile, jurisdiction, on)


def jurisdictions() -> dict[str, str]:
    """Jurisdiction ids and their Russian titles."""
    return {j.id: j.title for j in load_bundle().jurisdictions.values()}
