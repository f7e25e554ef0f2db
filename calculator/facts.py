"""Facts: the profile a caller gives, checked against the fact dictionary.

The dictionary (rules/facts.yaml, compiled into the bundle) is the only place
that says which fields exist and what they hold. Validation reports every
problem at once, each naming the field by its JSON path, in Russian.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from calculator.dates import DATE_RANGE, DateOutOfRange, parse_date
from calculator.shown import shown

__all__ = [
    "FACT_TYPES",
    "MAX_LISTED_PROBLEMS",
    "Fact",
    "FactDictionary",
    "FactType",
    "InputError",
    "Problem",
    "Profile",
    "UnrepresentableValue",
]

# No count or size in these rules comes near it; a larger integer cannot even become a float (OverflowError).
_MAX_NUMBER = 10**15
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class FactType:
    """A type of fact in Russian, as each reader needs it said."""

    name: str  # short, in a sentence: «…, а «birth_date» — дата»
    reference: str  # on the site's fact dictionary page
    expected_json: str  # what a profile (JSON) must hold: «ожидается …»
    expected_cell: str  # what a staff-list cell must hold: «ожидается …»


# The one table of fact types (rules/facts.yaml `type:`), used by the engine, the plan, the lint and the site.
FACT_TYPES: dict[str, FactType] = {
    "date": FactType("дата", "дата (ГГГГ-ММ-ДД)", "дата в виде ГГГГ-ММ-ДД, например 2010-06-01", "дата ДД.ММ.ГГГГ, например 31.08.2009"),
    "bool": FactType("да/нет", "да / нет", "true или false", "«да» или «нет»"),
    "number": FactType("число", "число ≥ 0", "неотрицательное число", "неотрицательное число, например 72 или 72,5"),
    "integer": FactType("целое число", "целое число ≥ 0", "целое неотрицательное число", "целое неотрицательное число, например 25"),
    "country": FactType(
        "код страны",
        "код страны (две латинские буквы)",
        "код страны из двух латинских заглавных букв, например RU",
        "код страны из двух латинских букв, например RU",
    ),
    "choice": FactType("выбор из списка", "выбор из списка", "одно из значений списка", "одно из значений списка"),
    "object": FactType("группа полей", "группа полей", "объект с полями", "объект с полями"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (JSON path) and what is expected."""

    path: str
    message: str

    def __str__(self) -> str:
        # The path stays exact for programs; a person sees a typed key short and without control characters.
        return f"{shown(self.path, 80)}: {self.message}" if self.path else self.message


# A report lists this many problems and counts the rest: 200 000 wrong keys must not print 136 MB.
MAX_LISTED_PROBLEMS = 50
_UNLISTED = Problem("", "")  # stands for a problem past the limit: counted, its message never built


class InputError(ValueError):
    """Bad input: the message lists the problems (at most MAX_LISTED_PROBLEMS), one per line, in Russian."""

    def __init__(self, problems: list[Problem], unlisted: int = 0) -> None:
        self.problems = problems
        self.unlisted = unlisted
        more = [f"…и ещё {unlisted}: исправьте эти и проверьте снова"] if unlisted else []
        super().__init__("\n".join([*(str(p) for p in problems), *more]))

    def report(self) -> str:
        """The text the command prints on stderr (and the browser's Error carries): a heading, one problem per line."""
        more = [f"  …и ещё проблем: {self.unlisted} (исправьте эти и проверьте снова)"] if self.unlisted else []
        return "\n".join(["Ошибка во входных данных:", *(f"  {p}" for p in self.problems), *more])


class UnrepresentableValue:
    """A caller's value that JSON has no form for (a JavaScript BigInt, Date, function, undefined...).

    The browser's bridge sends its name instead (calculator.browser reads it back as this): no
    field's check accepts it, so the engine refuses it like any wrong value, naming the field.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Fact:
    path: str
    type: str
    label: str
    hint: str
    group: str
    choices: dict[str, str]
    has_absent: bool
    absent: Any
    contract: bool
    fields: tuple[str, ...]  # child paths, for objects
    not_before: str | None  # a date fact this one cannot precede (a sanity warning)
    column_aliases: tuple[str, ...]  # other headers of this fact's column in a staff list

    @staticmethod
    def from_bundle(path: str, raw: dict[str, Any]) -> Fact:
        return Fact(
            path=path,
            type=raw["type"],
            label=raw["label"],
            hint=raw.get("hint", ""),
            group=raw.get("group", ""),
            choices=dict(raw.get("choices") or {}),
            has_absent="absent" in raw,
            absent=raw.get("absent"),
            contract=bool(raw.get("contract")),
            fields=tuple(raw.get("fields") or ()),
            not_before=raw.get("not_before"),
            column_aliases=tuple(raw.get("column_aliases") or ()),
        )


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"«{shown(value)}»"
    if isinstance(value, (int, float)):
        return shown(value)
    if isinstance(value, list):
        return "список"
    if isinstance(value, dict):
        return "объект"
    if isinstance(value, UnrepresentableValue):
        return value.name
    return type(value).__name__


class Profile:
    """Validated facts of one person, by dotted path; absent facts are simply not there."""

    __slots__ = ("assumed", "known_null", "values")

    def __init__(self, values: dict[str, Any], assumed: dict[str, Any], known_null: frozenset[str]) -> None:
        self.values = values
        self.assumed = assumed
        self.known_null = known_null


class FactDictionary:
    """The facts a profile may carry, keyed by dotted path (`program.kind`)."""

    def __init__(self, raw: dict[str, dict[str, Any]]) -> None:
        self.facts = {path: Fact.from_bundle(path, spec) for path, spec in raw.items()}
        self.top = tuple(p for p in self.facts if "." not in p)
        # Facts with a stated reading of "not given" (absent: ...), applied after validation.
        self._defaults = tuple(f for f in self.facts.values() if f.has_absent)
        self._known_null = frozenset(f.path for f in self._defaults if f.absent is None)
        # Field names allowed at each level, looked up once rather than per profile.
        self._names = {
            prefix: {p.rsplit(".", 1)[-1]: p for p in allowed}
            for prefix, allowed in [("", self.top), *((f"{f.path}.", f.fields) for f in self.facts.values() if f.fields)]
        }
        self.ordered_dates = tuple((f.path, f.not_before) for f in self.facts.values() if f.not_before)

    def __contains__(self, path: str) -> bool:
        return path in self.facts

    def __getitem__(self, path: str) -> Fact:
        return self.facts[path]

    def label(self, path: str) -> str:
        fact = self.facts.get(path)
        return fact.label if fact else path

    def validate(self, profile: Any) -> Profile:
        """Check a profile; return its facts by path or raise InputError listing all problems."""
        if not isinstance(profile, dict):
            raise InputError([Problem("", f"анкета должна быть JSON-объектом {{...}}, получено: {_describe(profile)}")])
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        self._walk(profile, "", values, problems)
        if problems:
            listed = [p for p in problems if p is not _UNLISTED]
            raise InputError(listed, len(problems) - len(listed))
        return self.profile_of(values)

    def profile_of(self, values: dict[str, Any]) -> Profile:
        """A profile from values already of their facts' types (by path): the readings of absent facts are added.

        `validate` ends here; a staff list's reader, which checks each cell itself, starts here.
        """
        assumed: dict[str, Any] = {}
        for fact in self._defaults:
            if fact.path not in values:
                assumed[fact.path] = fact.absent
                if fact.absent is not None:
                    values[fact.path] = fact.absent
        return Profile(values, assumed, self._known_null)

    def _walk(
        self,
        data: dict[str, Any],
        prefix: str,
        values: dict[str, Any],
        problems: list[Problem],
    ) -> None:
        names = self._names[prefix]
        for key, value in data.items():
            if not isinstance(key, str) or key not in names:
                full = len(problems) >= MAX_LISTED_PROBLEMS
                problems.append(_UNLISTED if full else Problem(f"{prefix}{key}", self._unknown_field(str(key), names)))
                continue
            path = f"{prefix}{key}"
            fact = self.facts[names[key]]
            if value is None:
                continue  # null means "not given", for every field
            if fact.type == "object":
                if not isinstance(value, dict):
                    fields = ", ".join(n.rsplit(".", 1)[-1] for n in fact.fields)
                    problems.append(Problem(path, f"ожидается объект с полями {fields}; получено: {_describe(value)}"))
                    continue
                self._walk(value, f"{path}.", values, problems)
                continue
            checked = self._check(fact, value)
            if isinstance(checked, Problem):
                problems.append(_UNLISTED if len(problems) >= MAX_LISTED_PROBLEMS else Problem(path, checked.message))
            else:
                values[fact.path] = checked

    @staticmethod
    def _unknown_field(key: str, names: dict[str, str]) -> str:
        import difflib  # only for a mistyped field: slow to import in the browser's Python

        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        hint = f" Возможно, имелось в виду «{close[0]}»?" if close else ""
        return f"такого поля нет в анкете.{hint} Допустимые поля: {', '.join(names)}."

    @staticmethod
    def _check(fact: Fact, value: Any) -> Any:
        kind = fact.type
        if kind == "date":
            try:
                return parse_date(value)
            except DateOutOfRange:
                return Problem("", f"ожидается дата {DATE_RANGE}; получено: {_describe(value)}")
            except ValueError:
                pass
        elif kind == "bool":
            if isinstance(value, bool):
                return value
        elif kind in ("number", "integer"):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_NUMBER:
                return Problem("", f"ожидается {FACT_TYPES[kind].expected_json} не больше 10^15; получено: {_describe(value)}")
            ok = not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value) and value >= 0
            if ok and kind == "integer":
                ok = value == int(value)
                value = int(value) if ok else value
            if ok:
                return value
        elif kind == "country":
            if isinstance(value, str) and _COUNTRY.match(value):
                return value
        elif kind == "choice":
            if isinstance(value, str) and value in fact.choices:
                return value
            options = "; ".join(f"{code} ({label})" for code, label in fact.choices.items())
            return Problem("", f"ожидается одно из значений: {options}; получено: {_describe(value)}")
        # Only a wrong value pays for building the message.
        return Problem("", f"ожидается {FACT_TYPES[kind].expected_json if kind in FACT_TYPES else kind}; получено: {_describe(value)}")
