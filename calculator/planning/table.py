"""A staff list file (CSV or XLSX) read into rows of cells, whatever the spreadsheet program wrote.

The format is told by the bytes, not by the file's name: a ZIP is a workbook, anything
else is read as CSV. CSV from Excel in a Russian locale is `;`-separated and, unless
saved as «CSV UTF-8», in Windows-1251: both are recognised, and the reader is told which
encoding was assumed. Row numbers are the ones the user sees in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from calculator.planning.xlsx import CellValue, SpreadsheetError, read_xlsx

__all__ = ["StaffFileError", "Table", "read_table"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (";", ",", "\t")


class StaffFileError(ValueError):
    """The file as a whole cannot be read; the message is Russian and says what to do."""


@dataclass
class Table:
    """Rows of cells; `rows[i]` is the spreadsheet's row i + 1."""

    rows: list[list[CellValue]]
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
    if b"\x00" in data[:4096]:
        raise StaffFileError(
            "Файл не похож на таблицу CSV (в нём двоичные данные). Сохраните список в Excel как «CSV UTF-8» или «Книга Excel (*.xlsx)»."
        )
    notices = []
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel's plain «CSV» in a Russian Windows is Windows-1251; every byte decodes, so say what was assumed.
            text = data.decode("cp1251", errors="replace")
            notices.append("Файл прочитан в кодировке Windows-1251 (так сохраняет «CSV» Excel в русской Windows).")
    delimiter = _delimiter(text)
    try:
        rows: list[list[CellValue]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise StaffFileError(f"Файл CSV не читается: {exc}.") from None
    return Table(rows, "csv", notices)


def _delimiter(text: str) -> str:
    """The separator of the first line that has one; `;` wins a tie, as Excel in a Russian locale writes it."""
    for line in text.splitlines()[:10]:
        counts = {d: _count_outside_quotes(line, d) for d in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda d: counts[d])
        if counts[best]:
            return best
    return ";"


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
