"""What every outcome type provides, and what it may ask of the answer being built and of the site's wording.

An outcome type (the key naming a rule's outcome in YAML: `duty`, `document`...) is one
module in this package holding its runtime half: how its compiled data becomes functions
(`compile`), what it adds to an answer (`fill`, or `collect` for the reserve), and how the
site says it in words (`describe`, `summarize`). Its YAML shape and compile-time checks
are the build-side half, `calculator/authoring/outcomes/<type>.py` (PyYAML lives there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from calculator.conditions import compile_condition

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["ChoiceOrder", "Outcome", "Phrases", "ReserveFindings", "conditions_of"]

ChoiceOrder = dict[str, list[str]]  # a choice fact -> its values from lowest to highest (for not_below)


class Phrases(Protocol):
    """The site's wording of compiled rule data (`kb_site.wording.Wording`): Markdown-safe Russian."""

    def text(self, value: Any) -> str: ...
    def cell(self, value: Any) -> str: ...
    def fact(self, path: str) -> str: ...
    def code(self, group: str, code: str | None) -> str: ...
    def date(self, expr: Any) -> str: ...
    def condition(self, cond: dict[str, Any] | None, depth: int = 0) -> list[str]: ...
    def condition_inline(self, cond: dict[str, Any] | None) -> str: ...
    def bounds(self, row: dict[str, Any], unit: str = "ч") -> str: ...


@dataclass
class ReserveFindings:
    """The reserve section as its rules (blockers, advisories, term) fill it in, in the order of the registry."""

    blockers: list[dict[str, Any]] = field(default_factory=list)
    advisories: list[dict[str, Any]] = field(default_factory=list)
    unverified: set[str] = field(default_factory=set)
    term_end: date | None = None


def conditions_of(*keys: str) -> Callable[[dict[str, Any], ChoiceOrder], dict[str, Any]]:
    """A `compile` for outcomes whose parts are conditions under these keys (absent: None, which holds)."""

    def compile_parts(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
        return {key: compile_condition(spec[key], order) if spec.get(key) else None for key in keys}

    return compile_parts


def _no_parts(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome type, registered in `calculator.outcomes.OUTCOMES`."""

    name: str
    describe: Callable[[Phrases, dict[str, Any]], list[str]]  # Markdown lines for the rule's own page
    summarize: Callable[[Phrases, dict[str, Any]], str]  # one table cell, for comparison pages
    compile: Callable[[dict[str, Any], ChoiceOrder], dict[str, Any]] = _no_parts  # the bundle's data -> Rule.parts
    fill: Callable[[Evaluation, dict[str, Any]], None] | None = None  # writes its part of the answer
    collect: Callable[[Evaluation, Rule, ReserveFindings], None] | None = None  # adds to the reserve section
