"""Hostile text in a shared link and in the rule files: shown as text or refused, never run, never markup.

A shared link carries the reader's answers in its fragment (`#?field=value&…`). Each hostile string
(script and image tags, a `javascript:` URL, quotes that close an attribute, an SVG handler, CSS
selector breakers, a very long value, broken percent-encoding) is put into every kind of field at
once: the jurisdiction, the date of the calculation, a date, a country (text box), a number, an
integer, a choice, a yes/no question, an unknown field's name and its value. The page must run
nothing (`window.__pwned` stays undefined, no dialog), make no markup of it (the value is in a text
box as typed, or named in the Russian «не удалось восстановить» note or the field's error), keep
working (an ordinary case answered after «Очистить ответы») and send nothing anywhere.

Then the rule files themselves: a copy of the project whose jurisdiction title, rule title,
explanation, interpretation, act title, clause text, ground label and fact label carry markup is
built once and served; the calculator's answer shows each as text and runs none of it.

The pages here are opened with the Content-Security-Policy bypassed, so an injected handler would
really run: the policy is a second line of defence, not what these tests rely on.
"""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from kb_site.build import build_site
from tests.browser.conftest import _new_log, _open_page, _SiteHandler, _SiteServer, serving
from tests.browser.helpers import HOSTILE, ROOT, SITE_PREFIX, goto
from tests.browser.test_calculator import _case, check_expectation, fill, settled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.browser.conftest import PageLog

ROOT_SELECTOR = "[data-kb-calculator]"
TIMEOUT_MS = 60_000


# The fields of each kind, by the jurisdiction that asks them (the default, Ryazan; Izobilnensky
# for the country). A refused jurisdiction leaves the default in place.
WHERE_FIELDS = ("jurisdiction", "on")
RYAZAN_FIELDS = {
    "service_start": "date",
    "education_level": "choice",
    "studying_now": "bool",
    "program.classroom_hours": "number",
    "program.group_size": "integer",
}
IZOBILNENSKY_FIELDS = {"citizenship": "country", "reserve_candidates_for_position": "integer"}
TEXT_BOXES = {"country", "number", "integer"}

# Markup that must not exist anywhere on the page after the link is read or the answer drawn.
# Anywhere: an event handler attribute, a `javascript:` link, the planted image. In the calculator
# (whose own markup has no such element): any script, image, frame or SVG but the date scale.
INJECTED_JS = """() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = all.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on')));
  const links = [...document.querySelectorAll('a[href^="javascript:" i], img[src="x"]')];
  const root = document.querySelector('[data-kb-calculator]');
  const foreign = root ? [...root.querySelectorAll('script, img, iframe, object, embed, svg:not(.kb-tl)')] : [];
  return [...handlers, ...links, ...foreign].map((e) => e.outerHTML.slice(0, 120));
}"""


def _fragment(pairs: list[tuple[str, str]]) -> str:
    return "#?" + "&".join(f"{name}={value}" for name, value in pairs)


def _encoded(value: str | None, raw: str | None) -> str:
    return raw if raw is not None else quote(value or "", safe="")


def _watch_dialogs(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _settle(page: Page) -> None:
    """The form's answer, or its list of problems, for the answers as they now are."""
    page.wait_for_function(
        """() => { const r = document.querySelector('[data-kb-calculator]');
                   return r && ['answered', 'invalid'].includes(r.dataset.state) && !r.dataset.busy; }""",
        timeout=TIMEOUT_MS,
    )


def _nothing_ran_and_nothing_injected(page: Page, dialogs: list[str]) -> None:
    page.wait_for_timeout(300)  # an image's onerror fires after its (failed) load: give it time
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => Object.keys(window).filter((k) => k.includes('pwned'))") == []
    assert dialogs == []
    assert page.evaluate(INJECTED_JS) == []


def _shown(value: str) -> str:
    """The start of the value as the note quotes it (long values are cut there)."""
    return value[:40]


def _check_each_field(page: Page, fields: dict[str, str], decoded: dict[str, str]) -> None:
    """Each hostile value is in a text box as typed and refused next to its field, or named in the note."""
    note = page.locator(".kb-calc__shared").text_content() or ""
    assert page.locator(".kb-calc__shared *").count() == 0, "the note is text only"
    for path, kind in fields.items():
        value = decoded[path]
        holder = page.locator(f'[data-path="{path}"][data-type]')
        label = (holder.locator(".kb-calc__label").first.text_content() or "").strip()
        if kind in TEXT_BOXES and value.strip():
            assert holder.locator("input").input_value() == value, path
            expect(holder).to_have_class(re.compile(r"\bkb-calc__field--invalid\b"))
            error = holder.locator(".kb-calc__error").text_content() or ""
            assert re.search("[а-яё]", error), f"{path}: {error[:200]}"  # the engine's own Russian message
        elif value.strip():
            assert f"{label} («{_shown(value)}" in note, f"{path}: {note[:300]}"


@pytest.mark.parametrize(("value", "raw"), [(v, r) for _, v, r in HOSTILE], ids=[i for i, _, _ in HOSTILE])
def test_a_hostile_shared_link_is_refused_or_shown_as_text_and_the_form_still_works(page, page_log: PageLog, value, raw):
    dialogs = _watch_dialogs(page)
    hostile = _encoded(value, raw)

    # 1. Where and when, the date questions, the choices, numbers, and unknown names: Ryazan's form.
    pairs = [(name, hostile) for name in WHERE_FIELDS]
    pairs += [(name, hostile) for name in RYAZAN_FIELDS if not name.startswith("program.")]
    pairs += [("program.kind", "upgrade")] + [(name, hostile) for name in RYAZAN_FIELDS if name.startswith("program.")]
    pairs += [(hostile, "1"), ("unknown_field", hostile)]
    goto(page, "calculator/" + _fragment(pairs))
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    _settle(page)
    decoded = dict(page.evaluate("() => [...new URLSearchParams(location.hash.slice(2))]"))
    _nothing_ran_and_nothing_injected(page, dialogs)
    # A refused jurisdiction or date leaves the form usable: the default jurisdiction, today's date.
    assert page.input_value("#kb-f-jurisdiction") == "ryazan"
    assert page.input_value("#kb-f-on")
    expect(page.locator('[data-path="service_start"][data-type]')).to_be_visible()
    note = page.locator(".kb-calc__shared").text_content() or ""
    assert note.startswith("Из ссылки не удалось восстановить:")
    assert len(note) < 2_000, "long values are quoted cut, not in full"
    for name in WHERE_FIELDS:
        assert f"(«{_shown(decoded[name])}" in note, name
    unknown_name = next(k for k in decoded if k not in {*WHERE_FIELDS, *RYAZAN_FIELDS, "program.kind", "unknown_field"})
    assert f"неизвестное поле «{_shown(unknown_name)}" in note
    assert "неизвестное поле «unknown_field»" in note
    _check_each_field(page, RYAZAN_FIELDS, decoded)

    # 2. The country question, asked in Izobilnensky (a new document: a new fragment alone is no load).
    page.goto("about:blank")
    goto(page, "calculator/" + _fragment([("jurisdiction", "izobilnensky"), *((name, hostile) for name in IZOBILNENSKY_FIELDS)]))
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    _settle(page)
    decoded = dict(page.evaluate("() => [...new URLSearchParams(location.hash.slice(2))]"))
    _nothing_ran_and_nothing_injected(page, dialogs)
    _check_each_field(page, IZOBILNENSKY_FIELDS, decoded)

    # 3. The reader clears the answers and asks an ordinary question: the answer comes as always.
    page.click("#kb-calc-form button[type='reset']")
    settled(page)
    case = _case("Впервые принятый без испытательного срока")
    fill(page, case.profile, case.jurisdiction, case.on)
    check_expectation(page, case.expect)
    assert page.locator(".kb-calc__shared").text_content() == ""
    _nothing_ran_and_nothing_injected(page, dialogs)
    # Nothing of the link went anywhere: no request carries it (and the fixture checks the origin).
    assert not [url for url in page_log.requests if "pwned" in url or "unknown_field" in url]


# --- markup in the rule files, in the calculator's answer ---------------------------------------

PLANTED = {
    # file: [(as written, replaced by)]
    "rules/ryazan/jurisdiction.yaml": [("title: Город Рязань", 'title: "Город Рязань </title><script>window.__pwned=11</script>"')],
    "rules/ryazan/rules/training.yaml": [
        (
            "    title: Впервые принятый — повышение квалификации после испытательного срока",
            "    title: 'Впервые принятый <img src=x onerror=window.__pwned=12>'",
        ),
        (
            "      Впервые принятый на муниципальную службу направляется на повышение\n",
            "      <script>window.__pwned=13</script> Впервые принятый на муниципальную службу направляется на повышение\n",
        ),
        (
            "      «По истечении испытательного срока или шести месяцев»: если испытательный\n",
            '      <a href="javascript:window.__pwned=14">ссылка</a> "><svg onload=window.__pwned=15> «По истечении испытательного срока или шести месяцев»: если испытательный\n',
        ),
    ],
    "rules/ryazan/acts/ryazan-132-i.yaml": [
        (
            'short_title: "Положение о переподготовке и повышении квалификации (Рязань)"',
            "short_title: 'Положение (Рязань) <img src=x onerror=window.__pwned=16>'",
        ),
        (
            '  - id: "2.1.1"\n    label: "2.1.1."\n    heading: null\n',
            '  - id: "2.1.1"\n    label: "2.1.1."\n    heading: "<script>window.__pwned=17</script>"\n',
        ),
        (
            "      Профессиональная переподготовка муниципального служащего осуществляется с учетом профиля",
            "      <img src=x onerror=window.__pwned=18> Профессиональная переподготовка муниципального служащего осуществляется с учетом профиля",
        ),
    ],
    "rules/codes.yaml": [
        ("  new_hire: впервые принят на муниципальную службу", "  new_hire: 'впервые принят <svg onload=window.__pwned=19>'")
    ],
    "rules/facts.yaml": [
        ("    label: Окончание испытательного срока", "    label: 'Окончание испытательного срока <img src=x onerror=window.__pwned=20>'")
    ],
}
# What the answer to the Ryazan new-hire case must show, as text.
SHOWN_AS_TEXT = [
    "Город Рязань </title><script>window.__pwned=11</script>",
    "Впервые принятый <img src=x onerror=window.__pwned=12>",
    "<script>window.__pwned=13</script> Впервые принятый",
    '<a href="javascript:window.__pwned=14">ссылка</a> "><svg onload=window.__pwned=15>',
    "Положение (Рязань) <img src=x onerror=window.__pwned=16>",
    "впервые принят <svg onload=window.__pwned=19>",
    "Окончание испытательного срока <img src=x onerror=window.__pwned=20>",
]


def _plant(project: Path) -> None:
    for name, replacements in PLANTED.items():
        file = project / name
        text = file.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{name}: {old!r} not found (the rule files changed: update the test)"
            text = text.replace(old, new, 1)
        file.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the project with markup planted in its rule files, built once for its own server; its URL."""
    server = _SiteServer(("127.0.0.1", 0), _SiteHandler)
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}{SITE_PREFIX}"
    project = tmp_path_factory.mktemp("hostile-project")
    for name in ("docs", "rules"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)  # the runtime: linked, not copied
    _plant(project)
    assert build_site(project / "mkdocs.yml", project / "site", extra_env={"SITE_URL": url}) == 0
    server.site_root = project / "site"
    with serving(server, "hostile-site"):
        yield url
    server.server_close()


@pytest.fixture
def hostile_page(browser: Browser, hostile_site: str, request: pytest.FixtureRequest) -> Iterator[tuple[Page, PageLog]]:
    """A page on the hostile site, with the same checks as ``page`` (its own origin, no console error)."""
    log = _new_log(hostile_site, request.node)
    with _open_page(browser, hostile_site, log) as new_page:
        yield new_page, log


def test_markup_in_the_rule_files_is_shown_as_text_in_the_calculators_answer(hostile_page):
    page, _ = hostile_page
    dialogs = _watch_dialogs(page)
    case = _case("Впервые принятый без испытательного срока")
    goto(page, "calculator/#?jurisdiction=ryazan&on=2010-06-01&service_start=2009-08-31")
    page.wait_for_selector(f"{ROOT_SELECTOR}[data-mounted]")
    settled(page)
    check_expectation(page, case.expect)  # the same answer: only the words changed
    _nothing_ran_and_nothing_injected(page, dialogs)
    text = page.locator(ROOT_SELECTOR).text_content() or ""
    for planted in SHOWN_AS_TEXT:
        assert planted in text, planted
    # The planted heading and clause text are on the act's page, where the answer's link leads.
    page.locator('.kb-calc__card[data-ground="new_hire"] .kb-calc__sources a').first.click()
    page.wait_for_url("**/acts/ryazan-132-i/#p-2.1.1")
    clause = page.locator("#p-2\\.1\\.1").locator("xpath=..").text_content() or ""
    assert "<img src=x onerror=window.__pwned=18>" in clause
    _nothing_ran_and_nothing_injected(page, dialogs)
