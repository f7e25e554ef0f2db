"""Reading rule files so that every value knows its file, line and column.

PyYAML is used for parsing only. Mappings become `Node` dicts that remember
where each key and value stood, so a lint message can point at the exact
line a methodologist has to fix. Duplicate keys are errors (PyYAML silently
keeps the last one), and `on`/`yes`/`no` stay strings, as in YAML 1.2. Such a
key written without quotes is reported, though: an editor reading YAML 1.1
takes `on:` for `true:` and flags the whole file, so the files write `"on":`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from calculator.files import FileRefused, read_file
from calculator.shown import shown

__all__ = ["Located", "Node", "Seq", "SourceProblem", "load_file", "where"]


@dataclass(frozen=True, slots=True)
class Located:
    file: str
    line: int  # 1-based
    column: int  # 1-based


class SourceProblem(Exception):
    """A file that cannot be read as YAML: the place and a Russian message."""

    def __init__(self, at: Located, message: str, hint: str = "") -> None:
        self.at, self.message, self.hint = at, message, hint
        super().__init__(message)


class Node(dict):  # type: ignore[type-arg]
    """A mapping from a rule file, with the positions of its keys and values."""

    at: Located
    key_at: dict[str, Located]
    value_at: dict[str, Located]


class Seq(list):  # type: ignore[type-arg]
    """A sequence from a rule file, with the positions of its items."""

    at: Located
    item_at: list[Located]


def where(container: Any, key: Any = None) -> Located | None:
    """The position of `container[key]` (or of the container itself)."""
    if key is None:
        return getattr(container, "at", None)
    if isinstance(container, Node):
        return container.value_at.get(key) or container.at
    if isinstance(container, Seq) and isinstance(key, int) and key < len(container.item_at):
        return container.item_at[key]
    return getattr(container, "at", None)


class _Loader(yaml.SafeLoader):
    file_name = ""
    bare_boolean_keys: list[Located]


# Keys that YAML 1.1 (PyYAML, older editors) reads as booleans unless quoted.
_YAML11_BOOLEANS = frozenset(w for word in ("on", "off", "yes", "no", "y", "n") for w in (word, word.capitalize(), word.upper()))


# YAML 1.2 booleans only: a key `on:` (a date of repeal) must not become True.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _at(loader: _Loader, mark: yaml.Mark) -> Located:
    return Located(loader.file_name, mark.line + 1, mark.column + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Node:
    result = Node()
    result.at = _at(loader, node.start_mark)
    result.key_at, result.value_at = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key_node, yaml.ScalarNode) and key_node.style is None and key_node.value in _YAML11_BOOLEANS:
            loader.bare_boolean_keys.append(_at(loader, key_node.start_mark))
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise SourceProblem(_at(loader, key_node.start_mark), "ключ должен быть простым словом")
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            first = result.key_at[key]
            raise SourceProblem(
                _at(loader, key_node.start_mark),
                f"ключ «{key}» повторяется (впервые — в строке {first.line})",
                "оставьте один ключ: при повторе одно из значений было бы молча потеряно",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_at[key] = _at(loader, key_node.start_mark)
        result.value_at[key] = _at(loader, value_node.start_mark)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> Seq:
    result = Seq(loader.construct_object(item, deep=True) for item in node.value)
    result.at = _at(loader, node.start_mark)
    result.item_at = [_at(loader, item.start_mark) for item in node.value]
    return result


def _construct_date(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError for 2021-02-30 or 0000-01-01, with no place in the file.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise SourceProblem(
            _at(loader, node.start_mark),
            f"нет такой даты: «{node.value}»",
            "дата пишется как ГГГГ-ММ-ДД и должна существовать в календаре (месяц 1–12, год от 1)",
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

_MAX_BYTES = 5_000_000


def load_file(path: Path, shown_as: str, within: Path | None = None, bare_boolean_keys: list[Located] | None = None) -> Any:
    """Parse one YAML file; raise SourceProblem with a located Russian message.

    The read is bounded before it happens (calculator/files.py): a regular file of at most
    _MAX_BYTES, and, with `within`, really inside that folder (a link out of rules/ is refused).
    ``bare_boolean_keys``, if given, receives the places of keys like `on:` written without quotes.
    """
    start = Located(shown_as, 1, 1)
    try:
        raw = read_file(path, _MAX_BYTES, shown_as=shown_as, within=within)
    except FileRefused as exc:
        raise SourceProblem(start, str(exc).rstrip("."), "правила — обычные текстовые файлы YAML в папке rules/") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceProblem(
            Located(shown_as, line, column),
            "файл не в кодировке UTF-8",
            "сохраните файл в UTF-8 (в Блокноте: «Сохранить как» → Кодировка UTF-8)",
        ) from None
    loader = _Loader(text)
    loader.file_name = shown_as
    loader.bare_boolean_keys = bare_boolean_keys if bare_boolean_keys is not None else []
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_depth(loader, node)
        data = None if node is None else loader.construct_document(node)
        if data is None:  # no text, only comments, or "---" alone
            raise SourceProblem(start, "файл пуст", "удалите файл или заполните его по образцу соседних файлов")
        if not isinstance(data, (dict, list)):  # a lone string or number: no field to name, so the file's start is named
            raise SourceProblem(
                start,
                f"в файле одно значение ({shown(data)}), а не поля",
                "заполните файл по образцу соседних: строки вида «ключ: значение»",
            )
        return data
    except SourceProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = _at(loader, mark) if mark else start
        problem = exc.problem or exc.context or ""
        russian = _translate(problem)
        # An error we have no words for still gets a Russian message; PyYAML's own goes to the hint.
        hint = _YAML_HINT if russian else f"{_YAML_HINT} (разборщик YAML сообщает: {problem})"
        raise SourceProblem(at, f"ошибка синтаксиса YAML: {russian or 'текст здесь не складывается в YAML'}", hint) from None
    except yaml.YAMLError as exc:
        raise SourceProblem(start, f"ошибка YAML: {exc}", _YAML_HINT) from None
    except RecursionError:
        # Nesting so deep that even reading it overflowed: the reader's position is inside it.
        raise SourceProblem(_at(loader, loader.get_mark()), f"вложенность глубже {_MAX_DEPTH} уровней", _DEPTH_HINT) from None
    finally:
        loader.dispose()


# Real rule files nest about a dozen levels (a condition inside a table row inside a rule).
_MAX_DEPTH = 30
# Values in a file with every alias written out: real rule files have around a thousand at most.
_MAX_NODES = 200_000
_DEPTH_HINT = "так глубоко правила не вкладываются: вероятно, лишние скобки [ ] или { } либо сбитые отступы"


def _check_depth(loader: _Loader, root: yaml.Node) -> None:
    """Refuse nesting deeper than _MAX_DEPTH where it starts, before building anything from it, and
    aliases (*имя) that repeat so much that the file, written out, would be enormous."""
    # (node, depth, the entry of its parent): the chain up is walked only to explain a refusal.
    pending: list[tuple[yaml.Node, int, Any]] = [(root, 1, None)]
    visits = 0
    while pending:
        entry = pending.pop()
        node, depth, _parent = entry
        visits += 1
        if visits > _MAX_NODES:
            raise SourceProblem(
                _at(loader, node.start_mark),
                f"файл, если раскрыть ссылки на якоря (*имя), больше {_MAX_NODES} значений",
                "правила не бывают такими большими: уберите повторные ссылки на якоря",
            )
        if depth > _MAX_DEPTH:
            if _contains_itself(entry):
                raise SourceProblem(
                    _at(loader, node.start_mark), "ошибка синтаксиса YAML: " + _translate("found unconstructable recursive node")
                )
            raise SourceProblem(_at(loader, node.start_mark), f"вложенность глубже {_MAX_DEPTH} уровней", _DEPTH_HINT)
        if isinstance(node, yaml.MappingNode):
            pending.extend((child, depth + 1, entry) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((child, depth + 1, entry) for child in node.value)


def _contains_itself(entry: tuple[yaml.Node, int, Any] | None) -> bool:
    """Whether a node on this chain is its own ancestor (&a [*a]): not deep, recursive."""
    seen: set[int] = set()
    while entry is not None:
        node, _depth, entry = entry
        if id(node) in seen:
            return True
        seen.add(id(node))
    return False


_YAML_HINT = "проверьте отступы (пробелы, не табуляция), двоеточие после ключа и парные кавычки"
_PHRASES = {
    "mapping values are not allowed here": "здесь не может стоять «ключ: значение» — вероятно, лишнее двоеточие или сбит отступ",
    "could not find expected ':'": "не найдено двоеточие после ключа",
    "found character '\\t' that cannot start any token": "символ табуляции: используйте пробелы",
    "found undefined alias": "ссылка на несуществующий якорь (*имя)",
    "expected <block end>, but found": "сбит отступ: элемент не на своём уровне",
    "found unexpected end of stream": "файл оборвался: не закрыта кавычка или скобка",
    "did not find expected key": "ожидался ключ: проверьте отступы",
    "did not find expected '-' indicator": "ожидался элемент списка «- »: проверьте отступы",
    "found unconstructable recursive node": "якорь ссылается сам на себя (&имя … *имя)",
    "could not determine a constructor for the tag": "неизвестный тег «!!…»: в файлах правил теги не используются",
    "expected ',' or ']'": "не закрыта квадратная скобка «]»",
    "expected ',' or '}'": "не закрыта фигурная скобка «}»",
    "expected the node content, but found": "после ключа или «- » ожидалось значение, а файл или строка кончились",
    "expected '<document start>', but found": "лишний текст после конца документа: вероятно, сбит отступ первой строки",
    "expected ' ', but found": "после «:» или «-» нужен пробел",
    "expected a comment or a line break, but found": "после значения в этой строке лишний текст",
    "found unknown escape character": "неизвестная последовательность с «\\» в кавычках: используйте одинарные кавычки",
    "found unexpected document separator": "строка «---» или «...» внутри кавычек",
    "found undefined tag handle": "неизвестный тег «!…»: в файлах правил теги не используются",
    "expected alphabetic or numeric character, but found": "после «&» или «*» ожидалось имя якоря",
    "found character": "недопустимый символ в начале значения (например, «@» или «`»): заключите значение в кавычки",
    "found duplicate anchor": "якорь с таким именем уже есть",
}


def _translate(problem: str) -> str:
    """PyYAML's problem in Russian, or "" when there are no words for it yet."""
    for english, russian in _PHRASES.items():
        if problem.startswith(english):
            return russian
    return ""
