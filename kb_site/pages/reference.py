"""Reference pages: the fact dictionary (the calculator's questions) and the answer format."""

from __future__ import annotations

from typing import Any

from calculator.facts import FACT_TYPES
from kb_site.knowledge import Knowledge
from kb_site.links import ANSWER_PAGE, FACTS_PAGE, fact_anchor
from kb_site.markup import cell, text
from kb_site.pages import GeneratedPage
from kb_site.pages.common import FACT_GROUPS, rule_link

__all__ = ["render_answer_format", "render_facts"]

_ANSWER_TYPES = {
    "string": "строка",
    "date": "дата",
    "bool": "да / нет",
    "number": "число",
    "integer": "целое число",
    "code": "код",
    "list": "список",
    "object": "объект",
    "any": "любое значение",
}


def _group_of(kb: Knowledge, path: str) -> str | None:
    top = path.split(".", 1)[0]
    group: str | None = kb.facts[path].get("group") or kb.facts.get(top, {}).get("group")
    return group


def render_facts(kb: Knowledge) -> GeneratedPage:
    page = FACTS_PAGE
    lines = [
        "# Словарь фактов",
        "",
        "Всё, о чём калькулятор может спросить: поле анкеты, его подпись, тип и подсказка, "
        "и правила, которые его читают. Поля с пометкой «контракт» закреплены в публичном "
        "формате анкеты; остальные — расширения проекта. Любое поле можно не заполнять: "
        "ответ тогда скажет, что от него зависит.",
        "",
    ]
    for group, title in FACT_GROUPS.items():
        paths = [p for p in kb.facts if _group_of(kb, p) == group]
        if not paths:
            continue
        lines += [f"## {title}", ""]
        for path in paths:
            lines += _fact(kb, page, path)
    return GeneratedPage(page, "\n".join(lines) + "\n", kb.root / "facts.yaml")


def _fact(kb: Knowledge, page: str, path: str) -> list[str]:
    fact = kb.facts[path]
    lines = [f"### {text(fact['label'])} {{ #{fact_anchor(path)} }}", ""]
    kind = FACT_TYPES[fact["type"]].reference if fact["type"] in FACT_TYPES else fact["type"]
    contract = " · контракт" if fact.get("contract") else ""
    lines += [f"`{path}` · {kind}{contract}", ""]
    if fact.get("hint"):
        lines += [text(fact["hint"]), ""]
    if fact.get("choices"):
        lines += [
            "| Значение | Что значит |",
            "|---|---|",
            *(f"| `{code}` | {cell(label)} |" for code, label in fact["choices"].items()),
            "",
        ]
    if "absent" in fact:
        shown = "нет" if fact["absent"] in (None, False) else text(fact["absent"])
        lines += [f"Если не заполнено, понимается как «{shown}».", ""]
    if "." not in path and fact["type"] != "object":
        # The same header the staff list reader (calculator.planning.columns) looks for.
        headers = ", ".join(f"«{text(h)}»" for h in (fact["label"], *fact.get("column_aliases", ())))
        lines += [f"Заголовок столбца в списке сотрудников (план обучения): {headers}.", ""]
    users = kb.fact_users.get(path, [])
    if users:
        lines += ["Читают правила: " + ", ".join(rule_link(kb, page, rid) for rid in users) + ".", ""]
    elif fact["type"] != "object":
        lines += ["Ни одно правило пока не читает это поле.", ""]
    return lines


def render_answer_format(kb: Knowledge) -> GeneratedPage:
    page = ANSWER_PAGE
    answer = kb.catalog.get("answer") or {}
    lines = [
        "# Формат ответа",
        "",
        "Калькулятор отвечает одним объектом JSON — и в командной строке "
        "(`python -m calculator evaluate`), и в браузере (`window.kbCalculator.evaluate`). "
        "Поля с пометкой «контракт» закреплены и не меняются; остальные — пояснения проекта. "
        "Список ниже сверяется тестом с настоящими ответами на все примеры.",
        "",
        "| Поле | Тип | Что значит |",
        "|---|---|---|",
    ]
    for path, field in (answer.get("fields") or {}).items():
        lines.append(_answer_row(kb, path, field))
    explained = answer.get("explained") or []
    if explained:
        lines += [
            "",
            "## Пояснение у каждого вывода",
            "",
            "У выводов " + ", ".join(f"`{p}`" for p in explained) + " есть ещё поля:",
            "",
            "| Поле | Тип | Что значит |",
            "|---|---|---|",
            *(_answer_row(kb, path, field) for path, field in (answer.get("explanation_fields") or {}).items()),
        ]
    lines += ["", "## Коды", "", "Значения полей-кодов и их названия по-русски (`rules/codes.yaml`).", ""]
    for group, codes in kb.codes.items():
        lines += [f"### `{group}` {{ #codes-{group} }}", "", "| Код | Название |", "|---|---|"]
        lines += [f"| `{code}` | {cell(value['label'] if isinstance(value, dict) else value)} |" for code, value in codes.items()]
        lines.append("")
    lines += _FROM_JAVASCRIPT
    return GeneratedPage(page, "\n".join(lines) + "\n", kb.root / "answer.yaml")


# What window.kbCalculator takes from a script (kb_site/assets/calculator.js, `transportable`):
# only what JSON holds, as the command reads it; everything else refused by its field.
_FROM_JAVASCRIPT = [
    "## Вызов из JavaScript: какие значения принимаются { #javascript }",
    "",
    "`window.kbCalculator.evaluate(profile, jurisdiction, on)` передаёт движку то же, что команда "
    "читает из файла JSON. Поэтому в анкете и в параметрах `kbCalculator.plan` годятся только "
    "значения, у которых есть запись в JSON:",
    "",
    "| Значение JavaScript | Как читается |",
    "|---|---|",
    "| строка, `true`, `false` | как есть |",
    "| конечное число | как есть; `-0` — как `0` (в JSON это одно число, и команда отвечает на `-0` так же, как на `0`) |",
    "| `null` | «не указано» — как поле, которого нет |",
    "| обычный объект `{…}` или массив `[…]` | по его собственным полям, как в JSON |",
    "",
    "Любое другое значение отклоняется так же, как неверное значение в командной строке: "
    "`Error` называет поле (путь в JSON) и что в нём ожидается, а после «получено:» — что пришло, "
    "например `program.classroom_hours: ожидается неотрицательное число; получено: nan`.",
    "",
    "| Значение JavaScript | «получено: …» |",
    "|---|---|",
    "| `NaN`, `Infinity`, `-Infinity` | `nan`, `inf`, `-inf` — слово в слово как у команды, получившей в JSON `NaN` или `Infinity` |",
    "| `undefined` как значение поля | `undefined`: чтобы не указывать поле, не пишите его или передайте `null` |",
    "| `BigInt`, например `72n` | `BigInt 72n` |",
    "| `Date` | `объект Date`: даты передаются строкой `ГГГГ-ММ-ДД` |",
    "| функция, `Symbol` | `функция`, `символ` |",
    "| `Map`, `Set` и другие встроенные объекты | `объект Map`, `объект Set`, … |",
    "| ссылка объекта на самого себя (или на объект, внутри которого он лежит) | `объект, содержащий сам себя` |",
    "",
    "Сами аргументы: без `profile` анкета пустая, без `on` расчёт идёт на сегодня; `jurisdiction` "
    "и `on` — строки. В `kbCalculator.plan` квота (`quota`), не переданная или пустая строка, — "
    "«без квоты».",
]


def _answer_row(kb: Knowledge, path: str, field: dict[str, Any]) -> str:
    kind = _ANSWER_TYPES.get(field["type"], field["type"])
    if field.get("codes"):
        kind += f" из [`{field['codes']}`](#codes-{field['codes']})"
    if field.get("nullable"):
        kind += " или null"
    marks = [m for m, on in (("контракт", field.get("contract")), ("не всегда", field.get("optional"))) if on]
    meaning = text(field["label"]) + (f". {text(field['description'])}" if field.get("description") else "")
    return f"| `{path}` | {kind} | {meaning}{' (' + ', '.join(marks) + ')' if marks else ''} |"
