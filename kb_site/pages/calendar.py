"""The production calendar page: the reading on non-working days and, year by year, the holidays and transfers."""

from __future__ import annotations

import datetime

from kb_site.knowledge import Knowledge
from kb_site.links import CALENDAR_PAGE
from kb_site.markup import cell, text
from kb_site.pages import GeneratedPage

__all__ = ["render_calendar"]

_WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def _day(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day:%d.%m.%Y} ({_WEEKDAYS[day.weekday()]})"


def render_calendar(kb: Knowledge) -> GeneratedPage:
    calendar = kb.bundle.get("calendar") or {}
    years = sorted(calendar)
    span = f"{years[0]}–{years[-1]}" if years else "—"
    lines = [
        "# Производственный календарь",
        "",
        "Если последний день срока приходится на выходной или нерабочий праздничный день, днём окончания срока "
        "считается ближайший следующий рабочий день (ст. 193 ГК РФ, ч. 4 ст. 14 ТК РФ). Калькулятор переносит так "
        "сроки для действия: подачу документов в резерв, подготовку плана и отчётов, сроки годовой кампании. Сроки "
        "обучения («не реже одного раза в три года», «в течение первого года») не переносятся: это наибольший промежуток "
        "между обучениями, которое может окончиться в любой календарный день; правило может сказать иначе "
        "(`working_days: next` или `none`). Ответ показывает перенесённую дату, дату по счёту и основание.",
        "",
        f"Календарь в базе: {span} годы (`rules/calendar/ГГГГ.yaml`, по году на файл; год добавляется без программирования). "
        "Для других лет калькулятор показывает дату по счёту и предупреждает, что проверить её нельзя. Переносы по "
        "ч. 2 ст. 112 ТК РФ (выходной, совпавший с праздником) записаны так же, как переносы по постановлению "
        "Правительства РФ; каждый — парой «с какого дня — на какой».",
        "",
    ]
    for year in years:
        entry = calendar[year]
        lines += [f"## {text(year)} {{ #y{text(year)} }}", ""]
        lines += [f"- {text(d)}" for d in entry.get("decrees") or []]
        lines += ["", "Нерабочие праздничные дни: " + ", ".join(_day(d) for d in entry["holidays"]) + ".", ""]
        if entry.get("transfers"):
            lines += ["| Выходной день перенесён с | на | Основание |", "|---|---|---|"]
            lines += [f"| {_day(t['from'])} | {_day(t['to'])} | {cell(t.get('by') or '')} |" for t in entry["transfers"]]
            lines.append("")
        for note in entry.get("notes") or []:
            lines += [f'!!! note "Примечание"\n    {text(note)}', ""]
    return GeneratedPage(CALENDAR_PAGE, "\n".join(lines) + "\n", None)
