"""Where each generated page lives and how pages point at each other.

One place decides the addresses, so a citation on a rule page and the anchor
on the act page can never drift apart. Paths are MkDocs source paths
(`acts/ryazan-132-i.md`); MkDocs turns them into URLs and checks every link
and anchor in a strict build.
"""

from __future__ import annotations

import posixpath
import re

__all__ = [
    "ACTS_INDEX",
    "ANSWER_PAGE",
    "CALENDAR_PAGE",
    "COMPARE_PAGE",
    "COVERAGE_PAGE",
    "FACTS_PAGE",
    "JURISDICTIONS_INDEX",
    "RULES_INDEX",
    "act_page",
    "clause_anchor",
    "fact_anchor",
    "jurisdiction_page",
    "link",
    "rule_page",
]

ACTS_INDEX = "acts/index.md"
RULES_INDEX = "rules/index.md"
JURISDICTIONS_INDEX = "jurisdictions/index.md"
COMPARE_PAGE = "compare.md"
COVERAGE_PAGE = "coverage.md"
FACTS_PAGE = "reference/facts.md"
ANSWER_PAGE = "reference/answer.md"
CALENDAR_PAGE = "reference/calendar.md"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def act_page(act_id: str) -> str:
    return f"acts/{act_id}.md"


def rule_page(rule_id: str) -> str:
    jurisdiction, _, name = rule_id.partition(".")
    return f"rules/{jurisdiction}/{name}.md"


def jurisdiction_page(jurisdiction_id: str) -> str:
    return f"jurisdictions/{jurisdiction_id}.md"


def clause_anchor(clause_id: str) -> str:
    """`5.2` -> `p-5.2` («пункт»); the id stays readable in the address bar."""
    return "p-" + _UNSAFE.sub("_", clause_id)


def fact_anchor(path: str) -> str:
    return "f-" + _UNSAFE.sub("_", path)


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one source page to another (MkDocs resolves and checks it)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")
