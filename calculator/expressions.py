"""Date and number expressions of the rule language, turned into small functions.

A rule never holds Python: it holds data such as
``{date: event, plus: "3 года"}`` or ``{percent: 75, of: program.total_hours}``,
and this module builds a function from that data once, when the bundle loads.
An expression whose fact is unknown yields None and records the fact in
`Situation.missing`, so the answer can say what it depends on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from calculator.dates import Period, add_period
from calculator.working_days import Moved, ProductionCalendar

__all__ = ["DateExpr", "NumberExpr", "Situation", "compile_date", "compile_number", "period_of"]


@dataclass(slots=True)
class Situation:
    """What one evaluation knows: the facts, the date, and what it found missing."""

    values: dict[str, Any]
    on: date
    known_null: frozenset[str] = frozenset()  # absent facts that mean "none" (e.g. no leave)
    missing: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)
    event: date | None = None  # the event of the duty being evaluated
    calendar: ProductionCalendar | None = None  # non-working days, for period ends that move
    moves: list[Moved] = field(default_factory=list)  # period ends computed since last drained (moved or not checkable)

    def working_day(self, day: date) -> date:
        """A period's end moved to the next working day (art. 193 ГК РФ); noted for the answer."""
        if self.calendar is None:
            return day
        moved = self.calendar.next_working(day)
        self.moves.append(moved)
        return moved.day

    def fact(self, path: str) -> Any:
        self.read.add(path)
        value = self.values.get(path)
        if value is None and path not in self.known_null:
            self.missing.add(path)
        return value

    def unknown(self, path: str, value: Any) -> bool:
        return value is None and path not in self.known_null


DateExpr = Callable[[Situation], date | None]
NumberExpr = Callable[[Situation], Fraction | None]


def period_of(raw: dict[str, Any]) -> Period:
    return Period(raw["count"], raw["unit"], raw["text"])


def exact(value: int | float) -> Fraction:
    """Hours and percents compared exactly: 750.75 of 1001 is not "more than 75 %"."""
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def compile_date(spec: Any) -> DateExpr:
    """Build a date function from a normalised date expression."""
    if spec == "event":
        return lambda s: s.event
    if spec == "on":
        return lambda s: s.on
    if isinstance(spec, str):
        fixed = date.fromisoformat(spec)
        return lambda s: fixed
    if "first_known" in spec:
        options = [compile_date(o) for o in spec["first_known"]]

        def first_known(s: Situation) -> date | None:
            # Unknown earlier options stay in `missing`: the answer depends on them.
            for option in options:
                value = option(s)
                if value is not None:
                    return value
            return None

        return first_known
    if "latest_of" in spec:
        paths = list(spec["latest_of"])

        def latest_of(s: Situation) -> date | None:
            known: list[date] = [s.values[p] for p in paths if s.values.get(p) is not None]
            if not known:
                s.missing.update(paths)
                return None
            return max(known)

        return latest_of
    base = compile_date(spec["date"]) if spec["date"] in ("event", "on") else _fact_date(spec["date"])
    if "plus" in spec or "minus" in spec:
        period = period_of(spec.get("plus") or spec["minus"])
        sign = 1 if "plus" in spec else -1
        moves = spec.get("working_days") == "next"  # tagged by calculator/working_days.py

        def shifted(s: Situation) -> date | None:
            day = base(s)
            if day is None:
                return None
            end = add_period(day, period, sign)
            return s.working_day(end) if moves else end

        return shifted
    return base


def _fact_date(path: str) -> DateExpr:
    return lambda s: s.fact(path)


def compile_number(spec: Any) -> NumberExpr:
    """Build a number function: a literal, a fact, or a percent of a fact."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        fixed = exact(spec)
        return lambda s: fixed
    if "percent" in spec:
        share = exact(spec["percent"]) / 100
        whole = compile_number({"fact": spec["of"]})

        def percent(s: Situation) -> Fraction | None:
            value = whole(s)
            return None if value is None else value * share

        return percent
    path = spec["fact"]

    def fact(s: Situation) -> Fraction | None:
        value = s.fact(path)
        return None if value is None else exact(value)

    return fact
