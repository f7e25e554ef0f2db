"""`reserve_advisory`: advice to a reserve candidate, given unless its `unless` holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases, ReserveFindings, conditions_of

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME"]


def _collect(ev: Evaluation, rule: Rule, found: ReserveFindings) -> None:
    if ev.holds(rule, rule.parts["unless"], report=False) is not True:
        code = rule.spec["code"]
        found.advisories.append({"code": code, **ev.item(rule, "advisories", code)})


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    lines = [f"Совет кандидату в резерв: **{say.code('advisories', spec.get('code'))}**."]
    if spec.get("unless"):
        lines += ["", "Совет не даётся, если:", "", *say.condition(spec["unless"])]
    return [*lines, ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.code("advisories", spec.get("code"))


OUTCOME = Outcome("reserve_advisory", describe=_describe, summarize=_summarize, compile=conditions_of("unless"), collect=_collect)
