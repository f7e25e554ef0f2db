"""Dates and periods as the Civil Code counts them (art. 191-192).

A period starts the day after the event. A period in years or months ends on
the same day of the last year or month; where that month has no such day, on
its last day. So 2008-02-29 + 3 years = 2011-02-28 and 2009-08-31 + 6 months =
2010-02-28. A period in weeks ends on the same weekday of the last week.

Periods are written in rule files in plain Russian ("3 года", "6 месяцев",
"30 дней", "2 недели") so that a methodologist reads them as the act does.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DATE_RANGE",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_PERIOD_YEARS",
    "DateOutOfRange",
    "Period",
    "PeriodSyntaxError",
    "add_period",
    "full_years",
    "in_range",
    "iso_or_none",
    "parse_date",
    "parse_period",
    "ru_date",
]

# The dates the calculator accepts (a profile's, the calculation date, a staff list's) and the
# longest period a rule may add: together they keep every computed date within the calendar a
# date can hold (years 1 to 9999), so no input and no rule can make the arithmetic fail.
FIRST_YEAR, LAST_YEAR = 1900, 2199
DATE_RANGE = f"с 01.01.{FIRST_YEAR} по 31.12.{LAST_YEAR}"
MAX_PERIOD_YEARS = 100
_PER_YEAR = {"years": 1, "months": 12, "weeks": 53, "days": 366}

# The stem of each unit word, in every form the acts use (1 год, 2 года, 5 лет...).
_UNITS: tuple[tuple[str, str], ...] = (
    ("год", "years"),
    ("лет", "years"),
    ("месяц", "months"),
    ("недел", "weeks"),
    ("ден", "days"),
    ("дн", "days"),
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_PERIOD_RE = re.compile(r"^\s*(\d{1,4})\s+([а-яё]+)\s*$", re.IGNORECASE)


class PeriodSyntaxError(ValueError):
    """A period string that is not "<number> <unit>", or longer than MAX_PERIOD_YEARS."""


class DateOutOfRange(ValueError):
    """A real date outside FIRST_YEAR..LAST_YEAR."""


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time as the acts state it: a count of one unit."""

    count: int
    unit: str  # years | months | weeks | days
    text: str  # the period as written, for explanations

    def __str__(self) -> str:
        return self.text


def parse_period(text: str) -> Period:
    """Read "3 года", "6 месяцев", "30 календарных дней" (the adjective is allowed)."""
    words = text.strip().split()
    # "30 календарных дней": the adjective adds nothing to the count (art. 191).
    core = " ".join(w for w in words if not w.lower().startswith(("календарн",)))
    match = _PERIOD_RE.match(core)
    if not match:
        raise PeriodSyntaxError(
            f"«{text}» не похоже на срок: ожидается число и единица, например «3 года», «6 месяцев», «2 недели» или «30 дней»"
        )
    count, word = int(match.group(1)), match.group(2).lower()
    for stem, unit in _UNITS:
        if word.startswith(stem):
            if count > MAX_PERIOD_YEARS * _PER_YEAR[unit]:
                raise PeriodSyntaxError(f"срок «{text}» длиннее {MAX_PERIOD_YEARS} лет: таких сроков в актах о службе нет, проверьте число")
            return Period(count, unit, text.strip())
    raise PeriodSyntaxError(f"в сроке «{text}» неизвестная единица «{word}»: допустимы годы, месяцы, недели, дни")


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_period(day: date, period: Period, sign: int = 1) -> date:
    """The day a period that starts after `day` ends on (sign=-1 counts back)."""
    n = period.count * sign
    if period.unit == "years":
        return _shift_months(day, 12 * n)
    if period.unit == "months":
        return _shift_months(day, n)
    if period.unit == "weeks":
        return date.fromordinal(day.toordinal() + 7 * n)
    return date.fromordinal(day.toordinal() + n)


def full_years(born: date, on: date) -> int:
    """Age in full years on `on`, consistent with add_period (29 Feb + 1 year = 28 Feb)."""
    years = on.year - born.year
    if years > 0 and _shift_months(born, 12 * years) > on:
        years -= 1
    return max(years, 0) if on >= born else -1


def parse_date(value: str) -> date:
    """A strict ISO date (YYYY-MM-DD) within the accepted years; raises ValueError (DateOutOfRange) otherwise."""
    if not isinstance(value, str) or len(value) != 10 or not _ISO_DATE.match(value):
        raise ValueError("not an ISO date")
    day = date.fromisoformat(value)
    if not in_range(day):
        raise DateOutOfRange(value)
    return day


def in_range(day: date) -> bool:
    """Whether the calculator accepts this date (see FIRST_YEAR, LAST_YEAR)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def iso_or_none(day: date | None) -> str | None:
    """A date as the answer writes it (ГГГГ-ММ-ДД), None for no date."""
    return day.isoformat() if day else None


def ru_date(day: date) -> str:
    """A date as a Russian reader writes it: ДД.ММ.ГГГГ (formatted by hand: strftime is slow on the hot path)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"
