"""Conditions of the rule language, evaluated in three values: yes, no, unknown.

A condition is data written by a methodologist, for example::

    all:
      - fact: program.kind
        is: retraining
      - fact: program.classroom_hours
        over: 500

Each condition becomes a function once, when the bundle loads. An unknown fact
makes its atom unknown (None); `all`/`any`/`not` follow Kleene's logic, so a
single "no" settles an `all` even when other parts are unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from calculator.dates import add_period, full_years
from calculator.expressions import Situation, compile_date, compile_number, exact, period_of

__all__ = ["OPERATORS", "Condition", "compile_condition"]

Condition = Callable[[Situation], bool | None]

# Operator -> what its operand is; the authoring lint reads this table too.
OPERATORS: dict[str, str] = {
    "is": "value",
    "is_not": "value",
    "in": "values",
    "not_in": "values",
    "known": "bool",
    "over": "number",
    "at_least": "number",
    "under": "number",
    "at_most": "number",
    "between": "range",
    "before": "date",
    "on_or_before": "date",
    "after": "date",
    "on_or_after": "date",
    "elapsed_over": "period",
    "elapsed_at_least": "period",
    "not_below": "choice_fact",
}

_NUMERIC = {
    "over": lambda a, b: a > b,
    "at_least": lambda a, b: a >= b,
    "under": lambda a, b: a < b,
    "at_most": lambda a, b: a <= b,
}
_DATES = {
    "before": lambda a, b: a < b,
    "on_or_before": lambda a, b: a <= b,
    "after": lambda a, b: a > b,
    "on_or_after": lambda a, b: a >= b,
}


def compile_condition(spec: dict[str, Any], choice_order: dict[str, list[str]]) -> Condition:
    """Turn a normalised condition into a function of the situation."""
    if "all" in spec:
        parts = [compile_condition(p, choice_order) for p in spec["all"]]
        return lambda s: _all(parts, s)
    if "any" in spec:
        parts = [compile_condition(p, choice_order) for p in spec["any"]]
        return lambda s: _any(parts, s)
    if "not" in spec:
        inner = compile_condition(spec["not"], choice_order)

        def negated(s: Situation) -> bool | None:
            value = inner(s)
            return None if value is None else not value

        return negated
    return _atom(spec, choice_order)


def _all(parts: list[Condition], s: Situation) -> bool | None:
    result: bool | None = True
    for part in parts:
        value = part(s)
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(parts: list[Condition], s: Situation) -> bool | None:
    result: bool | None = False
    for part in parts:
        value = part(s)
        if value is True:
            return True
        if value is None:
            result = None
    return result


def _subject(spec: dict[str, Any]) -> Callable[[Situation], Any]:
    if "age" in spec:
        path = spec["age"]

        def age(s: Situation) -> Any:
            born = s.fact(path)
            return None if born is None else full_years(born, s.on)

        return age
    path = spec["fact"]
    return lambda s: s.fact(path)


def _compared(
    subject: Callable[[Situation], Any],
    other: Callable[[Situation], Any],
    compare: Callable[[Any, Any], bool],
    convert: Callable[[Any], Any],
) -> Condition:
    """An ordering test of the subject against another value; unknown if either is."""

    def compared(s: Situation) -> bool | None:
        value, limit = subject(s), other(s)
        if value is None or limit is None:
            return None
        return compare(convert(value), limit)

    return compared


def _atom(spec: dict[str, Any], choice_order: dict[str, list[str]]) -> Condition:
    subject = _subject(spec)
    op = next(k for k in spec if k in OPERATORS)
    operand = spec[op]

    if op == "known":
        path = spec.get("fact") or spec["age"]
        return lambda s: (s.values.get(path) is not None) is operand
    if op in ("is", "is_not", "in", "not_in"):
        wanted = operand if op in ("in", "not_in") else [operand]
        negate = op in ("is_not", "not_in")
        path = spec.get("fact", "")

        def member(s: Situation) -> bool | None:
            value = subject(s)
            if s.unknown(path, value):
                return None
            return (value in wanted) is not negate

        return member
    if op in _NUMERIC:
        return _compared(subject, compile_number(operand), _NUMERIC[op], exact)
    if op == "between":
        low, high = exact(operand[0]), exact(operand[1])

        def between(s: Situation) -> bool | None:
            value = subject(s)
            return None if value is None else low <= exact(value) <= high

        return between
    if op in _DATES:
        return _compared(subject, compile_date(operand), _DATES[op], lambda day: day)
    if op in ("elapsed_over", "elapsed_at_least"):
        period = period_of(operand)
        strict = op == "elapsed_over"

        def elapsed(s: Situation) -> bool | None:
            start: date | None = subject(s)
            if start is None:
                return None
            end = add_period(start, period)
            return s.on > end if strict else s.on >= end

        return elapsed
    # not_below: an ordered choice compared with another fact of the same choices.
    order = choice_order[spec["fact"]]
    other_path = operand

    def not_below(s: Situation) -> bool | None:
        value, other = subject(s), s.fact(other_path)
        if value is None or other is None:
            return None
        return order.index(value) >= order.index(other)

    return not_below
