"""`plan_priority` as written in YAML: nothing of its own (the condition is the rule's `when`)."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj("Включается в план в первую очередь (условие — в when).", fields={})


AUTHORED = AuthoredOutcome("plan_priority", _shape)
