"""`plan_exclusion`: the servant is left out of the year's count of training needs, on a named ground."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME", "exclusion_rules"]


def exclusion_rules(ev: Evaluation) -> list[Rule]:
    """The rules that leave this person out of the count of training needs (one per ground)."""
    codes: set[str] = set()
    found = []
    for rule in ev.rules_in_force("plan_exclusion"):
        code = rule.spec["code"]
        if code not in codes and ev.applies(rule, report=False):
            ev.fired(rule)
            codes.add(code)
            found.append(rule)
    return found


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    rules = exclusion_rules(ev)
    codes = [rule.spec["code"] for rule in rules]
    answer["plan_exclusions"] = codes
    answer["explanations"]["plan_exclusions"] = [
        {"code": code, **ev.item(rule, "plan_exclusions", code)} for code, rule in zip(codes, rules, strict=True)
    ]


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [f"Служащий не включается в план обучения на год: **{say.code('plan_exclusions', spec.get('code'))}**.", ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.code("plan_exclusions", spec.get("code"))


OUTCOME = Outcome("plan_exclusion", describe=_describe, summarize=_summarize, fill=_fill)
