"""The calculator page in Chromium: real cases through the form, links to clauses, navigation,
keyboard, errors, share, print, accessibility and a phone-sized screen.

The form is filled as a person would (choices, dates, text); the answer the page shows is
checked against the example cases written from the sources (rules/*/cases), and its links
against the act pages. Every test also passes the page fixture's checks: no request outside
the site's origin, no console error.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page, expect

from calculator.browser import handle
from kb_site.knowledge import load_knowledge
from tests.browser.helpers import KNOWN_THEME_VIOLATIONS, ROOT, format_violations, goto, run_axe, site_path, split_known

ROOT_SELECTOR = "[data-kb-calculator]"
ANSWER_TIMEOUT_MS = 60_000  # the first answer waits for the Python runtime (a few seconds here)
KNOWLEDGE = load_knowledge(ROOT / "rules")
CODES = KNOWLEDGE.codes


def _case(name_start: str) -> Any:
    found = [e for e in KNOWLEDGE.examples if e.name.startswith(name_start)]
    assert len(found) == 1, f"one example should start with {name_start!r}, found {len(found)}"
    return found[0]


def _ru(iso: str | None) -> str:
    return ".".join(reversed(iso.split("-"))) if iso else ""


# --- driving the form --------------------------------------------------------------------------


def open_calculator(page: Page, fragment: str = "") -> None:
    goto(page, "calculator/" + fragment)
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")


def settled(page: Page, state: str = "answered") -> None:
    """Wait until the answer for the form as it is now is on the page (or its errors are)."""
    page.wait_for_function(
        """(state) => { const r = document.querySelector('[data-kb-calculator]');
                        return r && r.dataset.state === state && !r.dataset.busy; }""",
        arg=state,
        timeout=ANSWER_TIMEOUT_MS,
    )


def _leaves(profile: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    leaves: list[tuple[str, Any]] = []
    for key, value in profile.items():
        if isinstance(value, dict):
            leaves += _leaves(value, f"{prefix}{key}.")
        else:
            leaves.append((f"{prefix}{key}", value))
    # The kind of program first: its details are asked only once it is known.
    return sorted(leaves, key=lambda leaf: not leaf[0].endswith(".kind"))


def fill(page: Page, profile: dict[str, Any], jurisdiction: str, on: str, state: str = "answered") -> None:
    """Answer the form as a person would: pick the jurisdiction and date, then each question."""
    page.select_option("#kb-f-jurisdiction", jurisdiction)
    page.fill("#kb-f-on", on)
    for path, value in _leaves(profile):
        field = page.locator(f'[data-path="{path}"][data-type]')
        expect(field).to_be_visible()
        kind = field.get_attribute("data-type")
        if kind == "bool":
            field.locator(f'input[value="{"true" if value else "false"}"]').check()
        elif kind == "choice":
            field.locator("select").select_option(str(value))
        else:
            field.locator("input").fill(str(value))
    settled(page, state)


def answer_text(page: Page) -> str:
    return page.locator("#kb-calc-answer").inner_text()


def check_expectation(page: Page, expected: dict[str, Any]) -> None:
    """The page shows what the example case expects: codes in data attributes, words and dates as text."""
    text = answer_text(page)
    if "trainings" in expected:
        cards = page.locator(".kb-calc__card")
        expect(cards).to_have_count(len(expected["trainings"]))
        for duty in expected["trainings"]:
            card = page.locator(f'.kb-calc__card[data-kind="{duty["kind"]}"][data-ground="{duty["ground"]}"]')
            expect(card).to_have_count(1)
            assert card.get_attribute("data-status") == duty["status"]
            assert card.get_attribute("data-deadline") == (duty["deadline"] or "")
            assert card.get_attribute("data-from") == (duty["from"] or "")
            shown = card.inner_text()
            assert CODES["statuses"][duty["status"]] in shown.lower()
            assert _ru(duty["deadline"]) in shown and _ru(duty["from"]) in shown
    if "document" in expected:
        document = page.locator(".kb-calc__document")
        want = expected["document"]
        assert document.get_attribute("data-code") == (want["code"] or "")
        assert document.get_attribute("data-assessment") == (want["assessment"] or "")
        if want["code"]:
            assert CODES["documents"][want["code"]].lower() in document.inner_text().lower()
        else:
            assert "Документ не выдаётся" in document.inner_text()
    if "reserve" in expected:
        reserve = page.locator(".kb-calc__reserve")
        want = expected["reserve"]
        assert reserve.get_attribute("data-eligible") == json.dumps(want["eligible"])
        codes = [b.get_attribute("data-code") for b in reserve.locator("li[data-code]").all()]
        assert codes == [b["code"] for b in want["blockers"]]
        for blocker in want["blockers"]:
            assert CODES["blockers"][blocker["code"]].lower() in reserve.inner_text().lower()
    for warning in expected.get("warnings", []):
        shown = page.locator(f'.kb-calc__warning[data-code="{warning["code"]}"]')
        expect(shown).to_have_count(1)
        assert shown.get_attribute("data-act") == warning["act"]
        assert CODES["warnings"][warning["code"]].lower() in text.lower()


# --- real cases from the sources, through the form ---------------------------------------------

CASES = [
    "Впервые принятый без испытательного срока",  # Ryazan, newly hired: 31.08 + 6 months = 28.02
    "Переподготовка ровно 500 аудиторных часов",  # «более 500»: no diploma
    "Переподготовка 501 аудиторный час",  # a diploma, thesis and exam
    "Накануне 25-летия",  # a reserve applicant of 24: refused for age
    "В день 25-летия",  # of 25: eligible
    "В день отмены решением N 151-II",  # Ryazan's act repealed: a warning, the answer still given
    "С принятием N 771",  # Izobilnensky's act repealed
]


@pytest.mark.parametrize("name", CASES)
def test_a_real_case_through_the_form_gives_the_expected_answer(page, name):
    case = _case(name)
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    check_expectation(page, case.expect)
    # The page's answer is the engine's: the same call through window.kbCalculator agrees.
    answer = page.evaluate("([p, j, on]) => window.kbCalculator.evaluate(p, j, on)", [case.profile, case.jurisdiction, case.on])
    assert answer == json.loads(handle(json.dumps({"profile": case.profile, "jurisdiction": case.jurisdiction, "on": case.on})))["answer"]


def test_each_line_links_to_its_clause_and_the_link_opens_the_act_there(page):
    case = _case("Впервые принятый без испытательного срока")
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    card = page.locator('.kb-calc__card[data-ground="new_hire"]')
    links = card.locator(".kb-calc__sources a")
    hrefs = [site_path(page, link.get_attribute("href")) for link in links.all()]
    assert hrefs == ["acts/ryazan-132-i/#p-2.1.1", "acts/russia-general-practice/#p-3.3"]
    # Every cited clause on the page points at an anchor that exists on its act page.
    for link in page.locator("#kb-calc-answer .kb-calc__sources a").all():
        assert site_path(page, link.get_attribute("href")).split("#")[1].startswith("p-")
    # As a reader does: scroll to the link, then click. Material saves the scroll position in
    # history.state a moment after a scroll; a click in that moment (Playwright scrolls and clicks
    # at once) lets the saved position land on the new page's entry, which then wins over the anchor.
    links.first.scroll_into_view_if_needed()
    page.wait_for_function("() => scrollY === 0 || (history.state !== null && Math.abs(history.state.y - scrollY) < 2)")
    links.first.click()
    page.wait_for_url("**/acts/ryazan-132-i/#p-2.1.1")
    expect(page.locator("#p-2\\.1\\.1")).to_be_visible()
    expect(page.locator("#p-2\\.1\\.1")).to_be_in_viewport()


def test_only_the_questions_of_the_chosen_jurisdiction_are_asked(page):
    open_calculator(page)
    for jid in ("russia", "ryazan", "izobilnensky", "kaluga", "kyrgyzstan"):
        page.select_option("#kb-f-jurisdiction", jid)
        # Asked = not hidden (the organisers' questions are asked too, folded under a summary).
        visible = set(
            page.evaluate(
                "() => [...document.querySelectorAll('[data-path][data-type]')].filter(f => !f.closest('[hidden]')).map(f => f.dataset.path)"
            )
        )
        asked = set(KNOWLEDGE.facts_asked(jid))
        # Program details wait for the kind of program.
        assert visible == {p for p in asked if not p.startswith("program.") or p == "program.kind"}, jid
    page.select_option("#kb-f-jurisdiction", "ryazan")
    expect(page.locator('[data-path="program.classroom_hours"]')).to_be_hidden()
    page.select_option("#kb-f-program-kind", "upgrade")
    expect(page.locator('[data-path="program.classroom_hours"]')).to_be_visible()
    settled(page)


# --- errors: the engine's own messages, next to the field ---------------------------------------


def test_a_bad_number_gets_the_engines_message_next_to_the_field_and_nothing_is_lost(page):
    open_calculator(page)
    fill(
        page,
        {"service_start": "2009-08-31", "program": {"kind": "upgrade", "classroom_hours": "-5"}},
        "ryazan",
        "2010-06-01",
        state="invalid",
    )
    reply = json.loads(
        handle(
            json.dumps(
                {
                    "profile": {"service_start": "2009-08-31", "program": {"kind": "upgrade", "classroom_hours": -5}},
                    "jurisdiction": "ryazan",
                    "on": "2010-06-01",
                }
            )
        )
    )
    engine_message = reply["problems"][0]["message"]
    error = page.locator("#kb-f-program-classroom-hours-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(engine_message)
    summary = page.locator("#kb-calc-errors")
    expect(summary).to_be_visible()
    link = summary.locator("a")
    expect(link).to_have_attribute("href", "#kb-f-program-classroom-hours")
    assert "Аудиторных часов" in link.inner_text() and engine_message in link.inner_text()
    # The other answers stay; correcting the number brings the answer back.
    assert page.input_value("#kb-f-service-start") == "2009-08-31"
    page.fill("#kb-f-program-classroom-hours", "72")
    settled(page)
    expect(error).to_be_hidden()
    expect(summary).to_be_hidden()
    assert page.locator(".kb-calc__document").get_attribute("data-code") == "short_term_upgrade_certificate"


def test_text_in_a_number_field_is_reported_as_the_command_reports_it(page):
    open_calculator(page)
    fill(page, {"program": {"kind": "retraining", "total_hours": "много"}}, "ryazan", "2010-06-01", state="invalid")
    expect(page.locator("#kb-f-program-total-hours-error")).to_have_text("ожидается неотрицательное число; получено: «много»")
    rejected = page.evaluate(
        "() => window.kbCalculator.evaluate({program: {total_hours: 'много'}}, 'ryazan', '2010-13-45').then(() => 'resolved', e => e.message)"
    )
    expected = json.loads(
        handle(json.dumps({"profile": {"program": {"total_hours": "много"}}, "jurisdiction": "ryazan", "on": "2010-13-45"}))
    )
    assert rejected == expected["error"]
    assert rejected.startswith("Ошибка во входных данных:") and "program.total_hours" in rejected and "on:" in rejected


# --- navigation: instant, and the worker kept --------------------------------------------------


def test_reached_through_the_navigation_it_answers_and_coming_back_reuses_the_engine(page, page_log):
    goto(page, "")
    page.evaluate("window.__sameDocument = true")
    page.locator('.md-sidebar--primary a[href$="calculator/"]').first.click()
    page.wait_for_url("**/calculator/")
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    settled(page)
    assert page.evaluate("window.__sameDocument === true"), "the click reloaded the page: instant navigation is off"
    page.locator('.md-sidebar--primary a[href$="guides/check-yourself/"]').first.click()
    page.wait_for_url("**/guides/check-yourself/")
    page.locator('.md-sidebar--primary a[href$="calculator/"]').first.click()
    page.wait_for_url("**/calculator/")
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    settled(page)
    assert page.evaluate("window.__sameDocument === true")
    assert "Обучение" in answer_text(page)
    runtime = [url for url in page_log.requests if url.endswith("pyodide.asm.wasm")]
    workers = [url for url in page_log.requests if "calculator-worker.mjs" in url]
    assert len(runtime) == 1 and len(workers) == 1, "coming back must reuse the running worker"


def test_pointing_at_the_calculator_link_starts_loading_the_engine(page, page_log):
    goto(page, "")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page_log.requests if "pyodide" in u], "other pages do not load the runtime by themselves"
    page.locator('.md-sidebar--primary a[href$="calculator/"]').first.hover()
    # The worker itself fetches the runtime; the page sees the worker's script requested.
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('calculator-worker'))")


# --- keyboard, share, print --------------------------------------------------------------------


def test_keyboard_alone_changes_the_answers_and_gets_the_link(page):
    open_calculator(page)
    settled(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kb-f-jurisdiction":
            break
    else:
        pytest.fail("Tab never reached the jurisdiction select")
    page.keyboard.press("ArrowUp")  # ryazan -> russia
    settled(page)
    assert page.input_value("#kb-f-jurisdiction") == "russia"
    expect(page.locator(".kb-calc__context")).to_contain_text(KNOWLEDGE.jurisdictions["russia"]["title"])
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action") == "share":
            break
    else:
        pytest.fail("Tab never reached the share button")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.startsWith('#?jurisdiction=russia')")


def test_a_shared_link_restores_the_answers_and_never_reaches_the_server(page, page_log):
    case = _case("Переподготовка 501 аудиторный час")
    open_calculator(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fill(page, case.profile, case.jurisdiction, case.on)
    page.locator('[data-action="share"]').click()
    expect(page.locator(".kb-calc__shared")).to_contain_text("Ссылка скопирована")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url and "#?" in link
    fresh = page.context.new_page()
    fresh.goto(link)
    fresh.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    settled(fresh)
    assert fresh.input_value("#kb-f-program-classroom-hours") == "501"
    assert fresh.input_value("#kb-f-on") == case.on
    check_expectation(fresh, case.expect)
    # The fragment stays in the browser: no request carried the answers.
    # (`v=` is the build's cache-busting hash, which may contain the digits 501 by chance.)
    carried = [
        u for u in page_log.requests if "classroom_hours" in u or any("501" in v for k, v in parse_qsl(urlsplit(u).query) if k != "v")
    ]
    assert not carried


def test_a_link_with_unknown_or_bad_values_says_what_it_could_not_restore(page):
    open_calculator(page, "#?jurisdiction=ryazan&on=2010-06-01&program.kind=flying&unknown_field=1&service_start=2009-08-31")
    settled(page)
    note = page.locator(".kb-calc__shared")
    expect(note).to_contain_text("Вид программы («flying»)")
    expect(note).to_contain_text("неизвестное поле «unknown_field»")
    assert page.input_value("#kb-f-service-start") == "2009-08-31"


def test_the_answer_prints_as_a_one_page_spravka_with_the_date_and_sources(page, tmp_path):
    case = _case("Впервые принятый без испытательного срока")
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    page.emulate_media(media="print")
    assert not page.locator("#kb-calc-form").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    head = page.locator(".kb-calc__print-head")
    expect(head).to_be_visible()
    expect(head).to_contain_text("Справка")
    expect(head).to_contain_text(f"Дата расчёта: {_ru(case.on)}")
    sources = page.locator(".kb-calc__print-only ol")
    expect(sources).to_be_visible()
    expect(sources).to_contain_text(KNOWLEDGE.act_summary("ryazan-132-i")["title"])
    pdf = page.pdf(format="A4", print_background=False)
    (tmp_path / "spravka.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the справка for a newly hired servant takes {pages} A4 pages"


# --- accessibility and a phone ------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_calculator_with_an_answer_has_no_serious_accessibility_violations(page, scheme):
    page.emulate_media(color_scheme=scheme)
    case = _case("Накануне 25-летия")
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    violations, _ = split_known(run_axe(page), KNOWN_THEME_VIOLATIONS[scheme])
    assert not violations, format_violations(violations)
    page.fill("#kb-f-application-submitted-on", "")
    page.locator('[data-path="citizenship"] input').fill("россия")
    settled(page, "invalid")  # with errors shown, too
    violations, _ = split_known(run_axe(page), KNOWN_THEME_VIOLATIONS[scheme])
    assert not violations, format_violations(violations)


def test_at_phone_width_the_form_fits_and_reads(page, tmp_path):
    page.set_viewport_size({"width": 375, "height": 812})
    open_calculator(page)
    settled(page)
    screenshot = tmp_path / "calculator-375.png"
    page.locator("#kb-calc-form").screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways at phone width"
    for selector in ("#kb-f-jurisdiction", "#kb-f-on", "#kb-f-service-start", "label.kb-calc__label", "p.kb-calc__hint"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('#kb-calc-form :is(label, legend, p, select, input)')]
                 .filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert min(sizes) >= 12, f"text smaller than 12 px at phone width: {min(sizes)}"
    touch = page.locator("#kb-f-jurisdiction").bounding_box()
    assert touch and touch["height"] >= 40, "controls are big enough to touch"


def test_a_window_ending_on_a_saturday_shows_the_moved_and_the_nominal_date_with_the_article(page):
    # Izobilnensky 2.8: 30 days from 01.07.2010 end on Saturday 31.07; filed on Sunday 01.08 — in time.
    case = _case("30-й день (31.07.2010) — суббота")
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    check_expectation(page, case.expect)
    moved = page.locator('.kb-calc__moved li[data-rule="izobilnensky.late_documents"]')
    expect(moved).to_have_count(1)
    assert (moved.get_attribute("data-nominal"), moved.get_attribute("data-date")) == ("2010-07-31", "2010-08-02")
    shown = moved.inner_text()
    assert "31.07.2010" in shown and "02.08.2010" in shown and "ст. 193 ГК РФ" in shown


def test_a_date_moved_off_a_sunday_is_shown_beside_its_nominal_date(page):
    case = _case("01.09.2013 — воскресенье")
    open_calculator(page)
    fill(page, case.profile, case.jurisdiction, case.on)
    calendar = page.locator(".kb-calc__calendar").inner_text()
    assert "02.09.2013" in calendar and "по счёту — 01.09.2013" in calendar
