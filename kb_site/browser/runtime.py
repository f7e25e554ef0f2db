"""Pyodide's runtime files: found in the npm package, copied into the site as they are.

Only the core runtime goes into the site, never a package by name: Pyodide would fetch
those from its public CDN, and the site must make no request to another host.
Each file's Subresource Integrity hash is computed here at build time; the worker refuses
any runtime file whose bytes do not match it (a corrupted, truncated, stale or altered copy).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RUNTIME_DIR", "RUNTIME_FILES", "Runtime", "RuntimeMissing", "find_runtime", "integrity_of"]

# Where the runtime lives in the built site.
RUNTIME_DIR = "assets/pyodide"
# What `loadPyodide` fetches: the loader, the Emscripten module, the WebAssembly binary,
# the standard library and the package lock it reads on start (no package is loaded from it).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class RuntimeMissing(RuntimeError):
    """The npm package is not installed (or incomplete); the message says what to run."""


@dataclass(frozen=True, slots=True)
class Runtime:
    folder: Path
    version: str

    def files(self) -> dict[str, Path]:
        """Each runtime file by its path in the site."""
        return {f"{RUNTIME_DIR}/{name}": self.folder / name for name in RUNTIME_FILES}

    def integrity(self) -> dict[str, str]:
        """Each runtime file's name and its Subresource Integrity value (`sha384-…`), as `fetch` checks it."""
        return {name: integrity_of((self.folder / name).read_bytes()) for name in RUNTIME_FILES}


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity value of `data`: SHA-384, the strength the SRI specification recommends."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def find_runtime(folder: Path) -> Runtime:
    """The Pyodide npm package in `folder`, checked to have every runtime file."""
    missing = [name for name in RUNTIME_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeMissing(
            f"kb: не найдена среда Pyodide для калькулятора в {folder} (нет: {', '.join(missing)}). "
            "Установите пакеты npm: «npm ci» (или bash scripts/setup.sh), либо отключите калькулятор в mkdocs.yml: "
            "plugins: - kb: {calculator: false}"
        )
    try:
        version = str(json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        version = "unknown"
    return Runtime(folder, version)
