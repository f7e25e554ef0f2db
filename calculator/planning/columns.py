"""The columns of a staff list: which header means which fact of the profile, or which detail of the person.

Fact columns come from the fact dictionary (rules/facts.yaml): the header is the fact's
`label`, and `column_aliases` adds the headers HR programs export. Only top-level facts
with a single value can be a column (a program or an application is not a property of
a person). The person's own details (name, number, position, unit) are never evaluated:
they only label the rows of the plan, as clause 9.3 «б» of the Ryazan regulation asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from calculator.facts import Fact, FactDictionary
from calculator.jurisdiction import Jurisdiction

__all__ = ["PERSON_COLUMNS", "Column", "ColumnSet", "facts_for_plan", "header_key"]

# The kinds of rule a yearly plan applies (duties, exclusions 8.6, priority 8.5); the facts they read are the plan's columns.
PLAN_OUTCOMES = ("duty", "plan_exclusion", "plan_priority")

_SPACES = re.compile(r"\s+")
_NOISE = re.compile(r"[\"'«»“”„*:]+")


def header_key(header: str) -> str:
    """A header as it is compared: case, ё/е, spaces, quotes, asterisks and a trailing colon do not matter."""
    text = _NOISE.sub("", header.replace("\ufeff", "")).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip(" .")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the staff list: a fact of the profile, or a detail of the person (`person`)."""

    header: str
    aliases: tuple[str, ...]
    fact: Fact | None = None
    person: str | None = None

    @property
    def key(self) -> str:
        return self.fact.path if self.fact else f"person.{self.person}"


# The person's details: what the plan shows next to each duty, never read by a rule.
PERSON_COLUMNS: tuple[Column, ...] = (
    Column("ФИО", ("Фамилия, имя, отчество", "Фамилия имя отчество", "Ф.И.О", "Сотрудник", "Служащий"), person="name"),
    Column("Табельный номер", ("Таб. номер", "Табельный №", "Таб. №", "Таб №"), person="number"),
    Column("Должность", ("Замещаемая должность", "Наименование должности"), person="position"),
    Column("Подразделение", ("Структурное подразделение", "Отдел"), person="unit"),
)
PERSON_FIELDS = tuple(c.person for c in PERSON_COLUMNS if c.person)


class ColumnSet:
    """Every column a staff list may have, found by any of its headers."""

    def __init__(self, facts: FactDictionary) -> None:
        fact_columns = [Column(fact.label, fact.column_aliases, fact=fact) for path in facts.top if (fact := facts[path]).type != "object"]
        self.columns: tuple[Column, ...] = (*PERSON_COLUMNS, *fact_columns)
        self._by_key: dict[str, Column] = {}
        self.clashes: list[tuple[str, Column, Column]] = []  # one header claimed by two columns (a dictionary mistake)
        for column in self.columns:
            for header in (column.header, *column.aliases):
                key = header_key(header)
                other = self._by_key.setdefault(key, column)
                if other is not column:
                    self.clashes.append((header, other, column))

    def find(self, header: str) -> Column | None:
        return self._by_key.get(header_key(header))

    def template_columns(self, read: set[str]) -> tuple[Column, ...]:
        """The columns of the downloadable template: the person's details and the facts a plan's rules `read`."""
        return tuple(c for c in self.columns if c.person or (c.fact and c.fact.path in read))


def facts_for_plan(codes: dict[str, Any], jurisdictions: Iterable[Jurisdiction]) -> set[str]:
    """Every fact the plan's rules read in these jurisdictions, and the facts that tell a training was done (codes.yaml)."""
    done = {path for kind in codes["training_kinds"].values() for path in kind.get("completed_by", ())}
    return done | {path for j in jurisdictions for kind in PLAN_OUTCOMES for rule in j.by_type.get(kind, ()) for path in rule.reads}
