"""`reserve_advisory` as written in YAML: the code of the advice and the condition `unless`."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit, check_conditions
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Рекомендация претенденту в резерв (показывается, если unless не выполнено).",
        fields={"code": kit.codes("advisories", "Код рекомендации."), "unless": kit.condition},
        required=("code",),
    )


AUTHORED = AuthoredOutcome("reserve_advisory", _shape, check_conditions("unless"))
