"""`duty` as written in YAML: kind, ground, the event, from and deadline (date expressions), recurring."""

from __future__ import annotations

from typing import Any

from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit
from calculator.authoring.shapes import AnyOf, Bool, Null, Obj, Shape
from calculator.authoring.yamlsource import where

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Обязанность пройти обучение.",
        fields={
            "kind": kit.codes("training_kinds", "Вид обучения."),
            "ground": kit.codes("grounds", "Основание."),
            "event": kit.date_expr,
            "from": AnyOf("С какой даты направляется (null — не указано).", (kit.date_expr, Null())),
            "deadline": AnyOf("Крайний срок (null — не установлен).", (kit.date_expr, Null())),
            "recurring": Bool("true — периодическая обязанность: отсчитывается от последнего обучения и не гасится."),
        },
        required=("kind", "ground", "event"),
    )


def _check(checker: Checker, spec: Any, act_id: str) -> None:
    for key in ("event", "from", "deadline"):
        if spec.get(key) is not None:
            checker.check_date_expr(spec[key], where(spec, key))


AUTHORED = AuthoredOutcome("duty", _shape, _check)
