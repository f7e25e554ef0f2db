"""Lint problems as people read them: `file:line:column: message` and a hint, or GitHub annotations."""

from __future__ import annotations

import sys

from calculator.authoring.shapes import Issue

__all__ = ["first_issues", "format_issue", "print_issues"]


def format_issue(issue: Issue, style: str = "text") -> str:
    at = issue.at
    if style == "github":
        location = f"file={at.file},line={at.line},col={at.column}" if at else ""
        text = issue.message + (f" — {issue.hint}" if issue.hint else "")
        # Annotation text must stay on one line; % and newlines are escaped as GitHub asks.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error {location}::{text}"
    where = f"{at.file}:{at.line}:{at.column}: " if at else ""
    hint = f"\n    подсказка: {issue.hint}" if issue.hint else ""
    return f"{where}{issue.message}{hint}"


def _in_file_order(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.at.file, i.at.line, i.at.column) if i.at else ("", 0, 0))


def first_issues(issues: list[Issue], limit: int = 5) -> str:
    """The first few problems as text, for a message that only has to show what to fix first."""
    ordered = _in_file_order(issues)
    lines = [format_issue(i) for i in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"…и ещё {len(ordered) - limit} (все покажет python -m calculator lint)")
    return "\n".join(lines)


def print_issues(issues: list[Issue], style: str = "text") -> None:
    for issue in _in_file_order(issues):
        print(format_issue(issue, style), file=sys.stderr if style == "text" else sys.stdout)
    if style == "text":
        print(f"Найдено проблем: {len(issues)}.", file=sys.stderr)
