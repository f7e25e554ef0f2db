"""Coverage of the law: which clauses some rule reads, and which example cases exercise each rule.

A clause no rule reads is not an error (preambles, definitions, procedure for
other bodies), but a reviewer should see it; a rule no example exercises is
an error, and the lint reports it (cases.check_cases). The site's coverage
page and `python -m calculator coverage` both come from here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

__all__ = ["ActCoverage", "Coverage", "clause_readers", "measure_coverage", "rule_cases"]


def clause_readers(bundle: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(act, clause) → the rules citing it, in their own sources or in a document table's rows."""
    readers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for jurisdiction in bundle["jurisdictions"].values():
        for rule in jurisdiction["rules"]:
            cited = [(s["act"], s["clause"]) for s in rule["sources"]]
            for row in (rule.get("document") or {}).get("rows") or []:
                cited += [(rule["act"], clause) for clause in row.get("clauses") or []]
            for key in dict.fromkeys(cited):
                readers[key].append(rule["id"])
    return dict(readers)


def rule_cases(traces: list[set[str]]) -> dict[str, list[int]]:
    """rule id → the indices of the cases that exercised it (a table row counts for its rule)."""
    shown: dict[str, list[int]] = defaultdict(list)
    for index, trace in enumerate(traces):
        for rid in sorted({t.split("#", 1)[0] for t in trace}):
            shown[rid].append(index)
    return dict(shown)


@dataclass(frozen=True, slots=True)
class ActCoverage:
    act: str
    clauses: tuple[tuple[str, tuple[str, ...]], ...]  # (clause id, rules reading it), in the act's order

    @property
    def read(self) -> int:
        return sum(1 for _, rules in self.clauses if rules)

    @property
    def unread(self) -> list[str]:
        return [clause for clause, rules in self.clauses if not rules]


@dataclass(frozen=True, slots=True)
class Coverage:
    acts: tuple[ActCoverage, ...]
    rules: dict[str, tuple[int, ...]]  # every rule, with the cases exercising it (maybe none)

    @property
    def rules_without_cases(self) -> list[str]:
        return [rid for rid, cases in self.rules.items() if not cases]


def measure_coverage(bundle: dict[str, Any], traces: list[set[str]], readers: dict[tuple[str, str], list[str]] | None = None) -> Coverage:
    """`readers`, when the caller has them already, spares computing them again."""
    readers = clause_readers(bundle) if readers is None else readers
    acts = tuple(
        ActCoverage(act_id, tuple((clause, tuple(readers.get((act_id, clause), ()))) for clause in act["clauses"]))
        for act_id, act in bundle["acts"].items()
    )
    exercised = rule_cases(traces)
    rules = {
        rule["id"]: tuple(exercised.get(rule["id"], ()))
        for jurisdiction in bundle["jurisdictions"].values()
        for rule in jurisdiction["rules"]
    }
    return Coverage(acts, rules)
