"""WCAG 2.1 AA with axe-core on the kinds of page people use, in both colour schemes; clean printing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import KNOWN_THEME_VIOLATIONS, format_violations, goto, run_axe, search, split_known

PAGES = {
    "front": "",
    "act": "acts/ryazan-132-i/",
    "rule": "rules/ryazan/upgrade_document/",
    "jurisdiction": "jurisdictions/ryazan/",
    "comparison": "compare/",
    "facts": "reference/facts/",
    "guide": "guides/check-yourself/",
}


def _assert_clean(page, scheme: str) -> None:
    violations, _known = split_known(run_axe(page), KNOWN_THEME_VIOLATIONS[scheme])
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violations(page, name, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, PAGES[name])
    _assert_clean(page, scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_with_results_has_no_serious_accessibility_violations(page, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, "")
    assert search(page, "повышение квалификации", limit=3)
    _assert_clean(page, scheme)


def test_an_act_prints_as_a_document(page):
    goto(page, "acts/ryazan-132-i/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-content__button"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
    assert page.locator("#p-5\\.2").is_visible()
    text = page.locator("article").inner_text()
    assert "Повышение квалификации осуществляется в целях" in text
    assert "¶" not in text  # permalink signs are screen-only


def test_keyboard_reaches_a_clause_link_and_follows_it(page, site_server):
    """Tab through a rule page to its first citation and open it with Enter: the act opens at the clause."""
    goto(page, "rules/ryazan/upgrade_document/")
    target = page.locator('article a[href*="acts/ryazan-132-i/#p-5.2"]').first
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("ссылка на п. 5.2 недостижима с клавиатуры")
    page.keyboard.press("Enter")
    page.wait_for_url("**/acts/ryazan-132-i/#p-5.2")
    expect(page.locator("#p-5\\.2")).to_be_in_viewport()
