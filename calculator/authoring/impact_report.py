"""The impact of an edit as a reviewer reads it: plain text for the terminal, Markdown for a job summary."""

from __future__ import annotations

import html

from calculator.authoring.impact import Change, Difference, Impact

__all__ = ["render"]


def _was_became(difference: Difference) -> str:
    if difference.before is None:
        return f"появилось — {difference.after}"
    if difference.after is None:
        return f"исчезло (было: {difference.before})"
    return f"{difference.before} → {difference.after}"


def _heading(change: Change) -> str:
    probe = change.probe
    when = probe.on if change.before_on == change.after_on else f"{change.before_on} → {change.after_on}"
    return f"«{probe.name}» — {probe.jurisdiction}, на {when}"


def _counts(impact: Impact) -> list[str]:
    lines = [f"Проверено анкет: {impact.probes}. Ответ изменился: {len(impact.changes)}."]
    if impact.only_after:
        lines.append(f"Новые примеры ({len(impact.only_after)}): " + "; ".join(f"«{p.name}»" for p in impact.only_after))
    if impact.only_before:
        lines.append(f"Удалённые примеры ({len(impact.only_before)}): " + "; ".join(f"«{p.name}»" for p in impact.only_before))
    return lines


def _text(impact: Impact) -> str:
    lines = [f"Сравнение ответов: {impact.before} → {impact.after}", *_counts(impact)]
    if not impact.changes:
        lines.append("Ни один ответ не изменился.")
    for number, change in enumerate(impact.changes, start=1):
        lines += ["", f"{number}. {_heading(change)}"]
        if change.probe.where:
            lines.append(f"   {change.probe.where}")
        lines += [f"   • {d.subject}: {_was_became(d)}" for d in change.differences]
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    if text is None:
        return "—"
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _markdown(impact: Impact) -> str:
    lines = [
        "### Как правка меняет ответы калькулятора",
        "",
        f"Сравнение: **{_cell(impact.before)}** → **{_cell(impact.after)}**.",
        "",
        *(_cell(line) + "  " for line in _counts(impact)),
    ]
    if not impact.changes:
        lines += ["", "Ни один ответ не изменился."]
    for number, change in enumerate(impact.changes, start=1):
        lines += ["", f"#### {number}. {_cell(_heading(change))}", ""]
        if change.probe.where:
            lines += [f"`{change.probe.where}`", ""]
        lines += ["| Что | Было | Стало |", "|---|---|---|"]
        lines += [f"| {_cell(d.subject)} | {_cell(d.before)} | {_cell(d.after)} |" for d in change.differences]
    return "\n".join(lines) + "\n"


def render(impact: Impact, style: str = "text") -> str:
    return _markdown(impact) if style == "markdown" else _text(impact)
