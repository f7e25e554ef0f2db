"""Mutated copies of the real rule files: the mistakes a methodologist (or a broken editor) makes.

Each mutation changes one file of `rules/` (or deletes it) in one way a person or a tool
could: a key deleted or misspelt, a value of the wrong type, a fact that does not exist, an
impossible date, an overlapping table row, a huge number, nesting thousands deep, bytes that
are not UTF-8, broken YAML. The fuzz test (tests/test_rule_fuzzing.py) runs lint on each; for
a longer run by hand:

    .venv/bin/python -m tests.rules_fuzz --count 5000 --seed 7

`must_refuse` marks the kinds that can never leave valid rules (a duplicate key, bytes that are
not UTF-8); the others (a deleted key may be optional) must still end cleanly, one way or the
other.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

import calculator.authoring.compiler as compiler
from calculator.authoring.yamlsource import Node, Seq, load_file
from calculator.cli import main

UNKNOWN_KEY = "лишний_ключ"
UNKNOWN_FACT = "несуществующий.факт"


@dataclass(frozen=True, slots=True)
class Mutation:
    number: int
    file: str  # relative to the rules folder
    kind: str
    detail: str
    content: bytes | None  # None: the file is deleted
    must_refuse: bool

    def __str__(self) -> str:
        return f"мутация №{self.number} ({self.kind}) в {self.file}: {self.detail}"


@dataclass
class Source:
    """One rule file as read once: its bytes, its parsed tree and where its keys and values stand."""

    file: str
    raw: bytes
    tree: Any
    facts: frozenset[str]

    @property
    def lines(self) -> list[str]:
        return self.raw.decode("utf-8").splitlines(keepends=True)


def plain(value: Any) -> Any:
    """A parsed tree as plain dicts and lists, for yaml.safe_dump."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def dump(tree: Any) -> bytes:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")


def _slots(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a plain tree, the root's children first."""
    found: list[tuple[Any, Any]] = []
    pending = [tree]
    while pending:
        container = pending.pop()
        keys = list(container) if isinstance(container, dict) else range(len(container))
        for key in keys:
            found.append((container, key))
            if isinstance(container[key], dict | list):
                pending.append(container[key])
    return found


def _places(tree: Any, kind: str) -> list[tuple[int, int, Any]]:
    """(line, column, value) of every value (kind="value") or key (kind="key") in a located tree."""
    found: list[tuple[int, int, Any]] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, Node):
            positions = node.key_at if kind == "key" else node.value_at
            for key, value in node.items():
                at = positions[key]
                found.append((at.line, at.column, key if kind == "key" else value))
                pending.append(value)
        elif isinstance(node, Seq):
            if kind == "value":
                found.extend((at.line, at.column, value) for at, value in zip(node.item_at, node, strict=True))
            pending.extend(node)
    return found


# --- structural mutations: parse, change the tree, write it back -------------------------------
Structural = Callable[[random.Random, Any, Source], str | None]


def delete_key(rng: random.Random, tree: Any, source: Source) -> str | None:
    slots = [(c, k) for c, k in _slots(tree) if isinstance(c, dict)]
    container, key = rng.choice(slots)
    del container[key]
    return f"удалён ключ «{key}»"


def unknown_key(rng: random.Random, tree: Any, source: Source) -> str | None:
    # A case that expects a refused profile is right with one more unknown field anywhere in it: left out.
    refused_profiles = [
        c["profile"] for c in tree.get("cases", ()) if isinstance(c, dict) and "error" in c and isinstance(c.get("profile"), dict)
    ]
    left_out = {id(m) for profile in refused_profiles for m in [profile, *(c[k] for c, k in _slots(profile))]}
    mappings = [tree, *(c[k] for c, k in _slots(tree) if isinstance(c[k], dict) and id(c[k]) not in left_out)]
    rng.choice(mappings)[UNKNOWN_KEY] = 1
    return f"добавлен ключ «{UNKNOWN_KEY}»"


def _other_type(rng: random.Random, value: Any) -> Any:
    if isinstance(value, bool):
        return rng.choice(["может быть", [True]])
    if isinstance(value, int | float):
        return rng.choice(["сорок два", [value], {UNKNOWN_KEY: value}])
    if isinstance(value, datetime.date):
        return rng.choice(["вчера", 20210101, [value]])
    if isinstance(value, str):
        return rng.choice([[[value]], {UNKNOWN_KEY: value}])
    if isinstance(value, list):
        return rng.choice(["не список", {UNKNOWN_KEY: 1}, 17])
    if isinstance(value, dict):
        return rng.choice(["не словарь", 7, [[1]]])
    return {UNKNOWN_KEY: 1}


def wrong_type(rng: random.Random, tree: Any, source: Source) -> str | None:
    container, key = rng.choice(_slots(tree))
    old = container[key]
    container[key] = _other_type(rng, old)
    return f"«{key}»: {type(old).__name__} → {type(container[key]).__name__}"


def unknown_fact(rng: random.Random, tree: Any, source: Source) -> str | None:
    slots = [(c, k) for c, k in _slots(tree) if isinstance(c[k], str) and c[k] in source.facts]
    if not slots:
        return None
    container, key = rng.choice(slots)
    old, container[key] = container[key], UNKNOWN_FACT
    return f"факт «{old}» заменён на «{UNKNOWN_FACT}»"


HUGE = (10**40, -(10**40), 2**63, 1e308, float("inf"), float("-inf"), float("nan"), -1, 0)


HUGE_PERIODS = ("9999 лет", "101 год", "9999 месяцев", "9999 недель", "9999 дней")
_PERIOD = re.compile(r"^\d+ [а-яё ]+$")


def huge_number(rng: random.Random, tree: Any, source: Source) -> str | None:
    """A number, or the count of a period («3 года»), made huge, infinite, negative or zero."""
    numbers = [(c, k) for c, k in _slots(tree) if isinstance(c[k], int | float) and not isinstance(c[k], bool)]
    periods = [(c, k) for c, k in _slots(tree) if isinstance(c[k], str) and _PERIOD.match(c[k])]
    if not numbers and not periods:
        return None
    container, key = rng.choice(numbers + periods)
    container[key] = rng.choice(HUGE_PERIODS if isinstance(container[key], str) else HUGE)
    return f"«{key}» = {container[key]}"


def duplicate_item(rng: random.Random, tree: Any, source: Source) -> str | None:
    lists = [c[k] for c, k in _slots(tree) if isinstance(c[k], list) and c[k]]
    if not lists:
        return None
    chosen = rng.choice(lists)
    index = rng.randrange(len(chosen))
    chosen.insert(rng.randrange(len(chosen) + 1), chosen[index])
    return f"повторён элемент списка №{index + 1}"


def overlapping_rows(rng: random.Random, tree: Any, source: Source) -> str | None:
    """A row of a document table copied next to itself: two rows for the same hours."""
    tables = [c[k] for c, k in _slots(tree) if k == "rows" and isinstance(c[k], list) and c[k]]
    if not tables:
        return None
    rows = rng.choice(tables)
    index = rng.randrange(len(rows))
    rows.insert(index, dict(rows[index]))
    return f"строка таблицы №{index + 1} повторена"


STRUCTURAL: dict[str, tuple[Structural, bool]] = {
    "delete_key": (delete_key, False),  # an optional key may go
    "unknown_key": (unknown_key, True),
    "wrong_type": (wrong_type, False),  # a case that expects a wrong input stays right with another wrong input
    "unknown_fact": (unknown_fact, True),
    "huge_number": (huge_number, False),
    "duplicate_item": (duplicate_item, False),
    "overlapping_rows": (overlapping_rows, True),
}


# --- mutations of the text itself -------------------------------------------------------------
Textual = Callable[[random.Random, Source], tuple[bytes | None, str] | None]


def _replace_at(lines: list[str], line: int, column: int, length: int, new: str) -> bytes:
    text = lines[line - 1]
    lines[line - 1] = text[: column - 1] + new + text[column - 1 + length :]
    return "".join(lines).encode("utf-8")


def bad_date(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    lines = source.lines
    dates = [
        (line, column)
        for line, column, value in _places(source.tree, "value")
        if isinstance(value, datetime.date) and re.match(r"\d{4}-\d\d-\d\d", lines[line - 1][column - 1 :])
    ]
    if not dates:
        return None
    line, column = rng.choice(dates)
    new = rng.choice(["2021-02-30", "2021-13-01", "2021-00-10", "0000-01-01", "31.02.2021", "когда-нибудь", "2021-1-1x"])
    return _replace_at(lines, line, column, 10, new), f"строка {line}: дата → {new}"


def deep_nesting(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    lines = source.lines
    depth = rng.choice([40, 300, 3_000, 30_000])
    opening, closing = rng.choice([("[", "]"), ("{a: ", "}")])
    places = [(line, column) for line, column, value in _places(source.tree, "value") if not isinstance(value, dict | list)]
    line, column = rng.choice(places)
    rest = len(lines[line - 1].rstrip("\n")) - (column - 1)
    return _replace_at(lines, line, column, rest, opening * depth + closing * depth), f"строка {line}: вложенность {depth}"


def non_utf8(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    way = rng.choice(["byte", "cp1251", "utf-16"])
    if way == "cp1251" and source.raw.isascii():
        way = "byte"
    if way == "cp1251":
        return source.raw.decode("utf-8").encode("cp1251", errors="replace"), "файл в кодировке Windows-1251"
    if way == "utf-16":
        return source.raw.decode("utf-8").encode("utf-16"), "файл в UTF-16"
    at = rng.randrange(len(source.raw) + 1)
    junk = rng.choice([b"\xff", b"\xc3(", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
    return source.raw[:at] + junk + source.raw[at:], f"байты {junk!r} в позиции {at}"


def tab_indent(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    lines = source.lines
    line = rng.randrange(len(lines) + 1)
    lines.insert(line, f"\t{UNKNOWN_KEY}: 1\n")
    return "".join(lines).encode("utf-8"), f"строка {line + 1} с табуляцией"


def duplicate_key(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    lines = source.lines
    block_keys = [
        (line, column, key)
        for line, column, key in _places(source.tree, "key")
        if lines[line - 1][: column - 1].strip() in ("", "-") and lines[line - 1][column - 1 :].startswith(f"{key}:")
    ]
    if not block_keys:
        return None
    line, column, key = rng.choice(block_keys)
    prefix = lines[line - 1][: column - 1]
    lines[line - 1] = " " * len(prefix) + lines[line - 1][len(prefix) :]
    lines.insert(line - 1, f"{prefix}{key}: 0\n")
    return "".join(lines).encode("utf-8"), f"строка {line}: ключ «{key}» дважды"


def broken_syntax(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    text = source.raw.decode("utf-8")
    way = rng.choice(["truncate", "colon", "quote", "bracket", "indent"])
    if way == "truncate":
        at = rng.randrange(len(text))
        return text[:at].encode("utf-8"), f"файл оборван на символе {at}"
    if way == "colon":
        colons = [m.start() for m in re.finditer(":", text)]
        at = rng.choice(colons)
        return (text[:at] + text[at + 1 :]).encode("utf-8"), f"удалено двоеточие (символ {at})"
    if way == "quote":
        values = [m.end() for m in re.finditer(": ", text)]
        at = rng.choice(values)
        return (text[:at] + '"' + text[at:]).encode("utf-8"), f"незакрытая кавычка (символ {at})"
    if way == "bracket":
        at = rng.randrange(len(text))
        return (text[:at] + rng.choice("[]{}") + text[at:]).encode("utf-8"), f"лишняя скобка (символ {at})"
    lines = source.lines
    line = rng.randrange(len(lines))
    lines[line] = " " + lines[line]
    return "".join(lines).encode("utf-8"), f"строка {line + 1} сдвинута на пробел"


def alias_bomb(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    """Anchors that each repeat the one before ten times ("billion laughs"): tiny written, huge read."""
    levels = rng.choice([6, 9, 12])
    keys = [f"{UNKNOWN_KEY}_0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    keys += [f"{UNKNOWN_KEY}_{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels)]
    return source.raw.rstrip(b"\n") + b"\n" + "\n".join(keys).encode("utf-8") + b"\n", f"якоря: 10^{levels} значений"


def empty_file(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    return rng.choice([b"", b"\n", b"# only a comment\n", b"---\n"]), "файл пуст"


def delete_file(rng: random.Random, source: Source) -> tuple[bytes | None, str] | None:
    return None, "файл удалён"


TEXTUAL: dict[str, tuple[Textual, bool]] = {
    "bad_date": (bad_date, True),
    "deep_nesting": (deep_nesting, True),
    "alias_bomb": (alias_bomb, True),
    "non_utf8": (non_utf8, True),
    "tab_indent": (tab_indent, True),
    "duplicate_key": (duplicate_key, True),
    "broken_syntax": (broken_syntax, False),  # a truncated file can end at a line break
    "empty_file": (empty_file, True),
    "delete_file": (delete_file, False),  # a case file can go without leaving a rule unexercised
}

KINDS = (*STRUCTURAL, *TEXTUAL)


def read_sources(root: Path) -> list[Source]:
    """Every YAML file under `root`, parsed once by the linter's own reader."""
    paths = sorted(root.rglob("*.yaml"))
    facts_tree = load_file(root / "facts.yaml", "facts.yaml")
    facts = frozenset(_fact_paths(facts_tree["facts"], ""))
    return [Source(str(p.relative_to(root)), p.read_bytes(), load_file(p, str(p.relative_to(root))), facts) for p in paths]


def _fact_paths(facts: dict[str, Any], prefix: str) -> Iterator[str]:
    for name, spec in facts.items():
        yield prefix + name
        if isinstance(spec, dict) and spec.get("fields"):
            yield from _fact_paths(spec["fields"], f"{prefix}{name}.")


def mutations(sources: list[Source], count: int, seed: int = 1) -> Iterator[Mutation]:
    """`count` mutations, the kinds taken in turn (so each is well represented), files at random."""
    rng = random.Random(seed)
    number = 0
    while number < count:
        kind = KINDS[number % len(KINDS)]
        source = rng.choice(sources)
        made = _apply(rng, kind, source)
        if made is None:  # this file has nothing of the kind (no dates, no tables): another file
            continue
        content, detail, must_refuse = made
        number += 1
        yield Mutation(number, source.file, kind, detail, content, must_refuse)


def _apply(rng: random.Random, kind: str, source: Source) -> tuple[bytes | None, str, bool] | None:
    if kind in STRUCTURAL:
        change, must_refuse = STRUCTURAL[kind]
        tree = plain(source.tree)
        detail = change(rng, tree, source)
        return None if detail is None else (dump(tree), detail, must_refuse)
    edit, must_refuse = TEXTUAL[kind]
    made = edit(rng, source)
    return None if made is None else (made[0], made[1], must_refuse)


# --- running lint on a mutation -----------------------------------------------------------------
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Two English words in a row, outside «quotes»: a message that was not translated.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
HANG_SECONDS = 60


@dataclass
class Outcome:
    mutation: Mutation
    exit_code: int | None
    output: str
    faults: list[str]  # what is wrong with how lint ended; empty when it ended well


def lint_mutation(root: Path, source: Source, mutation: Mutation) -> Outcome:
    """Apply `mutation` to the copy at `root`, run `python -m calculator lint` in-process, restore the file."""
    path = root / mutation.file
    if mutation.content is None:
        path.unlink()
    else:
        path.write_bytes(mutation.content)
    output = io.StringIO()

    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stderr(output), contextlib.redirect_stdout(output):
            code: int | None = main(["lint", str(root)])
        faults = judge(root, mutation, code, output.getvalue())
    except TimeoutError:
        code, faults = None, [f"lint не закончил работу за {HANG_SECONDS} с"]
    except BaseException as exc:  # anything escaping the command is the finding
        code, faults = None, [f"исключение вышло из команды: {type(exc).__name__}: {exc}"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        path.write_bytes(source.raw)
    return Outcome(mutation, code, output.getvalue(), faults)


def judge(root: Path, mutation: Mutation, code: int | None, output: str) -> list[str]:
    """What is wrong with how lint ended: refused with located Russian messages, or accepted if it may."""
    faults: list[str] = []
    if "Traceback" in output or code not in (0, 2):
        return [f"код выхода {code}, вывод: {output[-500:]}"]
    if code == 0:
        if mutation.must_refuse:
            faults.append("испорченные правила приняты (код 0)")
        return faults
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines or not lines[-1].startswith("Найдено проблем:"):
        return [f"нет итоговой строки «Найдено проблем»: {output[-300:]}"]
    for line in lines[:-1]:
        if line.startswith("    подсказка: "):
            continue
        located = LOCATED.match(line)
        if not located:
            faults.append(f"сообщение без места (файл:строка:столбец): {line}")
            continue
        file = root.parent / located["file"]
        if not (file.exists() or located["file"] == f"{root.name}/{mutation.file}"):
            faults.append(f"место указывает на несуществующий файл: {line}")
        elif file.is_file() and int(located["line"]) > file.read_bytes().count(b"\n") + 1:
            faults.append(f"строка за концом файла: {line}")
        message = re.sub(r"«[^»]*»", "", located["message"])
        if not CYRILLIC.search(message) or ENGLISH.search(message):
            faults.append(f"сообщение не по-русски: {line}")
    return faults


def cached_loading() -> Any:
    """Parse each unchanged file once: lint then reads a fresh copy of that tree (the parse is
    most of lint's time); a mutated file, whose bytes differ, is parsed for real every time."""
    real = compiler.load_file
    parsed: dict[tuple[str, bytes], Any] = {}

    def load(path: Path, shown_as: str, within: Path | None = None, bare_boolean_keys: list[Any] | None = None) -> Any:
        raw = path.read_bytes()
        key = (shown_as, raw)
        if key not in parsed:
            found: list[Any] = []
            tree = real(path, shown_as, within, found)  # a SourceProblem propagates as it would
            if len(parsed) >= 400:  # the originals come first; a mutated file is seldom seen twice
                if bare_boolean_keys is not None:
                    bare_boolean_keys.extend(found)
                return _fresh(tree)
            parsed[key] = (tree, found)
        tree, found = parsed[key]
        if bare_boolean_keys is not None:
            bare_boolean_keys.extend(found)
        return _fresh(tree)

    return mock.patch.object(compiler, "load_file", load)


def _fresh(value: Any) -> Any:
    """A copy of a located tree that lint may change; positions are immutable and shared."""
    if isinstance(value, Node):
        copy = Node((k, _fresh(v)) for k, v in value.items())
        copy.at, copy.key_at, copy.value_at = value.at, dict(value.key_at), dict(value.value_at)
        return copy
    if isinstance(value, Seq):
        seq = Seq(_fresh(v) for v in value)
        seq.at, seq.item_at = value.at, list(value.item_at)
        return seq
    return value


def run(rules: Path, work: Path, count: int, seed: int) -> list[Outcome]:
    """Copy `rules` into `work`, lint `count` mutations of it, return every outcome."""

    root = work / "rules"
    shutil.copytree(rules, root)
    sources = {s.file: s for s in read_sources(root)}
    with cached_loading():
        return [lint_mutation(root, sources[m.file], m) for m in mutations(list(sources.values()), count, seed)]


def summary(outcomes: list[Outcome]) -> str:
    """A table by kind: how many mutations, refused, accepted, faults."""
    rows = ["вид мутации          всего  отклонено  принято  сбоев"]
    for kind in KINDS:
        mine = [o for o in outcomes if o.mutation.kind == kind]
        refused = sum(o.exit_code == 2 for o in mine)
        accepted = sum(o.exit_code == 0 for o in mine)
        rows.append(f"{kind:<20} {len(mine):>6} {refused:>10} {accepted:>8} {sum(bool(o.faults) for o in mine):>6}")
    faults = sum(bool(o.faults) for o in outcomes)
    rows.append(
        f"{'итого':<20} {len(outcomes):>6} {sum(o.exit_code == 2 for o in outcomes):>10} {sum(o.exit_code == 0 for o in outcomes):>8} {faults:>6}"
    )
    return "\n".join(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Линт на испорченных копиях файлов правил.")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rules", type=Path, default=Path(__file__).resolve().parents[1] / "rules")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        outcomes = run(args.rules, Path(work), args.count, args.seed)
    elapsed = time.perf_counter() - started
    for outcome in outcomes:
        for fault in outcome.faults:
            print(f"{outcome.mutation}: {fault}")
    print(summary(outcomes))
    print(f"время: {elapsed:.0f} с ({elapsed / len(outcomes) * 1000:.0f} мс на мутацию)")
    sys.exit(1 if any(o.faults for o in outcomes) else 0)
