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
    # Up to this many jurisdictions the navigation lists every act and rule page; beyond it
    # only the index pages (each page renders the whole navigation, so a full one would make
    # the build grow with the square of the number of jurisdictions).
    nav_full_limit = c.Type(int, default=20)
    # The calculator in the browser (Pyodide): a page shows it where it writes `<!-- kb:calculator -->`.
    calculator = c.Type(bool, default=True)
    # The npm package `pyodide` (installed by `npm ci` from package-lock.json), relative to mkdocs.yml.
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    # Replace Material's search query handling with Russian stemming (see search.py).
    russian_search = c.Type(bool, default=True)
    # A Content-Security-Policy <meta> on every built page (see csp.py); not while `mkdocs serve`
    # previews the site, whose live-reload script is inline.
    content_security_policy = c.Type(bool, default=True)
