"""Helpers for browser tests against the built site: navigation, axe-core, Material's search.

Every function takes the Playwright ``Page`` given by the ``page`` fixture (see conftest.py),
whose context has ``base_url`` set to the served site, e.g. ``http://127.0.0.1:PORT/kb-test/``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The sub-path the test server serves the site under (as on GitHub Pages: /<repo>/).
SITE_PREFIX = "/kb-test/"

# WCAG 2.0 and 2.1, levels A and AA.
# (id, the value as the reader would get it, the text put into the fragment). Most are put in
# percent-encoded, as `share()` writes them; the broken encodings go in raw.
LONG = "<img src=x onerror=window.__pwned=7>" * 2000  # 72 000 characters
HOSTILE = [
    ("script", "<script>window.__pwned=1</script>", None),
    ("img-onerror", "<img src=x onerror=window.__pwned=2>", None),
    ("javascript-url", "javascript:window.__pwned=3", None),
    ("attribute-break", '"><svg onload=window.__pwned=4>', None),
    ("quotes-iframe", "'\"><iframe srcdoc='<script>parent.__pwned=5</script>'></iframe><img src=x onerror=alert(5)>", None),
    ("selector-break", '"]{}*{x:"); window.__pwned=6; //\\', None),
    ("very-long", LONG, None),
    ("broken-encoding", None, "%E0%A4%A"),
    ("broken-encoded-markup", None, "%3Cimg%20src=x%20onerror=window.__pwned=8%3E%ZZ%E0%"),
]

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")


def goto(page: Page, path: str = "") -> None:
    """Open ``path`` relative to the site root ("" is the front page, "acts/ryazan/" another page).

    A leading "/" would leave the sub-path the site is served under, so it is refused.
    Fails unless the server answered 2xx.
    """
    if path.startswith("/") or urlsplit(path).scheme:
        raise ValueError(f"goto() takes a path relative to the site root, without a leading '/': {path!r}")
    response = page.goto(path)
    assert response is not None, f"no response for {path!r}"
    assert response.ok, f"{response.url}: HTTP {response.status}"


def site_path(page: Page, url: str) -> str:
    """``url`` (absolute or relative to the current page) as a path relative to the site root.

    ``http://127.0.0.1:PORT/kb-test/acts/ryazan/#p-4`` -> ``acts/ryazan/#p-4``; the front page is "".
    """
    absolute = urljoin(page.url, url)
    base = _base_url(page)
    assert absolute.startswith(base), f"{absolute} is outside the site {base}"
    return absolute[len(base) :]


def _base_url(page: Page) -> str:
    parts = urlsplit(page.url)
    return f"{parts.scheme}://{parts.netloc}{SITE_PREFIX}"


# --- accessibility ----------------------------------------------------------------------------


def run_axe(page: Page, *, tags: tuple[str, ...] = WCAG_TAGS, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the current page; return the violations whose impact is in ``impacts``.

    Each violation: ``{"id", "impact", "help", "nodes": [{"target", "html", "summary"}]}``.
    axe is injected from node_modules (``npm ci``, done by scripts/setup.sh) as a script tag;
    contexts are created with ``bypass_csp=True``, so a Content-Security-Policy meta does not
    block it. It stays loaded across Material's instant navigation, so calling this again after
    a click re-uses it. Use ``format_violations`` for an assertion message.
    """
    assert AXE_JS.is_file(), f"{AXE_JS} не найден: выполните bash scripts/setup.sh (npm ci)"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    # Colours are measured as painted: a fade-in still running (Material's search results) would
    # read as too little contrast. Finite transitions and animations are let finish first.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => {})))"""
    )
    violations = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }));
        }""",
        list(tags),
    )
    return [v for v in violations if v["impact"] in impacts]


def format_violations(violations: list[dict]) -> str:
    """A readable list of axe violations: rule id, impact, help text, and each offending element."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


# Violations of the stock theme that the site tolerates, per colour scheme, as (axe rule id, element).
# None today: kb_site/assets/kb.css fixes the two found in mkdocs-material 9.8.1 (the footer's
# «Made with Material» at 4.47:1, code token colours in the dark scheme). A test also fails when
# an entry no longer occurs, so this list cannot go stale.
KNOWN_THEME_VIOLATIONS: dict[str, set[tuple[str, str]]] = {"light": set(), "dark": set()}


def split_known(violations: list[dict], known: set[tuple[str, str]]) -> tuple[list[dict], set[tuple[str, str]]]:
    """Violations minus the known (rule, element) pairs, and which known pairs occurred."""
    rest, seen = [], set()
    for v in violations:
        nodes = []
        for node in v["nodes"]:
            key = (v["id"], " ".join(map(str, node["target"])))
            if key in known:
                seen.add(key)
            else:
                nodes.append(node)
        if nodes:
            rest.append({**v, "nodes": nodes})
    return rest, seen


# --- Material search --------------------------------------------------------------------------


class SearchResult(TypedDict):
    title: str  # heading shown in the result (highlighting removed)
    href: str  # absolute URL of the link
    path: str  # href relative to the site root: "" is the front page, "acts/x/#p-4" a section
    kind: str  # "page" (the page's own entry) or "section" (a heading on that page)
    group: int  # 0-based position of the page's group in the result list
    more: bool  # True if folded away under "Ещё N на этой странице"
    score: float  # Material's score after its boosts (data-md-score)


_COLLECT_JS = """() => {
    const items = document.querySelectorAll(".md-search-result__list > .md-search-result__item");
    return [...items].flatMap((item, group) =>
        [...item.querySelectorAll("a.md-search-result__link")].map(link => {
            const article = link.querySelector(".md-search-result__article");
            const heading = article.querySelector("h1, h2");
            return {
                title: heading ? heading.textContent.trim() : "",
                href: link.href,
                kind: heading && heading.tagName === "H1" ? "page" : "section",
                group,
                more: link.closest("details.md-search-result__more") !== null,
                score: parseFloat(article.dataset.mdScore || "0"),
            };
        }));
}"""

# Material renders more results when the list's scroll position crosses into its last 16 px,
# checked once per animation frame and only on a change: so leave the end, then come back to it.
_SCROLL_JS = """async ([want, timeoutMs]) => {
    const wrap = document.querySelector(".md-search__scrollwrap");
    const list = document.querySelector(".md-search-result__list");
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    const deadline = performance.now() + timeoutMs;
    while (list.children.length < want && performance.now() < deadline) {
        const before = list.children.length;
        wrap.scrollTop = 0;
        await frame(); await frame();
        wrap.scrollTop = wrap.scrollHeight;
        await frame(); await frame();
        for (let i = 0; i < 30 && list.children.length === before; i++) await frame();
    }
    wrap.scrollTop = 0;
    return list.children.length;
}"""
_META = ".md-search-result__meta"
# Material's Russian texts of the result counter (theme.language: ru in mkdocs.yml).
SEARCH_INITIALIZER = "Инициализация поиска"
SEARCH_PLACEHOLDER = "Начните печатать для поиска"
_INPUT = "input.md-search__input"


def search(page: Page, query: str, *, limit: int | None = None, timeout: float = 20_000) -> list[SearchResult]:
    """Type ``query`` into Material's search on the current page and return every result, in order.

    How Material ranks, and how that maps to this list:

    * lunr scores every indexed entry: each page and each of its headings (section) is one entry.
      Material multiplies the score by ``1 + boost**2``, where ``boost`` is 1 for a page's own
      entry (0 for a section) plus the share of query words the entry contains, then groups the
      entries by page. Groups are ordered by their best-scoring entry: ``group`` 0 is the best page.
    * One group is one ``.md-search-result__item``. Its first entry is always the page itself
      (``kind == "page"``), even when its own score is lower than its sections' (or 0, when only a
      section matched). Then come the page's sections, best first: those scoring as high as the
      group's best entry are shown, lower ones are folded under "Ещё N на этой странице"
      (``more == True``; when the page itself is the best entry, every section is folded).
    * The list is flat, in the order shown: group 0's page, its sections, group 1's page, ...
      So the pages in rank order are ``[r for r in results if r["kind"] == "page"]``, and
      ``score`` (Material's ``data-md-score``) tells how strongly each entry matched.

    The first search on a page waits for Material to build its index (seconds on a large site):
    for many queries use the module-scoped ``search_page`` fixture, which pays that once.

    Material renders the first 10 groups and then 4 more each time the list is scrolled to its end;
    this helper scrolls until every group the result counter announces is rendered, or the first
    ``limit`` groups (pages) when ``limit`` is given (faster for "is it in the top N" checks).

    The query is entered with ``fill`` and then ``End`` is pressed: Material searches on keyup, and
    Playwright's typing of Cyrillic fires no keyup. One keyup means exactly one query (no results
    for half-typed prefixes). The search is first cleared, so calling this again on the same page
    waits for the new query's results, not the previous ones.
    """
    box = page.locator(_INPUT)
    if not box.is_visible():  # narrow viewport: search is behind the header button
        page.locator('header label[for="__search"]').first.click()
    box.click()
    # 1. Clear the box. Once the index is loaded and the empty query answered, the counter shows
    #    the placeholder (before that it shows "Инициализация поиска") and the list is empty.
    box.fill("")
    box.press("End")
    _wait_meta(page, "=== text", SEARCH_PLACEHOLDER, timeout)
    # 2. Enter the query; one keyup starts one search; the counter changes when its results arrive
    #    (to "Найдено …" or "Совпадений не найдено"), in the same step that renders the list.
    box.fill(query)
    box.press("End")
    _wait_meta(page, "!== text", SEARCH_PLACEHOLDER, timeout)
    announced = _announced_count(page.locator(_META).text_content() or "")
    results = _stable_results(page, timeout)
    # 3. Scroll to make Material render the groups beyond the first 10.
    if announced is None:  # "1k"-style counter: only what ``limit`` asks for
        want = limit
    else:
        want = announced if limit is None else min(announced, limit)
    if want is not None and _group_count(results) < want:
        rendered = page.evaluate(_SCROLL_JS, [want, timeout])
        if rendered < want:
            raise AssertionError(f"search {query!r}: {rendered} of {want} result groups rendered")
        results = _stable_results(page, timeout)
    if limit is not None:
        results = [r for r in results if r["group"] < limit]
    base = _base_url(page)
    for r in results:
        r["path"] = r["href"][len(base) :] if r["href"].startswith(base) else r["href"]
    return results


def _wait_meta(page: Page, comparison: str, text: str, timeout: float) -> None:
    """Wait until the result counter's text compares (``=== text`` or ``!== text``) with ``text``."""
    page.wait_for_function(
        f"(text) => {{ const m = document.querySelector({_META!r}); return m !== null && m.textContent {comparison}; }}",
        arg=text,
        timeout=timeout,
    )


def _stable_results(page: Page, timeout: float) -> list[SearchResult]:
    """The rendered results once two snapshots 50 ms apart agree."""
    deadline = time.monotonic() + timeout / 1000
    last = page.evaluate(_COLLECT_JS)
    while True:
        page.wait_for_timeout(50)
        current = page.evaluate(_COLLECT_JS)
        if current == last:
            return current
        if time.monotonic() > deadline:
            raise AssertionError("search results kept changing")
        last = current


def _group_count(results: list[SearchResult]) -> int:
    return len({r["group"] for r in results})


def _announced_count(meta: str) -> int | None:
    """The number of result groups in the counter ("Найдено совпадений: 12" -> 12; none -> 0)."""
    digits = re.findall(r"\d+", meta)
    if not digits:
        return 0
    if re.search(r"\d[kKкК]", meta):  # Material shortens 1000+ to "1k": do not scroll that far
        return None
    return int(digits[-1])
