"""`advisory` as written in YAML: the code of the recommendation."""

from __future__ import annotations

from calculator.authoring.outcomes.base import AuthoredOutcome, ShapeKit
from calculator.authoring.shapes import Obj, Shape

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Рекомендация органам (не про конкретного служащего).",
        fields={"code": kit.codes("advisories", "Код рекомендации.")},
        required=("code",),
    )


AUTHORED = AuthoredOutcome("advisory", _shape)
