"""Reading a published act into lines of text: plain text (UTF-8, Windows-1251, UTF-16), DOCX, HTML.

Whatever the format, the result is the same list of lines, one paragraph of the
original per line for DOCX and HTML, so everything after this module works on
plain text and a DOCX or HTML copy of a text imports to the same act.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from calculator.files import FileRefused, read_file

__all__ = ["MAX_BYTES", "Refused", "Source", "read_source"]

MAX_BYTES = 20 * 1024 * 1024  # an act of a municipality is tens of kilobytes; a DOCX with pictures a few MB

# The block elements of HTML that make a paragraph of their own; everything else is inline.
_HTML_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "br",
        "table",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "section",
        "article",
        "main",
        "dd",
        "dt",
        "title",
    ]
)
# Parts of a saved page that are the site, not the document.
_HTML_CHROME = frozenset(
    ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select", "template"]
)


# Site parts marked only by their class or id (<div class="top-menu">); "header" is left out on
# purpose: a document's own heading block is often called so.
_CHROME_CLASS = re.compile(r"(?<![a-z])(menu|nav|navbar|footer|sidebar|breadcrumbs?|share|social|cookies?|banner)(?![a-z])")


class Refused(Exception):
    """The input cannot be imported; the message says why, in Russian."""


@dataclass(frozen=True, slots=True)
class Source:
    lines: tuple[str, ...]
    kind: str  # "текст (UTF-8)", "DOCX", "HTML", ...


def read_source(path: Path) -> Source:
    try:  # the one bounded reader: a regular file only (no FIFO, no device), the size checked before reading
        data = read_file(path, MAX_BYTES)
    except FileRefused as exc:
        raise Refused(str(exc).rstrip(".")) from None
    if not data.strip():
        raise Refused(f"файл {path} пуст: в нём нет текста акта")
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(path, data)
    if data.lstrip()[:5].lower() == b"{\\rtf":
        raise Refused(f"файл {path} — в формате RTF, который импорт не читает; сохраните акт как DOCX или как текст (UTF-8) и повторите")
    text, encoding = _decode(path, data)
    if _looks_like_html(text):
        return Source(_html_lines(text), "HTML")
    return Source(tuple(text.splitlines()), f"текст ({encoding})")


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text in the encodings copying from a browser or a reference system gives."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked_text(path, data.decode("utf-16", errors="replace"), "UTF-16")
    # UTF-16 without a BOM: every other byte of Cyrillic or Latin text is a NUL or 0x04.
    if len(data) >= 4 and data[1::2].count(0) + data[1::2].count(4) > 0.9 * len(data[1::2]):
        return _checked_text(path, data.decode("utf-16-le", errors="replace"), "UTF-16")
    if b"\x00" in data:
        raise Refused(f"файл {path} — двоичный (не текст, не DOCX и не HTML); сохраните акт как текст, DOCX или HTML")
    try:
        return _checked_text(path, data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError:
        return _checked_text(path, data.decode("cp1251", errors="replace"), "Windows-1251")


def _checked_text(path: Path, text: str, encoding: str) -> tuple[str, str]:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    broken = text.count("\ufffd")
    if controls + broken > max(3, len(text) // 100):
        raise Refused(f"файл {path} не похож на текст ({encoding}): в нём много управляющих или нечитаемых символов")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters == 0:
        raise Refused(f"в файле {path} нет букв: это не текст акта")
    return text, encoding


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _html_lines(text: str) -> tuple[str, ...]:
    """The document body of a saved page, one line per block; the site's menus, scripts and forms dropped."""
    import lxml.html  # type: ignore[import-untyped]  # build side only; lxml ships no type stubs

    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises several types for unusable markup
        raise Refused(f"страница HTML не разбирается ({exc}); сохраните её заново или скопируйте текст") from None
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if element.tag.lower() in _HTML_CHROME or _CHROME_CLASS.search(marks):
            element.drop_tree()
    # A page that marks its document (<main> or <article>) keeps only that part.
    main = root.find(".//main")
    if main is None:
        main = root.find(".//article")
    body = main if main is not None else root.find(".//body")
    if body is None:
        body = root
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "title":
            return  # the window title repeats the heading
        block = tag in _HTML_BLOCKS
        if block:
            parts.append("\n")
        if tag in ("td", "th"):
            parts.append("\t")
        if element.text and isinstance(element.tag, str):
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(body)
    lines = ("".join(parts)).split("\n")
    return tuple(" ".join(line.split()) for line in lines if line.strip())


def _read_docx(path: Path, data: bytes) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise Refused(f"файл {path} начинается как ZIP (DOCX), но архив повреждён") from None
    if "word/document.xml" not in names:
        raise Refused(
            f"файл {path} — ZIP-архив, но не документ Word (DOCX): в нём нет word/document.xml; "
            "откройте акт в текстовом редакторе и сохраните как DOCX или как текст"
        )
    import docx  # build side only

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on damaged files
        raise Refused(f"документ Word {path} не читается ({type(exc).__name__}); сохраните его заново") from None
    lines: list[str] = []
    # Paragraphs and tables in the order of the document body.
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
        else:
            lines.extend(block.text.split("\n"))
    return Source(tuple(lines), "DOCX")
