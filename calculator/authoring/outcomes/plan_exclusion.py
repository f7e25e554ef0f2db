"""`plan_exclusion` as written in YAML: the code of the ground (the condition is the rule's `when`)."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj("Не включается в расчёт потребности.", fields={"code": kit.codes("plan_exclusions", "Код исключения.")}, required=("code",))


AUTHORED = AuthoredOutcome("plan_exclusion", _shape)
