"""`plan_priority`: the servant goes first into the year's training plan (the condition is the rule's `when`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME", "priority"]


def priority(ev: Evaluation) -> tuple[bool, Rule] | None:
    """Whether this person goes first, and the rule that says so (or would); None where no rule orders the plan."""
    rules = ev.rules_in_force("plan_priority")
    if not rules:
        return None
    for rule in rules:
        if ev.holds(rule, rule.when, report=False) is True:
            ev.fired(rule)
            return True, rule
    return False, rules[0]


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    found = priority(ev)
    answer["explanations"]["plan_priority"] = None if found is None else {"value": found[0], **ev.item(found[1])}


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return ["Служащий включается в план обучения в первую очередь.", ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return "в первую очередь"


OUTCOME = Outcome("plan_priority", describe=_describe, summarize=_summarize, fill=_fill)
