"""`date` as written in YAML: its code and either a date expression or an annual MM-DD."""

from __future__ import annotations

import datetime
from typing import Any

from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit
from calculator.authoring.shapes import Obj, Shape, Str
from calculator.authoring.yamlsource import where

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    return Obj(
        "Срок, который стоит знать: от даты-факта или ежегодный.",
        fields={
            "code": kit.codes("dates", "Код срока."),
            "date": kit.date_expr,
            "annual": Str("Ежегодная дата ММ-ДД, например 09-01.", pattern=r"\d{2}-\d{2}"),
        },
        required=("code",),
        one_of_keys=("date", "annual"),
    )


def _check(checker: Checker, spec: Any, act_id: str) -> None:
    if spec.get("date") is not None:
        checker.check_date_expr(spec["date"], where(spec, "date"))
    if spec.get("annual"):
        try:
            datetime.date(2001, *(int(x) for x in spec["annual"].split("-")))  # 2001: not a leap year, so 02-29 is refused
        except ValueError:
            checker.issue(where(spec, "annual"), f"нет такой даты «{spec['annual']}» (ожидается ММ-ДД)")


AUTHORED = AuthoredOutcome("date", _shape, _check)
