"""`reserve_blocker` as written in YAML: the code of the obstacle and the condition `requires`."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit, check_conditions
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Препятствие для включения в резерв: когда requires не выполнено.",
        fields={"code": kit.codes("blockers", "Код препятствия."), "requires": kit.condition},
        required=("code", "requires"),
    )


AUTHORED = AuthoredOutcome("reserve_blocker", _shape, check_conditions("requires"))
