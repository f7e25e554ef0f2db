"""The built site in a real browser: front page, accessibility, print, instant navigation, search."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

import pytest

from tests.browser.helpers import KNOWN_THEME_VIOLATIONS, format_violations, goto, run_axe, search, split_known

# Chrome that must not be printed: header, both navigation sidebars, footer.
PRINT_HIDDEN = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer")


def test_front_page_loads_under_sub_path(page, site_server, page_log):
    goto(page, "")
    assert page.url == site_server
    assert "Обучение муниципальных служащих" in page.title()
    assert page.locator("article h1").first.inner_text().removesuffix("¶").strip() == "Обучение муниципальных служащих"
    # Styles and scripts came from the sub-path (a wrong base would 404 and log console errors).
    assert any(url.startswith(site_server + "assets/") for url in page_log.requests)
    # The fixture checks after the test that nothing left the origin and nothing was logged as an error.


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_front_page_has_no_serious_accessibility_violations(page, scheme):
    page.emulate_media(color_scheme=scheme)  # the palette follows prefers-color-scheme
    goto(page, "")
    violations, known = split_known(run_axe(page), KNOWN_THEME_VIOLATIONS[scheme])
    assert not violations, format_violations(violations)
    stale = KNOWN_THEME_VIOLATIONS[scheme] - known
    assert not stale, f"известные нарушения больше не находятся, уберите их из KNOWN_THEME_VIOLATIONS: {sorted(stale)}"


def test_print_hides_header_navigation_and_footer(page):
    goto(page, "")
    for selector in PRINT_HIDDEN:  # visible on a 1280 px screen, so the print check means something
        assert page.locator(selector).first.is_visible(), f"{selector} is not visible on screen"
    page.emulate_media(media="print")
    for selector in PRINT_HIDDEN:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("article h1").first.is_visible()


def test_instant_navigation_keeps_the_document(page, site_server):
    """Material loads internal pages without reloading the document, but only when the site was
    built for the URL it is served under (site_url); otherwise every click is a full reload."""
    goto(page, "")
    here = urldefrag(page.url).url
    target = None
    for link in page.locator("a.md-nav__link").all():
        href = link.get_attribute("href")
        if href is None or not link.is_visible():
            continue
        url = urldefrag(urljoin(page.url, href)).url
        if url.startswith(site_server) and url != here:
            target = (link, url)
            break
    if target is None:
        pytest.skip("в навигации нет ссылки на другую страницу сайта (пока на сайте одна страница)")
    link, url = target
    page.evaluate("() => { window.__marker = 1; }")
    link.click()
    page.wait_for_url(url)
    page.wait_for_load_state()
    assert page.evaluate("() => window.__marker") == 1, "переход по ссылке перезагрузил документ (instant navigation не сработала)"


def test_search_finds_the_front_page(search_page, site_server):
    results = search(search_page, "квалификации")
    assert results, "поиск ничего не нашёл"
    pages = [r for r in results if r["kind"] == "page"]
    assert any(r["path"] == "" for r in pages), results
    assert all(r["href"].startswith(site_server) for r in results)


def test_search_again_on_the_same_page_gives_the_new_results(search_page):
    assert search(search_page, "zzzqqq") == []
    assert any(r["path"] == "" for r in search(search_page, "квалификации"))
