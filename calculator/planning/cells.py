"""One cell of a staff list turned into a fact's value (of the type the engine holds), as a person in HR would have typed it.

Spreadsheets in a Russian locale write dates as 31.08.2009, decimals with a comma and
yes/no in words; XLSX cells may already be dates, numbers or booleans. A cell that
cannot be read gives a `CellProblem` whose message says what was found and what is
expected, so the row can be reported and skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from calculator.dates import FIRST_YEAR, LAST_YEAR
from calculator.facts import FACT_TYPES, Fact
from calculator.planning.columns import header_key
from calculator.shown import shown

__all__ = ["CellProblem", "reader", "text_of"]

_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_BOOLS = dict.fromkeys(("да", "д", "yes", "y", "true", "истина", "1", "+", "есть", "v", "✓", "x", "х"), True)
_BOOLS |= dict.fromkeys(("нет", "н", "no", "n", "false", "ложь", "0", "-", "–", "—"), False)
# Choice cells: "нет" in a column such as «Отпуск» means the same as an empty cell.
_NONE = frozenset({"нет", "-", "–", "—", "не находится"})
_COUNTRY_NAMES = {"россия": "RU", "рф": "RU", "российская федерация": "RU"}
_EXAMPLE = {kind: t.expected_cell for kind, t in FACT_TYPES.items()}


class CellProblem(ValueError):
    """A cell that does not hold what its column needs; the message is Russian and names the value found."""


def text_of(value: Any) -> str:
    """A cell as text, for the person's details and for messages."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(value: Any) -> str:
    return f"«{shown(text_of(value), 40)}»"


def reader(fact: Fact) -> Callable[[Any], Any]:
    """The function that reads this fact's cells (chosen once per column, not once per cell)."""
    kind = fact.type
    if kind == "date":
        convert: Callable[[Any], Any] = _date
    elif kind == "bool":
        convert = _bool
    elif kind in ("number", "integer"):
        convert = partial(_number, integer=kind == "integer")
    elif kind == "country":
        convert = _country
    elif kind == "choice":
        convert = partial(_choice, fact)
    else:
        raise ValueError(f"a staff list has no column for a fact of type {kind}")

    def read(cell: Any) -> Any:
        if cell is None or cell == "" or (isinstance(cell, str) and cell.isspace()):
            return None
        return convert(cell)

    return read


def _date(cell: Any) -> date:
    if isinstance(cell, date):  # a date cell of a workbook (a datetime is a date too)
        when = cell.date() if isinstance(cell, datetime) else cell
        return _checked_date(when.year, when.month, when.day, cell)
    if isinstance(cell, str):
        text = cell.strip()
        # The common case first, without a regular expression: 100 000 rows have several dates each.
        if (
            len(text) == 10
            and text[2] == "."
            and text[5] == "."
            and text[:2].isdecimal()
            and text[3:5].isdecimal()
            and text[6:].isdecimal()
        ):
            return _checked_date(int(text[6:]), int(text[3:5]), int(text[:2]), cell)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise CellProblem(
            f"ожидается {_EXAMPLE['date']}; в ячейке число {_shown(cell)} — задайте ячейке формат «Дата» или введите дату как ДД.ММ.ГГГГ"
        )
    text = str(cell).strip()
    if match := _RU_DATE.match(text):
        day_text, month_text, year_text = match.groups()
        if len(year_text) == 2:
            raise CellProblem(f"год в дате {_shown(cell)} записан двумя цифрами; укажите четыре, например 31.08.2009")
        return _checked_date(int(year_text), int(month_text), int(day_text), cell)
    if match := _ISO_DATE.match(text):
        year_text, month_text, day_text = match.groups()
        return _checked_date(int(year_text), int(month_text), int(day_text), cell)
    raise CellProblem(f"ожидается {_EXAMPLE['date']}; получено: {_shown(cell)}")


def _checked_date(year: int, month: int, day: int, cell: Any) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellProblem(f"год в дате {_shown(cell)} вне разумных пределов ({FIRST_YEAR}–{LAST_YEAR})")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(f"такой даты нет в календаре: {_shown(cell)}") from None


def _bool(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    known = _BOOLS.get(cell.strip().casefold() if isinstance(cell, str) else text_of(cell))
    if known is None:
        known = _BOOLS.get(header_key(text_of(cell)))  # «Да.», « ДА », «"да"»
    if known is not None:
        return known
    raise CellProblem(f"ожидается {_EXAMPLE['bool']} (пустая ячейка — «неизвестно»); получено: {_shown(cell)}")


def _number(cell: Any, integer: bool) -> int | float:
    expected = _EXAMPLE["integer" if integer else "number"]
    if isinstance(cell, bool):
        raise CellProblem(f"ожидается {expected}; получено: {_shown(cell)}")
    if isinstance(cell, (int, float)):
        value: float = cell
    else:
        text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise CellProblem(f"ожидается {expected}; получено: {_shown(cell)}") from None
    if not math.isfinite(value) or value < 0 or (integer and not float(value).is_integer()):
        raise CellProblem(f"ожидается {expected}; получено: {_shown(cell)}")
    return int(value) if float(value).is_integer() else value


def _country(cell: Any) -> str:
    text = text_of(cell)
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    code = _COUNTRY_NAMES.get(header_key(text))
    if code is None:
        raise CellProblem(f"ожидается {_EXAMPLE['country']} (или «Россия»); получено: {_shown(cell)}")
    return code


def _choice(fact: Fact, cell: Any) -> str | None:
    key = header_key(text_of(cell))
    for code, label in fact.choices.items():
        if key in (header_key(code), header_key(label)):
            return code
    if key in _NONE:
        return None
    options = "; ".join(f"«{label}»" for label in fact.choices.values())
    return_none = " или пустая ячейка" if fact.has_absent else ""
    raise CellProblem(f"ожидается одно из значений: {options}{return_none}; получено: {_shown(cell)}")
