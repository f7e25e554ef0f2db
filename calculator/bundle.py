"""The compiled rules bundle: one JSON file the engine reads with the standard library.

`rules/` (YAML) is compiled into `calculator/data/bundle.json` by
`python -m calculator compile` (also `lint` and the site build; PyYAML, build side
only). The runtime only loads: it never compiles. The bundle records its format
and a digest of its inputs (every rule file and the compiler's code); in a
source checkout a bundle whose inputs have changed since (a rule file edited,
added or deleted, the compiler edited) is refused with a message saying how to
recompile, so an answer never comes from rules that are not the ones on disk. The
wheel and Pyodide have no `rules/` beside the package and read their bundle as is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from calculator.acts import Act
from calculator.facts import FactDictionary
from calculator.files import FileRefused, read_file
from calculator.jurisdiction import Jurisdiction, build_jurisdiction
from calculator.working_days import ProductionCalendar

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_PATH",
    "Bundle",
    "BundleError",
    "BundleFormatError",
    "BundleMissing",
    "BundleStale",
    "inputs_digest",
    "load_bundle",
    "read_bundle",
    "source_rules_dir",
]

BUNDLE_PATH = Path(__file__).with_name("data") / "bundle.json"
# The shape of bundle.json; a bundle of another format is refused, never half read.
BUNDLE_FORMAT = 2
# The compiler's code: a change to it may change the bundle, so it is one of the bundle's inputs.
_COMPILER_DIR = Path(__file__).resolve().parent / "authoring"
_RECOMPILE = "выполните «python -m calculator compile»"


class BundleError(RuntimeError):
    """The bundle cannot serve; the message says why and what to do, in Russian."""


class BundleMissing(BundleError):
    """No compiled bundle."""


class BundleFormatError(BundleError):
    """A bundle of another format (or not a bundle at all)."""


class BundleStale(BundleError):
    """In a source checkout: the rules or the compiler changed after the bundle was compiled."""


def source_rules_dir() -> Path | None:
    """`rules/` next to the package, when running from a source checkout."""
    candidate = Path(__file__).resolve().parent.parent / "rules"
    return candidate if candidate.is_dir() else None


_MAX_INPUT_BYTES = 5_000_000  # as a rule file (calculator/authoring/yamlsource.py); the compiler's modules are far smaller


def inputs_digest(rules_dir: Path) -> str:
    """SHA-256 over the bundle's inputs: each rule file (path and bytes), the compiler's code, the format."""
    digest = hashlib.sha256(f"bundle format {BUNDLE_FORMAT}\n".encode())
    for part, base, pattern in (("rules", rules_dir, "*.yaml"), ("compiler", _COMPILER_DIR, "*.py")):
        for path in sorted(base.rglob(pattern)):
            digest.update(f"{part}/{path.relative_to(base).as_posix()}\0".encode())
            try:  # bounded and regular files only: a rule file linked to /dev/zero or a FIFO must not hang or fill memory
                content = read_file(path, _MAX_INPUT_BYTES)
            except FileRefused as exc:
                content = f"unreadable: {exc}".encode()  # lint refuses it by name; the digest only has to differ
            digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


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


def read_bundle(path: Path, rules_dir: Path | None) -> Bundle:
    """Load the bundle at `path`; with `rules_dir`, refuse it unless it was compiled from exactly those rules."""
    shown = "calculator/data/bundle.json" if path == BUNDLE_PATH else str(path)
    remedy = _RECOMPILE if rules_dir is not None else "установите пакет калькулятора заново"
    if not path.exists():
        raise BundleMissing(f"Файл правил {shown} не найден: {_RECOMPILE}.")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raw = None
    found = raw.get("format") if isinstance(raw, dict) else None
    if found != BUNDLE_FORMAT:
        what = f"формата {found}" if isinstance(found, int) else "неизвестного формата"
        raise BundleFormatError(f"Файл правил {shown} {what}, а калькулятор читает формат {BUNDLE_FORMAT}: {remedy}.")
    if rules_dir is not None and raw.get("inputs") != inputs_digest(rules_dir):
        raise BundleStale(
            f"Файл правил {shown} устарел: после компиляции изменились файлы в {rules_dir.name}/ (правка, новый или удалённый файл) "
            f"или код компилятора (calculator/authoring/); {_RECOMPILE} (это делает и «python -m calculator lint»)."
        )
    return Bundle.from_raw(raw)


@cache
def load_bundle() -> Bundle:
    """The packaged bundle (checked against `rules/` in a source checkout); read once per process."""
    return read_bundle(BUNDLE_PATH, source_rules_dir())
