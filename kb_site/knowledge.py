"""What the site knows: the compiled rules, act texts and examples, cross-indexed.

Built once per build from `calculator.authoring.compile_rules`, the same
compiler the calculator's bundle and the lint come from, so a page can only
say what the calculator does. The indexes answer the site's questions:
which rules read this clause, which examples show this rule, which rules use
this fact, which rules are in force in a jurisdiction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from calculator.authoring.cases import plain
from calculator.authoring.compiler import Compiled, LintFailed, compile_rules
from calculator.authoring.coverage import Coverage, clause_readers, measure_coverage
from calculator.jurisdiction import compose_rules
from calculator.rules import facts_read

__all__ = ["Example", "Knowledge", "load_knowledge"]


@dataclass(frozen=True, slots=True)
class Example:
    """An example case as a page shows it."""

    name: str
    jurisdiction: str
    on: str
    profile: dict[str, Any]
    expect: dict[str, Any] | None
    error: str | None
    file: str
    line: int


@dataclass
class Knowledge:
    root: Path  # the rules/ folder
    bundle: dict[str, Any]
    catalog: dict[str, Any]
    examples: list[Example]
    traces: list[set[str]]
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    readers: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    fact_users: dict[str, list[str]] = field(default_factory=dict)
    shown_by: dict[str, list[Example]] = field(default_factory=dict)
    coverage: Coverage = field(init=False)
    _in_force: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    _asked: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for jurisdiction in self.bundle["jurisdictions"].values():
            for rule in jurisdiction["rules"]:
                self.rules[rule["id"]] = rule
        users: dict[str, set[str]] = defaultdict(set)
        for rid, rule in self.rules.items():
            for path in facts_read(rule):
                users[path].add(rid)
        self.readers = clause_readers(self.bundle)
        self.fact_users = {path: sorted(rids) for path, rids in users.items()}
        self.coverage = measure_coverage(self.bundle, self.traces, self.readers)
        self.shown_by = {rid: [self.examples[i] for i in cases] for rid, cases in self.coverage.rules.items() if cases}

    # --- lookups -------------------------------------------------------------------------
    @property
    def facts(self) -> dict[str, Any]:
        return cast("dict[str, Any]", self.bundle["facts"])

    @property
    def codes(self) -> dict[str, Any]:
        return cast("dict[str, Any]", self.bundle["codes"])

    @property
    def acts(self) -> dict[str, Any]:
        """Full act texts (catalog), in the order jurisdictions list them."""
        return cast("dict[str, Any]", self.catalog["acts"])

    @property
    def jurisdictions(self) -> dict[str, Any]:
        return cast("dict[str, Any]", self.catalog["jurisdictions"])

    def act_summary(self, act_id: str) -> dict[str, Any]:
        """The act as the engine holds it (status, editions, clause labels)."""
        return cast("dict[str, Any]", self.bundle["acts"][act_id])

    def rules_of(self, jid: str) -> list[dict[str, Any]]:
        """Rules written in this jurisdiction's own folder."""
        return cast("list[dict[str, Any]]", self.bundle["jurisdictions"][jid]["rules"])

    def in_force(self, jid: str) -> list[dict[str, Any]]:
        """Rules the calculator applies for `jid`: own and inherited, layers resolved (composed once)."""
        if jid not in self._in_force:
            self._in_force[jid] = compose_rules(self.bundle["jurisdictions"], jid)
        return self._in_force[jid]

    def facts_asked(self, jid: str) -> list[str]:
        """The fact paths the rules in force for `jid` read, in the dictionary's order: what the form asks there."""
        if jid not in self._asked:
            used: set[str] = set()
            for rule in self.in_force(jid):
                used |= facts_read(rule)
            self._asked[jid] = [path for path in self.facts if path in used]
        return self._asked[jid]

    def chain(self, jid: str) -> list[str]:
        result: list[str] = []
        cursor: str | None = jid
        while cursor:
            result.append(cursor)
            cursor = self.jurisdictions[cursor].get("extends")
        return result

    def file_of(self, shown: str | None) -> Path | None:
        """A file as the compiler names it (relative to the folder above rules/), made absolute."""
        return None if shown is None else (self.root.parent / shown).resolve()

    def rule_file(self, rid: str) -> Path | None:
        at = self.catalog["rules"].get(rid)
        return self.file_of(at.file) if at else None

    def outcome(self, rule: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        kind = rule["type"]
        return kind, rule[kind]


def load_knowledge(root: Path) -> Knowledge:
    """Compile and check `root`; raise LintFailed with located problems if anything is wrong."""
    compiled: Compiled = compile_rules(root)
    if compiled.issues:
        raise LintFailed(compiled.issues)
    examples = [
        Example(
            name=case["name"],
            jurisdiction=case["jurisdiction"],
            on=case["on"],
            profile=plain(case["profile"]),
            expect=plain(case["expect"]),
            error=case["error"],
            file=case["at"].file if case["at"] else "",
            line=case["at"].line if case["at"] else 0,
        )
        for case in compiled.cases
    ]
    return Knowledge(root=root, bundle=compiled.bundle, catalog=compiled.catalog, examples=examples, traces=compiled.traces)
