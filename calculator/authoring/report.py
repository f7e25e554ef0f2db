"""Lint problems as people read them: `file:line:column: message` and a hint, or GitHub annotations."""

from __future__ import annotations

import sys

from calculator.authoring.shapes import Issue

__all__ = ["format_issue", "print_issues"]


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


def print_issues(issues: list[Issue], style: str = "text") -> None:
    for issue in sorted(issues, key=lambda i: (i.at.file, i.at.line, i.at.column) if i.at else ("", 0, 0)):
        print(format_issue(issue, style), file=sys.stderr if style == "text" else sys.stdout)
    if style == "text":
        print(f"Найдено проблем: {len(issues)}.", file=sys.stderr)
