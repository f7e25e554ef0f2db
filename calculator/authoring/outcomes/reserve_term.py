"""`reserve_term` as written in YAML: the date fact it counts from and the term in words."""

from __future__ import annotations

from typing import Any

from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit
from calculator.authoring.shapes import Obj, Shape
from calculator.authoring.yamlsource import where

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj("Срок нахождения в резерве.", fields={"fact": kit.fact, "term": kit.period}, required=("fact", "term"))


def _check(checker: Checker, spec: Any, act_id: str) -> None:
    if checker.fact_type(spec["fact"]) != "date":
        checker.issue(where(spec, "fact"), f"срок в резерве отсчитывается от даты, а «{spec['fact']}» — не дата")


AUTHORED = AuthoredOutcome("reserve_term", _shape, _check)
