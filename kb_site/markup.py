"""Text from rule files, made safe for Markdown pages.

Everything a methodologist writes (titles, clause text, notes) is shown as
text, never as markup: HTML is escaped, and the characters Markdown or its
extensions would act on are backslash-escaped, so a stray `*`, `[1]`, `{#id}`
or `<script>` in an act changes nothing but the letters on the page.
"""

from __future__ import annotations

import html
import re

__all__ = ["cell", "paragraphs", "text"]

# Python-Markdown honours a backslash before exactly these (plus `|` with tables).
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACES = re.compile(r"\s+")


def text(value: object) -> str:
    """One line of plain text, safe anywhere inline (headings, lists, links' text)."""
    flat = _SPACES.sub(" ", str(value)).strip()
    return _ACTIVE.sub(r"\\\1", html.escape(flat, quote=False))


def cell(value: object) -> str:
    """Plain text for a table cell (the same escaping; empty shows a dash)."""
    return text(value) if str(value).strip() else "—"


def paragraphs(value: str | None, css_class: str = "") -> str:
    """Multi-paragraph text as raw HTML paragraphs: Markdown does not touch raw HTML blocks.

    A blank line separates paragraphs; a single line break inside one is kept.
    """
    if not value or not value.strip():
        return ""
    attr = f' class="{css_class}"' if css_class else ""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", value.strip()) if b.strip()]
    return "\n\n".join(
        f"<p{attr}>" + "<br>\n".join(html.escape(line.strip(), quote=False) for line in b.splitlines()) + "</p>" for b in blocks
    )
