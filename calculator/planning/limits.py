"""Numbers the plan takes from the rules: how many people a study group may have, how big a reserve must be.

The figures are not copied out of the rule files: each is found by asking the engine
itself whether a group of g people (or a reserve of r people) passes the rule's check,
and searching for the boundary. So the plan cannot disagree with the calculator, and a
methodologist who edits a limit in YAML changes the plan too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from calculator.bundle import Bundle
from calculator.engine import start_evaluation

__all__ = ["Limit", "group_limits", "has_state_plan_rule", "state_plan_reserve"]

_GROUP_FACT = "program.group_size"
_RESERVE_FACT = "state_plan.reserve"
_NO_LIMIT = 100_000  # a group this large passing means the rule sets no upper bound for this program


@dataclass(frozen=True, slots=True)
class Limit:
    """A boundary found in a rule: the value, and the rule and clauses it comes from."""

    value: int
    rule: str
    title: str
    sources: tuple[dict[str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "rule": self.rule, "title": self.title, "sources": [dict(s) for s in self.sources]}


def _check(bundle: Bundle, jurisdiction: str, on: date, profile: dict[str, Any], rule_id: str) -> dict[str, Any] | None:
    evaluation = start_evaluation(bundle, profile, jurisdiction, on)
    return next((c for c in evaluation.program_checks() if c["rule"] == rule_id), None)


def _checking_rules(bundle: Bundle, jurisdiction: str, fact: str) -> list[str]:
    rules = bundle.jurisdictions[jurisdiction].by_type.get("program_check", ())
    return [r.id for r in rules if isinstance(r.spec.get("requires"), dict) and r.spec["requires"].get("fact") == fact]


def _boundary(passes: Any, low: int, high: int, *, largest: bool) -> int | None:
    """The largest value that passes (or the smallest, `largest=False`), for a check monotone in the value."""
    if largest:
        if not passes(low):
            return None
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if passes(middle) else (low, middle - 1)
        return low
    if not passes(high):
        return None
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if passes(middle) else (middle + 1, high)
    return low


def group_limits(bundle: Bundle, jurisdiction: str, on: date, kinds: list[str]) -> dict[str, Limit]:
    """For each kind of training, the tightest group size the jurisdiction's rules allow for a program of that kind.

    A kind that is no program kind of its own («upgrade or retraining», the employer chooses)
    gets the tightest limit of the program kinds, so the groups counted are never too few.
    """
    found: dict[str, Limit] = {}
    program_kinds = [k for k in kinds if k in bundle.facts["program.kind"].choices]
    for rule_id in _checking_rules(bundle, jurisdiction, _GROUP_FACT):
        for kind in program_kinds:

            def passes(size: int, kind: str = kind, rule_id: str = rule_id) -> bool:
                check = _check(bundle, jurisdiction, on, {"program": {"kind": kind, "group_size": size}}, rule_id)
                return check is not None and check["passed"]

            size = _boundary(passes, 1, _NO_LIMIT, largest=True)
            if size is None or size >= _NO_LIMIT:
                continue  # the check does not apply to this program, or sets no bound
            check = _check(bundle, jurisdiction, on, {"program": {"kind": kind, "group_size": size}}, rule_id)
            assert check is not None
            if kind not in found or size < found[kind].value:
                found[kind] = Limit(size, rule_id, check["title"], tuple(check["sources"]))
    if found:
        tightest = min(found.values(), key=lambda limit: limit.value)
        for kind in kinds:
            if kind not in program_kinds:
                found[kind] = tightest
    return found


def state_plan_reserve(bundle: Bundle, jurisdiction: str, on: date, quota: int) -> Limit | None:
    """The smallest reserve of candidates the rules accept for a State Plan quota, or None if no rule speaks of it."""
    for rule_id in _checking_rules(bundle, jurisdiction, _RESERVE_FACT):

        def passes(reserve: int, rule_id: str = rule_id) -> bool:
            check = _check(bundle, jurisdiction, on, {"state_plan": {"quota": quota, "reserve": reserve}}, rule_id)
            return check is not None and check["passed"]

        smallest = _boundary(passes, 0, max(quota, 1) * 10, largest=False)
        if smallest is None:
            continue
        check = _check(bundle, jurisdiction, on, {"state_plan": {"quota": quota, "reserve": smallest}}, rule_id)
        assert check is not None
        return Limit(smallest, rule_id, check["title"], tuple(check["sources"]))
    return None


def has_state_plan_rule(bundle: Bundle, jurisdiction: str) -> bool:
    """Whether the jurisdiction's rules check a State Plan reserve (then the plan asks for the quota)."""
    return bool(_checking_rules(bundle, jurisdiction, _RESERVE_FACT))
