"""The shapes of the files in `rules/`: acts, jurisdictions, rules, cases, facts, codes.

Descriptions here are what an editor shows on hover and what lint adds as a
hint, so they are written for a methodologist, in Russian.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from calculator.authoring.outcomes import AUTHORED, ShapeKit
from calculator.authoring.shapes import (
    AnyOf,
    Bool,
    Custom,
    Date,
    Enum,
    Issue,
    List,
    Map,
    Null,
    Num,
    Obj,
    Shape,
    Str,
    check,
    describe,
    to_schema,
)
from calculator.authoring.yamlsource import Located, where
from calculator.conditions import OPERATORS
from calculator.dates import PeriodSyntaxError, parse_period
from calculator.facts import FACT_TYPES

__all__ = ["Specs", "build_specs"]

ID = r"[a-z][a-z0-9_\-]*"
CLAUSE_ID = r"[A-Za-z0-9.\-]+"


def _period_checker(value: Any, at: Located | None, out: list[Issue]) -> None:
    if not isinstance(value, str):
        out.append(Issue(at, f"срок записывается словами, например «3 года»; получено: {describe(value)}"))
        return
    try:
        parse_period(value)
    except PeriodSyntaxError as exc:
        out.append(Issue(at, str(exc)))


PERIOD = Custom(
    "Срок словами: «3 года», «6 месяцев», «2 недели», «30 календарных дней».",
    checker=_period_checker,
    schema={"type": "string", "pattern": r"^\s*\d+\s+\S+(\s+\S+)?\s*$", "examples": ["3 года", "6 месяцев", "30 календарных дней"]},
)


@dataclass(frozen=True)
class Specs:
    facts_file: Shape
    codes_file: Shape
    act_file: Shape
    jurisdiction_file: Shape
    rules_file: Shape
    cases_file: Shape
    condition: Shape
    date_expr: Shape
    answer_file: Shape


def _fact_enum(description: str, fact_paths: tuple[str, ...], labels: tuple[str, ...], extra: tuple[tuple[str, str], ...] = ()) -> Enum:
    """A choice of fact paths; with ``labels`` (the schema for editors) each path carries its own Russian label and hint."""
    values = (*fact_paths, *(value for value, _ in extra))
    return Enum(description, values, (*labels, *(label for _, label in extra)) if labels else ())


def _date_expr(fact_paths: tuple[str, ...], labels: tuple[str, ...] = ()) -> Shape:
    fact = _fact_enum(
        "Факт-дата из словаря фактов, «event» (событие обязанности) или «on» (дата расчёта).",
        fact_paths,
        labels,
        (("event", "Событие обязанности (дата, от которой считается срок)"), ("on", "Дата расчёта")),
    )
    latest = _fact_enum("Факт-дата из словаря фактов.", fact_paths, labels)
    plain = Obj(
        "Дата: факт, при необходимости со сдвигом на срок.",
        fields={"date": fact, "plus": PERIOD, "minus": PERIOD},
        required=("date",),
    )

    def checker(value: Any, at: Located | None, out: list[Issue]) -> None:
        if value in ("event", "on") or isinstance(value, datetime.date):
            return
        if isinstance(value, dict) and "first_known" in value:
            if check(value, Obj(fields={"first_known": List(item=Shape(), min_items=1)}), at, out):
                for i, option in enumerate(value["first_known"]):
                    checker(option, where(value["first_known"], i) or at, out)
            return
        if isinstance(value, dict) and "latest_of" in value:
            check(value, Obj(fields={"latest_of": List(item=latest, min_items=1)}), at, out)
            return
        if isinstance(value, dict) and "plus" in value and "minus" in value:
            out.append(Issue(at, "укажите либо plus, либо minus, не оба сразу"))
        check(value, plain, at, out)

    description = "Дата: «event», «on», дата ГГГГ-ММ-ДД, {date: факт, plus: срок}, {first_known: [...]}, {latest_of: [факты]}."
    schema = {
        "description": description,
        "anyOf": [
            {"enum": ["event", "on"]},
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "Дата ГГГГ-ММ-ДД."},
            {
                "type": "object",
                "properties": {"date": to_schema(fact), "plus": PERIOD.schema, "minus": PERIOD.schema},
                "required": ["date"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"first_known": {"type": "array"}},
                "required": ["first_known"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"latest_of": {"type": "array", "items": to_schema(latest)}},
                "required": ["latest_of"],
                "additionalProperties": False,
            },
        ],
    }
    return Custom(description, checker=checker, schema=schema, ref="date_expr")


_OPERATOR_RU = {
    "is": "равно значению",
    "is_not": "не равно значению",
    "in": "одно из значений списка",
    "not_in": "ни одно из значений списка",
    "known": "true — факт указан, false — не указан",
    "over": "больше (строго) числа",
    "at_least": "не меньше числа",
    "under": "меньше (строго) числа",
    "at_most": "не больше числа",
    "between": "от и до включительно: [25, 55]",
    "before": "раньше даты",
    "on_or_before": "не позже даты",
    "after": "позже даты",
    "on_or_after": "не раньше даты",
    "elapsed_over": "на дату расчёта прошло больше срока («2 года»)",
    "elapsed_at_least": "на дату расчёта прошло не меньше срока",
    "not_below": "уровень не ниже, чем у другого факта",
}


def _condition(fact_paths: tuple[str, ...], date_expr: Shape, labels: tuple[str, ...] = ()) -> Shape:
    number = AnyOf(
        "Число, или процент от факта: {percent: 75, of: program.total_hours}.",
        (
            Num(minimum=None),
            Obj(fields={"percent": Num(), "of": _fact_enum("", fact_paths, labels)}, required=("percent", "of")),
            Obj(fields={"fact": _fact_enum("", fact_paths, labels)}, required=("fact",)),
        ),
    )
    operand: dict[str, Shape] = {
        "value": AnyOf(options=(Str(min_length=0), Bool(), Num(minimum=None), Null())),
        "values": List(item=AnyOf(options=(Str(min_length=0), Bool(), Num(minimum=None), Null())), min_items=1),
        "bool": Bool(),
        "number": number,
        "range": List(item=Num(minimum=None), min_items=2),
        "date": date_expr,
        "period": PERIOD,
        "choice_fact": _fact_enum("", fact_paths, labels),
    }
    subjects = ("fact", "age")
    atom_fields: dict[str, Shape] = {
        "fact": _fact_enum("Факт из словаря фактов (rules/facts.yaml).", fact_paths, labels),
        "age": _fact_enum("Полный возраст на дату расчёта по дате рождения.", fact_paths, labels),
    }
    for op, kind in OPERATORS.items():
        atom_fields[op] = replace(operand[kind], description=_OPERATOR_RU[op])

    def checker(value: Any, at: Located | None, out: list[Issue]) -> None:
        if not isinstance(value, dict):
            out.append(Issue(at, f"условие — это набор ключей (all/any/not или fact + операция); получено: {describe(value)}"))
            return
        for joiner in ("all", "any"):
            if joiner in value:
                if len(value) != 1:
                    out.append(Issue(at, f"рядом с «{joiner}» не должно быть других ключей"))
                parts = value[joiner]
                if not isinstance(parts, list) or not parts:
                    out.append(Issue(where(value, joiner) or at, f"«{joiner}» — непустой список условий"))
                    return
                for i, part in enumerate(parts):
                    checker(part, where(parts, i) or at, out)
                return
        if "not" in value:
            if len(value) != 1:
                out.append(Issue(at, "рядом с «not» не должно быть других ключей"))
            checker(value["not"], where(value, "not") or at, out)
            return
        subject = [k for k in subjects if k in value]
        ops = [k for k in value if k in OPERATORS]
        if len(subject) != 1:
            out.append(Issue(at, "в условии нужен ровно один из ключей fact или age", "например: fact: program.kind"))
        if len(ops) != 1:
            listed = ", ".join(OPERATORS)
            out.append(
                Issue(at, "в условии нужна ровно одна операция" + (f" (указано: {', '.join(ops)})" if ops else ""), f"операции: {listed}")
            )
        check(value, Obj(fields=atom_fields), at, out)

    description = "Условие: all/any — список условий, not — отрицание, или fact (age) + одна операция."
    schema = {
        "description": description,
        "type": "object",
        "properties": {
            "all": {"type": "array", "items": {"$ref": "#/definitions/condition"}, "description": "все условия выполнены"},
            "any": {"type": "array", "items": {"$ref": "#/definitions/condition"}, "description": "хотя бы одно условие выполнено"},
            "not": {"$ref": "#/definitions/condition", "description": "условие не выполнено"},
            **{k: {**to_schema(v), "description": v.description or _OPERATOR_RU.get(k, "")} for k, v in atom_fields.items()},
        },
        "additionalProperties": False,
    }
    return Custom(description, checker=checker, schema=schema, ref="condition")


def build_specs(codes: dict[str, Any], fact_paths: tuple[str, ...], fact_labels: tuple[str, ...] = ()) -> Specs:
    """The shapes, with enums filled from the codes and facts files.

    ``fact_labels``, one per fact path, give every fact value its own description in the editor's schema.
    """

    def enum(group: str, description: str) -> Enum:
        values = codes.get(group) or {}
        labels = tuple(v["label"] if isinstance(v, dict) else str(v) for v in values.values())
        return Enum(description, tuple(values), labels)

    date_expr = _date_expr(fact_paths, fact_labels)
    condition = _condition(fact_paths, date_expr, fact_labels)
    text = Str("Текст по-русски, понятный служащему.")
    fact = _fact_enum("Факт из словаря фактов (rules/facts.yaml).", fact_paths, fact_labels)

    def nested_facts(value: Any, at: Located | None, out: list[Issue]) -> None:
        check(value, Map(value=fact_shape), at, out)  # each nested fact described like a top-level one, unknown keys refused alike

    fact_shape = Obj(
        "Описание факта.",
        fields={
            "type": Enum("Тип значения.", tuple(FACT_TYPES)),
            "label": text,
            "hint": text,
            "group": Enum("Раздел формы.", ("training", "document", "reserve", "organiser")),
            "choices": Map("Значение -> подпись.", value=Str()),
            "absent": AnyOf("Как понимать незаполненное поле.", (Bool(), Null(), Str())),
            "not_before": Str("Дата-факт, раньше которой это поле быть не может."),
            "contract": Bool("Поле входит в публичный контракт."),
            "column_aliases": List(
                "Другие заголовки этого столбца в списке сотрудников (кроме label), например из выгрузки кадровой программы.", item=Str()
            ),
            "fields": Custom(
                "Вложенные факты объекта.",
                checker=nested_facts,
                schema={"type": "object", "additionalProperties": {"$ref": "#/properties/facts/additionalProperties"}},
            ),
        },
        required=("type", "label"),
    )
    facts_file = Obj("Словарь фактов.", fields={"facts": Map(value=fact_shape)}, required=("facts",))
    codes_file = Map(
        "Группы кодов ответа: код -> название.",
        value=Map(value=AnyOf(options=(Str(), Obj(fields={"label": Str(), "completed_by": List(item=Str())}, required=("label",))))),
    )

    edition = Obj(
        "Редакция акта.",
        fields={
            "id": Str('Идентификатор редакции — её дата в кавычках, например "2010-01-28".'),
            "from": AnyOf("С какой даты действует редакция.", (Date(), Null())),
            "by": AnyOf("Каким актом введена.", (Str(), Null())),
            "summary": Str("Что изменилось, коротко."),
            "text_available": Bool("false — текста этой редакции нет в базе."),
            "uncertain_until": Date(
                "Если точная дата начала действия неизвестна (например, «со дня, следующего за опубликованием», а дата опубликования "
                "не указана): `from` — самый ранний день, который допускает текст, а здесь — последний день, до которого ответы "
                "предупреждают, что начало действия не установлено."
            ),
            "uncertainty": Str("Почему дата начала действия не установлена точно и что принято в проекте (показывается в ответе)."),
            "changes": List(
                item=Obj(
                    fields={
                        "clause": Str("Пункт, который изменён (id пункта).", pattern=CLAUSE_ID),
                        "change": Enum("added — пункт добавлен, amended — изменён, removed — исключён.", ("added", "amended", "removed")),
                        "summary": Str("Что изменилось, одной фразой."),
                        "was": Str("Текст пункта до этой редакции (для amended и removed): юрист сверит старое и новое."),
                    },
                    required=("clause", "change", "summary"),
                )
            ),
        },
        required=("id", "from", "summary"),
    )
    clause = Obj(
        "Пункт акта.",
        fields={
            "id": Str("Постоянный идентификатор пункта: цифры, точки, латинские буквы, дефис.", pattern=CLAUSE_ID),
            "label": Str("Номер, как напечатан в источнике.", min_length=0),
            "heading": AnyOf(options=(Str(min_length=0), Null())),
            "text": Str("Текст пункта; абзацы разделены пустой строкой.", min_length=0),
        },
        required=("id", "label", "text"),
    )
    act_file = Obj(
        "Акт: реквизиты, редакции и текст по пунктам.",
        fields={
            "id": Str("Идентификатор акта (как имя файла).", pattern=ID),
            "title": text,
            "short_title": text,
            "form": AnyOf("Вид акта и кто его принял.", (Str(), Null())),
            "issuer": AnyOf("Кто принял акт.", (Str(), Null())),
            "number": AnyOf(options=(Str(), Null())),
            "adopted": AnyOf(options=(Date(), Null())),
            "source": Str("Имя исходного файла."),
            "status": Enum("Статус акта.", ("in_force", "repealed", "reference", "recommendation")),
            "binding": Bool("false — рекомендации, не нормы."),
            "repealed": Obj(
                fields={
                    "on": Date("Дата утраты силы (если она не установлена точно — самая ранняя, которую допускает текст)."),
                    "by": Str("Каким актом."),
                    "uncertain_until": Date("Последний день, до которого ответы предупреждают, что дата утраты силы не установлена точно."),
                    "uncertainty": Str("Почему дата утраты силы не установлена точно и что принято в проекте."),
                },
                required=("on",),
            ),
            "editions": List(item=edition, min_items=1),
            "notes": List(item=Str()),
            "mends": List(item=Obj(fields={"clause": AnyOf(options=(Str(), Null())), "summary": Str()}, required=("clause", "summary"))),
            "clauses": List(item=clause, min_items=1),
        },
        required=("id", "title", "status", "binding", "editions", "clauses"),
    )
    jurisdiction_file = Obj(
        "Юрисдикция: муниципалитет или регион, его акты и слой над базовыми правилами.",
        fields={
            "id": Str("Идентификатор (как имя папки).", pattern=ID),
            "title": text,
            "extends": AnyOf("На какую юрисдикцию наслаивается (например, russia).", (Str(pattern=ID), Null())),
            "description": Str(),
        },
        required=("id", "title"),
    )

    kit = ShapeKit(
        codes=enum,
        condition=condition,
        date_expr=date_expr,
        fact=fact,
        fact_choice=lambda description: _fact_enum(description, fact_paths, fact_labels),
        period=PERIOD,
        clause=Str(pattern=CLAUSE_ID),
    )
    outcomes: dict[str, Shape] = {name: authored.shape(kit) for name, authored in AUTHORED.items()}
    rule_fields: dict[str, Shape] = {
        "id": Str("Идентификатор правила: юрисдикция.имя, например ryazan.periodic_upgrade.", pattern=r"[a-z][a-z0-9_\-]*\.[a-z0-9_.\-]+"),
        "title": Str("Короткое название правила по-русски."),
        "act": Str("Акт, из которого правило (id акта).", pattern=ID),
        "clauses": List("Пункты акта, на которых правило основано.", item=Str(pattern=CLAUSE_ID), min_items=1),
        "explanation": Str("Объяснение простыми словами: что и почему."),
        "interpretation": Str("Если текст неоднозначен: какое прочтение использует калькулятор и почему."),
        "editions": List(
            "Редакции акта, в которых правило действует (по умолчанию — во всех).", item=AnyOf(options=(Str(), Date())), min_items=1
        ),
        "when": AnyOf("Когда правило применяется (applicable si).", (condition,)),
        "replaces": Str("Заменяет правило базовой юрисдикции целиком (id правила)."),
        "refines": Str("Уточняет правило базовой юрисдикции: меняет только указанные ключи (id правила)."),
        "working_days": Enum(
            "Переносится ли окончание срока, пришедшееся на нерабочий день: next — на следующий рабочий день (ст. 193 ГК РФ, "
            "ч. 4 ст. 14 ТК РФ), none — не переносится. По умолчанию: сроки для действия переносятся, периодичность повторяющейся "
            "обязанности — нет. Если указываете none, объясните почему в interpretation.",
            ("next", "none"),
        ),
    }
    required = ("id", "title", "act", "clauses", "explanation")
    full_rule = Obj(
        "Правило: что следует из пункта акта.", fields={**rule_fields, **outcomes}, required=required, one_of_keys=tuple(outcomes)
    )
    # A refining rule states only the keys it changes, so its outcome has no required keys.
    partial = {k: replace(v, required=()) if isinstance(v, Obj) else v for k, v in outcomes.items()}
    refining_rule = Obj(full_rule.description, fields={**rule_fields, **partial}, required=required, one_of_keys=tuple(outcomes))

    def rule_checker(value: Any, at: Located | None, out: list[Issue]) -> None:
        check(value, refining_rule if isinstance(value, dict) and "refines" in value else full_rule, at, out)

    rule_schema = {
        "description": full_rule.description,
        "if": {"required": ["refines"]},
        "then": to_schema(refining_rule),
        "else": to_schema(full_rule),
    }
    rule = Custom(full_rule.description, checker=rule_checker, schema=rule_schema)
    rules_file = Obj("Файл правил.", fields={"rules": List(item=rule, min_items=1)}, required=("rules",))
    case = Obj(
        "Пример: анкета, дата и ожидаемый ответ.",
        fields={
            "name": Str("Что показывает пример (по-русски)."),
            "jurisdiction": Str("Юрисдикция (по умолчанию — папка файла).", pattern=ID),
            "on": Date("Дата расчёта."),
            "profile": Map("Анкета в словаре контракта (см. rules/facts.yaml).", value=Shape()),
            "expect": Map("Ожидаемые части ответа: указанные ключи сравниваются, остальные — нет.", value=Shape()),
            "error": Str("Ожидаемая ошибка ввода: путь поля, например program.classroom_hours."),
        },
        required=("name", "on", "profile"),
        one_of_keys=("expect", "error"),
    )
    cases_file = Obj("Файл примеров.", fields={"cases": List(item=case, min_items=1)}, required=("cases",))
    answer_field = Obj(
        "Поле ответа калькулятора.",
        fields={
            "type": Enum("Тип значения.", ("string", "date", "bool", "number", "integer", "code", "list", "object", "any")),
            "label": text,
            "description": text,
            "codes": Enum("Группа кодов из rules/codes.yaml, из которой берутся значения.", tuple(codes)),
            "nullable": Bool("Может быть null."),
            "optional": Bool("Есть не в каждом ответе."),
            "contract": Bool("Поле закреплено в публичном контракте."),
        },
        required=("type", "label"),
    )
    answer_file = Obj(
        "Формат ответа калькулятора (rules/answer.yaml).",
        fields={
            "explanation_fields": Map("Поля, которые есть у каждого пояснённого вывода.", value=answer_field),
            "explained": List("Пути выводов, у которых есть поля explanation_fields.", item=Str()),
            "fields": Map("Путь поля (через точку, [] — элемент списка) -> описание.", value=answer_field),
        },
        required=("fields",),
    )
    return Specs(facts_file, codes_file, act_file, jurisdiction_file, rules_file, cases_file, condition, date_expr, answer_file)
