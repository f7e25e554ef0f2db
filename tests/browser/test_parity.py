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
from datetime import date, timedelta
from pathlib import Path

import pytest

from calculator.browser import handle
from calculator.bundle import load_bundle
from kb_site.knowledge import load_knowledge
from tests.browser.helpers import ROOT

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
