"""`program_check` as written in YAML: the code of the check and the condition `requires`."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit, check_conditions
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Проверка программы или организации обучения.",
        fields={"code": kit.codes("checks", "Код проверки."), "requires": kit.condition},
        required=("code", "requires"),
    )


AUTHORED = AuthoredOutcome("program_check", _shape, check_conditions("requires"))
