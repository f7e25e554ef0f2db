"""Deadlines that fall on a non-working day move to the next working day (Civil Code art. 193, Labour Code art. 14 part 4).

The production calendar is data: `rules/calendar/<year>.yaml`, one file a year with the
non-working holidays (Labour Code art. 112 part 1) and the transfers of days off (art. 112
part 2 and the government decree of that year), compiled into the bundle. A day is
non-working when it is a holiday, or a day a transfer made a day off (and no later
transfer gave back), or a Saturday or Sunday no transfer made a working day.

A rule says whether its periods move (`working_days: next` or `none`); without it the
project's reading applies (see `default_mode`). Only the ends of periods for an action
move: the deadline of a duty, the date of a date rule, a date a condition compares with
(the end of a window to file documents). Starts (when a servant may be sent) never move.
Outside the calendar's years the nominal date is kept and the answer warns.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["ARTICLE", "Moved", "ProductionCalendar", "default_mode", "not_covered_message", "with_working_days"]

ARTICLE = "ст. 193 ГК РФ, ч. 4 ст. 14 ТК РФ"
MODES = ("next", "none")


@dataclass(frozen=True, slots=True)
class Moved:
    """A period's end: the day the act's count gives (`nominal`) and the day it falls on (`day`)."""

    nominal: date
    day: date
    known: bool  # False: the calendar has no such year, the nominal day is kept unchecked


@dataclass(frozen=True, slots=True)
class _Year:
    holidays: frozenset[date]
    made_working: frozenset[date]  # transfers' `from`
    made_off: frozenset[date]  # transfers' `to`


class ProductionCalendar:
    """The non-working days of the years the bundle's calendar covers."""

    def __init__(self, raw: dict[str, Any] | None) -> None:
        self.years: dict[int, _Year] = {}
        for year, entry in (raw or {}).items():
            transfers = entry.get("transfers") or []
            self.years[int(year)] = _Year(
                holidays=frozenset(date.fromisoformat(d) for d in entry.get("holidays") or []),
                made_working=frozenset(date.fromisoformat(t["from"]) for t in transfers),
                made_off=frozenset(date.fromisoformat(t["to"]) for t in transfers),
            )

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working(self, day: date) -> bool:
        """Whether `day` is a working day; only for a covered year."""
        year = self.years[day.year]
        if day in year.holidays:
            return False
        if day in year.made_off and day not in year.made_working:
            return False
        return day.weekday() < 5 or day in year.made_working

    def next_working(self, nominal: date) -> Moved:
        """The period's end moved off non-working days; the nominal day, unchecked, where the calendar stops."""
        day = nominal
        while True:
            if not self.covers(day):
                return Moved(nominal, nominal, False)
            if self.is_working(day):
                return Moved(nominal, day, True)
            day += timedelta(days=1)


def not_covered_message(years: list[int]) -> str:
    """What an answer (or a plan) says when a period ends in a year the calendar does not cover."""
    shown = ", ".join(str(y) for y in years)
    return (
        f"Производственного календаря на {shown} год в базе нет: нельзя проверить, не приходится ли окончание срока "
        f"на выходной или нерабочий праздничный день ({ARTICLE}). Показана дата окончания срока по счёту без переноса."
    )


def default_mode(raw_rule: dict[str, Any]) -> str:
    """The project's reading where a rule does not say.

    Procedural periods for an action — filing documents, drawing up a plan or a report, the
    yearly planning round — move (`next`): art. 193 of the Civil Code and art. 14 part 4 of
    the Labour Code speak of the last day of a period for doing something, which an office
    closed that day cannot receive. The terms of training duties do not (`none`): "not less
    than once in three years" and "within the first year" bound the interval between
    trainings, whose end dates the training organisation sets on any calendar day, so a
    weekend end can still be met; counting them without moving never tells a servant he has
    more time than the act gives. A duty rule may still say `working_days: next`.
    """
    return "none" if raw_rule["type"] == "duty" else "next"


def with_working_days(raw_rule: dict[str, Any]) -> dict[str, Any]:
    """The rule with every period end that moves tagged `working_days: next`, for the expressions to move it."""
    if (raw_rule.get("working_days") or default_mode(raw_rule)) != "next" or not _ends_a_period(raw_rule):
        return raw_rule
    rule = copy.deepcopy(raw_rule)
    kind = rule["type"]
    spec = rule[kind]
    if kind == "duty":
        _tag(spec.get("deadline"))
    elif kind == "date":
        if "annual" in spec:
            spec["working_days"] = "next"
        else:
            _tag(spec.get("date"))
    for key in ("requires", "unless"):
        _tag_conditions(spec.get(key) if isinstance(spec, dict) else None)
    _tag_conditions(rule.get("when"))
    return rule


def _ends_a_period(value: Any) -> bool:
    """Whether the rule has anything to tag (a period added, a yearly date): most rules are copied for nothing otherwise."""
    if isinstance(value, dict):
        return "plus" in value or "annual" in value or any(_ends_a_period(v) for v in value.values())
    if isinstance(value, list):
        return any(_ends_a_period(v) for v in value)
    return False


def _tag(expr: Any) -> None:
    """A date expression that adds a period (the end of a period) moves; a fixed date or a start does not."""
    if isinstance(expr, dict):
        if "plus" in expr:
            expr["working_days"] = "next"
        for option in expr.get("first_known") or ():
            _tag(option)


def _tag_conditions(cond: Any) -> None:
    if isinstance(cond, dict):
        for key, value in cond.items():
            if key in ("all", "any"):
                for part in value:
                    _tag_conditions(part)
            elif key == "not":
                _tag_conditions(value)
            elif key in ("before", "on_or_before", "after", "on_or_after"):
                _tag(value)
