"""The act's form, issuer, date and number, its editions and its repeal, read from the text.

- the heading: "РЕШЕНИЕ" / "Постановление администрации …", "от 26 февраля 2009 г. N 132-I";
- "(утв. постановлением … от 25 февраля 2009 г. N 78)": the approved regulation is the act, so its
  date and number win over an amending decision's heading;
- editions: "(в ред. …)", "(в редакции …)" and "(с изменениями, внесенными …)" said of this act
  (right after its number), one edition per date, the first one the act as adopted;
- repeal: "Утратило силу - Решение … от 21.05.2015 г. № 151-II" or a reference system's note.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from calculator.authoring.importing.cleaning import Line, Removed

__all__ = [
    "Edition",
    "EntryIntoForce",
    "Heading",
    "Repeal",
    "adopted_in_text",
    "clause_editions",
    "entry_into_force",
    "read_heading",
    "read_status",
]

_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_DATE = re.compile(
    r"(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|«?(\d{1,2})»?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4}))(?:\s*(?:г\.|года|г\b))?",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[N№]\s*([0-9][0-9A-Za-zА-Яа-яЁё\-/]*)")
_DATED_ACT = re.compile(_DATE.pattern + r"\s*" + _NUMBER.pattern, re.IGNORECASE)
_NUMBER_DATED = re.compile(_NUMBER.pattern + r"\s+от\s+" + _DATE.pattern, re.IGNORECASE)
_FORMS = ("решение", "постановление", "приказ", "распоряжение", "резолюция", "закон", "указ")
_EDITIONS = re.compile(r"\((?:в\s+ред(?:\.|акции)|с\s+изменениями,\s+внесенными)\s+([^()]*(?:\([^()]*\)[^()]*)*)\)?", re.IGNORECASE)
_APPROVED = re.compile(r"(?:\(утв\.?|\bУтвержден[оаы]?)\s+([^()]{0,400})", re.IGNORECASE)
_ADOPTED_IN_TEXT = re.compile(r"\b(?:принят|утвержден|подписан)\w*\b[^.]{0,200}?" + _DATE.pattern, re.IGNORECASE)
# The act that approved or amended this one, named in the instrumental or genitive case, to the nominative.
_NOMINATIVE = {
    "решением": "Решение", "решения": "Решение", "постановлением": "Постановление", "постановления": "Постановление",
    "приказом": "Приказ", "приказа": "Приказ", "распоряжением": "Распоряжение", "распоряжения": "Распоряжение",
    "указом": "Указ", "указа": "Указ",
    "решений": "Решение", "постановлений": "Постановление", "приказов": "Приказ", "распоряжений": "Распоряжение",
}  # fmt: skip
# The act's own repeal: a line that begins with it (a clause's "(п. 8.6 утратил силу …)" is not the act's).
_REPEAL = re.compile(
    r"^\s*\(?\s*(?:Настоящ\w+\s+\w+\s+(?:фактически\s+)?)?утратил\w*\s+силу\s*(?:-|–|—|с\s+принятием|в\s+связи\s+с)?\s*(.*)",
    re.IGNORECASE,
)
# A reference system's note under a clause: "(п. 2.1 в ред. решения от … N …)", "(абзац введен решением …)".
_CLAUSE_NOTE = re.compile(
    r"\((?:(?:п|пп|пункт|подпункт|абзац|раздел)\.?[^()]{0,40}?\s)?(в\s+ред\.|в\s+редакции|введен\w*|исключен\w*|утратил\w*\s+силу)"
    r"[.\s\-–—]+([^()]*)\)",
    re.IGNORECASE,
)
_CLAUSE_LOST = re.compile(r"^\s*(?:Утратил\w*\s+силу|Исключен\w*)[.\s\-–—]+(.*)", re.IGNORECASE | re.DOTALL)
# The act's own entry into force: "Настоящее решение вступает в силу на следующий день после дня его официального опубликования".
_IN_FORCE = re.compile(r"\bНастоящ\w+\s+\w+\s+вступа\w*\s+в\s+силу\s+([^.;]{0,200})", re.IGNORECASE)
_CHANGE = {"в": "amended", "вв": "added", "ис": "removed", "ут": "removed"}


@dataclass(frozen=True, slots=True)
class Heading:
    form: str | None
    form_word: str | None  # "Решение", "Постановление": names the decision's clauses
    issuer: str | None
    adopted: datetime.date | None
    number: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class Edition:
    date: datetime.date
    by: str
    line: int
    changes: tuple[tuple[str, str], ...] = ()  # (clause id, "added" | "amended" | "removed")


@dataclass(frozen=True, slots=True)
class Repeal:
    on: datetime.date
    by: str
    line: int


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """When the act starts to apply, read from its own words, as the earliest day they allow."""

    days_after_adoption: int  # 0: from the adoption (signing) day; 1: "на следующий день после"
    publication: bool  # tied to the publication, whose date the text does not give
    words: str  # the act's words, for the summary and the report
    line: int


@dataclass(slots=True)
class Status:
    editions: list[Edition] = field(default_factory=list)
    repeal: Repeal | None = None
    approved: Heading | None = None


def parse_date(match: re.Match[str]) -> datetime.date | None:
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
        match.group(4), str(_MONTHS[match.group(5).lower()]), match.group(6))  # fmt: skip
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _form_of(text: str) -> str | None:
    first = text.split()[0].lower() if text.split() else ""
    return next((form.capitalize() for form in _FORMS if first.startswith(form[:-1]) and len(first) <= len(form) + 2), None)


def read_heading(lines: list[Line]) -> Heading:
    """The first dated line among the first ones and the form and issuer above it."""
    top = [x for x in lines[:12] if x.text.strip()]
    form = form_word = issuer = None
    for i, line in enumerate(top):
        text = line.text.strip()
        date = _DATE.search(text)
        if text.lower().startswith("от ") and date:
            number = _NUMBER.search(text[date.end() :])
            for above in reversed(top[:i]):
                word = _form_of(above.text)
                if word and form_word is None:
                    form_word = word
                    if len(above.text.split()) > 1:
                        form = above.text.strip()  # "Постановление администрации … района"
                    continue
                if form_word and above.text.isupper() and issuer is None and not above.text.startswith("РОССИЙСКАЯ"):
                    issuer = above.text.strip().capitalize()
            if form is None and form_word:
                form = f"{form_word} ({issuer})" if issuer else form_word
            return Heading(form, form_word, issuer, parse_date(date), number.group(1) if number else None, line.number)
    return Heading(None, None, None, None, None, None)


def _nominative(text: str) -> str | None:
    """ "решением Рязанской городской Думы от" → "Решение Рязанской городской Думы"; None if it names no act."""
    words = re.sub(r"\s+(от|№|N)\s*$", "", " ".join(text.split())).split()
    if not words or words[0].lower() not in _NOMINATIVE:
        return None
    return " ".join([_NOMINATIVE[words[0].lower()], *words[1:]])


def _act_reference(text: str) -> str:
    """ "Решения Рязанской городской Думы от 28.01.2010 г. N 39-I" → "Решение … от 28.01.2010 N 39-I"."""
    cleaned = " ".join(text.replace(" г. N", " N").replace(" г. №", " №").split()).strip(" ,;")
    first, _, rest = cleaned.partition(" ")
    first = _NOMINATIVE.get(first.lower(), first)
    return f"{first[:1].upper()}{first[1:]} {rest}".strip()


def adopted_in_text(texts: list[str]) -> datetime.date | None:
    """A text without a dated heading may say when it was adopted: "принята … 27 октября 2023 года"."""
    for text in texts:
        found = _ADOPTED_IN_TEXT.search(" ".join(text.split()))
        if found:
            date = _DATE.search(found.group(0))
            return parse_date(date) if date else None
    return None


def read_status(lines: list[Line], removed: list[Removed], heading: Heading) -> Status:
    status = Status()
    # Editions and approval are written in the heading, before the first numbered clause of the regulation.
    window = _heading_window(lines)
    text = " ".join(x.text.strip() for x in window)
    line_at = _line_finder(window)
    approved = _APPROVED.search(text)
    if approved:
        content = approved.group(1)
        found = _DATED_ACT.search(content) or _NUMBER_DATED.search(content)
        if found:
            date = _DATE.search(found.group(0))
            number = _NUMBER.search(found.group(0))
            form = _nominative(content[: found.start()])
            status.approved = Heading(
                form, None, None, parse_date(date) if date else None, number.group(1) if number else None, line_at(approved.start())
            )
    own_number = (status.approved.number if status.approved else None) or heading.number
    for found in _EDITIONS.finditer(text):
        if "изменениями" in found.group(0).lower() and not _follows_own_number(text, found.start(), own_number):
            continue  # changes of another act that the heading cites
        _add_editions(status, found.group(1), line_at(found.start()))
    for at, content in [(x.number, x.text) for x in lines] + [(r.line, r.text) for r in removed]:
        found = _REPEAL.match(content)
        if found and status.repeal is None:
            tail = found.group(1)
            if not _DATED_ACT.search(tail):  # wrapped: the repealing act's date is on the next lines
                tail = " ".join([tail, *(x.text for x in lines if at < x.number <= at + 2)])
            dated = _DATED_ACT.search(tail)
            if dated and (on := parse_date(dated)):
                status.repeal = Repeal(on, _act_reference(tail[: dated.end()]), at)
    return status


def entry_into_force(clauses: list[tuple[int, str]]) -> EntryIntoForce | None:
    """The act's own entry-into-force clause among ``(line, text)`` of its clauses; None if absent or a form not read here
    (a fixed date, "через 10 дней"): then the first edition starts on the adoption day and the report says so."""
    for line, text in clauses:
        found = _IN_FORCE.search(" ".join(text.split()))
        if not found:
            continue
        words = found.group(0).strip()
        tail = found.group(1).lower()
        publication = bool(re.search(r"опубликован|обнародован", tail))
        if re.search(r"(?:следующ\w*\s+день|дня\s+после|\bпосле\b)", tail):
            return EntryIntoForce(1, publication, words, line)
        if re.search(r"\bсо?\s+(?:дня|момента)\b", tail) and (publication or re.search(r"подписан|принят", tail)):
            return EntryIntoForce(0, publication, words, line)
    return None


def _follows_own_number(text: str, at: int, own: str | None) -> bool:
    if not own:
        return False
    before = text[max(0, at - 400) : at]
    numbers = [m.group(1) for m in _NUMBER.finditer(before)]
    return bool(numbers) and numbers[-1] == own


def clause_editions(status: Status, clauses: list[tuple[str, int, str]]) -> None:
    """Editions named in notes under clauses, each with the clause it changed: ``(id, line, text)`` of every clause."""
    for clause_id, line, text in clauses:
        lost = _CLAUSE_LOST.match(text)  # "1.3. Утратил силу. - Решение … от … N …"
        if lost:
            _add_editions(status, lost.group(1), line, (clause_id, "removed"))
        for found in _CLAUSE_NOTE.finditer(" ".join(text.split())):
            kind = found.group(1).lower()
            change = _CHANGE["вв" if kind.startswith("введен") else kind[:2] if kind[:2] in ("ис", "ут") else "в"]
            _add_editions(status, found.group(2), line, (clause_id, change))


def _add_editions(status: Status, content: str, line: int, change: tuple[str, str] | None = None) -> None:
    parts = re.split(r",\s*(?=от\s)", content)
    subject = ""
    for part in parts:
        dated = _DATED_ACT.search(part)
        if not dated:
            continue
        before = part[: dated.start()].strip(" .-–—")
        if before and before.lower() != "от":
            subject = re.sub(r"\s+от$", "", before).strip(" .-–—")
        date = parse_date(dated)
        if date is None:
            continue
        number = dated.group(dated.lastindex or 0)
        by = _act_reference(f"{subject} от {date:%d.%m.%Y} N {number}")
        changes = (change,) if change else ()
        same = next((i for i, e in enumerate(status.editions) if e.date == date), None)
        if same is None:
            status.editions.append(Edition(date, by, line, changes))
        elif change and change not in status.editions[same].changes:
            known = status.editions[same]
            status.editions[same] = Edition(known.date, known.by, known.line, known.changes + changes)


def _heading_window(lines: list[Line]) -> list[Line]:
    """All lines up to the first clause of the regulation proper: heading, decision, regulation title."""
    window: list[Line] = []
    for line in lines:
        if re.match(r"^\s*(?:1\.1\.?|I\.|Часть\s+1|Раздел\s+1)\s", line.text):
            break
        window.append(line)
    return window


def _line_finder(window: list[Line]) -> Callable[[int], int]:
    """Which input line a position of the joined heading text comes from."""
    starts: list[tuple[int, int]] = []
    offset = 0
    for line in window:
        starts.append((offset, line.number))
        offset += len(line.text.strip()) + 1

    def line_at(position: int) -> int:
        number = window[0].number if window else 0
        for start, line_number in starts:
            if start <= position:
                number = line_number
        return number

    return line_at
