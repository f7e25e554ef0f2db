"""The planning page in Chromium: a real upload, the same plan and files as the command, nothing sent anywhere."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import pytest

from calculator.planning import plan_csv, plan_file, plan_xlsx
from tests.browser.helpers import HOSTILE, goto, run_axe
from tests.planning.conftest import RYAZAN_2011, staff_rows, to_csv, to_xlsx_like_excel

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page, Request

PLAN_TIMEOUT_MS = 120_000  # the runtime's first load plus the plan, on a slow machine


class Traffic:
    """Every request the page makes from the moment the file is chosen: method, URL and body."""

    def __init__(self, page: Page) -> None:
        self.seen: list[tuple[str, str, bytes | None]] = []
        page.on("request", self.record)

    def record(self, request: Request) -> None:
        self.seen.append((request.method, request.url, request.post_data_buffer))


def _upload(page: Page, path: Path, jurisdiction: str = "ryazan", year: str = "2011") -> None:
    page.select_option("#kb-plan-jurisdiction", jurisdiction)
    page.fill("#kb-plan-year", year)
    page.set_input_files("#kb-plan-file", str(path))
    page.click("#kb-plan-submit")


def _wait_done(page: Page) -> None:
    page.wait_for_selector("[data-kb-plan][data-state='done']", timeout=PLAN_TIMEOUT_MS)


def test_an_uploaded_csv_gives_the_commands_plan_and_files_and_sends_nothing(page, tmp_path):
    goto(page, "plan/")
    traffic = Traffic(page)
    _upload(page, RYAZAN_2011)
    _wait_done(page)
    expected = plan_file(RYAZAN_2011.read_bytes(), RYAZAN_2011.name, "ryazan", 2011)

    answer = page.locator("#kb-plan-answer")
    assert "План обучения на 2011 год" in answer.inner_text()
    counts = dict(
        zip(answer.locator(".kb-plan__counts dt").all_inner_texts(), answer.locator(".kb-plan__counts dd").all_inner_texts(), strict=True)
    )
    assert (counts["Строк в списке"], counts["Не прочитано (см. ниже)"], counts["Включены в план"]) == ("11", "3", "3")
    skipped = page.locator("#kb-plan-skipped + p + div tbody tr").all_inner_texts()
    assert [row.split("\t")[:3] for row in skipped] == [
        ["7", "Последнее повышение квалификации", "31.02.2010"],
        ["11", "Сейчас обучается по профилю", "может быть"],
        ["13", "", ""],
    ]
    people = page.locator(".kb-plan__people tbody tr").all_inner_texts()
    assert people[0].startswith("3\tПетров Сергей Иванович")  # the candidate for promotion first (8.5)
    priority_link = page.locator(".kb-plan__people tbody tr").first.locator("a", has_text="п. 8.5")
    assert "acts/ryazan-132-i/#p-8.5" in (priority_link.first.get_attribute("href") or "")

    downloads = {}
    for kind in ("xlsx", "csv"):
        with page.expect_download() as info:
            page.click(f"#kb-plan-tools [data-action='{kind}']")
        target = tmp_path / f"plan.{kind}"
        info.value.save_as(target)
        downloads[kind] = target.read_bytes()
        assert info.value.suggested_filename == f"план-ryazan-2011.{kind}"
    assert downloads["xlsx"] == plan_xlsx(expected)
    assert downloads["csv"] == plan_csv(expected)

    # The file's content went nowhere: after choosing it, only GETs of the site's own files, none with a body,
    # none carrying anything from the list.
    for method, url, body in traffic.seen:
        assert method == "GET" and body is None, (method, url)
        for secret in ("Петров", "%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2", "0002", "16.05.2008"):
            assert secret not in url, url


def test_the_script_interface_gives_exactly_the_commands_plan(page):
    goto(page, "plan/")
    page.evaluate("() => window.kbCalculator.ready()")
    data = list(RYAZAN_2011.read_bytes())
    in_browser = page.evaluate(
        "async (bytes) => window.kbCalculator.plan(new Uint8Array(bytes).buffer, {filename: 'ryazan-2011.csv', jurisdiction: 'ryazan', year: 2011})",
        data,
    )
    expected = json.loads(json.dumps(plan_file(RYAZAN_2011.read_bytes(), "ryazan-2011.csv", "ryazan", 2011)))
    assert in_browser.pop("people_total") == len(expected["people"])
    assert in_browser == expected


def test_an_excel_workbook_uploads_as_well(page, tmp_path):
    workbook = tmp_path / "сотрудники.xlsx"
    workbook.write_bytes(to_xlsx_like_excel(staff_rows()))
    goto(page, "plan/")
    _upload(page, workbook)
    _wait_done(page)
    people = page.locator(".kb-plan__people tbody tr").all_inner_texts()
    expected = plan_file(workbook.read_bytes(), workbook.name, "ryazan", 2011)
    assert [row.split("\t")[0] for row in people] == [str(p["row"]) for p in expected["people"]]


def test_a_large_list_shows_progress_and_the_page_stays_responsive(page, tmp_path):
    rows = [["ФИО", "Начало муниципальной службы", "Последнее повышение квалификации"]]
    rows += [[f"Служащий {i}", "01.02.2005", f"{1 + i % 28:02d}.{1 + i % 12:02d}.2009"] for i in range(6000)]
    big = tmp_path / "big.csv"
    big.write_bytes(to_csv(rows))
    goto(page, "plan/")
    page.evaluate("() => window.kbCalculator.ready()")
    # Record every progress value the page shows, and count the page's own timer ticks while planning.
    page.evaluate(
        """() => {
          window.__progress = []; window.__ticks = 0;
          const bar = document.querySelector('#kb-plan-status progress');
          new MutationObserver(() => window.__progress.push([Number(bar.value), Number(bar.max)])).observe(bar, {attributes: true});
          window.__timer = setInterval(() => { if (document.querySelector('[data-kb-plan]').dataset.state === 'running') window.__ticks++; }, 20);
        }"""
    )
    _upload(page, big, jurisdiction="russia")
    _wait_done(page)
    progress = [p for p in page.evaluate("() => window.__progress") if p[1] == 6000]
    values = [done for done, _ in progress]
    assert values == sorted(values) and values[-1] == 6000 and len(set(values)) >= 5, values
    assert page.evaluate("() => window.__ticks") > 0  # the main thread ran its timer while the worker planned
    assert "Показаны первые 200 из 6000" in page.locator("#kb-plan-answer").inner_text()


@pytest.mark.allow_console_errors  # nothing is expected, but a refused file must not count as a page failure
def test_a_file_that_cannot_be_read_is_explained_by_the_field(page, tmp_path):
    goto(page, "plan/")
    page.click("#kb-plan-submit")
    assert page.locator("#kb-plan-file-error").inner_text() == "Выберите файл со списком сотрудников (CSV или XLSX)."
    for year in ("11", "2200"):  # not four digits; beyond the years the calculator accepts
        page.fill("#kb-plan-year", year)
        page.click("#kb-plan-submit")
        assert page.locator("#kb-plan-year-error").inner_text() == "Укажите плановый год четырьмя цифрами, с 1901 по 2199, например 2011."
    junk = tmp_path / "list.csv"
    junk.write_bytes("Имя;Фамилия\nА;Б\n".encode())
    _upload(page, junk)
    page.wait_for_selector("[data-kb-plan][data-state='error']", timeout=PLAN_TIMEOUT_MS)
    message = page.locator("#kb-plan-file-error").inner_text()
    assert message.startswith("Не найдена строка заголовков")
    assert page.locator("#kb-plan-errors").is_visible()


def test_markup_in_an_uploaded_list_is_shown_as_text(page, tmp_path):
    """Each hostile string as a name, a position, an unreadable date (shown back in «not read») and a
    column header: all appear as text, no element is created and no script runs."""
    values = [value for _, value, _ in HOSTILE if value is not None and len(value) < 1000]
    header = ["ФИО", "Должность", "Начало муниципальной службы", values[0]]
    rows = [header]
    for number, value in enumerate(values):
        rows.append([value, value, "01.01.2000", "x"])  # read: name and position are free text
        rows.append([f"Сотрудник {number}", "Специалист", value, "x"])  # not read: the date is shown back
    path = tmp_path / "hostile.csv"
    path.write_bytes(to_csv(rows))
    goto(page, "plan/")
    _upload(page, path, jurisdiction="russia", year="2003")
    _wait_done(page)
    answer = page.locator("#kb-plan-answer")
    people, text = answer.locator(".kb-plan__people").inner_text(), answer.inner_text()
    for value in values:
        assert value in people  # the name, as typed
        assert value in text  # and the date cell, in the table of rows not read
    assert answer.locator("img, script, svg, iframe, a[href^='javascript:']").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_the_summary_prints_without_the_form_and_the_people(page):
    goto(page, "plan/")
    _upload(page, RYAZAN_2011)
    _wait_done(page)
    page.emulate_media(media="print")
    assert not page.locator("#kb-plan-form").is_visible()
    assert not page.locator(".kb-plan__people").is_visible()
    assert page.locator(".kb-plan__counts").is_visible()


def test_the_planning_page_with_a_plan_has_no_serious_accessibility_violations(page):
    goto(page, "plan/")
    _upload(page, RYAZAN_2011)
    _wait_done(page)
    time.sleep(0.2)
    violations = run_axe(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)[:2000]


def test_the_templates_download_from_the_site_and_plan_cleanly(page, tmp_path):
    goto(page, "plan/")
    for link in ("XLSX", "CSV"):
        with page.expect_download() as info:
            page.click(f".kb-plan__templates a:text('{link}')")
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        plan = plan_file(target.read_bytes(), target.name, "ryazan", 2011)
        assert plan["skipped"] == [] and plan["summary"]["rows"] == 2
