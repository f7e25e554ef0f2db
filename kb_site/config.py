"""The plugin's settings in mkdocs.yml: the one place a municipality configures its site."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["KnowledgeBaseConfig"]


class KnowledgeBaseConfig(Config):
    """`plugins: - kb: {rules_dir: rules, default_jurisdiction: ryazan}`."""

    # The rules folder, relative to mkdocs.yml.
    rules_dir = c.Type(str, default="rules")
    # The jurisdiction the calculator opens with; empty means the first one.
    default_jurisdiction = c.Type(str, default="")
    # Replace Material's search query handling with Russian stemming (see search.py).
    russian_search = c.Type(bool, default=True)
