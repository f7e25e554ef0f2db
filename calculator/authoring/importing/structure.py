"""The clause tree of an act: preamble, the approving decision's clauses, the approved regulation.

Numbered acts keep their own numbers as clause ids (``1.1``, ``2.1.1``, ``IV``), the
decision's clauses are ``decision.1`` (``decree.1`` for a постановление, ``order.1`` for a
приказ), parts and sections of a standard prefix what they hold (``p1s2-4.1``).
A line that looks like a clause number starts a clause only if it continues the
numbering (the next number at some level, a first sub-clause, or a gap of at most
three): a date or a number wrapped to the start of a line does not. Gaps and
repeats are kept and reported. A text with no numbers is numbered by the import:
each paragraph a clause, its "- " items sub-clauses, the way the project's own
files number such texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calculator.authoring.importing.cleaning import Line
from calculator.authoring.importing.paragraphs import Paragraph, hard_wrapped, join_lines

__all__ = ["Clause", "Numbering", "Structure", "parse_structure"]

_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){0,5})(\.?)\s+(?=[«\"(]?[А-ЯЁA-Z])(.*)$")
_ROMAN = re.compile(r"^\s*([IVXL]{1,6})\.\s+(\S.*)$")
_PART = re.compile(r"^\s*Часть\s+(\d{1,2})\.?\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^\s*Раздел\s+(\d{1,2})\.?\s*(.*)$", re.IGNORECASE)
_REGULATION_TITLE = re.compile(r"^\s*(Положение|Порядок|Правила|Стандарт|Регламент|Инструкция|Методика)\b", re.IGNORECASE)
_APPROVED = re.compile(r"\(утв\.|\bУтвержден|\bУТВЕРЖДЕН", re.IGNORECASE)
_DASH = re.compile(r"^\s*[-–—•]\s+")
_MAX_GAP = 3
_HEADING_MAX = 250
_HEADING_TAIL = 40


@dataclass(slots=True)
class Clause:
    id: str
    label: str
    heading: str | None
    line: int
    lines: list[Line] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True, slots=True)
class Numbering:
    """A gap, a repeat, or a line that looks numbered but does not continue the numbering."""

    line: int
    kind: str  # "gap" | "repeat" | "not-continued" | "assigned"
    message: str


@dataclass(slots=True)
class Structure:
    clauses: list[Clause]
    numbering: list[Numbering]
    numbered: bool  # the text numbers its clauses; False: the import numbered them
    wrapped: bool = False  # lines were broken inside paragraphs and have been joined


def _roman_value(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(roman):
        value = values[ch]
        total += -value if i + 1 < len(roman) and values[roman[i + 1]] > value else value
    return total


def _continues(current: tuple[int, ...], number: tuple[int, ...]) -> int | None:
    """How far ``number`` jumps from ``current`` (1 — the very next), None if it does not continue it."""
    if not current:
        return 1 if number in ((1,), (1, 1)) else None
    if number in ((*current, 1), (*current, 1, 1)):
        return 1
    for level in range(len(current)):
        base = current[:level]
        if len(number) > level and number[:level] == base:
            step = number[level] - current[level]
            tail = number[level + 1 :]
            if 1 <= step <= _MAX_GAP and all(x == 1 for x in tail) and len(tail) <= 1:
                return step + len(tail)
    return None


class _Builder:
    def __init__(self, wrapped: bool) -> None:
        self.wrapped = wrapped
        self.clauses: list[Clause] = []
        self.numbering: list[Numbering] = []

    def open(self, clause_id: str, label: str, heading: str | None, line: Line, rest: str | None) -> Clause:
        taken = {c.id for c in self.clauses}
        if clause_id in taken:
            k = 2
            while f"{clause_id}-{k}" in taken:
                k += 1
            self.numbering.append(
                Numbering(line.number, "repeat", f"номер «{label or clause_id}» повторяется; пункту дан id «{clause_id}-{k}»")
            )
            clause_id = f"{clause_id}-{k}"
        clause = Clause(clause_id, label, heading, line.number)
        if rest:
            clause.lines.append(Line(line.number, rest))
        self.clauses.append(clause)
        return clause


def _decision_prefix(form_word: str | None) -> str:
    word = (form_word or "").lower()
    if word.startswith("постановлен"):
        return "decree"
    if word.startswith("приказ"):
        return "order"
    if word.startswith("распоряжен"):
        return "directive"
    return "decision"


def _count_numbered(lines: list[Line]) -> int:
    """Lines starting with a clause number written with a dot ("1.", "2.1"), the mark of a numbered act."""
    found = (_NUMBER.match(line.text) for line in lines)
    return sum(1 for match in found if match and "." in match.group(1) + match.group(2))


def _regulation_start(lines: list[Line]) -> int | None:
    """The line of the approved regulation's title: "Положение …" followed shortly by "(утв. …" or "Утверждено"."""
    for i, line in enumerate(lines):
        if _REGULATION_TITLE.match(line.text):
            window = " ".join(x.text for x in lines[i : i + 5])
            if _APPROVED.search(window):
                return i
    return None


def parse_structure(lines: list[Line], form_word: str | None) -> Structure:
    wrapped = hard_wrapped(lines)
    if _count_numbered(lines) < 3:
        return _unnumbered(lines, wrapped)
    builder = _Builder(wrapped)
    start = _regulation_start(lines)
    head, body = (lines[:start], lines[start:]) if start is not None else ([], lines)
    decision = [x for x in head if _NUMBER.match(x.text)]
    head = [x for x in head if x.text.strip()]
    if start is not None and decision:
        _decision_part(builder, head, _decision_prefix(form_word))
        body = _title_block(builder, body, "regulation")
    elif start is not None:
        if head:
            _preamble(builder, head)
        body = _title_block(builder, body, "approval")
    _regulation(builder, body)
    _finish(builder)
    return Structure(builder.clauses, builder.numbering, numbered=True, wrapped=wrapped)


def _preamble(builder: _Builder, lines: list[Line]) -> None:
    clause = builder.open("preamble", "", None, lines[0], None)
    clause.lines.extend(lines)


def _decision_part(builder: _Builder, lines: list[Line], prefix: str) -> None:
    current: tuple[int, ...] = ()
    clause: Clause | None = None
    before: list[Line] = []
    for line in lines:
        match = _NUMBER.match(line.text)
        number = tuple(int(x) for x in match.group(1).split(".")) if match else ()
        if match and len(number) == 1 and match.group(2) and _continues(current, number) is not None:
            current = number
            clause = builder.open(f"{prefix}.{number[0]}", f"{number[0]}.", None, line, match.group(3))
        elif clause is None:
            before.append(line)
        else:
            clause.lines.append(line)
    if before:
        preamble = Clause("preamble", "", None, before[0].number, before)
        builder.clauses.insert(0, preamble)
    if clause is None:
        return  # numbers that do not start at 1: all of it is the preamble
    # The last clause of the decision is one paragraph; what follows it is the signature.
    last = builder.clauses[-1]
    paragraphs = join_lines(last.lines, builder.wrapped)
    if len(paragraphs) > 1:
        first_of_signature = paragraphs[1].line
        kept = [x for x in last.lines if x.number < first_of_signature]
        signature = [x for x in last.lines if x.number >= first_of_signature]
        last.lines = kept
        clause = builder.open("signature", "", None, signature[0], None)
        clause.lines.extend(signature)


def _title_block(builder: _Builder, lines: list[Line], clause_id: str) -> list[Line]:
    """The regulation's title as the heading, its approval note ("(утв. …)", "Утверждено …") as the text."""
    end = 0
    while end < len(lines) and not _structural(lines[end].text):
        end += 1
    block, rest = lines[:end], lines[end:]
    heading_lines: list[str] = []
    text_lines: list[Line] = []
    for line in block:
        if text_lines:
            text_lines.append(line)
            continue
        found = _APPROVED.search(line.text)
        if found:
            before = line.text[: found.start()].strip()
            if before:
                heading_lines.append(before)
            text_lines.append(Line(line.number, line.text[found.start() :]))
        elif line.text.strip():
            heading_lines.append(line.text.strip())
    clause = builder.open(clause_id, "", " ".join(heading_lines) or None, block[0] if block else lines[0], None)
    clause.lines.extend(text_lines)
    return rest


def _structural(text: str) -> bool:
    return bool(_PART.match(text) or _SECTION.match(text) or _ROMAN.match(text) or _NUMBER.match(text))


def _regulation(builder: _Builder, lines: list[Line]) -> None:
    part = section = 0
    prefix = ""
    current: tuple[int, ...] = ()
    clause: Clause | None = None
    headings: dict[str, Clause] = {}  # section heading clauses, whose text moves to a sub-clause
    for line in lines:
        text = line.text
        part_match, section_match, roman_match = _PART.match(text), _SECTION.match(text), _ROMAN.match(text)
        number_match = _NUMBER.match(text)
        if part_match:
            number = int(part_match.group(1))
            if number == part:
                builder.numbering.append(
                    Numbering(line.number, "repeat", f"заголовок «Часть {number}» повторяется; второй раз он пропущен")
                )
                continue
            part, section, current = number, 0, ()
            prefix = ""
            clause = builder.open(f"p{part}", f"Часть {part}.", part_match.group(2).strip() or None, line, None)
        elif section_match:
            section, current = int(section_match.group(1)), ()
            base = f"p{part}s{section}" if part else f"s{section}"
            prefix = f"{base}-"
            clause = builder.open(base, f"Раздел {section}.", section_match.group(2).strip() or None, line, None)
        elif roman_match and not number_match:
            roman = roman_match.group(1)
            current = (_roman_value(roman),)
            clause = builder.open(roman, f"{roman}.", None, line, roman_match.group(2).strip())
            headings[clause.id] = clause
        elif number_match and (step := _continues(current, _numbers(number_match))) is not None:
            numbers = _numbers(number_match)
            if step > 1:
                builder.numbering.append(
                    Numbering(
                        line.number,
                        "gap",
                        f"после пункта {'.'.join(map(str, current))} идёт {'.'.join(map(str, numbers))}: номера пропущены",
                    )
                )
            current = numbers
            label = number_match.group(1) + number_match.group(2)
            clause = builder.open(prefix + ".".join(map(str, numbers)), label, None, line, number_match.group(3))
        else:
            if number_match and text.strip():
                builder.numbering.append(
                    Numbering(
                        line.number,
                        "not-continued",
                        f"строка начинается с «{number_match.group(1)}», но это не продолжение нумерации: оставлена в тексте"
                        + (f" пункта {clause.id}" if clause else ""),
                    )
                )
            if clause is None:
                clause = builder.open("preamble", "", None, line, None)
            clause.lines.append(line)
    for heading in headings.values():
        # A heading wrapped over lines goes on with a small letter; a capital starts the section's own
        # text, unless all that is left is a few words without a full stop ("Российской\nФедерации").
        end = 1
        while end < len(heading.lines) and heading.lines[end].text.strip()[:1].islower():
            end += 1
        rest = " ".join(x.text for x in heading.lines[end:]).strip()
        if len(heading.lines) - end == 1 and len(rest) <= _HEADING_TAIL and not rest.endswith((".", ";", ":", "!", "?", "…")):
            end = len(heading.lines)
        heading.heading = " ".join(" ".join(x.text.split()) for x in heading.lines[:end])
        body = heading.lines[end:]
        heading.lines = []
        if body:
            sub = Clause(f"{heading.id}.1", "", None, body[0].number, body)
            builder.clauses.insert(builder.clauses.index(heading) + 1, sub)
            builder.numbering.append(
                Numbering(sub.line, "assigned", f"абзац раздела {heading.id} не пронумерован; импорт дал ему id «{sub.id}»")
            )


def _numbers(match: re.Match[str]) -> tuple[int, ...]:
    return tuple(int(x) for x in match.group(1).split("."))


def _finish(builder: _Builder) -> None:
    """Paragraphs joined into each clause's text; a short numbered clause followed by its first sub-clause is a heading."""
    clauses = builder.clauses
    for i, clause in enumerate(clauses):
        paragraphs = join_lines(clause.lines, builder.wrapped)
        following = clauses[i + 1].id if i + 1 < len(clauses) else ""
        is_parent = following.startswith(clause.id + ".") and clause.label.count(".") == 1
        if (
            clause.heading is None
            and is_parent
            and len(paragraphs) == 1
            and len(paragraphs[0].text) <= _HEADING_MAX
            and not clause.id.startswith(("decision.", "decree.", "order.", "directive."))
        ):
            clause.heading = paragraphs[0].text
            paragraphs = []
        clause.text = "\n\n".join(p.text for p in paragraphs)


# ---------------------------------------------------------------------------------------------
# Texts without numbers: numbered by the import.


def _unnumbered(lines: list[Line], wrapped: bool) -> Structure:
    paragraphs = join_lines(lines, wrapped)
    numbering: list[Numbering] = []
    clauses: list[Clause] = []
    i = 0
    title: list[Paragraph] = []
    while (
        i < len(paragraphs) and not paragraphs[i].text.rstrip().endswith((".", ";", ":", "!", "…")) and not _DASH.match(paragraphs[i].text)
    ):
        title.append(paragraphs[i])
        i += 1
    if title and i < len(paragraphs):
        clauses.append(Clause("title", "", title[0].text, title[0].line, text="\n\n".join(p.text for p in title[1:])))
    else:
        i = 0
    top = 0
    group: Clause | None = None  # the sub-heading ("Органам местного самоуправления:") the dashes belong to
    groups = 0
    items = 0
    current: Clause | None = None
    previous = ""
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        text = paragraph.text
        following = paragraphs[i + 1].text if i + 1 < len(paragraphs) else ""
        if _DASH.match(text) and current is not None:
            items += 1
            parent = group or current
            clauses.append(Clause(f"{parent.id}.{items}", "", None, paragraph.line, text=_DASH.sub("", text, count=1)))
        elif (
            current is not None
            and current is clauses[-1]
            and not previous.endswith((".", ";", "!", "?"))
            and text.endswith(":")
            and _DASH.match(following)
        ):
            groups += 1
            items = 0
            group = Clause(f"{current.id}.{groups}", "", text, paragraph.line)
            clauses.append(group)
        elif group is not None and text.endswith(":") and _DASH.match(following):
            groups += 1
            items = 0
            group = Clause(f"{current.id}.{groups}", "", text, paragraph.line)  # type: ignore[union-attr]
            clauses.append(group)
        elif (
            current is not None
            and not _DASH.match(previous)
            and ((previous.endswith(":") and text.endswith(";")) or (previous.endswith(";") and current is clauses[-1]))
        ):
            current.text += "\n\n" + text  # an enumeration without dashes belongs to the clause that opens it
        else:
            top += 1
            group, groups, items = None, 0, 0
            current = Clause(str(top), "", None, paragraph.line, text=text)
            clauses.append(current)
        previous = text
        i += 1
    if clauses:
        numbering.append(
            Numbering(
                clauses[0].line, "assigned", "в тексте нет номеров пунктов: пункты пронумерованы импортом по абзацам и их спискам «- »"
            )
        )
    return Structure(clauses, numbering, numbered=False, wrapped=wrapped)
