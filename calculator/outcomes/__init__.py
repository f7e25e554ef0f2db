"""The outcome types, one module each, registered in one table that the engine, the compiler and the site iterate.

The order is the order an answer is assembled in (and rule pages list types in).
Adding a type: a module here (its `OUTCOME`), a line below, its build-side half
`calculator/authoring/outcomes/<type>.py` (found there by the type's name), and its
codes in rules/codes.yaml.
"""

from __future__ import annotations

from calculator.outcomes import (
    abroad_priority,
    advisory,
    date,
    document,
    duty,
    plan_exclusion,
    plan_priority,
    program_check,
    reserve_advisory,
    reserve_blocker,
    reserve_term,
)
from calculator.outcomes.base import Outcome

__all__ = ["OUTCOMES", "Outcome"]

OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in (
        duty.OUTCOME,
        plan_exclusion.OUTCOME,
        plan_priority.OUTCOME,
        abroad_priority.OUTCOME,
        document.OUTCOME,
        program_check.OUTCOME,
        reserve_blocker.OUTCOME,
        reserve_advisory.OUTCOME,
        reserve_term.OUTCOME,
        date.OUTCOME,
        advisory.OUTCOME,
    )
}
