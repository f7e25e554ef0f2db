"""The JSON Schemas in schema/ are generated from the lint's own shapes and kept up to date."""

from __future__ import annotations

import json

from calculator.authoring.jsonschema import schemas
from tests.conftest import ROOT


def test_committed_schemas_are_current(compiled):
    fresh = schemas(compiled.bundle, compiled.catalog)
    for name, schema in fresh.items():
        committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name}.schema.json is stale: run python -m calculator schema"


def test_schemas_offer_the_real_facts_and_codes(compiled):
    rules = schemas(compiled.bundle, compiled.catalog)["rules"]
    text = json.dumps(rules, ensure_ascii=False)
    assert "program.classroom_hours" in text
    assert "short_term_upgrade_certificate" in text
    assert "удостоверение о краткосрочном повышении квалификации" in text
    assert rules["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_every_rule_file_validates_against_its_schema(compiled):
    """An editor using these schemas must not flag the project's own files."""
    import jsonschema

    from calculator.authoring.cases import plain
    from calculator.authoring.yamlsource import load_file

    kinds = {
        "rules": "rules/*/rules/*.yaml",
        "act": "rules/*/acts/*.yaml",
        "cases": "rules/*/cases/*.yaml",
        "jurisdiction": "rules/*/jurisdiction.yaml",
    }
    for name, pattern in kinds.items():
        schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft7Validator(schema)
        for path in sorted(ROOT.glob(pattern)):
            document = plain(load_file(path, path.name))
            errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]
            assert not errors, f"{path.relative_to(ROOT)}: {errors[:3]}"


def _resolve(schema: dict, node: dict) -> dict:
    """A place of the schema with its $ref followed (the editor merges the two; the place's description wins)."""
    if "$ref" not in node:
        return node
    target = schema
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def test_every_fact_value_carries_its_own_label_and_hint(compiled):
    """Completion and hover on `fact:` show the fact's label and hint from rules/facts.yaml, not one shared text."""
    import yaml

    facts_doc = yaml.safe_load((ROOT / "rules" / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    rules = schemas(compiled.bundle, compiled.catalog)["rules"]
    condition = rules["definitions"]["condition"]["properties"]
    places = {
        "fact": _resolve(rules, condition["fact"]),
        "age": _resolve(rules, condition["age"]),
        "date": _resolve(rules, rules["definitions"]["date_expr"]["anyOf"][2]["properties"]["date"]),
    }
    assert places["age"]["description"].startswith("Полный возраст")  # the place's own description is kept
    for name, place in places.items():
        labels = dict(zip(place["enum"], place["enumDescriptions"], strict=True))
        assert len(set(labels.values())) == len(labels), name
        # A fact chosen at random from the file, and a nested one: their own words beside their ids.
        assert labels["birth_date"].startswith(facts_doc["birth_date"]["label"]), name
        assert facts_doc["birth_date"]["hint"] in labels["birth_date"], name
    kind = facts_doc["program"]["fields"]["kind"]
    fact = places["fact"]
    assert fact["enumDescriptions"][fact["enum"].index("program.kind")] == f"{kind['label']} — {kind['hint']}"
    assert places["date"]["enumDescriptions"][places["date"]["enum"].index("on")] == "Дата расчёта"
