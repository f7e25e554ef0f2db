"""The Content-Security-Policy in force: the site works under it, and a script it did not allow does not run."""

from __future__ import annotations

import re

from tests.browser.helpers import goto, search
from tests.browser.test_plan import _upload, _wait_done
from tests.planning.conftest import RYAZAN_2011


def test_every_part_of_the_site_works_under_its_policy(strict_page, page_log):
    page = strict_page
    goto(page, "")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "object-src 'none'" in policy
    assert search(page, "повышение квалификации")  # the search worker runs
    page.click("a[href$='calculator/']")  # instant navigation to the calculator
    page.wait_for_selector("[data-kb-calculator][data-state='answered']", timeout=120_000)
    page.click("a[href$='plan/']")
    _upload(page, RYAZAN_2011)
    _wait_done(page)  # the worker, Pyodide and the plan, all under the policy
    with page.expect_download() as info:
        page.click("#kb-plan-tools [data-action='xlsx']")
    assert info.value.suggested_filename.endswith(".xlsx")
    assert not [e for e in page_log.console_errors if re.search("Content Security Policy", e)]


def test_a_script_the_policy_did_not_allow_does_not_run(strict_page, page_log):
    page_log.allow_console_errors("Content Security Policy")
    goto(strict_page, "acts/ryazan-132-i/")
    ran = strict_page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = 'window.__injected = 1';
          document.head.append(script);
          return window.__injected === 1;
        }"""
    )
    assert ran is False
    assert any("Content Security Policy" in e for e in page_log.console_errors)
