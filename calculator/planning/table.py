"""A staff list file (CSV or XLSX) read into rows of cells, whatever the spreadsheet program wrote.

The format is told by the bytes, not by the file's name: a ZIP is a workbook, anything
else is read as CSV. CSV from Excel in a Russian locale is `;`-separated and, unless
saved as «CSV UTF-8», in Windows-1251: both are recognised, and the reader is told which
encoding was assumed. Row numbers are the ones the user sees in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from calculator.planning.xlsx import CellValue, SpreadsheetError, read_xlsx

__all__ = ["MAX_STAFF_BYTES", "StaffFileError", "Table", "read_table"]

# A staff list of 100 000 people is about 15 MB as CSV and 5 MB as XLSX: twice the larger is refused
# before it is read (calculator/files.py), not after it has filled the memory.
MAX_STAFF_BYTES = 32 * 1024 * 1024
_SNIFF_CHARS = 65_536  # the separator is told by the file's top: a 50 MB first line is not walked char by char

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (";", ",", "\t")


class StaffFileError(ValueError):
    """The file as a whole cannot be read; the message is Russian and says what to do."""


@dataclass
class Table:
    """Rows of cells, in order: the n-th is the spreadsheet's row n."""

    rows: Iterable[list[CellValue]]  # read once, in order (CSV rows are streamed)
    kind: str  # "csv" or "xlsx"
    notices: list[str] = field(default_factory=list)


def read_table(data: bytes, filename: str = "") -> Table:
    if not data:
        raise StaffFileError("Файл пуст: в нём нет ни заголовков, ни строк.")
    if data.startswith((_ZIP, _OLE)):
        try:
            return Table(read_xlsx(data), "xlsx")
        except SpreadsheetError as exc:
            raise StaffFileError(str(exc)) from None
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise StaffFileError(f"Файл «{filename}» назван как книга Excel, но не является ею (повреждён или переименован).")
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    text, notices = _decode(data)
    return Table(_csv_rows(text, _delimiter(text)), "csv", notices)


def _csv_rows(text: str, delimiter: str) -> Iterator[list[CellValue]]:
    """The rows one by one, as the staff list reads them: a row the plan does not keep is not kept here either."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    count = 0
    try:
        for row in reader:
            count += 1
            yield list(row)
    except csv.Error as exc:
        # The standard messages are English and technical; what they mean for a person with a spreadsheet:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            reason = f"в строке {line} ячейка длиннее {csv.field_size_limit():,} знаков".replace(",", " ")
        elif "end of data" in str(exc) or "EOF" in str(exc):
            reason = f"кавычка, открытая в строке {count + 1}, не закрыта до конца файла"
        else:
            reason = f"в строке {line} кавычки расставлены неправильно"
        raise StaffFileError(f"Файл CSV не читается: {reason}. Откройте его в Excel и сохраните заново как «CSV UTF-8».") from None


def _decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a CSV file, and a notice when the encoding had to be assumed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «Текст Юникод» is UTF-16 with a byte order mark
        return data.decode("utf-16", errors="replace"), ["Файл прочитан в кодировке UTF-16 (так сохраняет «Текст Юникод» Excel)."]
    if b"\x00" in data[:4096]:
        raise StaffFileError(
            "Файл не похож на таблицу CSV (в нём двоичные данные). Сохраните список в Excel как «CSV UTF-8» или «Книга Excel (*.xlsx)»."
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        # Excel's plain «CSV» in a Russian Windows is Windows-1251; every byte decodes, so say what was assumed.
        return data.decode("cp1251", errors="replace"), [
            "Файл прочитан в кодировке Windows-1251 (так сохраняет «CSV» Excel в русской Windows)."
        ]


def _delimiter(text: str) -> str:
    """The separator that splits some line of the file's top the most (a title line above the header may hold a
    comma); `;` wins a tie, as Excel in a Russian locale writes it."""
    lines = text[:_SNIFF_CHARS].splitlines()[:10]
    most = {d: max((_count_outside_quotes(line, d) for line in lines), default=0) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: most[d])
    return best if most[best] else ";"


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
