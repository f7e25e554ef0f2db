"""The same code: the browser's build of the calculator gives exactly the CPython answers.

Every example case of rules/, a few bad inputs and 300 profiles drawn at random over the fact
dictionary (a fifth of them with a wrong value) go through `calculator.browser.handle`
twice: here in CPython, and in Pyodide under Node, loading the runtime files and the wheel
exactly as the built site ships them. The replies are compared as strings, byte for byte.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from calculator.browser import JAVASCRIPT_MARK, handle
from calculator.bundle import load_bundle
from kb_site.knowledge import load_knowledge
from tests.browser.helpers import ROOT, goto

if TYPE_CHECKING:
    from playwright.sync_api import Page

PARITY_JS = Path(__file__).with_name("parity.mjs")

# Bad input of each kind the contract names, with the jurisdiction and date it comes with.
BAD_REQUESTS = [
    ({"program": {"kind": "upgrade", "classroom_hours": -1}}, "ryazan", "2010-06-01"),
    ({"program": {"classroom_hours": "много"}}, "ryazan", "2010-06-01"),
    ({"birth_date": "2010-13-45"}, "izobilnensky", "2010-06-01"),
    ({"servise_start": "2009-01-01"}, "russia", "2010-06-01"),
    ({}, "atlantis", "2010-06-01"),
    ({}, "ryazan", "вчера"),
    ([], "ryazan", "2010-06-01"),
    ({"leave": "vacation", "citizenship": "ru", "studying_now": "да"}, "ryazan", "2010-06-01"),
    # What the browser's bridge sends for a script's values JSON cannot carry (NaN, a Symbol, a Date...).
    (
        {
            "program": {
                "kind": {JAVASCRIPT_MARK: "символ"},
                "classroom_hours": {JAVASCRIPT_MARK: "NaN"},
                "total_hours": {JAVASCRIPT_MARK: "-Infinity"},
            },
            "birth_date": {JAVASCRIPT_MARK: "объект Date"},
            "application": {JAVASCRIPT_MARK: "undefined"},
        },
        {JAVASCRIPT_MARK: "BigInt 1n"},
        {JAVASCRIPT_MARK: "объект Date"},
    ),
]


def sampled_requests(count: int, seed: int = 2026) -> list[tuple[object, str, str]]:
    """Profiles drawn at random over the fact dictionary (as the property tests draw them in CPython), one in five
    with a wrong value somewhere: a fixed sample, so that a difference can be reproduced."""
    bundle = load_bundle()
    facts = bundle.facts
    rng = random.Random(seed)

    def value(path: str) -> object:
        fact = facts[path]
        if fact.type == "date":
            return (date(1940, 1, 1) + timedelta(days=rng.randrange(33_000))).isoformat()
        if fact.type == "bool":
            return rng.random() < 0.5
        if fact.type == "number":
            return rng.choice([rng.randrange(0, 2000), round(rng.uniform(0, 2000), 2)])
        if fact.type == "integer":
            return rng.randrange(0, 500)
        if fact.type == "country":
            return rng.choice(["RU", "KG", "KZ"])
        if fact.type == "choice":
            return rng.choice(list(fact.choices))
        return {child.rsplit(".", 1)[1]: value(child) for child in fact.fields if rng.random() < 0.6}

    wrong = ["", "да", -1, 1e400, [1], {"x": 1}, "2010-02-30", None]
    sample = []
    for _ in range(count):
        profile = {path: value(path) for path in facts.top if rng.random() < 0.35}
        if profile and rng.random() < 0.2:
            profile[rng.choice(sorted(profile))] = rng.choice(wrong)
        on = (date(1995, 1, 1) + timedelta(days=rng.randrange(12_000))).isoformat()
        sample.append((profile, rng.choice(sorted(bundle.jurisdictions)), on))
    return sample


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        message = "нет Node.js: сравнение с Pyodide невозможно (bash scripts/setup.sh ставит nodejs)"
        if os.environ.get("KB_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return node


def test_pyodide_answers_every_example_exactly_as_cpython(site_dir: Path, tmp_path: Path) -> None:
    examples = load_knowledge(ROOT / "rules").examples
    assert len(examples) >= 100, "the rules' examples should be the bulk of the comparison"
    asked = [(e.profile, e.jurisdiction, e.on) for e in examples] + BAD_REQUESTS + sampled_requests(300)
    requests = [json.dumps({"profile": p, "jurisdiction": j, "on": on}, ensure_ascii=False) for p, j, on in asked]
    (tmp_path / "requests.json").write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    wheels = list((site_dir / "assets" / "kb").glob("*.whl"))
    assert len(wheels) == 1, f"the site should ship one calculator wheel, found {wheels}"

    done = subprocess.run(
        [_node(), str(PARITY_JS), str(site_dir / "assets" / "pyodide"), str(wheels[0]), str(tmp_path / "requests.json")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["python"].startswith("3.14"), f"expected Pyodide's Python, got {result['python']}"

    expected = [handle(request) for request in requests]
    assert len(result["replies"]) == len(expected)
    differ = [(request, want, got) for request, want, got in zip(requests, expected, result["replies"], strict=True) if want != got]
    assert not differ, "Pyodide and CPython disagree on:\n" + "\n\n".join(
        f"{r}\n  CPython: {w[:400]}\n  Pyodide: {g[:400]}" for r, w, g in differ[:5]
    )

    # The comparison covered real answers and real errors, not only one kind.
    kinds = [next(iter(json.loads(reply))) for reply in expected]
    assert kinds.count("answer") >= 100
    assert kinds.count("error") >= len(BAD_REQUESTS)


# --- values a script passes that JSON has no form for -----------------------------------------------
#
# A script calling window.kbCalculator.evaluate can pass what a JSON file cannot hold. The command
# reads the JSON words NaN and Infinity (Python's json module takes them); the browser must refuse
# the JavaScript NaN and Infinity with the command's message to the letter. For a value with no JSON
# form at all (a BigInt, a Date, a function...), it must refuse the same fields as the command
# refuses for a wrong JSON value there, in the same words, saying what it got.

# The same wrong value in fields of every kind, at both levels: a number, a date, yes/no, a choice,
# a nested yes/no; and a whole object (`program`) on its own, as it cannot hold fields meanwhile.
_IN_FIELDS = (
    '{"program": {"kind": "upgrade", "classroom_hours": %s, "total_hours": %s}, "birth_date": %s, '
    '"studying_now": %s, "leave": %s, "application": {"documents_complete": %s}}'
)
_IN_OBJECT = '{"service_start": "2009-08-31", "program": %s}'
_FIELDS_NAMED = ("program.classroom_hours", "program.total_hours", "birth_date", "studying_now", "leave", "application.documents_complete")

_CALL_JS = """async ([template, expression, jurisdiction, on]) => {
    const value = new Function(`return (${expression});`)();
    const profile = new Function("value", `return ${template.replaceAll("%s", "value")};`)(value);
    return window.kbCalculator.evaluate(profile, jurisdiction, on).then(() => "принято", (e) => e.message);
}"""


def _command_says(profile_json: str, jurisdiction: str = "izobilnensky", on: str = "2010-06-01") -> str:
    """What `python -m calculator evaluate` prints on stderr for this JSON text (it must refuse it: exit 2)."""
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "evaluate", "--jurisdiction", jurisdiction, "--on", on, "-"],
        input=profile_json,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2 and not done.stdout, (profile_json, done.returncode, done.stdout[:200])
    return done.stderr.rstrip("\n")


def _browser_says(page: Page, template: str, expression: str, jurisdiction: str = "izobilnensky", on: str = "2010-06-01") -> str:
    return page.evaluate(_CALL_JS, [template, expression, jurisdiction, on])


@pytest.fixture
def calculator_page(page: Page) -> Page:
    goto(page, "calculator/")
    page.evaluate("() => window.kbCalculator.ready()")
    return page


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_a_scripts_nan_or_infinity_is_refused_exactly_as_the_command_refuses_the_json_word(calculator_page: Page, word: str) -> None:
    said = {}
    for template in (_IN_FIELDS, _IN_OBJECT):
        command = _command_says(template.replace("%s", word))
        said[template] = _browser_says(calculator_page, template, word)
        assert said[template] == command
    # Not read as «not given»: each field is refused, by its path.
    for path in _FIELDS_NAMED:
        assert f"\n  {path}: ожидается " in said[_IN_FIELDS]
    assert "\n  program: ожидается объект с полями" in said[_IN_OBJECT]


# Each JavaScript value with no JSON form, and how the refusal says what was given.
NOT_JSON = [
    ("10n", "BigInt 10n"),
    ("new Date('2010-06-01')", "объект Date"),
    ("() => 72", "функция"),
    ("Symbol('часы')", "символ"),
    ("undefined", "undefined"),
    ("new Map([['kind', 'upgrade']])", "объект Map"),
]


@pytest.mark.parametrize(("expression", "named"), NOT_JSON, ids=[shown for _, shown in NOT_JSON])
def test_a_value_json_cannot_carry_is_refused_by_the_field_as_the_command_refuses_a_wrong_value(
    calculator_page: Page, expression: str, named: str
) -> None:
    for template in (_IN_FIELDS, _IN_OBJECT):
        # A list fits none of these fields: the command names each and says what it expects.
        command = _command_says(template.replace("%s", "[]"))
        assert command.count("; получено: список") == template.count("%s")
        browser = _browser_says(calculator_page, template, expression)
        assert browser == command.replace("; получено: список", f"; получено: {named}")
