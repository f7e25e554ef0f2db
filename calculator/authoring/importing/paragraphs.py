"""Hard line breaks inside paragraphs joined; the line where each paragraph starts kept.

A line starts a new paragraph after a blank line, after a line ending a sentence
when it begins with a capital, when it is a list item ("- ", "а)", "1)"), after a
heading in capitals, or when it opens a status line ("(в ред. …", "Утратило силу").
Otherwise it continues the line before: copying from a PDF or a narrow page breaks
sentences anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calculator.authoring.importing.cleaning import Line

__all__ = ["LIST_ITEM", "Paragraph", "hard_wrapped", "join_lines"]

LIST_ITEM = re.compile(r"^\s*(?:[-–—•]\s+|[а-яё]\)\s*|\(?[а-яё]\)\s+|\d{1,2}\)\s+)")
_STARTS_OWN = re.compile(r"^\s*(?:\((?:в\s+ред|утв|с\s+изм)|Утратил|УТРАТИЛ)", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", "!", "?", "…")
_WRAP_WIDTH = 100
_CAPITAL_START = re.compile(r"^\s*[«\"(]?[А-ЯЁA-Z0-9№]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    line: int
    text: str


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def starts_paragraph(previous: str, line: str) -> bool:
    if not previous.strip():
        return True
    if LIST_ITEM.match(line) or _STARTS_OWN.match(line) or _in_capitals(previous) or _in_capitals(line):
        return True
    return previous.rstrip().endswith(_SENTENCE_END) and bool(_CAPITAL_START.match(line))


def hard_wrapped(lines: list[Line]) -> bool:
    """A text broken at a fixed width (nine lines in ten are short); otherwise each line is a paragraph."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    return bool(lengths) and lengths[len(lengths) * 9 // 10 - (1 if len(lengths) * 9 % 10 == 0 else 0)] <= _WRAP_WIDTH


def join_lines(lines: list[Line], wrapped: bool = True) -> list[Paragraph]:
    """Paragraphs of ``lines``; in a text that is not ``wrapped`` every line is one."""
    paragraphs: list[Paragraph] = []
    previous = ""
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            previous = ""
            continue
        if wrapped and paragraphs and not starts_paragraph(previous, text):
            last = paragraphs[-1]
            paragraphs[-1] = Paragraph(last.line, f"{last.text} {text}")
        else:
            paragraphs.append(Paragraph(line.number, text))
        previous = text
    return paragraphs
