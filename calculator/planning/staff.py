"""A staff list: the table's header found and understood, each row turned into a person and a profile.

A row that cannot be read is not dropped in silence: it becomes a `RowProblem` with the
row number, the column and the reason, and every other row goes on to the plan. Columns
the list has but the calculator does not know are named in a notice, never guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from calculator.facts import FactDictionary
from calculator.planning.cells import CellProblem, reader, text_of
from calculator.planning.columns import Column, ColumnSet
from calculator.planning.table import StaffFileError, Table
from calculator.shown import shown

__all__ = ["MAX_LISTED", "MAX_LISTED_PER_COLUMN", "Person", "RowProblem", "StaffEntry", "StaffList", "read_staff"]

_HEADER_SEARCH_ROWS = 10  # a title or a date above the header is common in HR exports


@dataclass(frozen=True, slots=True)
class Person:
    """Who a row is about: shown in the plan, never read by a rule."""

    row: int
    name: str = ""
    number: str = ""
    position: str = ""
    unit: str = ""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row (or one cell of it) could not be read: row number, column header as in the file, reason."""

    row: int
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"строка {self.row}" + (f", столбец «{self.column}»" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class StaffEntry:
    person: Person
    values: dict[str, Any]  # fact path -> value of the fact's type (dates as dates): what a validated profile holds


# A report lists at most this many problems per column and in all; the rest are counted by column. A file of
# 200 000 unreadable rows must give a plan of the good rows and a short report, not gigabytes of messages.
MAX_LISTED_PER_COLUMN = 20
MAX_LISTED = 200


@dataclass
class StaffList:
    entries: list[StaffEntry]
    problems: list[RowProblem]  # the problems listed (bounded)
    rows: int  # data rows that were not empty
    header_row: int
    columns: list[tuple[str, Column]]  # the file's header -> its column, in file order
    notices: list[str] = field(default_factory=list)
    rows_skipped: int = 0  # rows not read, each counted once however many of its cells were wrong
    unlisted: Counter[str] = field(default_factory=Counter)  # column header ("" for the row) -> problems not listed
    _per_column: Counter[str] = field(default_factory=Counter)

    def report(self, problem: RowProblem) -> None:
        """Keep a problem for the report if its column and the whole list are under their limits, else count it."""
        if len(self.problems) < MAX_LISTED and self._per_column[problem.column] < MAX_LISTED_PER_COLUMN:
            self._per_column[problem.column] += 1
            self.problems.append(problem)
        else:
            self.unlisted[problem.column] += 1

    def header_of(self, key: str) -> str:
        """The file's own header for a column key (a fact path or person.<detail>)."""
        return next((header for header, column in self.columns if column.key == key), key)


def read_staff(table: Table, facts: FactDictionary, used: set[str]) -> StaffList:
    """The people of the list and what it says of them; only the facts in `used` (those the plan's rules read) are read."""
    columns = ColumnSet(facts)
    rows = iter(table.rows)
    top = list(islice(rows, _HEADER_SEARCH_ROWS))
    header_index, mapped, unknown = _find_header(top, columns)
    notices = list(table.notices)
    if header_index > 0:
        notices.append(f"Заголовки найдены в строке {header_index + 1}; строки выше не читаются.")
    if unknown:
        names = ", ".join(f"«{shown(h)}»" for h in unknown[:MAX_LISTED_PER_COLUMN])
        names += f" и ещё {len(unknown) - MAX_LISTED_PER_COLUMN}" if len(unknown) > MAX_LISTED_PER_COLUMN else ""
        notices.append(f"Столбцы не распознаны и не учитываются: {names}. Заголовки, которые понимает калькулятор, — в шаблоне списка.")
    # A known column the plan does not need (education, citizenship…) is not checked: a value in it must not cost the row.
    unused = [header for _, header, column in mapped if column.fact and column.fact.path not in used]
    if unused:
        names = ", ".join(f"«{h}»" for h in unused)
        notices.append(f"Столбцы не нужны для плана по правилам этой юрисдикции и не проверяются: {names}.")
    mapped = [(i, header, column) for i, header, column in mapped if not column.fact or column.fact.path in used]
    staff = StaffList([], [], 0, header_index + 1, [(header, column) for _, header, column in mapped], notices)
    readers = [
        (index, header, column.fact.path, reader(column.fact)) if column.fact else (index, header, str(column.person), None)
        for index, header, column in mapped
    ]
    for index, row in enumerate(chain(top[header_index + 1 :], rows), start=header_index + 1):
        if all(cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        staff.rows += 1
        _read_row(index + 1, row, readers, staff)
    return staff


def _find_header(rows: list[list[Any]], columns: ColumnSet) -> tuple[int, list[tuple[int, str, Column]], list[str]]:
    best: tuple[int, list[tuple[int, str, Column]], list[str]] | None = None
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        headers = [text_of(cell) for cell in row]
        mapped = [(i, h, c) for i, h in enumerate(headers) if h and (c := columns.find(h)) is not None]
        facts = [m for m in mapped if m[2].fact]
        if facts and (best is None or len(mapped) > len(best[1])):
            best = (index, mapped, [h for h in headers if h and columns.find(h) is None])
    if best is None:
        raise StaffFileError(
            "Не найдена строка заголовков: ни один столбец в первых "
            f"{_HEADER_SEARCH_ROWS} строках не назван так, как в шаблоне (например, «Начало муниципальной службы», "
            "«Последнее повышение квалификации»). Скачайте шаблон списка и перенесите данные в него."
        )
    _refuse_repeats(best[1])
    return best


def _refuse_repeats(mapped: list[tuple[int, str, Column]]) -> None:
    # Two columns for one fact: reading either would silently lose the other, so the file is refused.
    seen: dict[str, str] = {}
    for _, header, column in mapped:
        if column.key in seen:
            raise StaffFileError(
                f"Столбцы «{shown(seen[column.key])}» и «{shown(header)}» означают одно и то же ({column.header}). Оставьте один из них."
            )
        seen[column.key] = header


def _read_row(number: int, row: list[Any], readers: list[tuple[int, str, str, Any]], staff: StaffList) -> None:
    """`readers`: for each column, its place in the row, its header, its key and the reader of a fact (None for a detail)."""
    details: dict[str, str] = {}
    values: dict[str, Any] = {}
    problems = []
    width = len(row)
    for index, header, key, read in readers:
        cell = row[index] if index < width else None
        if read is None:
            details[key] = text_of(cell)
            continue
        try:
            value = read(cell)
        except CellProblem as problem:
            problems.append(RowProblem(number, shown(header), str(problem), shown(text_of(cell))))
            continue
        if value is not None:
            values[key] = value
    if problems:
        staff.rows_skipped += 1
        for one in problems:
            staff.report(one)
        return
    if not values:
        # A name alone (or a footer such as «Итого: 25 чел.») gives the rules nothing to count from.
        staff.rows_skipped += 1
        staff.report(RowProblem(number, "", _NOTHING_TO_PLAN))
        return
    staff.entries.append(StaffEntry(Person(number, **details), values))


_NOTHING_TO_PLAN = (
    "в строке нет ни одной даты или отметки, которые читают правила (например, «Начало муниципальной службы»), — "
    "рассчитывать нечего; если это итоговая строка, её можно удалить"
)
