"""Jurisdictions: acts layered on a parent, the local rule winning where both speak.

`ryazan` extends `russia`: its rules come first, then the parent's, except
those the local layer `replaces` (drops the parent's rule) or `refines` (keeps
the parent's rule and overrides only the keys it states, citing both acts).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from calculator.rules import Rule, compile_rule

__all__ = ["Jurisdiction", "compose_rules"]


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    id: str
    title: str
    extends: str | None
    acts: tuple[str, ...]  # own acts, then the parent's
    rules: tuple[Rule, ...]  # most specific layer first
    by_type: dict[str, tuple[Rule, ...]]  # the same rules grouped by outcome type
    displaced: dict[str, Rule]  # local rule id -> the parent's rule it refines or replaces (what holds where the local act does not)


def _merge(base: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """A refining rule: the parent's rule with the keys the local rule states."""
    merged = copy.deepcopy(base)
    kind = base["type"]
    merged[kind] = {**base[kind], **local.get(kind, {})}
    for key in ("id", "act", "title", "explanation", "editions", "working_days"):
        if key in local:
            merged[key] = local[key]
    merged["interpretation"] = local.get("interpretation") or base.get("interpretation")
    if local.get("when"):
        merged["when"] = local["when"]
    merged["sources"] = local["sources"] + [s for s in base["sources"] if s not in local["sources"]]
    merged["base"] = base["id"]
    return merged


def compose_rules(raw_jurisdictions: dict[str, dict[str, Any]], jid: str) -> list[dict[str, Any]]:
    """The raw rules in force for `jid`, layers resolved, most specific first."""
    own = raw_jurisdictions[jid]
    parent_id = own.get("extends")
    inherited = compose_rules(raw_jurisdictions, parent_id) if parent_id else []
    by_id = {r["id"]: r for r in inherited}
    result: list[dict[str, Any]] = []
    dropped: set[str] = set()
    for rule in own["rules"]:
        if rule.get("refines") in by_id:
            result.append(_merge(by_id[rule["refines"]], rule))
            dropped.add(rule["refines"])
        else:
            result.append(rule)
            if rule.get("replaces"):
                dropped.add(rule["replaces"])
    result.extend(r for r in inherited if r["id"] not in dropped)
    return result


def build_jurisdiction(raw_jurisdictions: dict[str, dict[str, Any]], jid: str, choice_order: dict[str, list[str]]) -> Jurisdiction:
    acts: list[str] = []
    cursor: str | None = jid
    while cursor:
        acts.extend(raw_jurisdictions[cursor]["acts"])
        cursor = raw_jurisdictions[cursor].get("extends")
    own = raw_jurisdictions[jid]
    rules = tuple(compile_rule(r, r.get("jurisdiction", jid), choice_order) for r in compose_rules(raw_jurisdictions, jid))
    by_type: dict[str, tuple[Rule, ...]] = {}
    for rule in rules:
        by_type[rule.type] = (*by_type.get(rule.type, ()), rule)
    displaced: dict[str, Rule] = {}
    parent_id = own.get("extends")
    if parent_id:
        parent = {r["id"]: r for r in compose_rules(raw_jurisdictions, parent_id)}
        for raw in own["rules"]:
            base = parent.get(raw.get("refines") or raw.get("replaces") or "")
            if base is not None:
                displaced[raw["id"]] = compile_rule(base, base.get("jurisdiction", parent_id), choice_order)
    return Jurisdiction(id=jid, title=own["title"], extends=parent_id, acts=tuple(acts), rules=rules, by_type=by_type, displaced=displaced)
