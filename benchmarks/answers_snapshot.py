"""Write every answer of a large deterministic corpus to one JSON file, to compare before and after a refactoring.

Usage: python benchmarks/answers_snapshot.py OUT.json [COUNT]   (default 3000 generated profiles)
The corpus: every example in rules/*/cases, COUNT generated profiles over every jurisdiction,
date range and fact of rules/facts.yaml (seeded, so always the same), their input errors,
and the yearly plans of tests/planning/data/ryazan-2011.csv for each jurisdiction. Equal files
(`cmp`) mean equal answers.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import calculator
from calculator.bundle import load_bundle
from calculator.engine import evaluate_with
from calculator.facts import InputError
from calculator.planning import plan_csv, plan_file, plan_text

ROOT = Path(__file__).resolve().parents[1]


def _day(rng: random.Random, first: int, last: int) -> str:
    start = date(first, 1, 1).toordinal()
    return date.fromordinal(rng.randint(start, date(last, 12, 31).toordinal())).isoformat()


def _value(rng: random.Random, fact: Any, facts: Any) -> Any:
    if rng.random() < 0.08:
        return None
    if fact.type == "date":
        return _day(rng, 1960, 2020) if rng.random() < 0.95 else _day(rng, 1900, 2199)
    if fact.type == "bool":
        return rng.random() < 0.5
    if fact.type == "number":
        return rng.choice([rng.randint(0, 1500), round(rng.uniform(0, 1500), 1), 16, 18, 72, 250, 500, 1000])
    if fact.type == "integer":
        return rng.randint(0, 300)
    if fact.type == "country":
        return rng.choice(["RU", "KG", "KZ"])
    if fact.type == "choice":
        return rng.choice(list(fact.choices))
    return {c.rsplit(".", 1)[1]: _value(rng, facts[c], facts) for c in fact.fields if rng.random() < 0.7}


def _answer(profile: Any, jurisdiction: Any, on: Any) -> Any:
    try:
        return evaluate_with(load_bundle(), profile, jurisdiction, on)
    except InputError as exc:
        return {"error": [[p.path, p.message] for p in exc.problems]}


def corpus(count: int) -> dict[str, Any]:
    bundle = load_bundle()
    facts = bundle.facts
    out: dict[str, Any] = {"cases": [], "generated": [], "plans": {}}
    from calculator.authoring.compiler import compile_rules  # build side: the examples are YAML

    for case in compile_rules(ROOT / "rules", run_cases=False).cases:
        profile = json.loads(json.dumps(case["profile"], default=str))
        out["cases"].append(_answer(profile, case["jurisdiction"], case["on"]))
    rng = random.Random(20261204)
    jurisdictions = sorted(bundle.jurisdictions)
    for i in range(count):
        profile = {p: _value(rng, facts[p], facts) for p in facts.top if rng.random() < 0.45}
        on = _day(rng, 2005, 2020) if i % 10 else _day(rng, 1900, 2199)
        out["generated"].append(_answer(profile, jurisdictions[i % len(jurisdictions)], on))
    out["generated"].append(_answer({"program": {"classroom_hours": -1}, "birth_date": "1990-02-31"}, "nowhere", "2010-13-01"))
    staff = (ROOT / "tests/planning/data/ryazan-2011.csv").read_bytes()
    for jid in jurisdictions:
        plan = plan_file(staff, "ryazan-2011.csv", jid, 2011, quota=40)
        out["plans"][jid] = {"plan": plan, "csv": plan_csv(plan).decode("utf-8-sig"), "text": plan_text(plan)}
    out["jurisdictions"] = calculator.jurisdictions()
    return out


def main() -> None:
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    data = corpus(count)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False), encoding="utf-8")
    print(f"{len(data['cases'])} examples, {len(data['generated'])} generated answers, {len(data['plans'])} plans -> {target}")


if __name__ == "__main__":
    main()
