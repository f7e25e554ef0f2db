"""`date`: a date worth knowing, from a date fact or the same day every year (a planning round)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from calculator.dates import iso_or_none
from calculator.expressions import compile_date
from calculator.outcomes.base import ChoiceOrder, Outcome, Phrases
from calculator.working_days import ARTICLE

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME", "annual_day"]

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")


def annual_day(month_day: str, year: int) -> date:
    """An `annual: MM-DD` date in a given year."""
    month, day = (int(x) for x in month_day.split("-"))
    return date(year, month, day)


def _compile(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
    return {"date": compile_date(spec["date"])} if "date" in spec else {}


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    rules = [r for r in ev.rules_in_force("date") if ev.applies(r, report=False)]
    annual = [r for r in rules if "annual" in r.spec]
    cycle_year = ev.on.year
    if annual and ev.on > max(annual_day(r.spec["annual"], ev.on.year) for r in annual):
        cycle_year += 1  # this year's planning round is over: show the next one
    result = []
    for rule in rules:
        item = _item(ev, rule, cycle_year)
        if item is not None:
            result.append(item)
    result.sort(key=lambda d: d["date"])
    answer["dates"] = result


def _item(ev: Evaluation, rule: Rule, cycle_year: int) -> dict[str, Any] | None:
    code = rule.spec["code"]
    item: dict[str, Any] = {"code": code}
    s = ev.situation
    if "annual" in rule.spec:
        nominal = annual_day(rule.spec["annual"], cycle_year)
        day = s.working_day(nominal) if rule.spec.get("working_days") == "next" else nominal
        item["planning_year"] = cycle_year + 1
    else:
        s.missing = set()
        found = rule.parts["date"](s)
        if found is None:
            return None
        day = found
    ends = ev.take_period_ends(rule)
    item["date"] = iso_or_none(day)
    if ends and ends[-1].day != ends[-1].nominal:
        item["nominal_date"] = iso_or_none(ends[-1].nominal)
        item["date_article"] = ARTICLE
    ev.fired(rule)
    item.update(ev.item(rule, "dates", code))
    return item


def _when(say: Phrases, spec: dict[str, Any]) -> str:
    if spec.get("annual"):
        month, day = (int(p) for p in spec["annual"].split("-"))
        return f"ежегодно, {day} {_MONTHS[month - 1]}"
    return say.date(spec.get("date"))


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [f"Срок «{say.code('dates', spec.get('code'))}»: {_when(say, spec)}.", ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return _when(say, spec)


OUTCOME = Outcome("date", describe=_describe, summarize=_summarize, compile=_compile, fill=_fill)
