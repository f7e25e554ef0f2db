"""The build-side half of each outcome type (its YAML shape and checks), one module each, in one table.

The same types, in the same order, as the runtime's `calculator.outcomes.OUTCOMES`
(a test holds the two tables to each other).
"""

from __future__ import annotations

from calculator.authoring.outcomes import (
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
from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit

__all__ = ["AUTHORED", "AuthoredOutcome", "Checker", "ShapeKit"]

AUTHORED: dict[str, AuthoredOutcome] = {
    o.name: o
    for o in (
        duty.AUTHORED,
        plan_exclusion.AUTHORED,
        plan_priority.AUTHORED,
        abroad_priority.AUTHORED,
        document.AUTHORED,
        program_check.AUTHORED,
        reserve_blocker.AUTHORED,
        reserve_advisory.AUTHORED,
        reserve_term.AUTHORED,
        date.AUTHORED,
        advisory.AUTHORED,
    )
}
