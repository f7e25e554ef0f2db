"""When the calculator cannot load, the page says so in Russian with what to do, and the knowledge base still works."""

from __future__ import annotations

import pytest

from tests.browser.helpers import goto, search

FAILED = "[data-kb-calculator][data-state='failed']"
TIMEOUT_MS = 60_000


def _status(page) -> str:
    return page.locator("#kb-calc-status .kb-calc__status-text").inner_text()


@pytest.mark.allow_console_errors  # the browser reports the missing file, the engine the detail
@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("**/assets/pyodide/pyodide.asm.wasm*", "не удалось загрузить среду Python"),
        ("**/assets/pyodide/python_stdlib.zip*", "не удалось загрузить среду Python"),
        ("**/assets/kb/*.whl*", "не удалось загрузить файл калькулятора с правилами"),
    ],
    ids=["runtime-wasm-404", "stdlib-404", "wheel-404"],
)
def test_a_missing_file_is_said_in_russian_and_the_site_still_works(page, pattern, reason):
    page.route(pattern, lambda route: route.fulfill(status=404, body="not found"))
    goto(page, "calculator/")
    page.wait_for_selector(FAILED, timeout=TIMEOUT_MS)
    status = _status(page)
    assert status.startswith("Калькулятор не загрузился") and reason in status
    assert "Обновите страницу" in status and "доступны и без калькулятора" in status
    # The knowledge base does not depend on the calculator: pages, links and search work.
    page.click("a[href$='acts/']")
    page.wait_for_url("**/acts/")
    assert search(page, "переподготовка")
    # The planning page says the same instead of waiting for ever.
    goto(page, "plan/")
    page.wait_for_selector("[data-kb-plan][data-state='failed']", timeout=TIMEOUT_MS)
    assert "Калькулятор не загрузился" in page.locator("#kb-plan-status").inner_text()


@pytest.mark.allow_console_errors
def test_a_browser_without_webassembly_gets_advice_not_a_spinner(page):
    page.add_init_script("delete window.WebAssembly")
    goto(page, "calculator/")
    page.wait_for_selector(FAILED, timeout=TIMEOUT_MS)
    status = _status(page)
    assert "не поддерживает" in status and "современном браузере" in status


@pytest.mark.allow_console_errors
def test_a_crashing_worker_is_reported_and_waiting_requests_are_answered(page):
    page.route(
        "**/assets/kb/calculator-worker.mjs*",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body='throw new Error("сбой при запуске");'),
    )
    goto(page, "calculator/")
    page.wait_for_selector(FAILED, timeout=TIMEOUT_MS)
    assert "вычисления в фоне прервались" in _status(page)
    message = page.evaluate("() => window.kbCalculator.evaluate({}, 'ryazan', '2010-06-01').then(() => 'answered', e => e.message)")
    assert message.startswith("Калькулятор не загрузился")
