"""Words to look at (mixed alphabets, characters of OCR errors) and the review report in Russian, text or Markdown.

Nothing here changes the text: a suspicious word is listed with its line and left as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calculator.authoring.importing.cleaning import Line, Removed
from calculator.authoring.importing.structure import Numbering, Structure

__all__ = ["Review", "Suspicious", "render", "suspicious_words", "table_rows"]

_WORD = re.compile(r"[^\s,.;:!?()«»\"'\[\]{}<>/\\—–-]+")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
# Letters of neighbouring alphabets (Ukrainian Ґ, Є, Ї, Serbian Ђ, ...) and digits inside a Russian word:
# what optical recognition leaves behind ("Ґ1тавом" for "Уставом").
_FOREIGN = re.compile(r"[ҐґЄєЇїІіЂђЉљЊњЋћЏџЎў]")
_DIGIT_INSIDE = re.compile(r"[А-Яа-яЁё]\d|\d[а-яё]")
MAX_LISTED = 200  # a report stays readable; the count says how many more


@dataclass(frozen=True, slots=True)
class Suspicious:
    line: int
    word: str
    why: str


@dataclass(frozen=True, slots=True)
class Review:
    source: str
    kind: str
    output: str
    structure: Structure
    suspicious: list[Suspicious]
    removed: list[Removed]
    marks: list[Removed]
    facts: list[str]  # what the heading gave: form, date, number, editions, repeal
    missing: list[str]  # what the methodologist must fill in
    tables: list[int]  # lines that are rows of a table (cells separated by tabs)


def suspicious_words(lines: list[Line]) -> list[Suspicious]:
    found: list[Suspicious] = []
    for line in lines:
        for match in _WORD.finditer(line.text):
            word = match.group(0)
            if _FOREIGN.search(word):
                found.append(Suspicious(line.number, word, "буквы другого алфавита — возможна ошибка распознавания"))
            elif _CYRILLIC.search(word) and _LATIN.search(word):
                found.append(Suspicious(line.number, word, "в слове смешаны латинские и русские буквы"))
            elif _DIGIT_INSIDE.search(word) and not re.fullmatch(r"\d+-?[а-яё]{1,3}", word):
                found.append(Suspicious(line.number, word, "цифра внутри слова — возможна ошибка распознавания"))
    return found


def table_rows(lines: list[Line]) -> list[int]:
    """Rows of a table (cells separated by tabs, as copying a table gives): kept as text, to be looked at."""
    return [line.number for line in lines if "\t" in line.text.strip()]


def _numbering_line(item: Numbering) -> str:
    return f"строка {item.line}: {item.message}"


def render(review: Review, markdown: bool) -> str:
    """The report: what was found, and everything a person should check, each with its line of the input."""
    h = "## " if markdown else ""
    bullet = "- " if markdown else "  "
    clauses = review.structure.clauses
    out: list[str] = []
    title = f"Отчёт об импорте акта: {review.source}"
    out.append(f"# {title}" if markdown else title)
    out.append("")
    out.append(f"Формат: {review.kind}." + (f" Файл акта: {review.output}." if review.output else ""))
    out.append(f"Пунктов: {len(clauses)}" + ("" if review.structure.numbered else " (нумерация введена импортом)") + ".")
    out.append("")
    sections: list[tuple[str, list[str]]] = [
        ("Что найдено в заголовке", review.facts),
        ("Заполните вручную", review.missing),
        ("Нумерация: пропуски, повторы, строки вне нумерации", [_numbering_line(x) for x in review.structure.numbering]),
        ("Слова для проверки (в тексте не изменены)", [f"строка {x.line}: «{x.word}» — {x.why}" for x in review.suspicious]),
        (
            "Таблицы: строки с ячейками через табуляцию, оставлены в тексте пункта как есть",
            [f"строки {', '.join(map(str, review.tables[:20]))}" + (" …" if len(review.tables) > 20 else "")] if review.tables else [],
        ),
        ("Удалено как не относящееся к тексту акта", [f"строка {x.line}: {x.why}: «{_short(x.text)}»" for x in review.removed]),
        ("Удалённые пометки внутри строк", [f"строка {x.line}: «{x.text}» — {x.why}" for x in review.marks]),
        (
            "Пункты",
            [
                f"строка {c.line}: {c.id}"
                + (f" ({c.label})" if c.label and c.label.rstrip(".") != c.id else "")
                + (f" — {_short(c.heading)}" if c.heading else "")
                for c in clauses
            ],
        ),
    ]
    for name, items in sections:
        out.append(f"{h}{name}" + ("" if markdown else ":"))
        if markdown:
            out.append("")
        if not items:
            out.append(f"{bullet}нет")
        for item in items[:MAX_LISTED]:
            out.append(f"{bullet}{_escape(item) if markdown else item}")
        if len(items) > MAX_LISTED:
            out.append(f"{bullet}… и ещё {len(items) - MAX_LISTED}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)
