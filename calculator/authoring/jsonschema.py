"""JSON Schemas (draft-07) for editors, generated from the same shapes lint checks.

The schemas carry the real fact names and codes of the project, so an editor
completes `fact: program.` and shows each fact's and each code's Russian label
and hint beside it and on hover.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculator.authoring.compiler import Compiled
from calculator.authoring.shapes import Custom, to_schema
from calculator.authoring.spec import build_specs
from calculator.files import Made, write_file

__all__ = ["SCHEMA_FILE", "schemas", "write_schemas"]

_TITLES = {
    "rules": "Файл правил (rules/<юрисдикция>/rules/*.yaml)",
    "act": "Акт (rules/<юрисдикция>/acts/*.yaml)",
    "cases": "Примеры (rules/<юрисдикция>/cases/*.yaml)",
    "jurisdiction": "Юрисдикция (rules/<юрисдикция>/jurisdiction.yaml)",
    "facts": "Словарь фактов (rules/facts.yaml)",
    "codes": "Коды ответа (rules/codes.yaml)",
    "answer": "Формат ответа (rules/answer.yaml)",
}


def _clause_hint(clause: dict[str, Any]) -> str:
    words = " ".join(str(clause.get("text") or clause.get("heading") or "").split())
    label = (clause.get("label") or clause["id"]).strip()
    return f"{label} {words[:90]}{'…' if len(words) > 90 else ''}".strip()


def _fact_hint(fact: dict[str, Any]) -> str:
    """What completion and hover show beside a fact id: its label in the form and its hint."""
    label = str(fact.get("label") or "").strip()
    hint = str(fact.get("hint") or "").strip()
    return f"{label} — {hint}" if label and hint else label or hint


def _enum(values: list[str], labels: list[str], description: str) -> dict[str, Any]:
    # VS Code's YAML extension shows enumDescriptions beside each completion.
    return {"enum": values, "enumDescriptions": labels, "description": description}


def _add_references(rules_schema: dict[str, Any], bundle: dict[str, Any], catalog: dict[str, Any]) -> None:
    """Acts, their clauses and editions, and rule ids that exist: what `act:`, `clauses:` and `refines:` may say.

    Only the editor sees these lists; lint checks the same references with its own messages.
    """
    acts = catalog.get("acts") or {}
    rules = {r["id"]: r["title"] for j in bundle["jurisdictions"].values() for r in j["rules"]}
    act_enum = _enum(list(acts), [a.get("short_title") or a["title"] for a in acts.values()], "Акт, из которого правило (id акта).")
    rule_enum = _enum(list(rules), list(rules.values()), "Правило базовой юрисдикции (id правила).")
    per_act = [
        {
            "if": {"properties": {"act": {"const": act_id}}, "required": ["act"]},
            "then": {
                "properties": {
                    "clauses": {
                        "items": _enum(
                            [c["id"] for c in act["clauses"]], [_clause_hint(c) for c in act["clauses"]], f"Пункт акта {act_id}."
                        )
                    },
                    "editions": {
                        "items": _enum(
                            [str(e["id"]) for e in act["editions"]],
                            [f"с {e.get('from') or '—'}: {e.get('summary') or ''}" for e in act["editions"]],
                            f"Редакция акта {act_id}.",
                        )
                    },
                }
            },
        }
        for act_id, act in acts.items()
    ]
    item = rules_schema["properties"]["rules"]["items"]
    for branch in (item.get("then"), item.get("else"), item):
        if not branch or "properties" not in branch:
            continue
        properties = branch["properties"]
        properties["act"] = act_enum
        for key in ("refines", "replaces"):
            if key in properties:
                properties[key] = rule_enum | {"description": properties[key].get("description", rule_enum["description"])}
        branch["allOf"] = [{"$ref": "#/definitions/act_references"}]
    rules_schema.setdefault("definitions", {})["act_references"] = {"allOf": per_act}


def schemas(bundle: dict[str, Any], catalog: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The editor schemas for a compiled rules folder: its facts, codes, acts, clauses and rules."""
    facts = bundle["facts"]
    specs = build_specs(bundle["codes"], tuple(facts), tuple(_fact_hint(f) for f in facts.values()))
    shapes = {
        "rules": specs.rules_file,
        "act": specs.act_file,
        "cases": specs.cases_file,
        "jurisdiction": specs.jurisdiction_file,
        "facts": specs.facts_file,
        "codes": specs.codes_file,
        "answer": specs.answer_file,
    }
    # Named shapes are written once, under definitions, and referred to elsewhere.
    definitions: dict[str, dict[str, Any]] = {}
    for shape in (specs.condition, specs.date_expr):
        assert isinstance(shape, Custom) and shape.ref, "a named shape is a Custom with a ref (spec.py)"
        definitions[shape.ref] = dict(shape.schema)
    result = {}
    for name, shape in shapes.items():
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": _TITLES[name], **to_schema(shape)}
        text = json.dumps(schema)
        if "#/definitions/" in text:
            schema["definitions"] = definitions
        result[name] = schema
    if catalog is not None:
        _add_references(result["rules"], bundle, catalog)
    for schema in result.values():
        _share_fact_choice(schema, list(facts))
    return result


def _share_fact_choice(schema: dict[str, Any], paths: list[str]) -> None:
    """Every choice of a fact refers to one definition: its labels are written once, not at each of 38 places.

    The place keeps its own description beside the reference (the editor merges the two).
    """
    found: dict[str, Any] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("enum") == paths and "enumDescriptions" in node:
                found.setdefault("fact", {k: v for k, v in node.items() if k != "description"})
                return {"$ref": "#/definitions/fact", **({"description": node["description"]} if node.get("description") else {})}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    shared = walk(schema)
    if found:
        schema.clear()
        schema.update(shared)
        schema.setdefault("definitions", {})["fact"] = found["fact"] | {"description": "Факт из словаря фактов (rules/facts.yaml)."}


# A schema written before starts with the draft it follows: `schema -o` replaces such a file without --force.
SCHEMA_FILE = Made("схема для редактора", prefixes=(b'{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "title": ',))


def write_schemas(compiled: Compiled, out: Path, force: bool = False) -> list[Path]:
    """Write the schemas of a compiled rules folder (calculator/files.py); return the files whose content changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in schemas(compiled.bundle, compiled.catalog).items():
        data = (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
        path = out / f"{name}.schema.json"
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            write_file(path, data, made=SCHEMA_FILE, inputs=compiled.files, force=force)
            changed.append(path)
    return changed
