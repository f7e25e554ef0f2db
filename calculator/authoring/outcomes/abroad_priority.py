"""`abroad_priority` as written in YAML: the condition `requires`."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit, check_conditions
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj("Преимущество при обучении за рубежом.", fields={"requires": kit.condition}, required=("requires",))


AUTHORED = AuthoredOutcome("abroad_priority", _shape, check_conditions("requires"))
