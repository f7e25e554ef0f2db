"""`advisory`: a recommendation to the authorities, not about the servant (binding or not, as its act)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.outcomes.base import Outcome, Phrases

if TYPE_CHECKING:
    from calculator.engine import Evaluation

__all__ = ["OUTCOME"]


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    result = []
    for rule in ev.rules_in_force("advisory"):
        if ev.applies(rule, report=False):
            ev.fired(rule)
            code = rule.spec["code"]
            result.append({"code": code, "binding": ev.bundle.acts[rule.act].binding, **ev.item(rule, "advisories", code)})
    answer["advisories"] = result


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    return [f"Рекомендация: **{say.code('advisories', spec.get('code'))}**.", ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    return say.code("advisories", spec.get("code"))


OUTCOME = Outcome("advisory", describe=_describe, summarize=_summarize, fill=_fill)
