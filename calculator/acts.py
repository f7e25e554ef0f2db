"""Acts and their editions: which text was in force on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["Act", "Edition", "EditionChoice"]


@dataclass(frozen=True, slots=True)
class Edition:
    id: str
    start: date | None
    by: str | None
    text_available: bool
    uncertain_until: date | None = None  # the start is `start` at the earliest; not known exactly up to this day
    uncertainty: str | None = None  # why, in Russian, for the warning


@dataclass(frozen=True, slots=True)
class EditionChoice:
    """The edition an answer uses on a day, and whether the act was in force then."""

    edition: Edition
    in_force: bool  # the act was in force on the day
    reason: str | None  # why not, in Russian, for the warning
    text_note: str | None  # the edition in force is not in the base, in Russian
    uncertain: str | None = None  # the day falls where the act's start (or end) is not known exactly, in Russian


@dataclass(frozen=True, slots=True)
class Act:
    id: str
    title: str
    short_title: str
    status: str
    binding: bool
    repealed_on: date | None
    repealed_by: str | None
    repeal_uncertain_until: date | None
    repeal_uncertainty: str | None
    editions: tuple[Edition, ...]
    clauses: dict[str, str]  # id -> label as printed

    @staticmethod
    def from_bundle(raw: dict[str, Any]) -> Act:
        repealed = raw.get("repealed") or {}
        return Act(
            id=raw["id"],
            title=raw["title"],
            short_title=raw.get("short_title") or raw["title"],
            status=raw["status"],
            binding=raw["binding"],
            repealed_on=_day(repealed.get("on")),
            repealed_by=repealed.get("by"),
            repeal_uncertain_until=_day(repealed.get("uncertain_until")),
            repeal_uncertainty=repealed.get("uncertainty"),
            editions=tuple(
                Edition(
                    id=e["id"],
                    start=_day(e.get("from")),
                    by=e.get("by"),
                    text_available=e.get("text_available", True),
                    uncertain_until=_day(e.get("uncertain_until")),
                    uncertainty=e.get("uncertainty"),
                )
                for e in raw["editions"]
            ),
            clauses=dict(raw["clauses"]),
        )

    def edition_on(self, on: date) -> EditionChoice:
        """The edition in force on `on`, which decides which rules hold.

        Outside the act's life the answer is still given, by its last (or
        first) edition, with the reason for the warning. An edition whose text
        is not in the base still decides rule editions; the answer then warns.
        """
        started = [e for e in self.editions if e.start is None or e.start <= on]
        if self.repealed_on is not None and on >= self.repealed_on:
            by = f" ({self.repealed_by})" if self.repealed_by else ""
            reason = f"утратил силу {self.repealed_on:%d.%m.%Y}{by}; ответ дан по его последней редакции"
            uncertain = self.repeal_uncertainty if _within(on, self.repealed_on, self.repeal_uncertain_until) else None
            return EditionChoice(self.editions[-1], False, reason, None, uncertain)
        if not started:
            first = self.editions[0]
            reason = f"ещё не действовал (начало действия — {first.start:%d.%m.%Y}); ответ дан по первой редакции"
            return EditionChoice(first, False, reason, None)
        edition = started[-1]
        note = None
        if not edition.text_available:
            note = (
                f"на эту дату действовала редакция от {edition.start:%d.%m.%Y}, текста которой нет в базе; "
                "ответ дан по известным нормам более поздней редакции с учётом перечисленных в ней изменений"
            )
        uncertain = edition.uncertainty if _within(on, edition.start, edition.uncertain_until) else None
        return EditionChoice(edition, True, None, note, uncertain)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _within(on: date, first: date | None, last: date | None) -> bool:
    """Whether `on` falls in the window where a start (or an end) is known only as its earliest day."""
    return first is not None and last is not None and first <= on <= last
