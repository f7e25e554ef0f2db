"""Rules as the engine holds them: compiled once from the bundle, then only read.

A rule has one outcome type (the key that names it in the YAML: `duty`,
`document`, `reserve_blocker`...). Its condition is compiled here; its outcome's
data by the type's own module (`calculator.outcomes`), which also says what the
type contributes to an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calculator.conditions import Condition, compile_condition
from calculator.outcomes import OUTCOMES
from calculator.working_days import with_working_days

__all__ = ["BUILT_IN_CODES", "OUTCOME_TYPES", "Rule", "compile_rule", "facts_read"]

# Outcome types, in the order an answer is assembled (the registry's order); the lint reads this too.
OUTCOME_TYPES: tuple[str, ...] = tuple(OUTCOMES)

# Codes the engine and the plan give by themselves (not named by any rule): codes.yaml must
# label each of them; the lint checks this, so a deleted label is a message, not a KeyError.
BUILT_IN_CODES: dict[str, tuple[str, ...]] = {
    "statuses": ("overdue", "due", "upcoming"),
    "warnings": (
        "act_not_in_force",
        "edition_text_unavailable",
        "not_binding",
        "dates_inconsistent",
        "edition_changes_in_year",
        "entry_into_force_uncertain",
        "event_before_act",
        "not_serving_yet",
        "calendar_not_covered",
    ),
    "plan_statuses": ("planned", "excluded", "undetermined", "not_due"),
}


@dataclass(slots=True)
class Rule:
    id: str
    jurisdiction: str
    act: str
    sources: list[dict[str, str]]
    editions: frozenset[str] | None
    title: str
    explanation: str
    interpretation: str | None
    type: str
    spec: dict[str, Any]
    when: Condition | None
    base: str | None = None  # the rule this one refines, for traces
    reads: frozenset[str] = frozenset()  # every fact the rule mentions (what a form or a staff list must offer it)
    parts: dict[str, Any] = field(default_factory=dict)

    def holds_in(self, edition_id: str) -> bool:
        return self.editions is None or edition_id in self.editions


def compile_rule(raw: dict[str, Any], jurisdiction: str, choice_order: dict[str, list[str]]) -> Rule:
    raw = with_working_days(raw)  # period ends that move off non-working days are tagged for the expressions
    kind = raw["type"]
    spec = raw[kind]
    rule = Rule(
        id=raw["id"],
        jurisdiction=jurisdiction,
        act=raw["act"],
        sources=list(raw["sources"]),
        editions=frozenset(raw["editions"]) if raw.get("editions") is not None else None,
        title=raw["title"],
        explanation=raw["explanation"],
        interpretation=raw.get("interpretation"),
        type=kind,
        spec=spec,
        when=compile_condition(raw["when"], choice_order) if raw.get("when") else None,
        base=raw.get("base"),
        reads=frozenset(facts_read(raw)),
    )
    rule.parts.update(OUTCOMES[kind].compile(spec, choice_order))
    return rule


def facts_read(value: Any) -> set[str]:
    """Every fact path a rule mentions: in conditions, dates, tables and outcomes."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            names_fact = key in ("fact", "age", "of", "hours", "hours_fallback", "not_below", "date")
            if names_fact and isinstance(item, str) and item not in ("event", "on"):
                found.add(item)
            elif key == "latest_of" and isinstance(item, list):
                found.update(p for p in item if isinstance(p, str))
            elif key in ("id", "title", "explanation", "interpretation", "sources", "act", "jurisdiction", "reason"):
                continue
            else:
                found |= facts_read(item)
    elif isinstance(value, list):
        for item in value:
            found |= facts_read(item)
    return found
