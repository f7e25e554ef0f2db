"""Lint problems as people read them: `file:line:column: message` and a hint, or GitHub annotations."""

from __future__ import annotations

import sys

from calculator.authoring.shapes import Issue
from calculator.shown import shown

__all__ = ["first_issues", "format_issue", "print_issues"]


def _escape_data(text: str) -> str:
    """A workflow command's message as GitHub's toolkit escapes it (actions/toolkit, command.ts: escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value (file=…): also `:` and `,`, which would end it (command.ts: escapeProperty)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_issue(issue: Issue, style: str = "text") -> str:
    at = issue.at
    if style == "github":
        # A file name is the user's text too: a newline in it would start a command of its own in the log.
        location = f"file={_escape_property(at.file)},line={at.line},col={at.column}" if at else ""
        text = issue.message + (f" — {issue.hint}" if issue.hint else "")
        return f"::error {location}::{_escape_data(text)}"
    where = f"{shown(at.file, 300)}:{at.line}:{at.column}: " if at else ""
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
