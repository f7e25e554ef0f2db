"""The answer's reserve section: every outcome type with a `collect` (blockers, advisories, term) adds to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from calculator.dates import iso_or_none
from calculator.outcomes.base import ReserveFindings

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["reserve"]


Collect = Callable[["Evaluation", "Rule", ReserveFindings], None]


def reserve(ev: Evaluation, parts: Iterable[tuple[str, Collect]]) -> dict[str, Any] | None:
    """None when no reserve rule applies; else eligibility (None under a non-binding act), findings and sources.

    `parts`: each outcome type with a `collect` (name, collect), in the registry's order.
    """
    rules = [(collect, r) for name, collect in parts for r in ev.rules_in_force(name) if ev.applies(r, report=False)]
    if not rules:
        return None
    found = ReserveFindings()
    sources: list[dict[str, str]] = []
    for collect, rule in rules:
        ev.fired(rule)
        for src in rule.sources:
            if src not in sources:
                sources.append(dict(src))
        collect(ev, rule, found)
    binding = any(ev.bundle.acts[r.act].binding for _, r in rules)
    return {
        "eligible": (not found.blockers) if binding else None,
        "blockers": found.blockers,
        "advisories": found.advisories,
        "term_end": iso_or_none(found.term_end),
        "sources": sources,
        "unverified": [{"fact": p, "label": ev.bundle.facts.label(p)} for p in sorted(found.unverified)],
    }
