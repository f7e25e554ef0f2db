"""`reserve_blocker`: what keeps a candidate out of the managerial reserve, when its `requires` does not hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases, ReserveFindings, conditions_of

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME"]


def _collect(ev: Evaluation, rule: Rule, found: ReserveFindings) -> None:
    s = ev.situation
    s.missing = set()
    ok = rule.parts["requires"](s)
    ev.take_period_ends(rule)
    if ok is False:
        found.blockers.append({"code": rule.spec["code"], **ev.item(rule, "blockers", rule.spec["code"])})
    elif ok is None:
        found.unverified |= s.missing  # not known either way: the answer names what to fill in


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [
        f"Кандидат не может быть включён в резерв ({say.code('blockers', spec.get('code'))}), если не выполнено:",
        "",
        *say.condition(spec.get("requires")),
        "",
    ]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.condition_inline(spec.get("requires"))


OUTCOME = Outcome("reserve_blocker", describe=_describe, summarize=_summarize, compile=conditions_of("requires"), collect=_collect)
