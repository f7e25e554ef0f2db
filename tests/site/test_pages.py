"""What generated pages say: readable conditions, safe text, and an answer format that matches real answers."""

from __future__ import annotations

import re

import markdown
import pytest

from calculator.authoring.cases import run_case
from calculator.bundle import Bundle
from kb_site.markup import paragraphs, text
from kb_site.pages.reference import render_answer_format
from kb_site.wording import Wording

HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> [ссылка](javascript:alert(3)) {: onclick="x" } *жирный* `код` | ячейка'


@pytest.fixture(scope="module")
def wording(knowledge):
    return Wording(knowledge.facts, knowledge.codes)


def _render(source: str) -> str:
    return markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition"])


@pytest.mark.parametrize("place", ["inline", "heading", "table", "paragraphs"])
def test_hostile_text_from_a_rule_file_is_shown_as_text(place):
    source = {
        "inline": f"Правило: {text(HOSTILE)}",
        "heading": f"## {text(HOSTILE)}",
        "table": f"| А | Б |\n|---|---|\n| {text(HOSTILE)} | x |",
        "paragraphs": paragraphs(HOSTILE + "\n\nвторой абзац"),
    }[place]
    html = _render(source)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert not re.search(r"<[^>]*\bon(click|error)=", html)  # no element got an event attribute
    assert not re.search(r"<(em|strong|code)>", html)
    assert "&lt;script&gt;" in html  # the letters are still there for the reader
    if place == "table":
        assert html.count("<td>") == 2  # a | in the text does not split the row


def test_conditions_read_as_russian(wording):
    condition = {
        "all": [
            {"fact": "program.kind", "is": "retraining"},
            {"any": [{"fact": "program.total_hours", "over": 1000}, {"fact": "program.goal", "known": False}]},
            {"fact": "program.classroom_hours", "over": {"percent": 75, "of": "program.total_hours"}},
            {"age": "birth_date", "between": [25, 55]},
            {"fact": "service_start", "elapsed_over": {"count": 2, "unit": "years", "text": "2 года"}},
        ]
    }
    lines = wording.condition(condition)
    assert lines[0] == "- все условия вместе:"
    assert "    - «Вид программы» — профессиональная переподготовка" in lines
    assert "    - хотя бы одно из условий:" in lines
    assert any("больше 1000" in line for line in lines)
    assert any("75 % от «" in line for line in lines)
    assert any("от 25 до 55 включительно" in line for line in lines)
    assert any("прошло больше 2 года" in line for line in lines)
    inline = wording.condition_inline(condition)
    assert inline.startswith("(") and " и " in inline and " или " in inline


def test_document_bounds_read_as_ranges(wording):
    assert wording.bounds({"at_least": 18, "at_most": 72}) == "от 18 до 72 ч включительно"
    assert wording.bounds({"over": 72, "at_most": 144}) == "более 72 до 144 ч включительно"
    assert wording.bounds({"under": 18}) == "менее 18 ч"
    assert wording.bounds({"over": 500}) == "более 500 ч"
    assert wording.bounds({}) == "любой объём"


def _paths(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from _paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield f"{prefix}[]"
            yield from _paths(item, f"{prefix}[]")


def test_answer_format_page_describes_every_field_of_real_answers(knowledge, compiled):
    """rules/answer.yaml is checked against the answers to every example: nothing undocumented, nothing stale."""
    answer = knowledge.catalog["answer"]
    explained = answer["explained"]
    described = set(answer["fields"])
    optional = {path for path, field in answer["fields"].items() if field.get("optional")}
    for item in explained:
        described |= {f"{item}.{name}" for name in answer["explanation_fields"]}
        described |= {f"{item}.sources[]"}
        optional |= {f"{item}.{name}" for name, field in answer["explanation_fields"].items() if field.get("optional")}
    bundle = Bundle.from_raw(compiled.bundle)
    seen: set[str] = set()
    for case in compiled.cases:
        result = run_case(bundle, case)
        if result.answer is not None:
            seen |= {p for p in _paths(result.answer) if not p.endswith(".sources[]") or p in described}
    seen = {p for p in seen if not (p.endswith("[]") and p[:-2] in described and p not in described)}
    assert seen - described == set(), "поля ответа, которых нет в rules/answer.yaml"
    stale = {p for p in described - seen - optional if not p.endswith("[]")}
    assert stale == set(), "описаны в rules/answer.yaml, но не встречаются ни в одном ответе примеров"
    for path, field in answer["fields"].items():
        if field.get("codes"):
            assert field["codes"] in knowledge.codes, path


def test_answer_format_page_lists_contract_fields_and_codes(knowledge):
    page = render_answer_format(knowledge).markdown
    for field in ("trainings[].deadline", "document.code", "reserve.eligible", "plan_exclusions[]", "warnings"):
        assert f"| `{field}` |" in page
    assert "`short_term_upgrade_certificate`" in page and "удостоверение о краткосрочном повышении квалификации" in page


def test_the_calendar_page_states_the_reading_and_each_years_transfers_with_their_basis(knowledge):
    from kb_site.pages.calendar import render_calendar

    page = render_calendar(knowledge).markdown.replace("\\", "")  # Markdown escapes, as the reader sees the text
    assert "ст. 193 ГК РФ, ч. 4 ст. 14 ТК РФ" in page and "working_days" in page
    assert "## 2008" in page and "## 2027" in page
    # 2010: Saturday 27 February made a working day for Monday 22 February
    assert "| 27.02.2010 (сб) | 22.02.2010 (пн) | Постановление Правительства РФ «О переносе выходных дней в 2010 году» |" in page
    assert "Постановление Правительства РФ от 10.08.2023 N 1314 «О переносе выходных дней в 2024 году»" in page


def test_the_act_page_says_when_the_start_and_the_end_are_only_the_earliest_days(knowledge, wording):
    from kb_site.pages.acts import render_act

    page = render_act(knowledge, wording, "ryazan-132-i").markdown.replace("\\", "")
    assert "не ранее 27.02.2009: решение вступает в силу на следующий день после дня его официального опубликования" in page
    assert "не ранее 21.05.2015" in page
    assert "Обратной силы Положение и его редакции не имеют" in page
