"""The contract's types (calculator.contract), rules/answer.yaml, rules/facts.yaml and the site's
«Формат ответа» and «Словарь фактов» pages describe the same fields: same keys, the same ones
always present or sometimes absent, the same ones nullable, values of the same kind."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal, NotRequired, Required, get_args, get_origin, get_type_hints

import pytest
import yaml

from calculator.authoring.cases import run_case
from calculator.contract import Answer, Profile
from kb_site.pages.reference import render_answer_format, render_facts
from tests.site.conftest import ROOT

# Kinds of answer.yaml ("type") and the Python types that carry them in JSON.
_ANSWER_KINDS = {"string": str, "date": str, "code": str, "bool": bool, "integer": int, "number": float, "any": Any}
_FACT_KINDS = {"date": str, "country": str, "bool": bool, "number": float, "integer": int}


class Field(typing.NamedTuple):
    kind: object  # a Python type, "list", "object", or the tuple of a Literal's values
    nullable: bool
    optional: bool  # the key may be absent


def _flatten(td: type, prefix: str = "") -> dict[str, Field]:
    """Every path of a TypedDict, as answer.yaml writes it: `a.b`, `a[].b`, `a[]` for a list of scalars."""
    result: dict[str, Field] = {}
    for key, hint in get_type_hints(td, include_extras=True).items():
        _add(result, f"{prefix}{key}", hint, key not in td.__required_keys__)  # type: ignore[attr-defined]
    return result


def _add(result: dict[str, Field], path: str, hint: Any, optional: bool) -> None:
    if get_origin(hint) in (NotRequired, Required):
        optional = get_origin(hint) is NotRequired
        hint = get_args(hint)[0]
    nullable = False
    if get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        nullable = len(options) < len(get_args(hint))
        (hint,) = options
    if typing.is_typeddict(hint):
        result[path] = Field("object", nullable, optional)
        result.update(_flatten(hint, f"{path}."))
    elif get_origin(hint) is list:
        result[path] = Field("list", nullable, optional)
        (item,) = get_args(hint)
        if typing.is_typeddict(item):
            result.update(_flatten(item, f"{path}[]."))
        else:
            _add(result, f"{path}[]", item, False)
    elif get_origin(hint) is Literal:
        result[path] = Field(get_args(hint), nullable, optional)
    else:
        result[path] = Field(hint, nullable, optional)


def _described_answer() -> dict[str, Field]:
    """rules/answer.yaml with the explanation fields written out under each explained conclusion."""
    answer = yaml.safe_load((ROOT / "rules/answer.yaml").read_text(encoding="utf-8"))
    fields = dict(answer["fields"])
    for item in answer["explained"]:
        fields |= {f"{item}.{name}": field for name, field in answer["explanation_fields"].items()}
    return {
        path: Field(_ANSWER_KINDS.get(f["type"], f["type"]), bool(f.get("nullable")), bool(f.get("optional"))) for path, f in fields.items()
    }


def _scalars_as_described(fields: dict[str, Field]) -> dict[str, Field]:
    """A Literal is a code, described in answer.yaml as a string kind."""
    return {path: f._replace(kind=str) if isinstance(f.kind, tuple) else f for path, f in fields.items()}


def test_the_answer_type_and_answer_yaml_agree():
    typed = _scalars_as_described(_flatten(Answer))
    described = _described_answer()
    assert set(typed) - set(described) == set(), "в calculator.contract.Answer есть поля, которых нет в rules/answer.yaml"
    assert set(described) - set(typed) == set(), "в rules/answer.yaml есть поля, которых нет в calculator.contract.Answer"
    differences = {p: (typed[p], described[p]) for p in typed if typed[p] != described[p]}
    assert differences == {}


_ROW = re.compile(r"^\| `(?P<path>[^`]+)` \| (?P<kind>[^|]*) \| (?P<meaning>.*) \|$", re.M)


def test_the_answer_type_and_the_answer_format_page_agree(knowledge):
    """The page as a reader sees it: every field, «или null» and «не всегда» exactly where the type says so."""
    page = render_answer_format(knowledge).markdown
    main, _, explained_part = page.partition("## Пояснение у каждого вывода")
    explained_part = explained_part.partition("## Коды")[0]
    lead = re.search(r"У выводов (.*) есть ещё поля:", explained_part)
    assert lead, "the page no longer says which conclusions are explained"
    explained = re.findall(r"`([^`]+)`", lead[1])

    def read(rows: str) -> dict[str, tuple[bool, bool]]:
        return {m["path"]: ("или null" in m["kind"], "не всегда" in m["meaning"]) for m in _ROW.finditer(rows)}

    shown = read(main)
    for name, marks in read(explained_part).items():
        shown |= {f"{item}.{name}": marks for item in explained}
    typed = {path: (f.nullable, f.optional) for path, f in _flatten(Answer).items()}
    assert shown == typed


def _described_profile() -> dict[str, Field]:
    facts = yaml.safe_load((ROOT / "rules/facts.yaml").read_text(encoding="utf-8"))["facts"]
    result: dict[str, Field] = {}

    def walk(level: dict[str, Any], prefix: str) -> None:
        for name, fact in level.items():
            if fact["type"] == "object":
                kind: object = "object"
            elif fact["type"] == "choice":
                kind = tuple(fact["choices"])
            else:
                kind = _FACT_KINDS[fact["type"]]
            result[f"{prefix}{name}"] = Field(kind, True, True)  # every field optional; null means "not given"
            walk(fact.get("fields") or {}, f"{prefix}{name}.")

    walk(facts, "")
    return result


def test_the_profile_type_and_facts_yaml_agree():
    typed = _flatten(Profile)
    described = _described_profile()
    assert set(typed) ^ set(described) == set()
    assert {p: (typed[p], described[p]) for p in typed if typed[p] != described[p]} == {}


def test_the_profile_type_and_the_fact_dictionary_page_agree(knowledge):
    page = render_facts(knowledge).markdown
    shown = set(re.findall(r"^`([a-z_.]+)` · ", page, re.M))
    assert shown == set(_flatten(Profile))


@pytest.mark.parametrize(
    "path", ["trainings[].from", "trainings[].deadline", "abroad_priority", "document", "document.code", "reserve", "reserve.eligible"]
)
def test_what_the_contract_allows_to_be_null_is_nullable_in_the_type(path):
    """The contract: no `from` or no deadline set, no such rule, no program, no document fits, no reserve rules, only recommendations."""
    field = _flatten(Answer)[path]
    assert field.nullable and not field.optional


def _section(page: str, heading: str) -> str:
    return page.partition(f"\n## {heading}\n")[2].partition("\n## ")[0]


def test_the_contract_page_names_the_real_jurisdictions_fields_and_codes(knowledge):
    """docs/contract.md is written by hand where no file can generate it: what it names must exist."""
    page = (ROOT / "docs/contract.md").read_text(encoding="utf-8")
    assert set(re.findall(r"`([a-z_]+)`", _section(page, "Юрисдикции"))) == set(knowledge.jurisdictions)
    answer, profile = set(_flatten(Answer)), set(_flatten(Profile))
    codes = {code for group in knowledge.codes.values() for code in group}
    named = set(re.findall(r"`([a-z_.\[\]]+)`", _section(page, "Анкета") + _section(page, "Ответ"))) - {"true", "false", "null"}
    unknown = {n for n in named if n not in answer | profile | codes and not any(p.endswith(f".{n}") for p in answer)}
    assert unknown == set()
    assert len(named) >= 15  # the page does name the fields, the check above is not vacuous


def _mismatches(value: Any, hint: Any, path: str) -> list[str]:
    """Where a JSON value does not fit a type of calculator.contract (empty: it fits)."""
    if get_origin(hint) in (NotRequired, Required):
        hint = get_args(hint)[0]
    if get_origin(hint) in (typing.Union, types.UnionType):
        if value is None:
            return [] if type(None) in get_args(hint) else [f"{path}: null"]
        (hint,) = [a for a in get_args(hint) if a is not type(None)]
    if hint is Any:
        return []
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: не объект"]
        hints = get_type_hints(hint, include_extras=True)
        wrong = [f"{path}.{k}: лишнее поле" for k in value if k not in hints]
        wrong += [f"{path}.{k}: нет поля" for k in hint.__required_keys__ if k not in value]
        return wrong + [m for k in value if k in hints for m in _mismatches(value[k], hints[k], f"{path}.{k}")]
    if get_origin(hint) is list:
        if not isinstance(value, list):
            return [f"{path}: не список"]
        return [m for item in value for m in _mismatches(item, get_args(hint)[0], f"{path}[]")]
    if get_origin(hint) is Literal:
        return [] if value in get_args(hint) else [f"{path}: {value!r}"]
    fits = isinstance(value, int | float) if hint is float else isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    return [] if fits else [f"{path}: {value!r} не {hint.__name__}"]


def test_every_answer_to_the_examples_fits_the_answer_type(compiled, bundle):
    """calculator.evaluate is typed as returning Answer: every answer the examples get must fit it exactly."""
    answers = [result.answer for result in (run_case(bundle, case) for case in compiled.cases) if result.answer is not None]
    assert len(answers) >= 100
    assert [m for answer in answers for m in _mismatches(answer, Answer, "answer")] == []


def test_the_fit_check_sees_a_wrong_answer(compiled, bundle):
    answer = next(r.answer for r in (run_case(bundle, case) for case in compiled.cases) if r.answer and r.answer["trainings"])
    broken = {**answer, "trainings": [{**answer["trainings"][0], "deadline": 20110410}], "extra": 1}
    del broken["warnings"]
    assert sorted(_mismatches(broken, Answer, "answer")) == [
        "answer.extra: лишнее поле",
        "answer.trainings[].deadline: 20110410 не str",
        "answer.warnings: нет поля",
    ]
