"""A pure-Python wheel of the `calculator` package with the site's own rules inside.

A wheel is a zip with a `.dist-info` folder (PEP 427), and this one holds only Python
files and a JSON bundle, so it is written here with `zipfile` rather than by a build
backend: no network, no build isolation, and the same bytes for the same sources
(entries sorted, timestamps fixed), so its hash changes only when the code or rules do.
The authoring half (`calculator.authoring`, which needs PyYAML) stays out: the browser
only evaluates.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import calculator

__all__ = ["DIST_NAME", "Wheel", "build_wheel"]

DIST_NAME = "municipal_training_calculator"
_LEFT_OUT = ("authoring",)  # sub-packages the browser does not need
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: reproducible bytes


@dataclass(frozen=True, slots=True)
class Wheel:
    version: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"{DIST_NAME}-{self.version}-py3-none-any.whl"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def integrity(self) -> str:
        """The Subresource Integrity value `fetch(url, {integrity})` checks."""
        return "sha256-" + base64.b64encode(hashlib.sha256(self.content).digest()).decode("ascii")


def build_wheel(bundle: dict[str, Any]) -> Wheel:
    """The wheel: calculator's modules (as installed) plus `data/bundle.json` compiled from the site's rules."""
    package = Path(calculator.__file__).resolve().parent
    entries: dict[str, bytes] = {}
    for source in sorted(package.rglob("*.py")):
        relative = source.relative_to(package)
        if relative.parts[0] in _LEFT_OUT or "__pycache__" in relative.parts:
            continue
        entries[f"calculator/{relative.as_posix()}"] = source.read_bytes()
    entries["calculator/data/bundle.json"] = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    release = _version()
    dist_info = f"{DIST_NAME}-{release}.dist-info"
    entries[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {release}\n"
        "Summary: Калькулятор обучения муниципальных служащих (для браузера, с правилами сайта)\n"
    ).encode()
    entries[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: kb_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries[f"{dist_info}/top_level.txt"] = b"calculator\n"
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in entries.items()]
    entries[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return Wheel(release, buffer.getvalue())


def _version() -> str:
    try:
        return version("municipal-training-kb")
    except PackageNotFoundError:  # a source tree used without installing: still a valid version
        return "0.0.0"


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
