"""The calculator's files in the site, and the manifest that tells the page's script where they are.

The script (`calculator.js`) is loaded on every page; the manifest written into it names the
worker, the runtime folder and the wheel relative to the script, the wheel's integrity hash
(checked by `fetch`), every runtime file's integrity hash (`files`: the worker lets Pyodide read
no other file and none unchecked), and the pages that host the form (so the engine can start
warming up when a reader points at a link to one). Versioned query strings make a new build's
files replace cached ones; the runtime's files keep their plain names (a version changes them
rarely) and a copy cached from an older deploy fails its check and is fetched anew.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass
from importlib.resources import files as package_files

from kb_site.browser.runtime import RUNTIME_DIR, Runtime
from kb_site.browser.wheel import Wheel

__all__ = ["ASSETS_DIR", "CALCULATOR_SCRIPT", "CALCULATOR_STYLESHEET", "PLAN_SCRIPT", "Asset", "calculator_assets"]

ASSETS_DIR = "assets/kb"
CALCULATOR_SCRIPT = f"{ASSETS_DIR}/calculator.js"
CALCULATOR_STYLESHEET = f"{ASSETS_DIR}/calculator.css"
PLAN_SCRIPT = f"{ASSETS_DIR}/plan.js"
WORKER = f"{ASSETS_DIR}/calculator-worker.mjs"
_PLACEHOLDER = "/*KB_MANIFEST*/ null"


@dataclass(frozen=True, slots=True)
class Asset:
    """A file the site gets: either `content` or a `source` file copied as it is."""

    path: str
    content: str | bytes | None = None
    source: str | None = None


def calculator_assets(runtime: Runtime, wheel: Wheel, hosts: list[str]) -> list[Asset]:
    """Every calculator file; `hosts` are the URLs (from the site root) of pages showing the form."""
    worker = _packaged("calculator-worker.mjs")
    manifest = {
        "root": posixpath.relpath(".", ASSETS_DIR) + "/",
        "pages": hosts,
        "worker": f"calculator-worker.mjs?v={_short_hash(worker.encode())}",
        "runtime": posixpath.relpath(RUNTIME_DIR, ASSETS_DIR) + "/",
        "wheel": f"{wheel.filename}?v={wheel.sha256[:12]}",
        "integrity": wheel.integrity,
        "files": runtime.integrity(),
        "version": {"calculator": wheel.version, "pyodide": runtime.version},
    }
    script = _packaged("calculator.js")
    if _PLACEHOLDER not in script:
        raise RuntimeError("calculator.js: нет места для манифеста (/*KB_MANIFEST*/ null)")
    script = script.replace(_PLACEHOLDER, json.dumps(manifest, ensure_ascii=False), 1)
    assets = [
        Asset(CALCULATOR_SCRIPT, content=script),
        Asset(CALCULATOR_STYLESHEET, content=_packaged("calculator.css")),
        Asset(PLAN_SCRIPT, content=_packaged("plan.js")),
        Asset(WORKER, content=worker),
        Asset(f"{ASSETS_DIR}/{wheel.filename}", content=wheel.content),
    ]
    assets += [Asset(path, source=str(source)) for path, source in runtime.files().items()]
    return assets


def _packaged(name: str) -> str:
    return package_files("kb_site").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
