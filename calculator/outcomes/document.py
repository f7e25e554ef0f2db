"""`document`: which document (and final assessment) a programme gives, by a table of rows on hours and conditions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from calculator.conditions import Condition, compile_condition
from calculator.expressions import exact
from calculator.outcomes.base import ChoiceOrder, Outcome, Phrases

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["HOUR_BOUNDS", "OUTCOME", "Row"]

HOUR_BOUNDS = ("over", "at_least", "under", "at_most")  # a row's range of hours; the compiler checks they tile 0..∞


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a document table: its bounds or condition, and what it gives."""

    index: int
    bounds: dict[str, Any]
    when: Condition | None
    code: str | None
    assessment: str | None
    reason: str | None
    clauses: tuple[str, ...]

    def matches_hours(self, hours: Any) -> bool:
        value = exact(hours)
        checks = {
            "over": lambda b: value > b,
            "at_least": lambda b: value >= b,
            "under": lambda b: value < b,
            "at_most": lambda b: value <= b,
        }
        return all(checks[k](exact(v)) for k, v in self.bounds.items())


def _compile(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
    rows = [
        Row(
            index=i,
            bounds={k: row[k] for k in HOUR_BOUNDS if k in row},
            when=compile_condition(row["when"], order) if row.get("when") else None,
            code=row.get("code"),
            assessment=row.get("assessment"),
            reason=row.get("reason"),
            clauses=tuple(row.get("clauses") or ()),
        )
        for i, row in enumerate(spec["rows"], start=1)
    ]
    return {"rows": rows}


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    answer["document"] = _document(ev)


def _document(ev: Evaluation) -> dict[str, Any] | None:
    if not any(p.startswith("program.") for p in ev.profile.values):
        return None
    for rule in ev.rules_in_force("document"):
        if ev.applies(rule):
            return _document_from(ev, rule)
    return {
        "code": None,
        "assessment": None,
        "reason": "Не указан вид программы (program.kind): без него нельзя определить документ.",
        "sources": [],
    }


def _document_from(ev: Evaluation, rule: Rule) -> dict[str, Any]:
    s = ev.situation
    hours_path = rule.spec.get("hours")
    rows: list[Row] = rule.parts["rows"]
    assumption = None
    if hours_path:
        hours = s.values.get(hours_path)
        fallback = rule.spec.get("hours_fallback")
        if hours is None and fallback and s.values.get(fallback) is not None:
            hours = s.values[fallback]
            facts = ev.bundle.facts
            assumption = (
                f"«{facts.label(hours_path)}» не указано: использовано «{facts.label(fallback)}» ({_number(hours)}), "
                "то есть все часы программы считаются аудиторными. Укажите аудиторные часы для точного ответа."
            )
            ev.note_missing(rule, {hours_path})
        if hours is None:
            ev.note_missing(rule, {hours_path})
            label = ev.bundle.facts.label(hours_path)
            return _result(ev, rule, None, f"Не указано: «{label}» ({hours_path}).")
        row = next((r for r in rows if r.matches_hours(hours) and ev.holds(rule, r.when) is True), None)
    else:
        row = next((r for r in rows if ev.holds(rule, r.when) is True), None)
    if row is None:
        return _result(ev, rule, None, "Не хватает сведений о программе, чтобы определить документ.")
    ev.fired(rule, f"#{row.index}")
    ev.fired(rule)
    result = _result(ev, rule, row, row.reason)
    if assumption:
        result["assumption"] = assumption
    return result


def _result(ev: Evaluation, rule: Rule, row: Row | None, reason: str | None) -> dict[str, Any]:
    code = row.code if row else None
    result: dict[str, Any] = {
        "code": code,
        "assessment": row.assessment if row else None,
        "reason": reason if code is None else None,
    }
    result.update(ev.item(rule, "documents", code))
    if row:
        extra = [{"act": rule.act, "clause": c} for c in row.clauses]
        result["sources"] += [c for c in extra if c not in result["sources"]]
        if row.assessment:
            result["assessment_label"] = ev.bundle.codes["assessments"][row.assessment]
    return result


def _row_condition(say: Phrases, row: dict[str, Any]) -> str:
    parts = []
    if any(k in row for k in HOUR_BOUNDS):
        parts.append(say.bounds(row))
    if row.get("when"):
        parts.append(say.condition_inline(row["when"]))
    return "; ".join(parts) or "в остальных случаях"


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    lines = []
    if spec.get("hours"):
        basis = f"Документ зависит от объёма программы: {say.fact(spec['hours'])}"
        if spec.get("hours_fallback"):
            basis += f"; если он не указан — {say.fact(spec['hours_fallback'])} (ответ сообщит об этом допущении)"
        lines += [basis + ".", ""]
    lines += ["| Условие | Документ | Итоговая аттестация | Пояснение |", "|---|---|---|---|"]
    for row in spec.get("rows") or []:
        document = say.code("documents", row.get("code")) if row.get("code") else "документа нет"
        assessment = say.code("assessments", row.get("assessment")) if row.get("assessment") else "—"
        lines.append(f"| {_row_condition(say, row)} | {document} | {assessment} | {say.cell(row.get('reason') or '')} |")
    return [*lines, ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    parts = []
    for row in spec.get("rows") or []:
        document = say.code("documents", row.get("code")) if row.get("code") else "нет документа"
        parts.append(f"{_row_condition(say, row)} → {document}")
    return "<br>".join(parts)


OUTCOME = Outcome("document", describe=_describe, summarize=_summarize, compile=_compile, fill=_fill)
