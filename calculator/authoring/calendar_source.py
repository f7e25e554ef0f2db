"""The production calendar's source files: `rules/calendar/<year>.yaml`, checked and compiled into the bundle.

One file a year, written by a methodologist from the government decree of that year:
the non-working holidays (Labour Code art. 112 part 1) and the transfers of days off
(art. 112 part 2 and the decree), each transfer a pair: the day off that becomes a
working day (`from`) and the day that becomes a day off (`to`). The lint refuses a
date outside the file's year, a date written twice, and a transfer without its pair,
pointing at the line. `calculator/working_days.py` reads the compiled result.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calculator.authoring.shapes import Date, Issue, List, Num, Obj, Str, check
from calculator.authoring.yamlsource import Located, where

__all__ = ["CALENDAR_DIR", "CALENDAR_FILE", "load_calendar"]

CALENDAR_DIR = "calendar"

_TRANSFER = Obj(
    "Перенос выходного дня: from — выходной, который становится рабочим днём; to — день, который становится выходным.",
    fields={
        "from": Date("Выходной день, который становится рабочим."),
        "to": Date("День, который становится выходным."),
        "by": Str("Основание: постановление Правительства РФ (дата, номер, название) или ч. 2 ст. 112 ТК РФ."),
    },
    required=("by",),  # from and to are checked by hand: a missing one is «a transfer without its pair»
)
CALENDAR_FILE = Obj(
    "Производственный календарь на один год.",
    fields={
        "year": Num("Год (как имя файла).", integer=True),
        "decrees": List("Постановления Правительства РФ о переносе выходных дней на этот год.", item=Str()),
        "holidays": List("Нерабочие праздничные дни (ч. 1 ст. 112 ТК РФ).", item=Date(), min_items=1),
        "transfers": List("Переносы выходных дней.", item=_TRANSFER),
        "notes": List("Примечания: что не сверено, что не включено и почему.", item=Str()),
    },
    required=("year", "decrees", "holidays"),
)


class _Places:
    """Where each date of one year file stands, to refuse a date of another year or one written twice.

    A date may stand once in each role: a holiday, a day made working (from), a day made a day off (to).
    A holiday on a weekend is legitimately also a `from`, and a chain (a day off moved on again) a `to` and a `from`.
    """

    def __init__(self, year: int, file_name: str, issues: list[Issue]) -> None:
        self.year, self.file_name, self.issues = year, file_name, issues
        self.seen: dict[str, set[datetime.date]] = {"праздничный день": set(), "перенос с": set(), "перенос на": set()}

    def __call__(self, day: Any, at: Located | None, what: str) -> None:
        if not isinstance(day, datetime.date):
            return
        if day.year != self.year:
            self.issues.append(
                Issue(at, f"{what} {day:%d.%m.%Y} — вне {self.year} года", f"в файле {self.file_name} только даты {self.year} года")
            )
        if day in self.seen[what]:
            self.issues.append(Issue(at, f"{what} {day:%d.%m.%Y} записан дважды", "уберите повтор"))
        self.seen[what].add(day)


def load_calendar(folder: Path, load: Callable[[Path], Any], issues: list[Issue]) -> dict[str, Any]:
    """Every year file of `folder`, checked; the compiled calendar ({year: {holidays, transfers}}) of the good ones."""
    compiled: dict[str, Any] = {}
    if not folder.is_dir():
        return compiled
    for path in sorted(folder.glob("*.yaml")):
        doc = load(path)
        if doc is None or not check(doc, CALENDAR_FILE, where(doc), issues):
            continue
        before = len(issues)
        year = doc["year"]
        if str(year) != path.stem:
            issues.append(Issue(where(doc, "year"), f"год {year} не совпадает с именем файла «{path.name}»", f"назовите файл {year}.yaml"))
        place = _Places(year, path.name, issues)
        for i, day in enumerate(doc["holidays"]):
            place(day, where(doc["holidays"], i), "праздничный день")
        transfers = doc.get("transfers") or []
        for i, transfer in enumerate(transfers):
            at = where(transfers, i)
            missing = [key for key in ("from", "to") if key not in transfer]
            if missing:
                issues.append(
                    Issue(
                        at,
                        "перенос без пары: не указано " + " и ".join(f"«{k}»" for k in missing),
                        "перенос записывается парой: from — выходной, который становится рабочим; to — день, который становится выходным",
                    )
                )
                continue
            if transfer["from"] == transfer["to"]:
                issues.append(Issue(at, f"перенос дня {transfer['from']:%d.%m.%Y} на него же", "from и to должны различаться"))
            place(transfer["from"], where(transfer, "from"), "перенос с")
            place(transfer["to"], where(transfer, "to"), "перенос на")
            if transfer["to"] in place.seen["праздничный день"]:
                issues.append(
                    Issue(
                        where(transfer, "to"),
                        f"перенос на {transfer['to']:%d.%m.%Y}, а этот день и так праздничный",
                        "проверьте дату по постановлению",
                    )
                )
        if len(issues) == before:
            compiled[str(year)] = {
                "decrees": list(doc["decrees"]),
                "holidays": [d.isoformat() for d in doc["holidays"]],
                "transfers": [{"from": t["from"].isoformat(), "to": t["to"].isoformat(), "by": t["by"]} for t in transfers],
                "notes": list(doc.get("notes") or []),
            }
    return compiled
