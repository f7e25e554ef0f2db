"""The compiled rules bundle: one JSON file the engine reads with the standard library.

`rules/` (YAML) is compiled into `calculator/data/bundle.json` by
`python -m calculator compile` (PyYAML, build side only). In a source checkout
a missing or stale bundle is compiled on first use, so an edited rule file is
picked up at once; in the wheel and in Pyodide the packaged bundle is read as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from calculator.acts import Act
from calculator.facts import FactDictionary
from calculator.jurisdiction import Jurisdiction, build_jurisdiction
from calculator.working_days import ProductionCalendar

__all__ = ["BUNDLE_PATH", "Bundle", "BundleMissing", "load_bundle", "source_rules_dir"]

BUNDLE_PATH = Path(__file__).with_name("data") / "bundle.json"


class BundleMissing(RuntimeError):
    """No compiled bundle and no way to compile one."""


def source_rules_dir() -> Path | None:
    """`rules/` next to the package, when running from a source checkout."""
    candidate = Path(__file__).resolve().parent.parent / "rules"
    return candidate if candidate.is_dir() else None


def _stale(rules_dir: Path) -> bool:
    if not BUNDLE_PATH.exists():
        return True
    built = BUNDLE_PATH.stat().st_mtime
    return any(p.stat().st_mtime > built for p in rules_dir.rglob("*.yaml"))


@dataclass(frozen=True, slots=True)
class Bundle:
    facts: FactDictionary
    codes: dict[str, Any]
    acts: dict[str, Act]
    jurisdictions: dict[str, Jurisdiction]
    calendar: ProductionCalendar = field(default_factory=lambda: ProductionCalendar(None))

    @staticmethod
    def from_raw(raw: dict[str, Any]) -> Bundle:
        facts = FactDictionary(raw["facts"])
        order = {path: list(f.choices) for path, f in facts.facts.items() if f.choices}
        return Bundle(
            facts=facts,
            codes=raw["codes"],
            acts={a: Act.from_bundle(v) for a, v in raw["acts"].items()},
            jurisdictions={j: build_jurisdiction(raw["jurisdictions"], j, order) for j in raw["jurisdictions"]},
            calendar=ProductionCalendar(raw.get("calendar")),
        )


@cache
def load_bundle() -> Bundle:
    rules_dir = source_rules_dir()
    if rules_dir is not None and _stale(rules_dir):
        try:
            from calculator.authoring.compiler import write_bundle
        except ImportError as exc:  # PyYAML absent: only the packaged bundle can serve
            if not BUNDLE_PATH.exists():
                raise BundleMissing(
                    "Правила не скомпилированы, а для компиляции нужен PyYAML: выполните «pip install -e .[dev]» или «make test»."
                ) from exc
        else:
            write_bundle(rules_dir, BUNDLE_PATH, force=True)  # the package's own file, whatever an older version wrote
    if not BUNDLE_PATH.exists():
        raise BundleMissing("Файл правил calculator/data/bundle.json не найден: выполните «python -m calculator compile».")
    return Bundle.from_raw(json.loads(BUNDLE_PATH.read_text(encoding="utf-8")))
