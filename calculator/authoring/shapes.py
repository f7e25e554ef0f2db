"""A small vocabulary of shapes: checked in lint, exported as JSON Schema for editors.

Each file kind in `rules/` is described once with these shapes (see
`calculator.authoring.spec`). The same description yields the Russian lint
messages and the draft-07 JSON Schema that gives completion and hover help.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from calculator.authoring.yamlsource import Located, Node, where

__all__ = [
    "AnyOf",
    "Bool",
    "Custom",
    "Date",
    "Enum",
    "Issue",
    "List",
    "Map",
    "Null",
    "Num",
    "Obj",
    "Shape",
    "Str",
    "check",
    "to_schema",
]


@dataclass(frozen=True, slots=True)
class Issue:
    at: Located | None
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Shape:
    description: str = ""


@dataclass(frozen=True)
class Str(Shape):
    pattern: str | None = None
    min_length: int = 1


@dataclass(frozen=True)
class Bool(Shape):
    pass


@dataclass(frozen=True)
class Null(Shape):
    pass


@dataclass(frozen=True)
class Num(Shape):
    integer: bool = False
    minimum: float | None = 0


@dataclass(frozen=True)
class Date(Shape):
    pass


@dataclass(frozen=True)
class Enum(Shape):
    values: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class List(Shape):
    item: Shape = field(default_factory=Shape)
    min_items: int = 0


@dataclass(frozen=True)
class Map(Shape):
    value: Shape = field(default_factory=Shape)


@dataclass(frozen=True)
class Obj(Shape):
    fields: dict[str, Shape] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    one_of_keys: tuple[str, ...] = ()  # exactly one of these keys must be present


@dataclass(frozen=True)
class AnyOf(Shape):
    options: tuple[Shape, ...] = ()


@dataclass(frozen=True)
class Custom(Shape):
    """A shape checked by a function (recursive grammars) with a hand-written schema."""

    checker: Callable[[Any, Located | None, list[Issue]], None] = lambda v, at, out: None
    schema: dict[str, Any] = field(default_factory=dict)
    ref: str | None = None  # a named definition: schemas refer to it instead of repeating it


_TYPE_RU = {
    Str: "строка",
    Bool: "true или false",
    Null: "null",
    Num: "число",
    Date: "дата ГГГГ-ММ-ДД",
    Enum: "одно из значений",
    List: "список (строки, начинающиеся с «- »)",
    Map: "набор «ключ: значение»",
    Obj: "набор «ключ: значение»",
}


def describe(value: Any) -> str:
    if value is None:
        return "пусто"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"число {value}"
    if isinstance(value, datetime.date):
        return f"дата {value.isoformat()}"
    if isinstance(value, str):
        return f"строка «{value[:40]}»"
    if isinstance(value, list):
        return "список"
    if isinstance(value, dict):
        return "набор ключей"
    return type(value).__name__


def check(value: Any, shape: Shape, at: Located | None, out: list[Issue]) -> bool:
    """Check `value` against `shape`, appending located issues; True when it fits."""
    before = len(out)
    _check(value, shape, at, out)
    return len(out) == before


def _fits(value: Any, shape: Shape) -> bool:
    return check(value, shape, None, [])


def _check(value: Any, shape: Shape, at: Located | None, out: list[Issue]) -> None:
    if isinstance(shape, Custom):
        shape.checker(value, at, out)
    elif isinstance(shape, AnyOf):
        if not any(_fits(value, o) for o in shape.options):
            # Report against the option of the same basic kind, if any: its message is the useful one.
            same = [o for o in shape.options if isinstance(value, dict) == isinstance(o, (Obj, Map, Custom))]
            if len(same) == 1:
                _check(value, same[0], at, out)
            else:
                kinds = " или ".join(dict.fromkeys(_TYPE_RU.get(type(o), "значение") for o in shape.options))
                out.append(Issue(at, f"ожидается {kinds}; получено: {describe(value)}", shape.description))
    elif isinstance(shape, Null):
        if value is not None:
            out.append(Issue(at, f"ожидается пустое значение; получено: {describe(value)}"))
    elif isinstance(shape, Str):
        if not isinstance(value, str) or len(value.strip()) < shape.min_length:
            out.append(
                Issue(at, f"ожидается {'непустая ' if shape.min_length else ''}строка; получено: {describe(value)}", shape.description)
            )
        elif shape.pattern and not re.fullmatch(shape.pattern, value):
            out.append(Issue(at, f"значение «{value}» не подходит по форме", shape.description))
    elif isinstance(shape, Bool):
        if not isinstance(value, bool):
            out.append(Issue(at, f"ожидается true или false; получено: {describe(value)}"))
    elif isinstance(shape, Num):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
        if ok and shape.integer:
            ok = float(value).is_integer()
        if ok and value in (float("inf"), float("-inf")):
            ok = False
        if not ok:
            kind = "целое число" if shape.integer else "число"
            out.append(Issue(at, f"ожидается {kind}; получено: {describe(value)}", shape.description))
        elif shape.minimum is not None and value < shape.minimum:
            out.append(Issue(at, f"число не может быть меньше {shape.minimum:g}; получено {value}"))
    elif isinstance(shape, Date):
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            out.append(Issue(at, f"ожидается дата ГГГГ-ММ-ДД; получено: {describe(value)}", "например 2010-01-28"))
    elif isinstance(shape, Enum):
        if not isinstance(value, str) or value not in shape.values:
            close = difflib.get_close_matches(str(value), shape.values, n=1, cutoff=0.6)
            hint = f"возможно, «{close[0]}»?" if close else f"допустимы: {', '.join(shape.values)}"
            out.append(Issue(at, f"недопустимое значение {describe(value)}", hint))
    elif isinstance(shape, List):
        if not isinstance(value, list):
            out.append(Issue(at, f"ожидается список; получено: {describe(value)}", "каждый элемент — с новой строки, начиная с «- »"))
            return
        if len(value) < shape.min_items:
            out.append(Issue(at, f"список должен содержать не меньше {shape.min_items} элемент(ов)"))
        for i, item in enumerate(value):
            _check(item, shape.item, where(value, i) or at, out)
    elif isinstance(shape, Map):
        if not isinstance(value, dict):
            out.append(Issue(at, f"ожидается набор «ключ: значение»; получено: {describe(value)}"))
            return
        for key, item in value.items():
            _check(item, shape.value, where(value, key) or at, out)
    elif isinstance(shape, Obj):
        _check_obj(value, shape, at, out)


def _check_obj(value: Any, shape: Obj, at: Located | None, out: list[Issue]) -> None:
    if not isinstance(value, dict):
        out.append(Issue(at, f"ожидается набор «ключ: значение»; получено: {describe(value)}", shape.description))
        return
    key_at = value.key_at if isinstance(value, Node) else {}
    for key in value:
        if key not in shape.fields:
            close = difflib.get_close_matches(key, list(shape.fields), n=1, cutoff=0.6)
            hint = f"возможно, имелось в виду «{close[0]}»?" if close else f"допустимые ключи: {', '.join(shape.fields)}"
            out.append(Issue(key_at.get(key, at), f"неизвестный ключ «{key}»", hint))
    for key in shape.required:
        if key not in value:
            out.append(Issue(at, f"не хватает обязательного ключа «{key}»", shape.fields[key].description))
    if shape.one_of_keys:
        present = [k for k in shape.one_of_keys if k in value]
        if len(present) != 1:
            names = ", ".join(shape.one_of_keys)
            problem = "указано несколько: " + ", ".join(present) if present else "не указан ни один"
            out.append(Issue(at, f"нужен ровно один из ключей {names}: {problem}"))
    for key, item in value.items():
        if key in shape.fields:
            _check(item, shape.fields[key], where(value, key) or at, out)


def to_schema(shape: Shape) -> dict[str, Any]:
    """The draft-07 JSON Schema of a shape, descriptions in Russian."""
    schema: dict[str, Any]
    if isinstance(shape, Custom) and shape.ref:
        return {"$ref": f"#/definitions/{shape.ref}"}
    if isinstance(shape, Custom):
        schema = dict(shape.schema)
    elif isinstance(shape, AnyOf):
        schema = {"anyOf": [to_schema(o) for o in shape.options]}
    elif isinstance(shape, Null):
        schema = {"type": "null"}
    elif isinstance(shape, Str):
        schema = {"type": "string", "minLength": shape.min_length}
        if shape.pattern:
            schema["pattern"] = f"^{shape.pattern}$"
    elif isinstance(shape, Bool):
        schema = {"type": "boolean"}
    elif isinstance(shape, Num):
        schema = {"type": "integer" if shape.integer else "number"}
        if shape.minimum is not None:
            schema["minimum"] = shape.minimum
    elif isinstance(shape, Date):
        schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif isinstance(shape, Enum):
        schema = {"enum": list(shape.values)}
        if shape.labels:
            schema["markdownEnumDescriptions"] = list(shape.labels)
            schema["enumDescriptions"] = list(shape.labels)
    elif isinstance(shape, List):
        schema = {"type": "array", "items": to_schema(shape.item)}
        if shape.min_items:
            schema["minItems"] = shape.min_items
    elif isinstance(shape, Map):
        schema = {"type": "object", "additionalProperties": to_schema(shape.value)}
    elif isinstance(shape, Obj):
        schema = {
            "type": "object",
            "properties": {k: to_schema(v) for k, v in shape.fields.items()},
            "additionalProperties": False,
        }
        if shape.required:
            schema["required"] = list(shape.required)
        if shape.one_of_keys:
            schema["oneOf"] = [{"required": [k]} for k in shape.one_of_keys]
    else:
        schema = {}
    if shape.description and "description" not in schema:
        schema["description"] = shape.description
    return schema
