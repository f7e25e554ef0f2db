"""Calculator of training duties, program documents and reserve eligibility of municipal servants.

The public API is small on purpose:

- `evaluate(profile, jurisdiction, on)` returns the answer of CONTRACT.md;
- `InputError` is raised for bad input, its message in Russian, naming each field;
- `jurisdictions()` lists the jurisdiction ids and titles.

The evaluation path uses the standard library only, so the same code runs in
CPython and in the browser under Pyodide.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from calculator.bundle import load_bundle
from calculator.engine import evaluate_with
from calculator.facts import InputError, Problem

__all__ = ["InputError", "Problem", "evaluate", "evaluate_json", "jurisdictions"]


def evaluate(profile: dict[str, Any], jurisdiction: str, on: date | str) -> dict[str, Any]:
    """Answer for one person: trainings owed, document of a program, reserve eligibility."""
    return evaluate_with(load_bundle(), profile, jurisdiction, on)


def evaluate_json(profile_json: str, jurisdiction: str, on: str) -> str:
    """The same evaluation over JSON strings: what the browser worker calls."""
    try:
        profile = json.loads(profile_json)
    except json.JSONDecodeError as exc:
        raise InputError([Problem("", f"анкета — не JSON: {exc.msg} (строка {exc.lineno}, позиция {exc.colno})")]) from None
    return json.dumps(evaluate(profile, jurisdiction, on), ensure_ascii=False)


def jurisdictions() -> dict[str, str]:
    """Jurisdiction ids and their Russian titles."""
    return {j.id: j.title for j in load_bundle().jurisdictions.values()}
