"""What a rule decides, in words: a block for its own page and a line for comparison tables."""

from __future__ import annotations

from typing import Any

from kb_site.markup import cell, text
from kb_site.wording import Wording

__all__ = ["describe", "summarize"]

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")


def annual(month_day: str) -> str:
    month, day = (int(p) for p in month_day.split("-"))
    return f"ежегодно, {day} {_MONTHS[month - 1]}"


def _row_condition(wording: Wording, row: dict[str, Any]) -> str:
    parts = []
    if any(k in row for k in ("over", "at_least", "under", "at_most")):
        parts.append(wording.bounds(row))
    if row.get("when"):
        parts.append(wording.condition_inline(row["when"]))
    return "; ".join(parts) or "в остальных случаях"


def describe(wording: Wording, rule: dict[str, Any]) -> list[str]:
    """Markdown lines: the outcome of the rule, tables for document mappings."""
    kind = rule["type"]
    spec = rule.get(kind) or {}
    if kind == "duty":
        rows = [
            ("Вид обучения", wording.code("training_kinds", spec.get("kind"))),
            ("Основание", wording.code("grounds", spec.get("ground"))),
            ("Событие, от которого считается срок", wording.date(spec.get("event"))),
            ("С какого дня можно и нужно учиться", wording.date(spec.get("from")) if spec.get("from") else "сразу"),
            ("Крайний срок", wording.date(spec.get("deadline"))),
            ("Повторяется", "да, после каждого обучения срок считается заново" if spec.get("recurring") else "нет, один раз"),
        ]
        return ["| Что | Как |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows), ""]
    if kind == "document":
        lines = []
        if spec.get("hours"):
            basis = f"Документ зависит от объёма программы: {wording.fact(spec['hours'])}"
            if spec.get("hours_fallback"):
                basis += f"; если он не указан — {wording.fact(spec['hours_fallback'])} (ответ сообщит об этом допущении)"
            lines += [basis + ".", ""]
        lines += ["| Условие | Документ | Итоговая аттестация | Пояснение |", "|---|---|---|---|"]
        for row in spec.get("rows") or []:
            document = wording.code("documents", row.get("code")) if row.get("code") else "документа нет"
            assessment = wording.code("assessments", row.get("assessment")) if row.get("assessment") else "—"
            lines.append(f"| {_row_condition(wording, row)} | {document} | {assessment} | {cell(row.get('reason') or '')} |")
        return [*lines, ""]
    if kind == "plan_exclusion":
        return [f"Служащий не включается в план обучения на год: **{wording.code('plan_exclusions', spec.get('code'))}**.", ""]
    if kind == "plan_priority":
        return ["Служащий включается в план обучения в первую очередь.", ""]
    if kind == "abroad_priority":
        return [
            "Служащий имеет преимущество при направлении на обучение за рубежом, если:",
            "",
            *wording.condition(spec.get("requires")),
            "",
        ]
    if kind == "program_check":
        return [
            f"Проверка «{wording.code('checks', spec.get('code'))}»: должно выполняться",
            "",
            *wording.condition(spec.get("requires")),
            "",
        ]
    if kind == "reserve_blocker":
        return [
            f"Кандидат не может быть включён в резерв ({wording.code('blockers', spec.get('code'))}), если не выполнено:",
            "",
            *wording.condition(spec.get("requires")),
            "",
        ]
    if kind == "reserve_advisory":
        lines = [f"Совет кандидату в резерв: **{wording.code('advisories', spec.get('code'))}**."]
        if spec.get("unless"):
            lines += ["", "Совет не даётся, если:", "", *wording.condition(spec["unless"])]
        return [*lines, ""]
    if kind == "reserve_term":
        return [f"Срок нахождения в резерве — {text(spec['term']['text'])} со дня, указанного в поле {wording.fact(spec['fact'])}.", ""]
    if kind == "date":
        when = annual(spec["annual"]) if spec.get("annual") else wording.date(spec.get("date"))
        return [f"Срок «{wording.code('dates', spec.get('code'))}»: {when}.", ""]
    if kind == "advisory":
        return [f"Рекомендация: **{wording.code('advisories', spec.get('code'))}**.", ""]
    return [f"Вывод типа «{text(kind)}».", ""]


def summarize(wording: Wording, rule: dict[str, Any]) -> str:
    """One table cell: the gist of the outcome."""
    kind = rule["type"]
    spec = rule.get(kind) or {}
    if kind == "duty":
        start = wording.date(spec.get("from")) if spec.get("from") else "сразу"
        return (
            f"{wording.code('training_kinds', spec.get('kind'))} — {wording.code('grounds', spec.get('ground'))}; "
            f"с: {start}; срок: {wording.date(spec.get('deadline'))}"
        )
    if kind == "document":
        parts = []
        for row in spec.get("rows") or []:
            document = wording.code("documents", row.get("code")) if row.get("code") else "нет документа"
            parts.append(f"{_row_condition(wording, row)} → {document}")
        return "<br>".join(parts)
    if kind in ("program_check", "reserve_blocker", "abroad_priority"):
        return wording.condition_inline(spec.get("requires"))
    if kind == "reserve_advisory":
        return wording.code("advisories", spec.get("code"))
    if kind == "reserve_term":
        return f"{text(spec['term']['text'])} с {wording.fact(spec['fact'])}"
    if kind == "date":
        return annual(spec["annual"]) if spec.get("annual") else wording.date(spec.get("date"))
    if kind == "plan_exclusion":
        return wording.code("plan_exclusions", spec.get("code"))
    if kind == "advisory":
        return wording.code("advisories", spec.get("code"))
    return "в первую очередь" if kind == "plan_priority" else text(kind)
