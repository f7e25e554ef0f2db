"""The build-side half of an outcome type: its YAML shape and its compile-time checks.

The runtime half (compile of the bundle data, evaluation, wording) is `calculator/outcomes/<type>.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from calculator.authoring.shapes import Enum, Shape
from calculator.authoring.yamlsource import Located, where

__all__ = ["AuthoredOutcome", "Checker", "ShapeKit", "check_conditions"]


@dataclass(frozen=True, slots=True)
class ShapeKit:
    """The shapes an outcome's YAML is built from, with enums filled from rules/codes.yaml and rules/facts.yaml."""

    codes: Callable[[str, str], Enum]  # (code group, description) -> the group's codes
    condition: Shape
    date_expr: Shape
    fact: Shape  # any fact of the dictionary
    fact_choice: Callable[[str], Enum]  # (description) -> a choice of any fact, described so
    period: Shape  # «3 года»
    clause: Shape  # a clause id of the rule's act


class Checker(Protocol):
    """What the compiler offers an outcome's checks (`calculator.authoring.compiler`)."""

    def issue(self, at: Located | None, message: str, hint: str = "") -> None: ...
    def fact_type(self, path: str) -> str | None: ...
    def check_condition(self, cond: Any, at: Located | None) -> None: ...
    def check_date_expr(self, expr: Any, at: Located | None) -> None: ...
    def check_clause(self, act_id: str, clause: str, at: Located | None) -> None: ...


def check_conditions(*keys: str) -> Callable[[Checker, Any, str], None]:
    """The checks of an outcome whose own parts are conditions under these keys."""

    def check(checker: Checker, spec: Any, act_id: str) -> None:
        for key in keys:
            if spec.get(key):
                checker.check_condition(spec[key], where(spec, key))

    return check


def _no_checks(checker: Checker, spec: Any, act_id: str) -> None:
    """Its shape says all there is to check."""


@dataclass(frozen=True, slots=True)
class AuthoredOutcome:
    name: str
    shape: Callable[[ShapeKit], Shape]  # the YAML under the rule's key `name`
    check: Callable[[Checker, Any, str], None] = _no_checks  # meaning beyond the shape: (compiler, spec, act id)
