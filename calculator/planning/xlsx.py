"""Reading and writing XLSX workbooks with the standard library only (the same code runs in Pyodide).

Reading returns the cells of the first worksheet as Python values; row i of the
result is the spreadsheet's row i + 1, so messages can name the row the user sees.
Workbooks come from users and are untrusted: every way a file can be wrong or
hostile (not a ZIP, an old XLS, broken XML, DTD entities, zip bombs, absurd cell
addresses) ends in `SpreadsheetError` with a Russian message, never in another
exception.

Writing produces a small, valid package (Excel, LibreOffice and openpyxl open it)
with bold frozen headers, an autofilter and column widths; the same input always
gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET
from xml.parsers import expat

try:
    from lzma import LZMAError
except ImportError:  # Pyodide ships lzma separately; zipfile then refuses LZMA parts with a RuntimeError

    class LZMAError(Exception):  # type: ignore[no-redef]
        """Stands in for lzma.LZMAError where the module is missing."""


__all__ = ["MADE_HERE", "CellValue", "Sheet", "SpreadsheetError", "read_xlsx", "write_xlsx"]

CellValue = str | int | float | bool | datetime.date | datetime.datetime | None

MAX_ROWS = 1_048_576  # Excel's sheet limits
MAX_COLUMNS = 16_384
MAX_CELL_TEXT = 32_767  # characters (UTF-16 code units) Excel keeps in a cell
MAX_SHEET_NAME = 31
# Defences against hostile files: the parts read may unpack to at most this much in total, ...
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# ... a part bigger than RATIO_CHECK_FROM may not be compressed more than this (real sheets: 5-20 times) ...
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
# ... and the rows may not hold more cells (gaps included) than this, so a sparse sheet cannot exhaust memory.
MAX_CELLS = 30_000_000
# The small parts (workbook, relationships, styles) are read as trees; Excel's own limit of 64 000 styles stays far below this.
MAX_TREE_ELEMENTS = 1_000_000

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024

_MAIN_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_RELATIONSHIP_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)

_SAVE_AS = "Сохраните таблицу в Excel как «Книга Excel (*.xlsx)» или как CSV."
_NOT_ZIP = f"Файл не похож на книгу Excel (XLSX): его не удаётся открыть как архив книги. {_SAVE_AS}"
_OLD_XLS = (
    "Это книга старого формата Excel (XLS) или книга, защищённая паролем: сохраните её в Excel как «Книга Excel (*.xlsx)» или как CSV."
)
_NO_WORKBOOK = f"В файле нет книги Excel: это архив, но не книга XLSX (возможно, документ другой программы). {_SAVE_AS}"
_XLSB = "Это двоичная книга Excel (XLSB): сохраните её в Excel как «Книга Excel (*.xlsx)» или как CSV."
_ODS = "Это таблица OpenDocument (ODS): сохраните её как «Книга Excel (*.xlsx)» или как CSV."
_NO_SHEET = f"В книге Excel нет ни одного листа с данными. {_SAVE_AS}"
_DAMAGED = "Книга Excel повреждена, и её не удаётся прочитать. Откройте файл в Excel и сохраните его заново."
_TOO_BIG = "Книга Excel слишком велика: в распакованном виде она больше {limit} МБ. Удалите лишние листы и данные или разделите список на несколько файлов."
_TOO_MANY_CELLS = "На листе слишком много ячеек (с учётом пустых промежутков): больше {limit}. Удалите лишние строки и столбцы."


# How a damaged archive or part can fail inside zipfile, zlib, lzma, bz2 or expat; all mean "damaged".
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    LZMAError,
    OSError,
    EOFError,
    ValueError,
    LookupError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
)


class SpreadsheetError(ValueError):
    """The file cannot be read as a workbook (or the sheets cannot be written); str(exc) is a Russian message for the user."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet to write; the first `header_rows` rows are bold, frozen and carry the autofilter."""

    name: str
    rows: list[list[CellValue]]
    widths: tuple[float, ...] = ()
    header_rows: int = 1


# ----------------------------------------------------------------------------------------------------------------------
# Reading: the package
# ----------------------------------------------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> list[list[CellValue]]:
    """Rows of the first worksheet (in workbook order).

    Index i of the result is Excel row i + 1: rows missing from the XML come back as [] so that row
    numbers in error messages match what the user sees in Excel. Within a row, gaps (missing cells) are
    None; trailing empty cells and trailing empty rows are trimmed. Numbers are int when integral, else
    float; numbers in a date format are datetime.date (whole days) or datetime.datetime (with a time,
    to the second).
    """
    data = bytes(data)
    if data.startswith(_OLE_SIGNATURE):
        raise SpreadsheetError(_OLD_XLS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGE as exc:
        raise SpreadsheetError(_NOT_ZIP) from exc
    try:
        with archive:
            return _read_first_sheet(_Package(archive))
    except SpreadsheetError:
        raise
    except _DAMAGE as exc:
        raise SpreadsheetError(_DAMAGED) from exc


class _Package:
    """The parts of the archive by name (case-insensitively, as OPC says) with a budget of bytes to unpack."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._entries: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if not info.is_dir():
                self._entries.setdefault(info.filename.replace("\\", "/").lstrip("/").casefold(), info)
        self._budget = MAX_UNCOMPRESSED_BYTES

    def names(self) -> list[str]:
        return list(self._entries)

    def has(self, part: str) -> bool:
        return part.casefold() in self._entries

    def chunks(self, part: str) -> Generator[bytes, None, None]:
        """The part's bytes in chunks; sizes are checked before unpacking (declared) and while unpacking (actual)."""
        info = self._entries[part.casefold()]
        if info.file_size > self._budget:
            raise SpreadsheetError(_TOO_BIG.format(limit=MAX_UNCOMPRESSED_BYTES // (1024 * 1024)))
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise SpreadsheetError(
                f"Книга Excel отклонена: часть «{part}» сжата подозрительно сильно (так устроены файлы-«бомбы», "
                "которые при распаковке занимают всю память). Откройте файл в Excel и сохраните его заново."
            )
        allowed = info.file_size  # the header may lie: never unpack more than it declared
        with self._archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                allowed -= len(chunk)
                self._budget -= len(chunk)
                if allowed < 0 or self._budget < 0:
                    raise SpreadsheetError(_TOO_BIG.format(limit=MAX_UNCOMPRESSED_BYTES // (1024 * 1024)))
                yield chunk


def _read_first_sheet(package: _Package) -> list[list[CellValue]]:
    workbook = _find_workbook(package)
    date1904 = False
    sheet_part: str | None = None
    styles_part = shared_part = None
    if workbook is not None:
        root = _parse_tree(package, workbook)
        relations = _relationships(package, workbook)
        for element in root.iter():
            name = _local(element.tag)
            if name == "workbookPr":
                date1904 = element.get("date1904", "").strip().lower() in ("1", "true")
            elif name == "sheet" and sheet_part is None:
                target = relations.get(_relationship_id(element) or "")
                if target is None:
                    continue  # no relationship: fall back below
                kind, part = target
                if kind != "worksheet":
                    continue  # a chart sheet or a dialog sheet holds no cells
                if not package.has(part):
                    sheet_name = element.get("name") or "?"
                    raise SpreadsheetError(f"Книга Excel повреждена: в ней нет листа «{sheet_name}», хотя он указан в оглавлении книги.")
                sheet_part = part
        for kind, part in relations.values():
            if kind == "styles" and package.has(part):
                styles_part = part
            elif kind == "sharedStrings" and package.has(part):
                shared_part = part
    if sheet_part is None:
        sheet_part = _fallback_sheet(package)
    folder = posixpath.dirname(workbook or "xl/workbook.xml")
    # Files whose relationships are lost still keep these parts at their usual places.
    if styles_part is None and package.has(posixpath.join(folder, "styles.xml")):
        styles_part = posixpath.join(folder, "styles.xml")
    if shared_part is None and package.has(posixpath.join(folder, "sharedStrings.xml")):
        shared_part = posixpath.join(folder, "sharedStrings.xml")
    date_styles = _date_styles(package, styles_part) if styles_part else frozenset()
    shared = _shared_strings(package, shared_part) if shared_part else []
    return _read_sheet(package, sheet_part, shared, date_styles, date1904)


def _find_workbook(package: _Package) -> str | None:
    """The workbook part named by the package relationships, else the usual xl/workbook.xml, else None."""
    if package.has("_rels/.rels"):
        for kind, part in _relationships(package, "").values():
            if kind == "officeDocument" and package.has(part):
                if part.casefold().endswith(".bin"):
                    raise SpreadsheetError(_XLSB)
                return part
    if package.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    if package.has("xl/workbook.bin"):
        raise SpreadsheetError(_XLSB)
    return None


def _fallback_sheet(package: _Package) -> str:
    """The first xl/worksheets/sheetN.xml by number, for packages whose workbook or relationships are lost."""
    found = []
    for name in package.names():
        match = re.fullmatch(r"xl/worksheets/sheet(\d{1,9})\.xml", name)
        if match:
            found.append((int(match.group(1)), name))
    if found:
        return min(found)[1]
    if package.has("content.xml") and package.has("mimetype"):
        raise SpreadsheetError(_ODS)
    if package.has("xl/workbook.xml") or package.has("xl/workbook.bin"):
        raise SpreadsheetError(_NO_SHEET)
    raise SpreadsheetError(_NO_WORKBOOK)


def _relationships(package: _Package, source: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, target part) for the part `source` ("" for the package itself)."""
    folder, name = posixpath.split(source)
    rels_part = posixpath.join(folder, "_rels", f"{name}.rels")
    if not package.has(rels_part):
        return {}
    found: dict[str, tuple[str, str]] = {}
    for element in _parse_tree(package, rels_part).iter():
        if _local(element.tag) != "Relationship" or element.get("TargetMode", "").lower() == "external":
            continue
        rel_id, target = element.get("Id"), element.get("Target")
        if not rel_id or not target:
            continue
        target = unquote(target.replace("\\", "/"))
        # Targets are relative to the source's folder, or absolute from the package root.
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        path = posixpath.normpath(path).lstrip("/")
        found.setdefault(rel_id, (element.get("Type", "").rstrip("/").rpartition("/")[2], path))
    return found


def _relationship_id(element: ET.Element) -> str | None:
    for namespace in _RELATIONSHIP_NAMESPACES:
        value = element.get(f"{{{namespace}}}id")
        if value:
            return value
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# ----------------------------------------------------------------------------------------------------------------------
# Reading: XML
# ----------------------------------------------------------------------------------------------------------------------


class _UnsafeXml(Exception):
    """Raised from inside the parser when a part declares a DTD."""


def _new_parser(part: str, *, namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser that refuses any DTD (Excel never writes one, entity-expansion attacks need one).

    With `namespaces`, names arrive as "uri local"; without, as written in the file.
    """
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = _CHUNK

    def refuse(*_args: object) -> None:
        raise _UnsafeXml(part)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    return parser


def _feed(package: _Package, part: str, parser: expat.XMLParserType) -> None:
    chunks = package.chunks(part)
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _UnsafeXml:
        raise SpreadsheetError(
            f"Книга Excel отклонена: часть «{part}» содержит объявления типа документа и сущностей XML. "
            "Excel таких не пишет, а через них атакуют программы. Откройте файл в Excel и сохраните его заново."
        ) from None
    except expat.ExpatError as exc:
        raise SpreadsheetError(
            f"Книга Excel повреждена: часть «{part}» не является правильным XML (строка {exc.lineno}, позиция {exc.offset + 1}). "
            "Откройте файл в Excel и сохраните его заново."
        ) from None
    finally:
        chunks.close()  # a part left half-read is closed now, not whenever the generator is collected


def _clark(name: str) -> str:
    """expat's "uri local" as ElementTree's "{uri}local"."""
    namespace, space, local = name.partition(" ")
    return f"{{{namespace}}}{local}" if space else name


def _parse_tree(package: _Package, part: str) -> ET.Element:
    """A small part (workbook, relationships, styles) as an ElementTree."""
    builder = ET.TreeBuilder()
    parser = _new_parser(part)
    elements_left = MAX_TREE_ELEMENTS

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal elements_left
        elements_left -= 1
        if elements_left < 0:  # a tree costs far more memory than its XML: do not let a small file fill it
            raise SpreadsheetError(
                f"Книга Excel повреждена: в части «{part}» слишком много элементов. Откройте файл в Excel и сохраните его заново."
            )
        builder.start(_clark(name), {_clark(key): value for key, value in attributes.items()})

    def end(name: str) -> None:
        builder.end(_clark(name))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    _feed(package, part, parser)
    return builder.close()


_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _unescape(text: str) -> str:
    """Decode OOXML's _xHHHH_ escapes (Excel writes e.g. _x000D_ for a carriage return and _x005F_ for "_")."""
    if "_x" not in text:
        return text
    text = _ESCAPED_CHAR.sub(lambda match: chr(int(match.group(1), 16)), text)
    if _SURROGATE.search(text):
        # Escaped surrogate pairs become one character; a lone half cannot be kept in a str we hand out.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# The elements the streaming readers act on.
_ROW, _CELL, _VALUE, _TEXT, _PHONETIC, _INLINE, _ITEM = range(1, 8)
_SHARED_ELEMENTS = {"si": _ITEM, "t": _TEXT, "rPh": _PHONETIC}


def _shared_strings(package: _Package, part: str) -> list[str]:
    """The shared strings table; rich text runs are joined, phonetic runs (<rPh>) are left out."""
    strings: list[str] = []
    kinds: dict[str, int] = {}
    pieces: list[str] = []
    collecting = False
    in_phonetic = 0

    def start_root(name: str, attributes: dict[str, str]) -> None:
        kinds.update(_element_kinds(attributes, _SHARED_ELEMENTS))
        parser.StartElementHandler = start
        start(name, attributes)

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal collecting, in_phonetic
        kind = kinds.get(name)
        if kind == _TEXT:
            collecting = not in_phonetic
        elif kind == _ITEM:
            pieces.clear()
        elif kind == _PHONETIC:
            in_phonetic += 1

    def end(name: str) -> None:
        nonlocal collecting, in_phonetic
        kind = kinds.get(name)
        if kind == _TEXT:
            collecting = False
        elif kind == _ITEM:
            strings.append(_unescape("".join(pieces)))
        elif kind == _PHONETIC:
            in_phonetic -= 1

    def data(chunk: str) -> None:
        if collecting:
            pieces.append(chunk)

    parser = _new_parser(part, namespaces=False)
    parser.StartElementHandler = start_root
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    _feed(package, part, parser)
    return strings


def _element_kinds(root_attributes: dict[str, str], elements: dict[str, int]) -> dict[str, int]:
    """Raw element name → kind, for the prefixes the root binds to SpreadsheetML (and no prefix, as most files write).

    The big parts are parsed without expat's namespace processing (it costs a quarter of the time),
    so the names arrive as written: "c" or "x:c".
    """
    prefixes = {""}
    for key, value in root_attributes.items():
        if key.startswith("xmlns:") and value in _MAIN_NAMESPACES:
            prefixes.add(key[6:] + ":")
    return {prefix + local: kind for prefix in sorted(prefixes) for local, kind in elements.items()}


# ----------------------------------------------------------------------------------------------------------------------
# Reading: dates
# ----------------------------------------------------------------------------------------------------------------------

# Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones Excel maps to dates).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# What a format code may contain that is not a date token: "quoted text", [colours/locales/conditions], \x escapes,
# _x (space as wide as x) and *x (fill with x). Elapsed-time sections like [h] are kept apart: they are times.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[(?![hHmMsS]+\])[^\]]*\]|\\.|_.|\*.')
_DATE_TOKEN = re.compile(r"[dDmMyYhHsS]")


def _is_date_format(code: str) -> bool:
    if code.strip().lower() in ("general", "@"):
        return False
    return bool(_DATE_TOKEN.search(_FORMAT_NOISE.sub("", code)))


def _date_styles(package: _Package, part: str) -> frozenset[str]:
    """The cell style indexes (the `s` attribute, as written) whose number format shows a date or a time."""
    root = _parse_tree(package, part)
    custom: dict[str, str] = {}
    date_styles: set[str] = set()
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            custom[(element.get("numFmtId") or "").strip()] = element.get("formatCode") or ""
    for element in root.iter():
        if _local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(child for child in element if _local(child.tag) == "xf"):
            format_id = (xf.get("numFmtId") or "0").strip()
            if format_id in custom:
                is_date = _is_date_format(custom[format_id])
            else:
                is_date = format_id.isdigit() and int(format_id) in _BUILTIN_DATE_FORMATS
            if is_date:
                date_styles.add(str(index))
        break
    return frozenset(date_styles)


_EPOCH_1900 = datetime.date(1899, 12, 30)
_EPOCH_1900_EARLY = datetime.date(1899, 12, 31)  # before the fictitious 1900-02-29 (serial 60) Excel is a day ahead
_EPOCH_1904 = datetime.date(1904, 1, 1)
_LAST_DAY = datetime.date(9999, 12, 31)
_ORDINAL_1900 = _EPOCH_1900.toordinal()
_LAST_SERIAL_1900 = (_LAST_DAY - _EPOCH_1900).days


def _from_serial(serial: float, date1904: bool) -> CellValue:
    """An Excel serial day number as a date (whole days) or datetime (to the second); out-of-range serials stay numbers."""
    if type(serial) is int and not date1904 and 61 <= serial <= _LAST_SERIAL_1900:
        return datetime.date.fromordinal(_ORDINAL_1900 + serial)  # the common case: a whole day after 1900-02-28
    if date1904:
        epoch = _EPOCH_1904
    else:
        epoch = _EPOCH_1900_EARLY if serial < 61 else _EPOCH_1900
    if not 0 <= serial <= (_LAST_DAY - epoch).days + 1:
        return serial
    days, seconds = divmod(round(serial * 86_400), 86_400)
    if days > (_LAST_DAY - epoch).days:
        return serial
    day = epoch + datetime.timedelta(days=days)
    if not seconds:
        return day
    return datetime.datetime(day.year, day.month, day.day) + datetime.timedelta(seconds=seconds)


def _from_iso(text: str) -> CellValue:
    """A `t="d"` cell: an ISO 8601 date or date-time; something else is kept as text."""
    text = text.strip()
    try:
        moment = datetime.datetime.fromisoformat(text).replace(tzinfo=None)  # wall time, as Excel shows it
        rounded = moment.replace(microsecond=0) + datetime.timedelta(seconds=round(moment.microsecond / 1_000_000))
    except (ValueError, OverflowError):
        return text
    if rounded.time() == datetime.time(0):
        return rounded.date()
    return rounded


# ----------------------------------------------------------------------------------------------------------------------
# Reading: the worksheet
# ----------------------------------------------------------------------------------------------------------------------

_COLUMN_LETTERS = re.compile(r"[A-Za-z]{1,3}")
_ROW_NUMBER = re.compile(r"[1-9][0-9]{0,6}")


def _column_index(letters: str) -> int | None:
    """0-based index of a column name ("A" → 0, "XFD" → 16383); None when it is not one."""
    if not _COLUMN_LETTERS.fullmatch(letters):
        return None
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1 if index <= MAX_COLUMNS else None


def _number(text: str) -> int | float | str | None:
    """A numeric cell's value: int when integral, else float; an empty value is None, a non-number stays text."""
    stripped = text.strip()
    digits = stripped[1:] if stripped.startswith(("-", "+")) else stripped
    if digits.isdecimal() and len(digits) < 300:
        return int(stripped)  # exact, even beyond a double's 2**53
    try:
        value = float(text)
    except ValueError:
        return stripped or None
    if not math.isfinite(value):
        return stripped
    return int(value) if value.is_integer() else value


def _too_many_rows() -> SpreadsheetError:
    limit = f"{MAX_ROWS:,}".replace(",", " ")
    return SpreadsheetError(f"На листе больше {limit} строк — больше, чем допускает Excel. Удалите лишние строки.")


_SHEET_ELEMENTS = {"row": _ROW, "c": _CELL, "v": _VALUE, "t": _TEXT, "rPh": _PHONETIC, "is": _INLINE}


def _read_sheet(package: _Package, part: str, shared: list[str], date_styles: frozenset[str], date1904: bool) -> list[list[CellValue]]:
    """Stream the worksheet's XML once; only the cells' values are kept (no element tree is built).

    This is the hot loop (a call per XML tag), so the common case is written out inline and the rare
    ones go to helpers.
    """
    rows: list[list[CellValue]] = []
    columns: dict[str, int] = {}  # column letters → index, filled as met
    cells_left = MAX_CELLS
    kinds: dict[str, int] = {}
    shared_count = len(shared)

    row_number = 0  # the current row (1-based), and its digits as cell references write them
    row_digits = ""
    row: list[CellValue] | None = None  # the current row's list, created with its first value
    column = -1  # the last cell's column (0-based)
    in_cell = collecting = has_value = False
    in_phonetic = 0
    cell_ref: str | None = None
    cell_type: str | None = None
    cell_style: str | None = None
    pieces: list[str] = []

    def start_row(attributes: dict[str, str]) -> None:
        nonlocal row_number, row_digits, row, column
        number = attributes.get("r")
        if number is None:
            row_number += 1  # a row without r follows the previous one
        elif _ROW_NUMBER.fullmatch(number):
            row_number = int(number)
        else:
            raise SpreadsheetError(f"Книга Excel повреждена: неверный номер строки «{number[:20]}» на листе.")
        if row_number > MAX_ROWS:
            raise _too_many_rows()
        row_digits = str(row_number)
        row = None
        column = -1

    def start_root(name: str, attributes: dict[str, str]) -> None:
        kinds.update(_element_kinds(attributes, _SHEET_ELEMENTS))
        parser.StartElementHandler = start
        start(name, attributes)

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal in_cell, collecting, has_value, in_phonetic, cell_ref, cell_type, cell_style, pieces
        kind = kinds.get(name)
        if kind == _CELL:
            in_cell, has_value, pieces = True, False, []
            cell_ref, cell_type, cell_style = attributes.get("r"), attributes.get("t"), attributes.get("s")
        elif not in_cell:
            if kind == _ROW:
                start_row(attributes)
        elif kind == _VALUE or (kind == _TEXT and not in_phonetic):
            collecting = has_value = True
        elif kind == _PHONETIC:
            in_phonetic += 1
        elif kind == _INLINE:
            has_value = True  # <is/> is an empty string

    def end(name: str) -> None:
        nonlocal in_cell, collecting, in_phonetic, column, row, cells_left
        kind = kinds.get(name)
        if kind in (_VALUE, _TEXT):
            collecting = False
            return
        if kind == _PHONETIC:
            in_phonetic -= 1
            return
        if kind != _CELL:
            return
        in_cell = collecting = False
        in_phonetic = 0
        # The column: from the reference (cached per letters), or the one after the previous cell.
        if cell_ref is not None:
            letters = cell_ref.rstrip("0123456789")
            index = columns.get(letters)
            if index is None or cell_ref[len(letters) :] != row_digits:
                index = check_reference(letters)
        else:
            index = column + 1
            if index >= MAX_COLUMNS or not row_number:
                check_reference(None)
        column = index
        if not has_value:
            return
        text = "".join(pieces)
        value: CellValue
        if cell_type is None:
            value = int(text) if text.isdecimal() and len(text) < 300 else _number(text)
            if cell_style is not None and cell_style in date_styles and value is not None and type(value) is not str:
                value = _from_serial(value, date1904)  # type: ignore[arg-type]
        elif cell_type == "s":
            position = int(text) if text.isdecimal() and len(text) < 12 else _number(text)
            if type(position) is not int or not 0 <= position < shared_count:
                raise SpreadsheetError(
                    f"Книга Excel повреждена: ячейка {_ref(index, row_number)} ссылается на несуществующую строку текста."
                )
            value = shared[position]
        else:
            value = _typed_value(cell_type, text, cell_style in date_styles, date1904)
        if value is None:
            return
        if row is None:
            row = open_row()
        size = len(row)
        if index < size:
            row[index] = value  # cells out of order: Excel never writes them, but the meaning is clear
            return
        cells_left -= index + 1 - size
        if cells_left < 0:
            raise SpreadsheetError(_TOO_MANY_CELLS.format(limit=f"{MAX_CELLS:,}".replace(",", " ")))
        if index > size:
            row.extend([None] * (index - size))
        row.append(value)

    def data(chunk: str) -> None:
        if collecting:
            pieces.append(chunk)

    def check_reference(letters: str | None) -> int:
        """The column of a reference the fast path did not know, or the error that says what is wrong with it."""
        if not row_number:
            raise SpreadsheetError("Книга Excel повреждена: на листе есть ячейка вне строки.")
        if letters is None:
            raise SpreadsheetError(f"Книга Excel повреждена: в строке {row_number} больше {MAX_COLUMNS} столбцов.")
        index = _column_index(letters)
        if index is None or cell_ref is None:
            raise SpreadsheetError(f"Книга Excel повреждена: неверный адрес ячейки «{(cell_ref or '')[:20]}» в строке {row_number}.")
        if cell_ref[len(letters) :] != row_digits:
            raise SpreadsheetError(
                f"Книга Excel повреждена: адрес ячейки «{cell_ref[:20]}» не относится к строке {row_number}, в которой она записана."
            )
        columns[letters] = index
        return index

    def open_row() -> list[CellValue]:
        if row_number <= len(rows):
            return rows[row_number - 1]  # rows out of order: join the one already read
        rows.extend([] for _ in range(row_number - 1 - len(rows)))
        rows.append([])
        return rows[-1]

    parser = _new_parser(part, namespaces=False)
    parser.StartElementHandler = start_root
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    _feed(package, part, parser)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _typed_value(cell_type: str, text: str, is_date_style: bool, date1904: bool) -> CellValue:
    """The value of a cell of a type other than shared string (the fast path reads those and plain numbers)."""
    if cell_type == "n":
        number = _number(text)
        if is_date_style and isinstance(number, int | float):
            return _from_serial(number, date1904)
        return number
    if cell_type in ("inlineStr", "str"):
        return _unescape(text)
    if cell_type == "b":
        flag = text.strip().lower()
        return True if flag in ("1", "true") else False if flag in ("0", "false") else text
    if cell_type == "d":
        return _from_iso(text) if text.strip() else None
    return text  # "e": the error as Excel shows it, e.g. #N/A


def _ref(column: int, row: int) -> str:
    return f"{_column_name(column)}{row}"


def _column_name(index: int) -> str:
    """0-based column index as Excel's letters (0 → "A", 16383 → "XFD")."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


# ----------------------------------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------------------------------

_MAIN = _MAIN_NAMESPACES[0]
_REL = _RELATIONSHIP_NAMESPACES[0]
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: fixed, so equal input gives equal bytes

# Cell styles (indexes into cellXfs below): plain, header (bold), and dates / date-times in both.
_STYLE_BOLD, _STYLE_DATE, _STYLE_DATETIME, _STYLE_BOLD_DATE, _STYLE_BOLD_DATETIME = 1, 2, 3, 4, 5
_STYLES_XML = (
    _XML_DECLARATION + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/><numFmt numFmtId="165" formatCode="DD.MM.YYYY HH:MM"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)

# Characters XML 1.0 cannot carry at all (surrogates here are always lone: a str holds astral characters whole).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean_text(text: str) -> str:
    """Text as Excel will show it: illegal characters as U+FFFD, at most 32 767 characters."""
    text = _ILLEGAL_XML.sub("\ufffd", text)
    if len(text) > MAX_CELL_TEXT // 2 and _utf16_length(text) > MAX_CELL_TEXT:
        text = _cut(text, MAX_CELL_TEXT - 1) + "…"
    return text


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """The longest start of `text` of at most `units` UTF-16 code units (Excel counts its limits in them)."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", "ignore")


def _escape(text: str) -> str:
    """XML text content; CR as a reference (a parser would turn a raw one into LF), literal _xHHHH_ protected."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    return text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def _sheet_names(names: list[str]) -> list[str]:
    """Sheet titles Excel accepts: no []:*?/\\, not empty, no apostrophe at the ends, ≤ 31 characters, unique."""
    result: list[str] = []
    taken: set[str] = set()
    for number, raw in enumerate(names, 1):
        name = _SHEET_NAME_FORBIDDEN.sub("_", str(raw)).strip().strip("'")
        name = _cut(name, MAX_SHEET_NAME).rstrip().rstrip("'") or f"Лист{number}"
        if name.casefold() == "history":  # reserved by Excel for change tracking
            name = f"{name}_"
        candidate, copy = name, 1
        while candidate.casefold() in taken:
            copy += 1
            suffix = f" ({copy})"
            candidate = _cut(name, MAX_SHEET_NAME - len(suffix)).rstrip().rstrip("'") + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


class _SharedStrings:
    """The workbook's table of distinct strings: Excel's own way, shorter files, and faster when texts repeat (as in staff lists)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def xml(self) -> bytes:
        items = [f'<si><t xml:space="preserve">{_escape(_clean_text(text))}</t></si>' for text in self.index]
        head = f'{_XML_DECLARATION}<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(items)}">'
        return (head + "".join(items) + "</sst>").encode("utf-8")


_BIG_INT = 10**300  # integers beyond a double are written as text
_FIRST_SERIAL_DAY = datetime.date(1900, 3, 1)  # from here on, serial = days since 1899-12-30


def _date_serial(value: datetime.date) -> float | None:
    """Excel's serial day number (1900 system); None for days before 1900, which Excel cannot show as dates."""
    if isinstance(value, datetime.datetime):
        moment = value.replace(tzinfo=None)
        day = moment.date()
        fraction = (moment - datetime.datetime(day.year, day.month, day.day)).total_seconds() / 86_400
    else:
        day, fraction = value, 0.0
    if day.year < 1900:
        return None
    whole = (day - (_EPOCH_1900 if day >= _FIRST_SERIAL_DAY else _EPOCH_1900_EARLY)).days
    return whole + fraction


def _sheet_xml(sheet: Sheet, title: str, strings: _SharedStrings) -> tuple[bytes, str | None]:
    """The worksheet part, and the autofilter's range ("$A$1:$C$9") when there is one."""
    rows = sheet.rows
    header_rows = sheet.header_rows
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(f"Лист «{title}»: {len(rows)} строк — больше, чем допускает Excel ({MAX_ROWS:,}).".replace(",", " "))
    if not isinstance(header_rows, int) or header_rows < 0 or header_rows >= MAX_ROWS:
        raise SpreadsheetError(f"Лист «{title}»: число строк заголовка должно быть от 0 до {MAX_ROWS - 1}, а не {header_rows!r}.")
    width = max((len(row) for row in rows), default=0)
    if width > MAX_COLUMNS:
        raise SpreadsheetError(f"Лист «{title}»: {width} столбцов — больше, чем допускает Excel ({MAX_COLUMNS:,}).".replace(",", " "))
    letters = [_column_name(index) for index in range(width)]
    shared = strings.index
    references = 0  # uses of shared strings
    plain_styles = ("", f' s="{_STYLE_DATE}"', f' s="{_STYLE_DATETIME}"')
    header_styles = (f' s="{_STYLE_BOLD}"', f' s="{_STYLE_BOLD_DATE}"', f' s="{_STYLE_BOLD_DATETIME}"')
    body: list[str] = []
    last_column = 0  # 1-based, of any cell written
    last_row = 0
    # The hot loop: exact common types are written inline; everything else goes through _other_cell.
    # It dispatches on `type(value)` once per cell, which mypy does not narrow through a variable: hence Any.
    value: Any
    for row_number, row in enumerate(rows, 1):
        digits = str(row_number)
        cells: list[str] = []
        styles = header_styles if row_number <= header_rows else plain_styles
        style, date_style = styles[0], styles[1]
        last = -1
        for index, value in enumerate(row):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                number = shared.get(value)
                if number is None:
                    number = shared[value] = len(shared)
                references += 1
                cells.append(f'<c r="{letters[index]}{digits}"{style} t="s"><v>{number}</v></c>')
            elif kind is int and -_BIG_INT < value < _BIG_INT:
                cells.append(f'<c r="{letters[index]}{digits}"{style}><v>{value}</v></c>')
            elif kind is float and value - value == 0:  # finite (NaN and infinities give NaN)
                cells.append(f'<c r="{letters[index]}{digits}"{style}><v>{value!r}</v></c>')
            elif kind is datetime.date and value >= _FIRST_SERIAL_DAY:
                cells.append(f'<c r="{letters[index]}{digits}"{date_style}><v>{value.toordinal() - _ORDINAL_1900}</v></c>')
            else:
                cells.append(_other_cell(value, f"{letters[index]}{digits}", styles, strings, title))
            last = index
        if cells:
            last_row = row_number
            last_column = max(last_column, last + 1)
            body.append(f'<row r="{digits}">')
            body.extend(cells)
            body.append("</row>")
    strings.count += references

    dimension = f"A1:{_column_name(last_column - 1)}{last_row}" if last_column else "A1"
    view = '<sheetView workbookViewId="0"/>'
    if header_rows and rows:
        top = f"A{header_rows + 1}"
        view = (
            f'<sheetView workbookViewId="0"><pane ySplit="{header_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView>'
        )
    head = [_XML_DECLARATION, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">', f'<dimension ref="{dimension}"/>']
    head.append(f"<sheetViews>{view}</sheetViews>")
    head.append('<sheetFormatPr defaultRowHeight="15"/>')
    columns = [
        f'<col min="{number}" max="{number}" width="{_number_text(min(float(value), 255.0))}" customWidth="1"/>'
        for number, value in enumerate(sheet.widths[:MAX_COLUMNS], 1)
        if isinstance(value, int | float) and math.isfinite(value) and value > 0
    ]
    if columns:
        head.append("<cols>" + "".join(columns) + "</cols>")
    head.append("<sheetData>")
    tail = ["</sheetData>"]
    filter_range = None
    if header_rows and len(rows) > header_rows and last_column:
        last_letter = _column_name(last_column - 1)
        tail.append(f'<autoFilter ref="A{header_rows}:{last_letter}{len(rows)}"/>')
        filter_range = f"$A${header_rows}:${last_letter}${len(rows)}"
    tail.append("</worksheet>")
    return "".join(head + body + tail).encode("utf-8"), filter_range


def _other_cell(value: object, ref: str, styles: tuple[str, str, str], strings: _SharedStrings, title: str) -> str:
    """A cell the fast path did not write: bools, date-times, subclasses of the usual types and the special cases."""
    style, date_style, datetime_style = styles
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):
        return _text_cell(ref, style, str(value), strings)
    if isinstance(value, int):
        if -_BIG_INT < value < _BIG_INT:
            return f'<c r="{ref}"{style}><v>{int(value)}</v></c>'
        return _text_cell(ref, style, str(int(value)), strings)  # beyond a double: Excel could not hold it as a number
    if isinstance(value, float):
        if math.isfinite(value):
            return f'<c r="{ref}"{style}><v>{float(value)!r}</v></c>'
        return _text_cell(ref, style, str(float(value)), strings)  # Excel has no NaN or infinity
    if isinstance(value, datetime.date):
        serial = _date_serial(value)
        is_moment = isinstance(value, datetime.datetime)
        if serial is None:  # before 1900 Excel has no dates: text in the same look
            shown = f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
            if isinstance(value, datetime.datetime):
                shown += f" {value.hour:02d}:{value.minute:02d}"
            return _text_cell(ref, style, shown, strings)
        return f'<c r="{ref}"{datetime_style if is_moment else date_style}><v>{_number_text(serial)}</v></c>'
    raise TypeError(f"Лист «{title}», ячейка {ref}: значение типа {type(value).__name__} нельзя записать в книгу Excel.")


def _text_cell(ref: str, style: str, text: str, strings: _SharedStrings) -> str:
    number = strings.index.setdefault(text, len(strings.index))
    strings.count += 1
    return f'<c r="{ref}"{style} t="s"><v>{number}</v></c>'


# The ZIP comment of every workbook made here: `-o plan.xlsx` may replace a file that still ends with it
# (Excel and LibreOffice drop it when they save, so a workbook edited by a person is never taken for ours).
MADE_HERE = b"municipal-training-kb"


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """A valid .xlsx (opens in Excel, LibreOffice and openpyxl). Same input → byte-identical output.

    Strings go to a shared strings table and are always text (a leading "=" is not a formula); dates
    are numbers shown as ДД.ММ.ГГГГ, date-times as ДД.ММ.ГГГГ ЧЧ:ММ (time zones dropped, wall time kept);
    NaN and infinities, dates before 1900 and integers beyond a double are written as text; None
    leaves the cell empty.
    """
    if not sheets:
        raise SpreadsheetError("Нечего записать: в книге Excel должен быть хотя бы один лист.")
    titles = _sheet_names([sheet.name for sheet in sheets])
    strings = _SharedStrings()
    parts: list[tuple[str, bytes]] = []
    sheet_entries: list[str] = []
    defined_names: list[str] = []
    overrides: list[str] = []
    relations: list[str] = []
    for number, (sheet, title) in enumerate(zip(sheets, titles, strict=True), 1):
        xml, filter_range = _sheet_xml(sheet, title, strings)
        parts.append((f"xl/worksheets/sheet{number}.xml", xml))
        sheet_entries.append(f'<sheet name="{_attribute(title)}" sheetId="{number}" r:id="rId{number}"/>')
        relations.append(f'<Relationship Id="rId{number}" Type="{_REL}/worksheet" Target="worksheets/sheet{number}.xml"/>')
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        if filter_range:
            quoted = "'" + title.replace("'", "''") + "'"
            defined_names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" hidden="1">{_escape(quoted)}!{filter_range}</definedName>'
            )
    count = len(sheets)
    relations.append(f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    has_strings = bool(strings.index)  # an empty table is left out: some readers take it for damage
    if has_strings:
        relations.append(f'<Relationship Id="rId{count + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    workbook = (
        f'{_XML_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{''.join(sheet_entries)}</sheets>"
        + (f"<definedNames>{''.join(defined_names)}</definedNames>" if defined_names else "")
        + "</workbook>"
    )
    content_types = (
        f'{_XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(overrides)
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if has_strings
            else ""
        )
        + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    package_rels = (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    # Only the application's name: no author, no dates, so the bytes depend on the content alone.
    app = (
        f'{_XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>municipal-training-kb</Application></Properties>"
    )
    workbook_rels = f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_REL}">{"".join(relations)}</Relationships>'
    files = [
        ("[Content_Types].xml", content_types.encode("utf-8")),
        ("_rels/.rels", package_rels.encode("utf-8")),
        ("docProps/app.xml", app.encode("utf-8")),
        ("xl/workbook.xml", workbook.encode("utf-8")),
        ("xl/_rels/workbook.xml.rels", workbook_rels.encode("utf-8")),
        ("xl/styles.xml", _STYLES_XML.encode("utf-8")),
        *parts,
    ]
    if has_strings:
        files.append(("xl/sharedStrings.xml", strings.xml()))
    buffer = io.BytesIO()
    # Level 1: a third of level 6's time for a fifth more bytes; the file is made on the user's own machine.
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.comment = MADE_HERE
        for name, payload in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 0  # not the platform's default, so the bytes are the same everywhere
            info.external_attr = 0
            archive.writestr(info, payload, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buffer.getvalue()
