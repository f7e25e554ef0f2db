"""Staff lists for the planning tests, in the forms HR departments really send them."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
RYAZAN_2011 = DATA / "ryazan-2011.csv"


def staff_rows(path: Path = RYAZAN_2011) -> list[list[str]]:
    """The fixture's rows as text cells (header first)."""
    text = path.read_text(encoding="utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=";")]


def to_csv(rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def to_xlsx_like_excel(rows: list[list[str]]) -> bytes:
    """The rows as Excel would save them: dates as date cells (ДД.ММ.ГГГГ format), the rest as text, written by openpyxl."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Сотрудники"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if not value:
                continue
            cell = sheet.cell(row=r, column=c)
            parts = value.split(".")
            if r > 1 and len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
                try:
                    cell.value = date(int(parts[2]), int(parts[1]), int(parts[0]))
                    cell.number_format = "DD.MM.YYYY"
                    continue
                except ValueError:
                    pass  # an impossible date stays text, as Excel keeps it
            cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def ryazan_csv() -> bytes:
    return RYAZAN_2011.read_bytes()
