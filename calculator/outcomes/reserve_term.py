"""`reserve_term`: how long one stays in the reserve, counted from a date fact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.dates import add_period
from calculator.expressions import period_of
from calculator.outcomes.base import ChoiceOrder, Outcome, Phrases, ReserveFindings

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME"]


def _compile(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
    return {"term": period_of(spec["term"])}


def _collect(ev: Evaluation, rule: Rule, found: ReserveFindings) -> None:
    included = ev.profile.values.get(rule.spec["fact"])
    if included is not None and found.term_end is None:  # the most specific layer's term counts
        found.term_end = add_period(included, rule.parts["term"])


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [f"Срок нахождения в резерве — {say.text(spec['term']['text'])} со дня, указанного в поле {say.fact(spec['fact'])}.", ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return f"{say.text(spec['term']['text'])} с {say.fact(spec['fact'])}"


OUTCOME = Outcome("reserve_term", describe=_describe, summarize=_summarize, compile=_compile, collect=_collect)
