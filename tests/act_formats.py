"""DOCX and HTML versions of a plain-text act, made the way a municipality's copies come: one paragraph per line.

The HTML is a saved page of a municipal site: a header with the site's menu, the document in the
page's content block, a footer and a script; the importer must take the document and nothing else.
Used by tests/test_import_act.py and benchmarks/import_formats.py.
"""

from __future__ import annotations

import html
from pathlib import Path

__all__ = ["write_docx", "write_html"]

PAGE_CHROME_HEAD = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Документы — официальный сайт</title>
<style>.menu {{ color: red }}</style><script>var counter = 1;</script></head>
<body>
<header><div class="logo">Официальный сайт муниципального образования</div>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/docs">Документы</a></li><li>Контакты</li></ul></nav></header>
<main><h1>{title}</h1>
"""
PAGE_CHROME_TAIL = """</main>
<aside>Популярное: <a href="/news">Новости</a></aside>
<footer>© Администрация, все права защищены. Телефон приёмной: 8 (800) 000-00-00.</footer>
<script>document.write("счётчик посещений");</script>
</body></html>
"""


def _lines(text_file: Path) -> list[str]:
    return text_file.read_text(encoding="utf-8").splitlines()


def write_docx(text_file: Path, target: Path) -> Path:
    """One Word paragraph per line of the text, blank lines kept as empty paragraphs."""
    import docx

    document = docx.Document()
    for line in _lines(text_file):
        document.add_paragraph(line)
    document.save(str(target))
    return target


def write_html(text_file: Path, target: Path) -> Path:
    """The text as a saved web page: its first line the <h1>, one <p> per other non-blank line, inside the site's header, menu and footer."""
    lines = [line for line in _lines(text_file) if line.strip()]
    title = lines[0] if lines else ""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
    target.write_text(PAGE_CHROME_HEAD.format(title=html.escape(title)) + body + PAGE_CHROME_TAIL, encoding="utf-8")
    return target
