"""What a reference system or a website adds to an act: removed from the text, and listed.

- a site's header (slogan, breadcrumb "Главная страница /") before the document;
- a site's list of related articles ("Похожие материалы:") and a publisher's closing note
  ("Если вы являетесь пользователем интернет-версии системы ГАРАНТ…") with all after them;
- a reference system's status sentence ("Настоящее постановление фактически утратило силу…"),
  which the status of the act then records;
- reference marks after sentences (" 1", " 13") in a text that ends many lines with them;
- table-cell markers " |" at the end of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Line", "Removed", "clean"]

_TAIL_MARKERS = (
    re.compile(r"^\s*Похожие материалы\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^\s*(Читайте также|Другие материалы|Поделиться|Комментарии)\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^\s*Если вы являетесь пользователем интернет-версии системы ГАРАНТ", re.IGNORECASE),
)
_BREADCRUMB = re.compile(r"^\s*-?\s*\S.{0,80}\s/\s*$")
_NAV_ITEM = re.compile(r"^\s*-\s+\S.{0,80}$")
# A reference system's own sentence about the act's status, as opposed to the act's heading line
# "Утратило силу - Решение …", which is part of the published text.
STATUS_NOTE = re.compile(r"^\s*Настоящ\w+\s+\w+\s+(фактически\s+)?утратил\w*\s+силу", re.IGNORECASE)
_MARK_AT_END = re.compile(r"(?<=[.:;!?]) (\d{1,2})\s*$")
_MARK_INSIDE = re.compile(r"(?<=[.:;!?]) (\d{1,2})(?= [А-ЯЁA-Z«\"])")
_CELL_MARKER = re.compile(r"\s\|\s*$")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based, in the input
    text: str


@dataclass(frozen=True, slots=True)
class Removed:
    line: int
    text: str
    why: str


def clean(raw: tuple[str, ...]) -> tuple[list[Line], list[Removed], list[Removed]]:
    """The act's own lines, the lines removed (notes, navigation) and the marks removed inside lines."""
    lines = [Line(i + 1, text.rstrip()) for i, text in enumerate(raw)]
    removed: list[Removed] = []
    marks: list[Removed] = []
    lines = _cut_site_header(lines, removed)
    lines = _cut_tail(lines, removed)
    kept: list[Line] = []
    for line in lines:
        if STATUS_NOTE.match(line.text):
            removed.append(Removed(line.number, line.text, "примечание справочной системы о статусе акта (учтено в статусе)"))
            continue
        kept.append(line)
    kept = _strip_reference_marks(kept, marks)
    result: list[Line] = []
    for line in kept:
        if _CELL_MARKER.search(line.text):
            marks.append(Removed(line.number, "|", "маркер ячейки таблицы в конце строки"))
            line = Line(line.number, _CELL_MARKER.sub("", line.text))
        result.append(line)
    return result, removed, marks


def _cut_site_header(lines: list[Line], removed: list[Removed]) -> list[Line]:
    """A breadcrumb near the top ("- Статьи /") marks the site's header: drop it and what precedes it."""
    head = [i for i, line in enumerate(lines[:20]) if _BREADCRUMB.match(line.text)]
    if not head:
        return lines
    end = head[-1] + 1
    while end < len(lines) and _NAV_ITEM.match(lines[end].text) and not lines[end].text.rstrip().endswith((".", ";", ":")):
        end += 1  # the last item of the menu has no slash
    removed.extend(Removed(line.number, line.text, "шапка и навигация сайта") for line in lines[:end] if line.text.strip())
    return lines[end:]


def _cut_tail(lines: list[Line], removed: list[Removed]) -> list[Line]:
    for i, line in enumerate(lines):
        if any(marker.match(line.text) for marker in _TAIL_MARKERS):
            why = "список материалов сайта" if "материал" in line.text.lower() else "примечание издателя и всё после него"
            removed.extend(Removed(x.number, x.text, why) for x in lines[i:] if x.text.strip())
            return lines[:i]
    return lines


def _strip_reference_marks(lines: list[Line], marks: list[Removed]) -> list[Line]:
    """Reference marks are recognised only when many lines end with one: one number after a sentence may be text."""
    ending = sum(1 for line in lines if _MARK_AT_END.search(line.text))
    if ending < 3 or ending < len([x for x in lines if x.text.strip()]) // 3:
        return lines
    result: list[Line] = []
    for line in lines:
        found = _MARK_AT_END.findall(line.text) + _MARK_INSIDE.findall(line.text)
        marks.extend(Removed(line.number, mark, "ссылочная пометка после предложения") for mark in found)
        text = _MARK_INSIDE.sub("", _MARK_AT_END.sub("", line.text))
        result.append(Line(line.number, text))
    return result
