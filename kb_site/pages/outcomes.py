"""What a rule decides, in words: a block for its own page and a line for comparison tables.

The words are the outcome type's own (`calculator.outcomes`), said with the site's `Wording`.
"""

from __future__ import annotations

from typing import Any

from calculator.outcomes import OUTCOMES
from kb_site.markup import text
from kb_site.wording import Wording

__all__ = ["describe", "summarize"]


def describe(wording: Wording, rule: dict[str, Any]) -> list[str]:
    """Markdown lines: the outcome of the rule, tables for document mappings."""
    kind = rule["type"]
    outcome = OUTCOMES.get(kind)
    if outcome is None:
        return [f"Вывод типа «{text(kind)}».", ""]
    return outcome.describe(wording, rule.get(kind) or {})


def summarize(wording: Wording, rule: dict[str, Any]) -> str:
    """One table cell: the gist of the outcome."""
    kind = rule["type"]
    outcome = OUTCOMES.get(kind)
    return text(kind) if outcome is None else outcome.summarize(wording, rule.get(kind) or {})
