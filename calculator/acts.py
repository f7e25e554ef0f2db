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


@dataclass(frozen=True, slots=True)
class EditionChoice:
    """The edition an answer uses on a day, and whether the act was in force then."""

    edition: Edition
    in_force: bool  # the act, in an edition whose text we have, was in force on the day
    reason: str | None  # why not, in Russian, for the warning


@dataclass(frozen=True, slots=True)
class Act:
    id: str
    title: str
    short_title: str
    status: str
    binding: bool
    repealed_on: date | None
    repealed_by: str | None
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
            repealed_on=date.fromisoformat(repealed["on"]) if repealed.get("on") else None,
            repealed_by=repealed.get("by"),
            editions=tuple(
                Edition(
                    id=e["id"],
                    start=date.fromisoformat(e["from"]) if e.get("from") else None,
                    by=e.get("by"),
                    text_available=e.get("text_available", True),
                )
                for e in raw["editions"]
            ),
            clauses=dict(raw["clauses"]),
        )

    def edition_on(self, on: date) -> EditionChoice:
        """The newest edition with a text that had started by `on`; else the earliest we have.

        Outside the act's life the answer is still given, by its last (or first)
        edition, with the reason for the warning.
        """
        usable = [e for e in self.editions if e.text_available]
        started = [e for e in usable if e.start is None or e.start <= on]
        if self.repealed_on is not None and on >= self.repealed_on:
            by = f" ({self.repealed_by})" if self.repealed_by else ""
            reason = f"утратил силу {self.repealed_on:%d.%m.%Y}{by}; ответ дан по его последней редакции"
            return EditionChoice(usable[-1], False, reason)
        if started:
            return EditionChoice(started[-1], True, None)
        first = usable[0]
        earlier = any(e.start is not None and e.start <= on for e in self.editions)
        if earlier:
            reason = (
                f"на эту дату действовала более ранняя редакция, текста которой нет в базе; "
                f"ответ дан по редакции от {first.start:%d.%m.%Y}"
            )
        else:
            reason = f"ещё не был принят (редакция от {first.start:%d.%m.%Y}); ответ дан по этой редакции"
        return EditionChoice(first, False, reason)
