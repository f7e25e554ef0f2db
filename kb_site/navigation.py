"""Placeholders in mkdocs.yml's nav (`kb:acts`, `kb:rules`…) expanded into the generated pages.

A municipality keeps its own nav order and titles in mkdocs.yml and writes
`- Нормативные акты: kb:acts` where the generated section belongs.
"""

from __future__ import annotations

from html import escape
from typing import Any

from kb_site.knowledge import Knowledge
from kb_site.links import (
    ACTS_INDEX,
    ANSWER_PAGE,
    CALENDAR_PAGE,
    COMPARE_PAGE,
    COVERAGE_PAGE,
    FACTS_PAGE,
    JURISDICTIONS_INDEX,
    RULES_INDEX,
    act_page,
    jurisdiction_page,
    rule_page,
)

__all__ = ["PLACEHOLDERS", "expand_nav", "left_out_of_compact_nav"]

PLACEHOLDERS = ("kb:acts", "kb:rules", "kb:jurisdictions", "kb:compare", "kb:coverage", "kb:facts", "kb:answer", "kb:calendar")


def _title(value: str) -> str:
    """A title from a rule file, as text: the theme puts nav titles into the page as HTML."""
    return escape(value, quote=False)


# In a compact navigation these sections are their index pages only.
_COMPACT = {"kb:acts": ACTS_INDEX, "kb:rules": RULES_INDEX, "kb:jurisdictions": JURISDICTIONS_INDEX}


def left_out_of_compact_nav(src_uri: str) -> bool:
    """An act, rule or jurisdiction page: reachable from its index in a compact navigation, not listed."""
    return src_uri.startswith(("acts/", "rules/", "jurisdictions/")) and src_uri not in _COMPACT.values()


def _section(kb: Knowledge, placeholder: str, full: bool) -> Any:
    if not full and placeholder in _COMPACT:
        return _COMPACT[placeholder]
    if placeholder == "kb:acts":
        return [{"Все акты": ACTS_INDEX}, *({_title(kb.act_summary(a)["short_title"]): act_page(a)} for a in kb.acts)]
    if placeholder == "kb:rules":
        sections: list[Any] = [{"Все правила": RULES_INDEX}]
        for jid, jurisdiction in kb.jurisdictions.items():
            rules = kb.rules_of(jid)
            if rules:
                sections.append({_title(jurisdiction["title"]): [{_title(r["title"]): rule_page(r["id"])} for r in rules]})
        return sections
    if placeholder == "kb:jurisdictions":
        return [
            {"Все юрисдикции": JURISDICTIONS_INDEX},
            *({_title(j["title"]): jurisdiction_page(jid)} for jid, j in kb.jurisdictions.items()),
        ]
    return {
        "kb:compare": COMPARE_PAGE,
        "kb:coverage": COVERAGE_PAGE,
        "kb:facts": FACTS_PAGE,
        "kb:answer": ANSWER_PAGE,
        "kb:calendar": CALENDAR_PAGE,
    }[placeholder]


def expand_nav(nav: Any, kb: Knowledge, full: bool = True) -> Any:
    """A copy of the nav with every placeholder replaced by its pages.

    With `full=False` the acts, rules and jurisdictions sections are their index pages only;
    the other pages stay reachable from those indexes, the jurisdiction pages and search.
    """
    if isinstance(nav, list):
        return [expand_nav(item, kb, full) for item in nav]
    if isinstance(nav, dict):
        return {title: expand_nav(value, kb, full) for title, value in nav.items()}
    if isinstance(nav, str) and nav in PLACEHOLDERS:
        return _section(kb, nav, full)
    return nav
