"""`abroad_priority`: a yes/no on priority for training abroad; the most specific layer decides, unknown is no."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases, conditions_of

if TYPE_CHECKING:
    from calculator.engine import Evaluation

__all__ = ["OUTCOME"]


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    for rule in ev.rules_in_force("abroad_priority"):
        if not ev.applies(rule):
            continue
        ev.fired(rule)
        verdict = ev.holds(rule, rule.parts["requires"]) is True
        answer["abroad_priority"] = verdict
        answer["explanations"]["abroad_priority"] = {"value": verdict, **ev.item(rule)}
        return
    answer["abroad_priority"] = None
    answer["explanations"]["abroad_priority"] = None


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return ["Служащий имеет преимущество при направлении на обучение за рубежом, если:", "", *say.condition(spec.get("requires")), ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.condition_inline(spec.get("requires"))


OUTCOME = Outcome("abroad_priority", describe=_describe, summarize=_summarize, compile=conditions_of("requires"), fill=_fill)
