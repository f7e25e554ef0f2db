"""JSON Schemas (draft-07) for editors, generated from the same shapes lint checks.

The schemas carry the real fact names and codes of the project, so an editor
completes `fact: program.` and shows each code's Russian name on hover.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculator.authoring.compiler import compile_rules
from calculator.authoring.shapes import Issue, to_schema
from calculator.authoring.spec import build_specs

__all__ = ["schemas", "write_schemas"]

_TITLES = {
    "rules": "Файл правил (rules/<юрисдикция>/rules/*.yaml)",
    "act": "Акт (rules/<юрисдикция>/acts/*.yaml)",
    "cases": "Примеры (rules/<юрисдикция>/cases/*.yaml)",
    "jurisdiction": "Юрисдикция (rules/<юрисдикция>/jurisdiction.yaml)",
    "facts": "Словарь фактов (rules/facts.yaml)",
    "codes": "Коды ответа (rules/codes.yaml)",
    "answer": "Формат ответа (rules/answer.yaml)",
}


def schemas(codes: dict[str, Any], fact_paths: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    specs = build_specs(codes, fact_paths)
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
    definitions = {shape.ref: dict(shape.schema) for shape in (specs.condition, specs.date_expr)}
    result = {}
    for name, shape in shapes.items():
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": _TITLES[name], **to_schema(shape)}
        text = json.dumps(schema)
        if "#/definitions/" in text:
            schema["definitions"] = definitions
        result[name] = schema
    return result


def write_schemas(root: Path, out: Path) -> list[Issue]:
    compiled = compile_rules(root, run_cases=False)
    if not compiled.bundle:
        return compiled.issues
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas(compiled.bundle["codes"], tuple(compiled.bundle["facts"])).items():
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        (out / f"{name}.schema.json").write_text(text, encoding="utf-8")
    return []
