"""The standard-library XLSX reader and writer, checked against openpyxl as an independent implementation."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import date, datetime, timedelta, timezone

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from calculator.planning import xlsx
from calculator.planning.xlsx import Sheet, SpreadsheetError, read_xlsx, write_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


# --- helpers -----------------------------------------------------------------------------------------------------------


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def loaded(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rezip(data: bytes, change) -> bytes:
    """The package with each part passed through change(name, bytes) -> bytes | None (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = change(info.filename, source.read(info))
            if payload is not None:
                target.writestr(info.filename, payload)
    return out.getvalue()


def package(sheet_data: str, *, shared: list[str] | None = None, styles: str | None = None, root: str | None = None) -> bytes:
    """A minimal hand-written workbook: one sheet with `sheet_data` inside <sheetData>, optional sst and styles."""
    worksheet = root or f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = {
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": worksheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{"".join(shared)}</sst>'
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="/xl/styles.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def rejected(data: bytes) -> str:
    """read_xlsx must refuse `data` with a SpreadsheetError (not any other exception) whose message is Russian."""
    with pytest.raises(SpreadsheetError) as caught:
        read_xlsx(data)
    assert type(caught.value) is SpreadsheetError
    message = str(caught.value)
    assert CYRILLIC.search(message), message
    assert "Traceback" not in message and "Error" not in message
    return message


def trimmed(rows: list[list]) -> list[list]:
    """Rows as the reader returns them: no trailing empty cells, no trailing empty rows."""
    result = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        result.append(row)
    while result and not result[-1]:
        result.pop()
    return result


def xml_safe(text: str) -> str:
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", text)


# --- reading what openpyxl wrote ---------------------------------------------------------------------------------------


def openpyxl_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Сотрудники"
    sheet.append(["ФИО", "Стаж", "Ставка", "Штатный", "Принят", "Аттестация", "Обновлено"])
    sheet.append(["Иванова Анна Сергеевна", 12, 0.75, True, date(2015, 3, 2), date(2021, 11, 30), datetime(2024, 5, 17, 9, 30, 15)])
    sheet["E2"].number_format = "DD.MM.YYYY"
    sheet["F2"].number_format = "mm-dd-yy"  # built-in format 14
    sheet["G2"].number_format = "DD.MM.YYYY HH:MM:SS"
    sheet.append([CellRichText(["Петров ", TextBlock(InlineFont(b=True), "Пётр")]), -3, 1.5e-7, False])
    # row 4 left blank, row 5 sparse
    sheet["A5"] = "Сидоров"
    sheet["D5"] = 0
    sheet["G5"] = "=СУММ(A1:A2)"  # openpyxl writes this as a formula without a cached value
    other = workbook.create_sheet("Другой лист")
    other["A1"] = "не должен читаться"
    return saved(workbook)


def test_reads_the_values_openpyxl_wrote_with_excel_row_numbers():
    rows = read_xlsx(openpyxl_workbook())
    assert rows == [
        ["ФИО", "Стаж", "Ставка", "Штатный", "Принят", "Аттестация", "Обновлено"],
        ["Иванова Анна Сергеевна", 12, 0.75, True, date(2015, 3, 2), date(2021, 11, 30), datetime(2024, 5, 17, 9, 30, 15)],
        ["Петров Пётр", -3, 1.5e-7, False],
        [],
        ["Сидоров", None, None, 0],
    ]
    assert type(rows[1][1]) is int and type(rows[1][2]) is float and type(rows[1][4]) is date


def swap_first_two_sheets_in_zip(data: bytes) -> bytes:
    """Store the workbook's first sheet in sheet2.xml (after sheet1.xml in the zip), with an absolute target."""
    sheets = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = {name: archive.read(f"xl/worksheets/{name}") for name in ("sheet1.xml", "sheet2.xml")}

    def change(name: str, payload: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return sheets["sheet2.xml"]
        if name == "xl/worksheets/sheet2.xml":
            return sheets["sheet1.xml"]
        if name == "xl/_rels/workbook.xml.rels":
            text = payload.decode()
            text = text.replace("/xl/worksheets/sheet1.xml", "@1").replace("/xl/worksheets/sheet2.xml", "@2")
            text = text.replace('"worksheets/sheet1.xml"', '"@1"').replace('"worksheets/sheet2.xml"', '"@2"')
            assert text.count("@1") == 1 and text.count("@2") == 1, text
            return text.replace("@1", "/xl/worksheets/sheet2.xml").replace("@2", "worksheets/sheet1.xml").encode()
        return payload

    return rezip(data, change)


def test_the_first_sheet_is_the_first_in_workbook_order_not_in_the_zip():
    data = swap_first_two_sheets_in_zip(openpyxl_workbook())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert names.index("xl/worksheets/sheet1.xml") < names.index("xl/worksheets/sheet2.xml")
    assert loaded(data).worksheets[0]["A1"].value == "ФИО"  # openpyxl agrees which sheet is first
    assert read_xlsx(data)[0][0] == "ФИО"


def test_a_chart_sheet_first_in_the_workbook_is_skipped():
    data = package('<row r="1"><c r="A1" t="inlineStr"><is><t>данные</t></is></c></row>')

    def change(name: str, payload: bytes) -> bytes:
        text = payload.decode()
        if name == "xl/workbook.xml":
            return text.replace("<sheets>", '<sheets><sheet name="Диаграмма" sheetId="2" r:id="rId9"/>').encode()
        if name == "xl/_rels/workbook.xml.rels":
            chart = f'<Relationship Id="rId9" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            return text.replace("</Relationships>", chart + "</Relationships>").encode()
        return payload

    assert read_xlsx(rezip(data, change)) == [["данные"]]


def test_strict_namespaces_and_prefixed_elements():
    strict = rezip(
        openpyxl_workbook(),
        lambda name, payload: payload.replace(MAIN.encode(), STRICT_MAIN.encode()).replace(REL.encode(), STRICT_REL.encode()),
    )
    assert read_xlsx(strict)[1][0] == "Иванова Анна Сергеевна"
    prefixed = package(
        "",
        root=f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>да</x:t></x:is></x:c>'
        "</x:row></x:sheetData></x:worksheet>",
    )
    assert read_xlsx(prefixed) == [[], [None, "да"]]


def test_1904_date_system():
    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append([date(2024, 5, 17), datetime(2001, 2, 3, 4, 5, 6), date(1904, 1, 1)])
    for cell in sheet[1]:
        cell.number_format = "DD.MM.YYYY"
    data = saved(workbook)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'date1904="1"' in archive.read("xl/workbook.xml")
    assert read_xlsx(data) == [[date(2024, 5, 17), datetime(2001, 2, 3, 4, 5, 6), date(1904, 1, 1)]]


def test_serials_around_the_fictitious_29_february_1900():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([1, 59, 60, 61, 61.5, 0.25, 2958465, 2958466, -1])
    for cell in sheet[1]:
        cell.number_format = "DD.MM.YYYY"
    assert read_xlsx(saved(workbook)) == [
        [
            date(1900, 1, 1),
            date(1900, 2, 28),
            date(1900, 3, 1),  # serial 60 is Excel's 29.02.1900, which never was
            date(1900, 3, 1),
            datetime(1900, 3, 1, 12),
            datetime(1899, 12, 31, 6),  # a bare time of day
            date(9999, 12, 31),
            2958466,  # beyond Excel's last day: stays a number
            -1,
        ]
    ]


@pytest.mark.parametrize(
    ("number_format", "is_date"),
    [
        ("DD.MM.YYYY", True),
        ("[$-419]DD MMMM YYYY", True),
        ("dd/mm/yy;@", True),
        ("[h]:mm:ss", True),
        ("h:mm AM/PM", True),
        ("yyyy", True),
        ("0.00", False),
        ("#,##0", False),
        ("General", False),
        ("@", False),
        ('0" дней"', False),
        ('"Дата: "0', False),
        ("[Red]0.00", False),
        ("#,##0.00\\ [$₽-419]", False),
        ("0.00E+00", False),
        ("_-* #,##0_-;-* #,##0_-", False),
    ],
)
def test_which_number_formats_are_dates(number_format, is_date):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 45000
    workbook.active["A1"].number_format = number_format
    assert read_xlsx(saved(workbook)) == [[date(2023, 3, 15) if is_date else 45000]]


def test_shared_strings_rich_text_phonetic_runs_and_escapes():
    shared = [
        "<si><t>Обычная</t></si>",
        "<si><r><rPr><b/></rPr><t>Жир</t></r><r><t xml:space='preserve'>ный </t></r><rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>",
        "<si><t>строка_x000D_\nвторая _x005F_x0041_</t></si>",
        "<si><t/></si>",
    ]
    data = package(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
        shared=shared,
    )
    assert read_xlsx(data) == [["Обычная", "Жирный ", "строка\r\nвторая _x0041_", ""]]


def test_other_cell_types_and_addressless_cells_and_rows():
    sheet = (
        '<row r="2">'
        '<c r="A2" t="inlineStr"><is><t>встроенная</t></is></c>'
        '<c r="B2" t="str"><f>A2&amp;"!"</f><v>встроенная!</v></c>'
        '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="D2" t="b"><v>1</v></c>'
        '<c r="E2" t="d"><v>2024-02-29T00:00:00</v></c>'
        '<c r="F2" t="d"><v>2024-02-29T13:45:10.6</v></c>'
        '<c r="G2"><f>1+1</f><v>2</v></c>'
        '<c r="H2" s="0"/>'
        "<c><v>3.25</v></c>"  # no address: the cell after H2
        "</row>"
        "<row><c><v>7</v></c><c/><c><v>8</v></c></row>"  # no address: row 3, A3, B3 empty, C3
        '<row r="6" ht="30" customHeight="1"/>'  # a formatted empty row at the end is not data
    )
    assert read_xlsx(package(sheet)) == [
        [],
        ["встроенная", "встроенная!", "#DIV/0!", True, date(2024, 2, 29), datetime(2024, 2, 29, 13, 45, 11), 2, None, 3.25],
        [7, None, 8],
    ]


def test_custom_date_style_from_styles_part():
    styles = (
        '<numFmts count="1"><numFmt numFmtId="170" formatCode="DD.MM.YYYY"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="170"/><xf numFmtId="4"/></cellXfs>'
    )
    sheet = '<row r="1"><c r="A1" s="1"><v>45658</v></c><c r="B1" s="2"><v>45658</v></c><c r="C1" s="1"><v>45658.75</v></c></row>'
    assert read_xlsx(package(sheet, styles=styles)) == [[date(2025, 1, 1), 45658, datetime(2025, 1, 1, 18)]]


# --- writing, checked by openpyxl ----------------------------------------------------------------------------------------


def written_workbook() -> tuple[bytes, list[list]]:
    rows = [
        ["ФИО", "Дата", "Часы", "Сдано", "Когда"],
        ["Иванова А. С.", date(2024, 3, 1), 72, True, datetime(2024, 3, 1, 14, 30)],
        ["=1+1", date(1900, 1, 1), 0.5, False, None],
        ["  пробелы  ", None, -17, None, datetime(2030, 12, 31, 23, 59, 59)],
        ["строка\r\nс переводом\tи табом", date(9999, 12, 31), 2**40, None, None],
    ]
    sheets = [
        Sheet("План/2025: [черновик]?", rows, widths=(30, 12.5, 8)),
        Sheet("План/2025: [черновик]?", [["Второй лист с тем же именем"]], header_rows=0),
        Sheet("", [["Без имени"], [1]]),
        Sheet("Очень длинное название листа, которое не влезет", [["a"]]),
    ]
    return write_xlsx(sheets), rows


def test_openpyxl_reads_back_every_value():
    data, rows = written_workbook()
    sheet = loaded(data).worksheets[0]
    for row_number, row in enumerate(rows, 1):
        for column, expected in enumerate(row, 1):
            value = sheet.cell(row_number, column).value
            if isinstance(expected, datetime):
                assert value == expected
            elif isinstance(expected, date):
                assert isinstance(value, datetime) and value.time() == datetime.min.time()
                assert value.date() == expected
            else:
                assert value == expected, (row_number, column)
    assert sheet["A3"].data_type == "s"  # "=1+1" stays text
    assert sheet["B2"].number_format == "DD.MM.YYYY"
    assert sheet["E2"].number_format == "DD.MM.YYYY HH:MM"


def test_sheet_names_are_sanitised_and_unique():
    data, _ = written_workbook()
    names = loaded(data).sheetnames
    assert names == ["План_2025_ _черновик__", "План_2025_ _черновик__ (2)", "Лист3", "Очень длинное название листа, к"]
    assert all(len(name) <= 31 for name in names)


def test_header_is_bold_frozen_and_filtered_and_widths_are_set():
    data, rows = written_workbook()
    workbook = loaded(data)
    sheet = workbook.worksheets[0]
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:E{len(rows)}"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 12.5
    assert sheet.column_dimensions["C"].width == 8
    second = workbook.worksheets[1]
    assert second.freeze_panes is None and not second.auto_filter.ref and not second["A1"].font.b
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml").decode()
    # Excel keeps an autofilter's range in this hidden name; without it Excel "repairs" nothing but loses the filter on save.
    assert (
        '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'План_2025_ _черновик__\'!$A$1:$E$5</definedName>' in book
    )
    assert book.count("_xlnm._FilterDatabase") == 2  # sheets 1 and 3 have data under a header; 2 and 4 do not


def test_two_header_rows():
    data = write_xlsx([Sheet("Т", [["Раздел"], ["Имя", "Число"], ["а", 1], ["б", 2]], header_rows=2)])
    sheet = loaded(data).active
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:B4"
    assert sheet["A1"].font.b and sheet["B2"].font.b and not sheet["A3"].font.b


def test_text_is_made_safe_for_xml_and_excel():
    long_text = "я" * 40_000
    rows = [["заголовок"], ["a\x00b\x07c\x1f\ufffe", "\ud800одинокий", long_text, "_x0041_ буквально"]]
    data = write_xlsx([Sheet("Т", rows)])
    sheet = loaded(data).active
    assert sheet["A2"].value == "a\ufffdb\ufffdc\ufffd\ufffd"
    assert sheet["B2"].value == "\ufffdодинокий"
    assert len(sheet["C2"].value) == 32_767 and sheet["C2"].value.endswith("я…")
    # Literal text that looks like Excel's _xHHHH_ escape is itself escaped, so Excel (and openpyxl) show it as typed.
    assert sheet["D2"].value == "_x0041_ буквально"
    assert read_xlsx(data)[1] == ["a\ufffdb\ufffdc\ufffd\ufffd", "\ufffdодинокий", "я" * 32_766 + "…", "_x0041_ буквально"]


def test_special_values():
    rows = [
        ["h"],
        [float("nan"), float("inf"), date(1899, 12, 31), datetime(1850, 5, 6, 7, 8), 10**400],
        [datetime(2024, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=3))), date(1900, 2, 28)],
    ]
    data = write_xlsx([Sheet("Т", rows)])
    assert read_xlsx(data) == [
        ["h"],
        ["nan", "inf", "31.12.1899", "06.05.1850 07:08", str(10**400)],
        [datetime(2024, 1, 2, 3, 4), date(1900, 2, 28)],
    ]
    assert loaded(data).active["B3"].value == datetime(1900, 2, 28)


def test_the_same_input_gives_the_same_bytes():
    first, _ = written_workbook()
    second, _ = written_workbook()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert all(b"created" not in archive.read(name).lower() for name in archive.namelist())


def test_round_trip_of_mixed_values():
    rows = [
        ["Текст", "Число", "Дробь", "Флаг", "Дата", "Момент"],
        ["Ёлка", 0, -0.125, True, date(2000, 2, 29), datetime(2000, 2, 29, 23, 59, 58)],
        [],
        [None, None, 1e300, False, None, datetime(1900, 3, 1, 0, 0, 1)],
        ["", "=A1", 12345678901234567890, None],
        [None],
    ]
    assert read_xlsx(write_xlsx([Sheet("Т", rows)])) == trimmed(rows)


def test_a_workbook_without_text_has_no_shared_strings_part():
    data = write_xlsx([Sheet("Числа", [[1, 2.5], [date(2024, 1, 1)]], header_rows=0), Sheet("Пусто", [])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "xl/sharedStrings.xml" not in archive.namelist()
        assert b"sharedStrings" not in archive.read("[Content_Types].xml") + archive.read("xl/_rels/workbook.xml.rels")
    workbook = loaded(data)
    assert workbook.sheetnames == ["Числа", "Пусто"] and workbook.active["B1"].value == 2.5
    assert read_xlsx(data) == [[1, 2.5], [date(2024, 1, 1)]]


def test_writer_refuses_what_excel_cannot_hold():
    with pytest.raises(SpreadsheetError, match="хотя бы один лист"):
        write_xlsx([])
    with pytest.raises(SpreadsheetError, match="столбцов"):
        write_xlsx([Sheet("Т", [[1] * (xlsx.MAX_COLUMNS + 1)])])
    with pytest.raises(SpreadsheetError, match="строк"):
        write_xlsx([Sheet("Т", [[]] * (xlsx.MAX_ROWS + 1))])
    with pytest.raises(TypeError, match="ячейка B1"):
        write_xlsx([Sheet("Т", [[1, object()]])])


# --- hostile and broken files ------------------------------------------------------------------------------------------


def test_not_a_zip():
    assert "не похож на книгу Excel" in rejected(b"")
    assert "не похож на книгу Excel" in rejected(bytes(range(256)) * 10)
    assert "не похож на книгу Excel" in rejected("ФИО;Дата\nИванов;01.01.2020\n".encode())


def test_old_xls_or_password_protected():
    message = rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    assert "старого формата Excel (XLS)" in message and "паролем" in message


def test_zip_without_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "нет книги Excel" in rejected(out.getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00")
    assert "XLSB" in rejected(out.getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument (ODS)" in rejected(out.getvalue())


def test_workbook_pointing_at_a_missing_sheet():
    data = rezip(package('<row r="1"><c r="A1"><v>1</v></c></row>'), lambda name, payload: None if "worksheets" in name else payload)
    assert "нет листа «Лист1»" in rejected(data)


def test_broken_xml_names_the_part():
    message = rejected(package('<row r="1"><c r="A1"><v>1</v></row>'))
    assert "xl/worksheets/sheet1.xml" in message and "не является правильным XML" in message
    broken_workbook = rezip(package(""), lambda name, payload: payload[:-5] if name == "xl/workbook.xml" else payload)
    assert "xl/workbook.xml" in rejected(broken_workbook)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&d;</t></is></c></row></sheetData></worksheet>'
)


def test_dtd_and_entities_are_refused():
    message = rejected(package("", root=BILLION_LAUGHS))
    assert "xl/worksheets/sheet1.xml" in message and "сущностей" in message
    external = f'<!DOCTYPE sst SYSTEM "http://example.invalid/x.dtd"><sst xmlns="{MAIN}"><si><t>x</t></si></sst>'
    data = rezip(
        package('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=["<si><t>x</t></si>"]),
        lambda name, payload: external.encode() if name == "xl/sharedStrings.xml" else payload,
    )
    assert "xl/sharedStrings.xml" in rejected(data)


def test_unpacked_size_is_limited(monkeypatch):
    cells = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 5001))
    data = package(cells)
    assert len(read_xlsx(data)) == 5000
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 50_000)
    assert "слишком велика" in rejected(data)


def test_a_lying_size_in_the_zip_header_is_caught():
    """The zip headers say the sheet unpacks to 1000 bytes; it unpacks to more. That is damage, not a crash."""
    data = bytearray(package("".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 2001))))
    name = b"xl/worksheets/sheet1.xml"
    # (signature, offset of the uncompressed size, of the name's length, of the name) in central and local headers
    for signature, size_at, name_length_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        header = data.find(signature)
        while header != -1:
            name_length = struct.unpack_from("<H", data, header + name_length_at)[0]
            if bytes(data[header + name_at : header + name_at + name_length]) == name:
                struct.pack_into("<I", data, header + size_at, 1000)
            header = data.find(signature, header + 4)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size == 1000
    assert "повреждена" in rejected(bytes(data))


def test_zip_bomb_compression_ratio():
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>' + " " * 3_000_000 + "</sheetData></worksheet>"
    data = package("", root=sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size / info.compress_size > xlsx.MAX_COMPRESSION_RATIO
    assert "сжата подозрительно сильно" in rejected(data)


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A0"><v>1</v></c>',
        '<c r="1A"><v>1</v></c>',
        '<c r="AAAA1"><v>1</v></c>',
        '<c r="XFE1"><v>1</v></c>',
        '<c r="B"><v>1</v></c>',
        '<c r="A-1"><v>1</v></c>',
        '<c r="A2"><v>1</v></c>',  # in row 1
        '<c r="Б1"><v>1</v></c>',
    ],
)
def test_malformed_cell_reference(cell):
    assert "адрес ячейки" in rejected(package(f'<row r="1">{cell}</row>'))


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("0", "неверный номер строки"),
        ("-1", "неверный номер строки"),
        ("x", "неверный номер строки"),
        ("1048577", "больше 1 048 576 строк"),
    ],
)
def test_malformed_or_too_large_row_number(number, says):
    assert says in rejected(package(f'<row r="{number}"><c><v>1</v></c></row>'))


def test_more_rows_than_excel_allows():
    assert "1 048 576" in rejected(package('<row r="1048576"/><row><c><v>1</v></c></row>'))


def test_shared_string_index_out_of_range():
    assert "несуществующую строку текста" in rejected(package('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', shared=[]))


def test_too_many_elements_in_a_part_read_as_a_tree(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_TREE_ELEMENTS", 100)
    styles = '<cellXfs count="200">' + "<xf/>" * 200 + "</cellXfs>"
    assert "xl/styles.xml" in rejected(package('<row r="1"><c r="A1"><v>1</v></c></row>', styles=styles))


def test_too_many_cells(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 1000)
    assert "слишком много ячеек" in rejected(package('<row r="1"><c r="XFD1"><v>1</v></c></row>'))


# --- properties ----------------------------------------------------------------------------------------------------------

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(cell_values, max_size=6), max_size=8), st.integers(0, 2))
def test_any_rows_round_trip(rows, header_rows):
    expected = [[xml_safe(value) if isinstance(value, str) else value for value in row] for row in rows]
    back = read_xlsx(write_xlsx([Sheet("Данные", rows, header_rows=header_rows)]))
    assert back == trimmed(expected)
    for row_back, row_expected in zip(back, trimmed(expected), strict=True):
        for value, want in zip(row_back, row_expected, strict=True):
            assert isinstance(value, bool) == isinstance(want, bool)
            assert isinstance(value, str) == isinstance(want, str)
            assert isinstance(value, date) == isinstance(want, date)


SAMPLE = package(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1" t="inlineStr"><is><t>в</t></is></c></row>'
    '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3"><v>2.5</v></c></row>',
    shared=["<si><t>текст</t></si>"],
    styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_parts_give_only_spreadsheet_errors(data):
    """Whatever happens to a part's bytes, the reader either reads something or says the file is damaged."""
    part = data.draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]))
    with zipfile.ZipFile(io.BytesIO(SAMPLE)) as archive:
        original = archive.read(part)
    position = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(st.binary(max_size=12) | st.sampled_from([b"<", b">", b'"', b"&", b"</c>", b"<row>", b'r="', b"\xff", b"\x00"]))
    damaged = original[:position] + insert + original[position + cut :]
    try:
        rows = read_xlsx(rezip(SAMPLE, lambda name, payload: damaged if name == part else payload))
    except SpreadsheetError as exc:
        assert CYRILLIC.search(str(exc))
    else:
        assert isinstance(rows, list) and all(isinstance(row, list) for row in rows)


def test_sample_reads_as_intended():
    assert read_xlsx(SAMPLE) == [["текст", date(2023, 3, 15), "в"], [], [True, 2.5]]


def test_corrupted_zip_data():
    data = bytearray(SAMPLE)
    start = data.find(b"PK\x03\x04", 100) + 40  # inside the second part's compressed data
    data[start : start + 30] = bytes(30)
    assert "повреждена" in rejected(bytes(data))
