"""`document` as written in YAML: the hours fact (and its fallback) and a table of rows; the rows must tile 0..∞."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit
from calculator.authoring.shapes import AnyOf, List, Null, Num, Obj, Shape, Str
from calculator.authoring.yamlsource import Node, where
from calculator.outcomes.document import HOUR_BOUNDS

__all__ = ["AUTHORED"]


def _shape(kit: ShapeKit) -> Shape:
    row = Obj(
        "Строка таблицы документов: границы часов и/или условие, и что выдаётся.",
        fields={
            "over": Num("Больше (строго), часов."),
            "at_least": Num("Не меньше, часов."),
            "under": Num("Меньше (строго), часов."),
            "at_most": Num("Не больше, часов."),
            "when": kit.condition,
            "code": AnyOf("Код документа или null, если документ не выдаётся.", (kit.codes("documents", "Код документа."), Null())),
            "assessment": AnyOf("Итоговая аттестация.", (kit.codes("assessments", "Вид аттестации."), Null())),
            "reason": Str("Почему документа нет (обязательно, если code: null)."),
            "clauses": List("Дополнительные пункты акта для этой строки.", item=kit.clause),
        },
        required=("code",),
    )
    return Obj(
        "Документ и аттестация по программе.",
        fields={
            "hours": kit.fact,
            "hours_fallback": kit.fact_choice("Чем заменить часы, если они не указаны (ответ скажет об этом допущении)."),
            "rows": List(item=row, min_items=1),
        },
        required=("rows",),
    )


def _check(checker: Checker, spec: Any, act_id: str) -> None:
    rows = spec["rows"]
    hours = spec.get("hours")
    for key in ("hours", "hours_fallback"):
        if spec.get(key) is not None and checker.fact_type(spec[key]) not in ("number", "integer"):
            checker.issue(where(spec, key), f"«{spec[key]}» — не число часов")
            return
    for i, row in enumerate(rows):
        here = where(rows, i)
        if row.get("code") is None and not row.get("reason"):
            checker.issue(
                here,
                "строка без документа (code: null) должна объяснять причину в reason",
                "например: «Программы менее 18 часов Положение не предусматривает»",
            )
        if row.get("when"):
            checker.check_condition(row["when"], where(row, "when"))
        for j, clause in enumerate(row.get("clauses") or []):
            checker.check_clause(act_id, clause, where(row["clauses"], j))
        bounded = any(k in row for k in HOUR_BOUNDS)
        if bounded and hours is None:
            checker.issue(here, "у строки указаны границы часов, а у таблицы нет hours (какие часы сравнивать)")
        if hours is not None and not bounded and not row.get("when"):
            checker.issue(here, "у строки нет границ часов (over/at_least/under/at_most) и условия when")
    if hours is not None:
        _check_ranges(checker, rows)


def _check_ranges(checker: Checker, rows: list[Node]) -> None:
    """Rows without `when` must cover 0..infinity in order, without gaps or overlaps."""
    plain = [(i, r) for i, r in enumerate(rows) if not r.get("when")]
    cursor = (Fraction(0), True)  # where the next row must start, and whether inclusively
    for n, (i, row) in enumerate(plain):
        here = where(rows, i)
        if ("over" in row and "at_least" in row) or ("under" in row and "at_most" in row):
            checker.issue(here, "у строки две нижние или две верхние границы")
            return
        low = _bound(row, "at_least", "over") or (Fraction(0), True)
        if low != cursor:
            overlap = low[0] < cursor[0] or (low[0] == cursor[0] and low[1])
            problem = "пересекается с предыдущей" if overlap else "оставляет промежуток после предыдущей"
            checker.issue(
                here,
                f"строка таблицы {problem}: начинается «{_say(low)}», а должна «{_say(cursor)}»",
                "строки идут подряд без разрывов и наложений: «не больше 72» → «больше 72»",
            )
            return
        high = _bound(row, "at_most", "under")
        if high is None:
            if n != len(plain) - 1:
                checker.issue(here, "строка без верхней границы должна быть последней")
            return
        if high[0] < low[0] or (high[0] == low[0] and not (high[1] and low[1])):
            checker.issue(here, "верхняя граница строки не больше нижней: в строку не попадает ни одно значение")
            return
        cursor = (high[0], not high[1])
    last = where(rows, plain[-1][0]) if plain else where(rows)
    checker.issue(
        last, "таблица не закрыта сверху: добавьте последнюю строку без верхней границы", "например: over: 144, code: null, reason: ..."
    )


def _bound(row: Node, inclusive: str, strict: str) -> tuple[Fraction, bool] | None:
    if inclusive in row:
        return Fraction(str(row[inclusive])), True
    if strict in row:
        return Fraction(str(row[strict])), False
    return None


def _say(bound: tuple[Fraction, bool]) -> str:
    return ("от " if bound[1] else "более ") + f"{float(bound[0]):g}"


AUTHORED = AuthoredOutcome("document", _shape, _check)
