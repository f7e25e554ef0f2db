"""`program_check`: a check of the programme or of how training is organised; told only when its figures are given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases, conditions_of

if TYPE_CHECKING:
    from calculator.engine import Evaluation

__all__ = ["OUTCOME"]


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    checks = []
    for rule in ev.rules_in_force("program_check"):
        if not ev.applies(rule, report=False):
            continue
        passed = ev.holds(rule, rule.parts["requires"], report=False)
        if passed is None:
            continue  # the check needs figures the caller did not give
        ev.fired(rule)
        code = rule.spec["code"]
        checks.append({"code": code, "passed": passed, **ev.item(rule, "checks", code)})
    answer["program_checks"] = checks


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [f"Проверка «{say.code('checks', spec.get('code'))}»: должно выполняться", "", *say.condition(spec.get("requires")), ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.condition_inline(spec.get("requires"))


OUTCOME = Outcome("program_check", describe=_describe, summarize=_summarize, compile=conditions_of("requires"), fill=_fill)
