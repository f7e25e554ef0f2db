"""The calculator's form, rendered at build time from the fact dictionary.

The form is plain HTML in the page, so it is readable and usable the moment the page
is, long before the Python runtime has loaded. Every question comes from
`rules/facts.yaml` (label, hint, type, choices); each field says which jurisdictions
ask it (`data-in`), computed from the rules in force there, so the page's script only
shows and hides, and a new jurisdiction's questions appear without touching this file.
An unanswered field means «не знаю»: the answer then says what depends on it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from calculator.dates import FIRST_YEAR, LAST_YEAR
from kb_site.knowledge import Knowledge
from kb_site.pages.common import FACT_GROUPS

# The dates the engine accepts: the browser's date picker offers no other.
_EARLIEST, _LATEST = f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"

__all__ = ["MARKER", "field_id", "render_calculator"]

# What a Markdown page writes where the calculator should appear.
MARKER = "<!-- kb:calculator -->"

# Program details are asked only once the kind of program is known.
_ASKED_AFTER = {"program": "program.kind"}
# Questions for organisers of training and selection, folded away from a servant's view.
_FOLDED_GROUP = "organiser"


def field_id(path: str) -> str:
    """`program.kind` -> `kb-f-program-kind` (also the anchor a «изменить» link points at)."""
    return "kb-f-" + path.replace(".", "-").replace("_", "-")


def render_calculator(kb: Knowledge, data: dict[str, Any], default_jurisdiction: str) -> str:
    """The whole widget: data for the script, the form, and the place for the answer."""
    # In an attribute, not a <script type="application/json">: instant navigation re-creates the
    # scripts of a new page and would run the data as JavaScript.
    payload = escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    return "\n".join(
        [
            f'<div class="kb-calc" id="kb-calculator" data-kb-calculator data-catalog="{payload}">',
            '<noscript><p class="kb-calc__noscript"><strong>Калькулятору нужен JavaScript.</strong> '
            "Включите его в браузере или посчитайте в командной строке (python -m calculator evaluate); "
            "нормы и правила на сайте читаются и без него.</p></noscript>",
            '<div class="kb-calc__layout">',
            _form(kb, default_jurisdiction),
            _result(),
            "</div>",
            "</div>",
        ]
    )


def _form(kb: Knowledge, default_jurisdiction: str) -> str:
    asked_in: dict[str, list[str]] = {}
    for jid in kb.jurisdictions:
        for path in kb.facts_asked(jid):
            asked_in.setdefault(path, []).append(jid)
    parts = [
        '<form class="kb-calc__form" id="kb-calc-form" novalidate autocomplete="off" aria-labelledby="kb-calc-form-title">',
        '<h2 id="kb-calc-form-title">Ваши ответы</h2>',
        '<p class="kb-calc__lead">Отвечайте только на то, что знаете: незаполненное поле — это «не знаю», '
        "и ответ скажет, что от него зависит. Считает ваш браузер: введённое никуда не отправляется.</p>",
        '<div class="kb-calc__errors" id="kb-calc-errors" role="alert" tabindex="-1" hidden></div>',
        _where(kb, default_jurisdiction),
    ]
    for group, title in FACT_GROUPS.items():
        paths = [p for p in kb.facts if "." not in p and kb.facts[p].get("group") == group and _asked(p, kb, asked_in)]
        if not paths:
            continue
        fields = "\n".join(_question(kb, p, asked_in, default_jurisdiction) for p in paths)
        # What the default jurisdiction does not ask starts hidden, so the page is laid out once.
        hidden = "" if any(_shown_first(kb, p, asked_in, default_jurisdiction) for p in paths) else " hidden"
        fieldset = (
            f'<fieldset class="kb-calc__group" data-group="{escape(str(group))}"{hidden}>'
            f'<legend class="kb-calc__legend">{escape(title)}</legend>\n{fields}\n</fieldset>'
        )
        if group == _FOLDED_GROUP:
            fieldset = (
                f'<details class="kb-calc__folded" data-group-box="{escape(str(group))}"{hidden}>'
                f"<summary>Для организаторов обучения и отбора</summary>\n{fieldset}\n</details>"
            )
        parts.append(fieldset)
    parts += [
        '<div class="kb-calc__actions">',
        '<button type="reset" class="md-button">Очистить ответы</button>',
        "</div>",
        "</form>",
    ]
    return "\n".join(parts)


def _shown_first(kb: Knowledge, path: str, asked_in: dict[str, list[str]], default: str) -> bool:
    """Whether the question shows when the page opens: asked by the default jurisdiction and not waiting for another answer."""
    children = kb.facts[path].get("fields")
    if children:
        waits_for = _ASKED_AFTER.get(path)
        return any(default in asked_in.get(child, ()) for child in children if waits_for in (None, child))
    return default in asked_in.get(path, ())


def _asked(path: str, kb: Knowledge, asked_in: dict[str, list[str]]) -> bool:
    return path in asked_in or any(child in asked_in for child in kb.facts[path].get("fields", ()))


def _where(kb: Knowledge, default_jurisdiction: str) -> str:
    options = "".join(
        f'<option value="{escape(jid)}"{" selected" if jid == default_jurisdiction else ""}>{escape(j["title"])}</option>'
        for jid, j in kb.jurisdictions.items()
    )
    jurisdiction = _wrap(
        "jurisdiction",
        "Чьи правила применить",
        "Муниципалитет или другая юрисдикция: от неё зависят вопросы ниже и ответ.",
        f'<select id="{field_id("jurisdiction")}" name="jurisdiction" {_described("jurisdiction")}>{options}</select>',
    )
    day = _wrap(
        "on",
        "Дата расчёта",
        "На какой день посчитать. По умолчанию — сегодняшняя дата.",
        f'<input type="date" id="{field_id("on")}" name="on" min="{_EARLIEST}" max="{_LATEST}" required {_described("on")}>',
    )
    return f'<fieldset class="kb-calc__group" data-group="where"><legend class="kb-calc__legend">Где и когда</legend>\n{jurisdiction}\n{day}\n</fieldset>'


def _question(kb: Knowledge, path: str, asked_in: dict[str, list[str]], default: str, after: str | None = None) -> str:
    spec = kb.facts[path]
    kind = spec["type"]
    if kind == "object":
        condition = _ASKED_AFTER.get(path)
        children = "\n".join(
            _question(kb, child, asked_in, default, after=condition if child != condition else None)
            for child in spec.get("fields", ())
            if child in asked_in
        )
        return (
            f'<fieldset class="kb-calc__object" data-path="{escape(path)}"{"" if _shown_first(kb, path, asked_in, default) else " hidden"}>'
            f'<legend class="kb-calc__label">{escape(spec["label"])}</legend>'
            f'<p class="kb-calc__hint">{escape(spec.get("hint", ""))}</p>\n{children}\n</fieldset>'
        )
    attributes = f'data-in="{escape(" ".join(asked_in[path]))}" data-type="{escape(kind)}"'
    if after:
        attributes += f' data-after="{escape(after)}"'
    if after or not _shown_first(kb, path, asked_in, default):
        attributes += " hidden"
    if kind == "bool":
        return _radios(path, spec, attributes)
    return _wrap(path, spec["label"], spec.get("hint", ""), _control(path, spec), attributes)


def _control(path: str, spec: dict[str, Any]) -> str:
    kind = spec["type"]
    ident = f'id="{field_id(path)}" name="{escape(path)}" {_described(path)}'
    if kind == "date":
        return f'<input type="date" {ident} min="{_EARLIEST}" max="{_LATEST}">'
    if kind == "choice":
        unknown = "— нет —" if "absent" in spec and spec["absent"] is None else "— не знаю —"
        options = "".join(f'<option value="{escape(code)}">{escape(label)}</option>' for code, label in spec["choices"].items())
        return f'<select {ident}><option value="">{unknown}</option>{options}</select>'
    if kind == "country":
        return f'<input type="text" {ident} inputmode="text" autocapitalize="characters" spellcheck="false" maxlength="2" size="4" placeholder="RU">'
    mode = "numeric" if kind == "integer" else "decimal"
    # A text box, not type=number: the browser would silently drop «abc» or «-5», and the engine's own
    # message for them would never be shown.
    return f'<input type="text" {ident} inputmode="{mode}" spellcheck="false" size="8">'


def _radios(path: str, spec: dict[str, Any], attributes: str) -> str:
    unknown = "Не указано (считается «нет»)" if spec.get("absent") is False else "Не знаю"
    options = [("true", "Да"), ("false", "Нет"), ("", unknown)]
    choices = []
    for value, label in options:
        # The first radio carries the field's id, so an error message can link to the question.
        ident = f' id="{field_id(path)}"' if value == "true" else ""
        checked = " checked" if not value else ""
        choices.append(
            f'<label class="kb-calc__choice"><input type="radio" name="{escape(path)}" value="{value}"{ident}{checked}> {escape(label)}</label>'
        )
    return (
        f'<fieldset class="kb-calc__field kb-calc__field--choices" data-path="{escape(path)}" {attributes} {_described(path)}>'
        f'<legend class="kb-calc__label">{escape(spec["label"])}</legend>'
        f'<p class="kb-calc__hint" id="{field_id(path)}-hint">{escape(spec.get("hint", ""))}</p>'
        f'<p class="kb-calc__error" id="{field_id(path)}-error" hidden></p>'
        f'<div class="kb-calc__choices">{"".join(choices)}</div></fieldset>'
    )


def _wrap(path: str, label: str, hint: str, control: str, attributes: str = "") -> str:
    return (
        f'<div class="kb-calc__field" data-path="{escape(path)}" {attributes}>'
        f'<label class="kb-calc__label" for="{field_id(path)}">{escape(label)}</label>'
        f'<p class="kb-calc__hint" id="{field_id(path)}-hint">{escape(hint)}</p>'
        f'<p class="kb-calc__error" id="{field_id(path)}-error" hidden></p>'
        f"{control}</div>"
    )


def _described(path: str) -> str:
    return f'aria-describedby="{field_id(path)}-hint {field_id(path)}-error"'


def _result() -> str:
    return "\n".join(
        [
            '<section class="kb-calc__result" aria-labelledby="kb-calc-result-title">',
            '<h2 id="kb-calc-result-title">Ответ</h2>',
            '<div class="kb-calc__status" id="kb-calc-status" role="status">'
            '<span class="kb-calc__status-text">Калькулятор загружается…</span>'
            '<progress class="kb-calc__progress" max="3" value="0"></progress></div>',
            '<div class="kb-calc__tools" hidden>'
            '<button type="button" class="md-button" data-action="share">Скопировать ссылку на расчёт</button> '
            '<button type="button" class="md-button" data-action="print">Распечатать справку</button>'
            '<p class="kb-calc__shared" role="status"></p></div>',
            '<div class="kb-calc__answer" id="kb-calc-answer"></div>',
            "</section>",
        ]
    )
