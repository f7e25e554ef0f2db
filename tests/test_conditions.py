"""Numeric operators of the rule language compare decimals exactly, as the act's figures are written."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.conditions import compile_condition
from calculator.expressions import Situation


def holds(op: str, operand: object, value: float | int | None) -> bool | None:
    condition = compile_condition({"fact": "program.classroom_hours", op: operand}, {})
    return condition(Situation({"program.classroom_hours": value}, date(2010, 6, 1)))


# Decimals a methodologist writes (25.1, 72.3 hours, 0.3), each at both edges.
@pytest.mark.parametrize(
    ("op", "operand", "value", "expected"),
    [
        ("at_most", 25.1, 25.1, True),
        ("at_most", 25.1, 25.11, False),
        ("under", 25.1, 25.1, False),
        ("under", 25.1, 25.09, True),
        ("at_least", 72.3, 72.3, True),
        ("at_least", 72.3, 72.29, False),
        ("over", 72.3, 72.3, False),
        ("over", 72.3, 72.31, True),
        ("between", [20, 25.1], 25.1, True),
        ("between", [20, 25.1], 25.11, False),
        ("between", [20.5, 25], 20.5, True),
        ("between", [20.5, 25], 20.49, False),
        ("between", [0.1, 0.3], 0.3, True),
        ("between", [20, 25], 22, True),
        ("between", [20, 25.1], None, None),
    ],
)
def test_numeric_operators_compare_decimal_thresholds_exactly(op, operand, value, expected):
    assert holds(op, operand, value) is expected


def test_between_agrees_with_at_least_and_at_most_on_every_edge():
    for value in (19.9, 20, 20.05, 25.1, 25.100001, 25.2):
        both = holds("at_least", 20, value) and holds("at_most", 25.1, value)
        assert holds("between", [20, 25.1], value) is both, value
