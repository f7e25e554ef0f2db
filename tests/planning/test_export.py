"""The plan's files (CSV, XLSX), its summary, the template, the command line and the browser's entry point."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from calculator import browser
from calculator.planning import plan_csv, plan_file, plan_text, plan_xlsx, template_csv, template_xlsx
from calculator.planning.export import PLAN_HEADERS
from tests.planning.conftest import RYAZAN_2011, to_csv

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan(ryazan_csv: bytes) -> dict:
    return plan_file(ryazan_csv, "ryazan-2011.csv", "ryazan", 2011)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 Cyrillic
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def test_csv_has_a_row_per_duty_and_per_person_left_out_and_keeps_unread_rows(plan):
    header, *rows = _csv_rows(plan_csv(plan))
    assert tuple(header) == PLAN_HEADERS
    column = {name: i for i, name in enumerate(header)}
    duties = sum(max(1, len(p["trainings"])) for p in plan["people"])
    assert len(rows) == duties + len(plan["skipped"])
    petrov = [r for r in rows if r[column["ФИО"]] == "Петров Сергей Иванович"]
    assert {r[column["Основание"]] for r in petrov} == {
        "периодическое (не реже одного раза в три года)",
        "назначение на должность иной группы",
    }
    assert {r[column["Очерёдность"]] for r in petrov} == {"в первую очередь"}
    periodic = next(r for r in petrov if r[column["Основание"]].startswith("периодическое"))
    assert periodic[column["Пройти не позднее"]] == "16.05.2011"
    assert "п. 5.1" in periodic[column["Нормы"]] and "п. 8.5" in periodic[column["Нормы"]]
    sidorova = next(r for r in rows if r[column["ФИО"]] == "Сидорова Анна Сергеевна")
    assert sidorova[column["Не включается в расчёт"]] == "обучается по профилю специальности"
    assert "п. 8.6" in sidorova[column["Нормы"]]
    unread = [r for r in rows if r[column["Решение"]] == "строка не прочитана"]
    assert [(r[0], "31.02.2010" in r[column["Примечание"]]) for r in unread] == [("7", True), ("11", False), ("13", False)]
    assert "Сейчас обучается по профилю" in unread[1][column["Примечание"]]


def test_xlsx_holds_the_same_table_with_real_dates_a_summary_and_the_unread_rows(plan):
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan)))
    assert book.sheetnames == ["План", "Сводка", "Не прочитаны"]
    table = [list(row) for row in book["План"].iter_rows(values_only=True)]
    csv_rows = _csv_rows(plan_csv(plan))
    assert len(table) == len(csv_rows)

    def shown(value: object) -> str:
        if isinstance(value, datetime):
            return f"{value:%d.%m.%Y}"
        return "" if value is None else str(value)

    assert [[shown(v) for v in row] for row in table] == [[v.lstrip("'") for v in row] for row in csv_rows]
    deadline = table[0].index("Пройти не позднее")
    assert any(isinstance(row[deadline], datetime) and row[deadline].date() == date(2011, 5, 16) for row in table[1:])
    assert book["План"]["A1"].font.b
    summary = [row[0] for row in book["Сводка"].iter_rows(values_only=True) if row[0]]
    assert summary == [line for line in plan_text(plan).splitlines() if line]
    unread = list(book["Не прочитаны"].iter_rows(values_only=True))
    assert unread[1][:3] == (7, "Последнее повышение квалификации", "31.02.2010")


def test_files_are_the_same_bytes_for_the_same_plan(plan, ryazan_csv):
    again = plan_file(ryazan_csv, "ryazan-2011.csv", "ryazan", 2011)
    assert plan_xlsx(again) == plan_xlsx(plan)
    assert plan_csv(again) == plan_csv(plan)


def test_summary_text_names_counts_groups_calendar_and_unread_rows(plan):
    text = plan_text(plan)
    assert text.startswith("План обучения на 2011 год — Город Рязань")
    assert "Строк в списке: 11; рассчитано: 8; не прочитано: 3." in text
    assert "повышение квалификации — 2 чел.; учебных групп: 1 (не более 6 чел. в группе" in text
    assert "до 15.09.2010 — заявка кадрового подразделения" in text
    assert "строка 7, столбец «Последнее повышение квалификации»: такой даты нет в календаре" in text


def test_text_that_looks_like_a_formula_stays_text_in_csv():
    rows = [["ФИО", "Должность", "Начало муниципальной службы"], ['=HYPERLINK("http://x","y")', "+7 отдел", "01.01.2000"]]
    plan = plan_file(to_csv(rows), "t.csv", "russia", 2011)
    header, first, *_ = _csv_rows(plan_csv(plan))
    assert first[header.index("ФИО")] == '\'=HYPERLINK("http://x","y")'
    assert first[header.index("Должность")] == "'+7 отдел"
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan)))
    cell = book["План"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_is_a_staff_list_the_plan_reads(kind):
    data = template_csv() if kind == "csv" else template_xlsx()
    plan = plan_file(data, f"template.{kind}", "ryazan", 2011)
    assert plan["skipped"] == []
    assert [p["name"] for p in plan["people"] if p["status"] == "planned"] == ["Петров Сергей Иванович", "Иванова Мария Петровна"]
    assert not any("не распознаны" in n for n in plan["file"]["notices"])
    assert not any("нет столбцов" in n for n in plan["file"]["notices"])  # the template has every column the rules read


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, input=stdin, capture_output=True, check=False)


def test_command_prints_the_summary_and_writes_each_format(tmp_path, plan):
    done = _run("plan", str(RYAZAN_2011), "--jurisdiction", "ryazan", "--year", "2011", "-o", str(tmp_path / "plan.xlsx"))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith(plan_text(plan))
    assert (tmp_path / "plan.xlsx").read_bytes() == plan_xlsx(plan)
    assert _run("plan", str(RYAZAN_2011), "--jurisdiction", "ryazan", "--year", "2011", "-o", str(tmp_path / "p.csv")).returncode == 0
    assert (tmp_path / "p.csv").read_bytes() == plan_csv(plan)
    as_json = _run("plan", "-", "--jurisdiction", "ryazan", "--year", "2011", "--format", "json", stdin=RYAZAN_2011.read_bytes())
    assert json.loads(as_json.stdout) == json.loads(json.dumps(plan))
    assert "-: строка 7, столбец «Последнее повышение квалификации»" in as_json.stderr.decode()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["plan", "nowhere.csv", "--jurisdiction", "ryazan", "--year", "2011"], "не найден"),
        (["plan", str(RYAZAN_2011), "--jurisdiction", "atlantis", "--year", "2011"], "jurisdiction: неизвестная юрисдикция"),
        (["plan", str(RYAZAN_2011), "--jurisdiction", "ryazan", "--year", "следующий"], "year: ожидается плановый год"),
        (["plan", str(RYAZAN_2011), "--jurisdiction", "ryazan"], "не хватает: --year"),
        (["plan", str(RYAZAN_2011), "--jurisdiction", "ryazan", "--year", "2011", "-o", "plan.pdf"], ".xlsx, .csv или .json"),
        (["plan", "--template", "t.txt"], ".xlsx или .csv"),
    ],
)
def test_command_refuses_with_a_russian_message_and_exit_2(args, words):
    done = _run(*args)
    assert done.returncode == 2
    assert done.stdout == b""
    assert words in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_command_writes_the_template(tmp_path):
    assert _run("plan", "--template", str(tmp_path / "t.xlsx")).returncode == 0
    assert (tmp_path / "t.xlsx").read_bytes() == template_xlsx()


def test_browser_entry_gives_the_commands_plan_and_its_files(tmp_path, plan):
    staff = tmp_path / "staff"
    staff.write_bytes(RYAZAN_2011.read_bytes())
    seen = []
    request = {"filename": "ryazan-2011.csv", "jurisdiction": "ryazan", "year": 2011, "preview": 2}
    reply = json.loads(browser.plan(str(staff), json.dumps(request), lambda done, total: seen.append((done, total))))
    view = reply["plan"]
    assert view["people_total"] == len(plan["people"]) and view["people"] == plan["people"][:2]
    assert {k: v for k, v in view.items() if k not in ("people", "people_total")} == {k: v for k, v in plan.items() if k != "people"}
    assert seen == [(8, 8)]
    assert browser.plan_export("xlsx", str(tmp_path / "p.xlsx")) == len(plan_xlsx(plan))
    assert (tmp_path / "p.xlsx").read_bytes() == plan_xlsx(plan)
    assert browser.plan_export("csv", str(tmp_path / "p.csv")) > 0
    assert (tmp_path / "p.csv").read_bytes() == plan_csv(plan)
    full = json.loads(browser.plan(str(staff), json.dumps(request | {"preview": None})))
    assert full["plan"]["people"] == plan["people"]


def test_browser_entry_answers_a_bad_file_with_the_message_and_forgets_the_last_plan(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"")
    reply = json.loads(browser.plan(str(bad), json.dumps({"filename": "x.csv", "jurisdiction": "ryazan", "year": 2011})))
    assert reply == {"error": "Файл пуст: в нём нет ни заголовков, ни строк."}
    assert browser.plan_export("xlsx", str(tmp_path / "p.xlsx")) == 0


def test_command_says_when_it_cannot_write_the_file(tmp_path):
    done = _run("plan", str(RYAZAN_2011), "--jurisdiction", "ryazan", "--year", "2011", "-o", str(tmp_path / "нет" / "plan.xlsx"))
    assert done.returncode == 2 and "не записан" in done.stderr.decode() and "Traceback" not in done.stderr.decode()
    done = _run("plan", "--template", str(tmp_path / "нет" / "t.csv"))
    assert done.returncode == 2 and "не записан" in done.stderr.decode()
