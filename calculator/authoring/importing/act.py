"""The act file written from what the import found: the same keys, order and quoting as the hand-made act files."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.authoring.importing.cleaning import Removed, clean
from calculator.authoring.importing.reading import Refused, read_source
from calculator.authoring.importing.review import Review, render, suspicious_words, table_rows
from calculator.authoring.importing.status import (
    Heading,
    Status,
    adopted_in_text,
    clause_editions,
    entry_into_force,
    read_heading,
    read_status,
)
from calculator.authoring.importing.structure import Structure, parse_structure

__all__ = ["Imported", "act_yaml", "import_act"]

_ACT_ID = re.compile(r"^[a-z][a-z0-9_\-]*$")
MIN_CLAUSES = 2
_CHANGE_RU = {"added": "Введён", "amended": "Изложен в новой редакции", "removed": "Утратил силу"}


@dataclass(frozen=True, slots=True)
class Imported:
    act: dict[str, Any]
    yaml: str
    review: Review

    def report(self, markdown: bool = False) -> str:
        return render(self.review, markdown)


def _q(value: str | None) -> str:
    """A YAML double-quoted scalar: JSON string syntax is valid YAML."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def import_act(path: Path, act_id: str, jurisdiction: str | None = None, output: str = "") -> Imported:
    if not _ACT_ID.match(act_id):
        raise Refused(f"--id: ожидается id акта из строчных латинских букв, цифр, «-» и «_», например ryazan-132-i; получено «{act_id}»")
    source = read_source(path)
    lines, removed, marks = clean(source.lines)
    heading = read_heading(lines)
    status = read_status(lines, removed, heading)
    structure = parse_structure(lines, heading.form_word)
    clause_editions(status, [(c.id, c.line, c.text) for c in structure.clauses if c.label])
    texts = [c for c in structure.clauses if (c.text or c.heading or "").strip()]
    # A text without numbers is an act's only if it has its shape: a title, a date or lists of items.
    shaped = structure.numbered or heading.adopted is not None or any("." in c.id or c.id == "title" for c in structure.clauses)
    if len(texts) < MIN_CLAUSES or not shaped:
        raise Refused(
            f"в файле {path} не найдено пунктов акта: нет ни нумерованных пунктов («1.», «1.1.»), ни заголовка акта, "
            "ни перечней «- »; проверьте, что это текст нормативного акта"
        )
    act, facts, missing = _act(path, act_id, heading, status, structure, removed, marks)
    review = Review(str(path), source.kind, output, structure, suspicious_words(lines), removed, marks, facts, missing, table_rows(lines))
    return Imported(act, act_yaml(act, jurisdiction), review)


_NAMED = re.compile(r"^(Резолюция|Положение|Порядок|Правила|Стандарт|Регламент|Рекомендации)\b")


def _title(structure: Structure) -> str | None:
    """The regulation's title; of a web page's title block, the line that names the document ("Резолюция …")."""
    for clause in structure.clauses:
        if clause.id == "title" and _NAMED.match(clause.text):
            return clause.text.split("\n")[0].rstrip(" .")
        if clause.id in ("regulation", "approval", "title") and clause.heading:
            return clause.heading.rstrip(" .")
    return None


def _act(
    path: Path, act_id: str, heading: Heading, status: Status, structure: Structure, removed: list[Removed], marks: list[Removed]
) -> tuple[dict[str, Any], list[str], list[str]]:
    facts: list[str] = []
    missing: list[str] = []
    approved = status.approved
    adopted = (approved.adopted if approved else None) or heading.adopted
    number = (approved.number if approved else None) or heading.number
    if adopted is None and (adopted := adopted_in_text([c.text for c in structure.clauses])):
        facts.append(f"дата принятия {adopted:%d.%m.%Y} найдена в тексте акта, не в заголовке")
    title = _title(structure)
    if title is None:
        missing.append("title, short_title: название акта не найдено — впишите его")
    # The approved regulation is the act: its approval names the form ("решением … Думы").
    form = (approved.form if approved else None) or heading.form
    if form is None:
        missing.append("form, issuer: вид акта и орган не найдены в заголовке — впишите их (или null для справочного материала)")
    elif heading.issuer is None:
        missing.append(f"issuer: кто принял акт — впишите (вид акта найден: «{form}»)")
    if adopted is None:
        missing.append("adopted: дата принятия не найдена — впишите её (ГГГГ-ММ-ДД) или null")
    facts.append(
        f"вид акта: {form or 'не найден'}; номер: {number or 'не найден'}; дата принятия: {adopted or 'не найдена'}"
        + (f" (строка {heading.line})" if heading.line else "")
    )
    editions = _editions(status, form, adopted, number, facts)
    _start_of_force(editions[0], adopted, structure, facts, missing)
    act: dict[str, Any] = {
        "id": act_id,
        "title": title or "ВПИШИТЕ название акта",
        "short_title": title or "ВПИШИТЕ краткое название",
        "form": form,
        "issuer": heading.issuer,
        "number": number,
        "adopted": adopted,
        "source": path.name,
    }
    if status.repeal:
        act["status"] = "repealed"
        act["binding"] = True
        act["repealed"] = {"on": status.repeal.on, "by": status.repeal.by}
        facts.append(f"утратил силу {status.repeal.on:%d.%m.%Y}: {status.repeal.by} (строка {status.repeal.line})")
    else:
        recommendation = bool(title and re.match(r"^(Резолюция|Рекомендации)", title))
        act["status"] = "recommendation" if recommendation else ("in_force" if form else "reference")
        act["binding"] = not recommendation
        missing.append(f"status: импорт записал «{act['status']}» — проверьте статус акта")
    act["editions"] = editions
    act["mends"] = [{"clause": None, "summary": _mend_summary(structure, removed, marks)}]
    act["clauses"] = [{"id": c.id, "label": c.label, "heading": c.heading, "text": c.text} for c in structure.clauses]
    return act, facts, missing


def _start_of_force(
    first: dict[str, Any], adopted: datetime.date | None, structure: Structure, facts: list[str], missing: list[str]
) -> None:
    """The first edition starts when the act's own words allow it at the earliest (an act is not in force before it is
    published when it says so); a start tied to a publication the text does not date is left for the reviewer to bound."""
    found = entry_into_force([(c.line, c.text) for c in structure.clauses if c.text])
    if adopted is None:
        return
    if found is None:
        facts.append(
            f"о вступлении в силу текст ничего не говорит (или говорит иначе, чем импорт читает): первая редакция — с даты принятия {adopted:%d.%m.%Y}"
        )
        return
    start = adopted + datetime.timedelta(days=found.days_after_adoption)
    first["from"] = start
    first["summary"] = f"Первоначальная редакция. {found.words[:1].upper()}{found.words[1:]}: не ранее {start:%d.%m.%Y}."
    facts.append(f"«{found.words}» (строка {found.line}): первая редакция — с {start:%d.%m.%Y}")
    if found.publication:
        missing.append(
            f"editions[0]: дата опубликования в тексте не указана — импорт записал самый ранний день, который допускает текст "
            f"({start:%d.%m.%Y}); если ответы должны предупреждать о неточной дате, добавьте uncertain_until и uncertainty"
        )


def _mend_summary(structure: Structure, removed: list[Removed], marks: list[Removed]) -> str:
    """What the import changed in the received text, for the act's list of mends."""
    done = ["текст импортирован командой import-act"]
    if structure.wrapped:
        done.append("переносы строк внутри абзацев соединены")
    if removed:
        done.append(f"удалены навигация сайта и примечания справочной системы (строк: {len(removed)})")
    if marks:
        done.append(f"удалены пометки внутри строк (пометок: {len(marks)})")
    if not structure.numbered:
        done.append("пункты пронумерованы импортом")
    summary = "; ".join(done)
    return summary[:1].upper() + summary[1:] + " (подробно — в отчёте импорта)."


def _editions(
    status: Status, form: str | None, adopted: datetime.date | None, number: str | None, facts: list[str]
) -> list[dict[str, Any]]:
    editions: list[dict[str, Any]] = []
    later = sorted((e for e in status.editions if adopted is None or e.date > adopted), key=lambda e: e.date)
    by = f"{form} от {adopted:%d.%m.%Y}" + (f" N {number}" if number else "") if form and adopted else None
    first: dict[str, Any] = {
        "id": adopted.isoformat() if adopted else "undated",
        "from": adopted,
        "by": by,
        "summary": "Первоначальная редакция.",
    }
    if later:
        first["text_available"] = False
    editions.append(first)
    for edition in later:
        entry: dict[str, Any] = {
            "id": edition.date.isoformat(),
            "from": edition.date,
            "by": edition.by,
            "summary": "Редакция, указанная в тексте (проверьте, какие пункты изменены).",
        }
        if edition.changes:
            entry["changes"] = [
                {"clause": clause, "change": change, "summary": f"{_CHANGE_RU[change]} (примечание к пункту {clause} в тексте)."}
                for clause, change in edition.changes
            ]
        editions.append(entry)
        facts.append(
            f"редакция от {edition.date:%d.%m.%Y}: {edition.by} (строка {edition.line})"
            + (f"; изменены пункты: {', '.join(c for c, _ in edition.changes)}" if edition.changes else "")
        )
    if later:
        editions[-1]["summary"] = "Редакция полученного текста (проверьте, какие пункты изменены)."
        for entry in editions[1:-1]:
            entry["text_available"] = False
    return editions


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _q(str(value))


def _block(text: str, indent: str) -> str:
    if not text:
        return '""'
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in text.split("\n"))


def act_yaml(act: dict[str, Any], jurisdiction: str | None) -> str:
    """The act as YAML: keys quoted where YAML 1.1 would misread them ("on"), texts as literal blocks."""
    out = [
        "# yaml-language-server: $schema=../../../schema/act.schema.json",
        f"# Акт импортирован командой import-act из «{act['source']}»"
        + (f" для юрисдикции «{jurisdiction}»" if jurisdiction else "")
        + ". Проверьте его по отчёту импорта.",
    ]
    for key in ("id", "title", "short_title", "form", "issuer", "number", "adopted", "source", "status", "binding"):
        out.append(f"{key}: {_scalar(act[key])}")
    if "repealed" in act:
        out.append("repealed:")
        out.append(f'  "on": {_scalar(act["repealed"]["on"])}')
        out.append(f"  by: {_scalar(act['repealed']['by'])}")
    out.append("editions:")
    for edition in act["editions"]:
        out.append(f"  - id: {_q(edition['id'])}")
        for key in ("from", "by", "summary", "text_available"):
            if key in edition:
                out.append(f"    {key}: {_scalar(edition[key])}")
        if edition.get("changes"):
            out.append("    changes:")
            for change in edition["changes"]:
                out.append(f"      - clause: {_q(change['clause'])}")
                out.append(f"        change: {change['change']}")
                out.append(f"        summary: {_scalar(change['summary'])}")
    out.append("mends:")
    for mend in act["mends"]:
        out.append(f"  - clause: {_scalar(mend['clause'])}")
        out.append(f"    summary: {_scalar(mend['summary'])}")
    out.append("clauses:")
    for clause in act["clauses"]:
        out.append(f"  - id: {_q(clause['id'])}")
        out.append(f"    label: {_q(clause['label'])}")
        out.append(f"    heading: {_scalar(clause['heading'])}")
        out.append(f"    text: {_block(clause['text'], '      ')}")
    return "\n".join(out) + "\n"
