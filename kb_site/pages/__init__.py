"""Generated pages: each module renders one kind of page from the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["GeneratedPage", "code_block"]


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page MkDocs adds to the site: where it lives, its Markdown, the YAML behind it."""

    src_uri: str
    markdown: str
    source: Path | None  # the file an «Редактировать» link opens; None for pages built from many files


def code_block(content: str, language: str = "") -> str:
    """A fenced block whose fence cannot be closed by the content itself."""
    fence = "```"
    while fence in content:
        fence += "`"
    return f"{fence}{language}\n{content}\n{fence}"
