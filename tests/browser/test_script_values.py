"""What a script hands to window.kbCalculator, beyond what JSON holds: refused by the field, never «not given».

A portal calling the calculator from JavaScript can pass NaN, Infinity, a BigInt, a Date, a function,
undefined, an object that contains itself. Before, JSON.stringify turned NaN into null (the engine
answered with an assumption), dropped undefined and threw a raw TypeError on a BigInt. Each such value,
in the plan's options as in a profile, must now be refused with the Russian message naming the field;
-0 is zero. (The profile's fields, value by value, are compared with the command in test_parity.py.)
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

import calculator
from calculator.planning import PlanError, plan_file
from tests.browser.helpers import goto
from tests.browser.test_calculator import fill, open_calculator
from tests.planning.conftest import RYAZAN_2011

if TYPE_CHECKING:
    from playwright.sync_api import Page

_REFUSAL_JS = """async ([make, jurisdiction, on]) => {
    const profile = new Function(make)();
    return window.kbCalculator.evaluate(profile, jurisdiction, on).then(
        (answer) => ({ answer }),
        (error) => ({ error: error.message, problems: error.problems }),
    );
}"""


def _evaluate(page: Page, make: str, jurisdiction: str = "ryazan", on: str = "2010-06-01") -> dict:
    """The outcome of evaluate() for the profile the JavaScript body `make` returns: {answer} or {error, problems}."""
    goto(page, "calculator/")
    return page.evaluate(_REFUSAL_JS, [make, jurisdiction, on])


def test_minus_zero_hours_are_zero_hours_as_for_the_command(page: Page) -> None:
    got = _evaluate(page, "return {program: {kind: 'upgrade', classroom_hours: -0, total_hours: -0}};")
    assert "answer" in got, got
    # The command reads -0.0 from JSON and answers as for 0 (a program of 0 hours: no document fits).
    assert got["answer"] == calculator.evaluate(
        {"program": {"kind": "upgrade", "classroom_hours": -0.0, "total_hours": -0.0}}, "ryazan", "2010-06-01"
    )
    assert got["answer"]["document"]["code"] is None


def test_an_object_that_contains_itself_is_refused_by_the_field_not_with_a_raw_type_error(page: Page) -> None:
    got = _evaluate(page, "const p = {service_start: '2009-08-31'}; p.program = p; return p;")
    assert got["error"].startswith("Ошибка во входных данных:")
    assert [problem["path"] for problem in got["problems"]] == ["program"]
    assert "получено: объект, содержащий сам себя" in got["problems"][0]["message"]


def test_a_hundred_thousand_levels_of_nesting_are_refused_by_the_field_not_with_a_stack_overflow(page: Page) -> None:
    got = _evaluate(page, "let deep = 'maternity'; for (let i = 0; i < 100000; i++) deep = {deep}; return {leave: deep};")
    assert [problem["path"] for problem in got["problems"]] == ["leave"]
    assert got["problems"][0]["message"].startswith("ожидается одно из значений: maternity")


def test_an_undefined_field_is_refused_while_an_absent_profile_or_date_keep_their_meaning(page: Page) -> None:
    # `undefined` inside the profile was dropped silently: now the field is named.
    got = _evaluate(page, "return {service_start: '2009-08-31', program: {kind: 'upgrade', total_hours: undefined}};")
    assert [problem["path"] for problem in got["problems"]] == ["program.total_hours"]
    # The arguments themselves keep their documented defaults: no profile is {}, no date is today.
    omitted = page.evaluate("() => window.kbCalculator.evaluate(undefined, 'ryazan')")
    assert omitted["on"] == date.today().isoformat()
    assert omitted == calculator.evaluate({}, "ryazan", omitted["on"])


def test_the_forms_number_too_large_for_a_number_is_refused_next_to_the_field(page: Page) -> None:
    # 1e400 typed into the form became Infinity, then null: the hours were silently «not given».
    open_calculator(page)
    fill(page, {"program": {"kind": "upgrade", "classroom_hours": "1e400"}}, "ryazan", "2010-06-01", state="invalid")
    # The command reads the JSON number 1e400 as inf and refuses it in these words.
    expect(page.locator("#kb-f-program-classroom-hours-error")).to_have_text("ожидается неотрицательное число; получено: inf")


# The plan's options: the year and the quota, with what the command's planning says for the same
# value in Python (NaN and Infinity exist there) or, for a value only JavaScript has, the name it is shown by.
PLAN_OPTIONS = [
    ("year", "NaN", float("nan")),
    ("year", "Infinity", float("inf")),
    ("quota", "NaN", float("nan")),
    ("quota", "-Infinity", float("-inf")),
    ("year", "2011n", "BigInt 2011n"),
    ("year", "new Date('2011-01-01')", "объект Date"),
    ("quota", "() => 3", "функция"),
    ("quota", "Symbol('квота')", "символ"),
]


@pytest.mark.parametrize(("option", "expression", "python"), PLAN_OPTIONS)
def test_a_plan_option_json_cannot_carry_is_refused_by_its_name(page: Page, option: str, expression: str, python: object) -> None:
    goto(page, "plan/")
    page.evaluate("() => window.kbCalculator.ready()")
    options = {"year": "2011", "quota": "undefined", option: expression}
    message = page.evaluate(
        f"""async (bytes) => window.kbCalculator.plan(new Uint8Array(bytes).buffer,
                {{filename: 'ryazan-2011.csv', jurisdiction: 'ryazan', year: {options["year"]}, quota: {options["quota"]}}})
            .then((plan) => JSON.stringify(plan).slice(0, 200), (error) => error.message)""",
        list(RYAZAN_2011.read_bytes()),
    )
    if isinstance(python, float):
        # The same value through the command's planning in CPython: the same message, to the letter.
        given = {"year": 2011, "quota": None, option: python}
        with pytest.raises(PlanError) as refused:
            plan_file(RYAZAN_2011.read_bytes(), RYAZAN_2011.name, "ryazan", given["year"], quota=given["quota"])
        assert message == str(refused.value)
    else:
        assert message.startswith(f"{option}: ожидается "), message
        assert message.endswith(f"; получено: «{python}»"), message
    assert json.dumps(message, ensure_ascii=False).count("\\n") == 0  # one problem: the other option was right
