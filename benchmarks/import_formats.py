"""One source text as DOCX and as a saved HTML page, imported: the three act files must be the same.

    .venv/bin/python benchmarks/import_formats.py [SOURCE.txt ...]

Without arguments the Ryazan and Kaluga sources are used. Prints, per source and format, the time to
import and whether the act equals the one imported from the text.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from calculator.authoring.importing import import_act  # noqa: E402
from tests.act_formats import write_docx, write_html  # noqa: E402
from tests.test_acts_match_sources import SOURCES_DIR  # noqa: E402

DEFAULT = ("001-ryazan-2009-N132-I.txt", "004-kaluga-2022-N28-standard.txt")


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or [SOURCES_DIR / name for name in DEFAULT]
    differ = 0
    with tempfile.TemporaryDirectory() as folder:
        for source in sources:
            made = {
                "текст": source,
                "DOCX": write_docx(source, Path(folder) / f"{source.stem}.docx"),
                "HTML": write_html(source, Path(folder) / f"{source.stem}.html"),
            }
            reference = None
            for kind, path in made.items():
                start = time.perf_counter()
                imported = import_act(path, "act")
                elapsed = time.perf_counter() - start
                # The source's file name is recorded in the act; the formats differ in it only.
                text = imported.yaml.replace(path.name, source.name)
                reference = reference or text
                same = text == reference
                differ += not same
                clauses = len(imported.act["clauses"])
                print(f"{source.name:42} {kind:6} пунктов {clauses:3}  {elapsed * 1000:6.0f} мс  {'тот же акт' if same else 'ОТЛИЧАЕТСЯ'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
