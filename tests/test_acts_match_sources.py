"""Every act file must reproduce its source text word for word.

For each act in ``rules/*/acts/*.yaml`` the labels, headings and texts of all
clauses are joined and normalised, and compared with the normalised source
file from ``sources/`` (the received texts, kept in the repository so that
this check runs in every clone).  The source first has the project's recorded
mends applied (removed website/publisher parts, the OCR fix, the reference
marks, the table rendering, ...), listed explicitly in ``TRANSFORMATIONS``
below; each of them must match the source exactly the expected number of
times, so a changed source or a forgotten mend makes the test fail.

Normalisation: a leading list marker ``- `` is dropped from every line, then
all whitespace is collapsed to single spaces (so re-wrapped lines and the
paragraph breaks of the act files do not matter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO_ROOT / "sources"

ACT_FILES: list[Path] = sorted(REPO_ROOT.glob("rules/*/acts/*.yaml"))
CLAUSE_ID_RE = re.compile(r"^[A-Za-z0-9.\-]+$")


@dataclass(frozen=True)
class Replace:
    """Replace an exact string of the source; it must occur ``count`` times."""

    old: str
    new: str
    count: int = 1
    why: str = ""


@dataclass(frozen=True)
class RegexReplace:
    """Replace a regular expression (multiline) that must match ``count`` times."""

    pattern: str
    repl: str
    count: int
    why: str = ""


@dataclass(frozen=True)
class CutFrom:
    """Drop everything from ``marker`` (which must occur once) to the end."""

    marker: str
    why: str = ""


Transformation = Replace | RegexReplace | CutFrom

KYRGYZ_HEADER = (
    "Муниципалитет - это триединство территории,\n"
    "живущего на ней населения и\n"
    "органа местного самоуправления\n"
    "- Главная страница /\n"
    "- Статьи /\n"
    "- Новости Коалиции МСУ (Союз МСУ, ИПР и АМУЦА)\n"
)

IZOBILNENSKY_STATUS = (
    "Настоящее постановление фактически утратило силу с принятием постановления "
    "администрации Изобильненского муниципального района Ставропольского края "
    'от 19 июля 2011 г. N 771 "Об утверждении Положения о формировании, '
    "подготовке и использовании муниципального резерва управленческих кадров "
    'администрации Изобильненского муниципального района Ставропольского края"\n'
)

# The known mends, per source file, in the order they are applied.
TRANSFORMATIONS: dict[str, list[Transformation]] = {
    "000-russia-general-practice.txt": [
        RegexReplace(
            r"(?<=[.:]) (?:1|2|3|13)(?=\s|$)",
            "",
            count=20,
            why="reference marks of the original summary after sentences",
        ),
    ],
    "001-ryazan-2009-N132-I.txt": [
        Replace("Ґ1тавом", "Уставом", why="OCR error in the preamble"),
    ],
    "002-kyrgyzstan-2023-resolution.txt": [
        Replace(KYRGYZ_HEADER, "", why="website slogan and breadcrumb"),
        CutFrom("Похожие материалы:", why="website list of related articles"),
    ],
    "003-izobilnensky-2010-N199-reserve.txt": [
        CutFrom(
            "Если вы являетесь пользователем интернет-версии системы ГАРАНТ",
            why="publisher's note and publisher's summary after it",
        ),
        Replace(IZOBILNENSKY_STATUS, "", why="status sentence, kept in notes"),
        Replace(" |\n", "\n", count=2, why="table-cell markers in the signature"),
    ],
    "004-kaluga-2022-N28-standard.txt": [
        Replace(
            "Часть 2. Государственные работы\n\nРаздел 2.",
            "Раздел 2.",
            why="'Часть 2' headed twice; the second heading is dropped",
        ),
        # The reports table of Part 2, Section 1, 4.1: header and separator
        # rows dropped, each data row "N<tab>kind<tab>condition" rendered as
        # the paragraph "N) kind — condition.".
        Replace(
            "№ п/п\tВид отчета\tУсловие предоставления предоставляется\n",
            "",
            why="table header row",
        ),
        Replace("---\t---\t--\n", "", why="table separator row"),
        RegexReplace(
            r"^(\d)\t([^\t\n]+)\t([^\t\n]+)$",
            r"\1) \2 — \3.",
            count=3,
            why="table rows rendered as paragraphs",
        ),
    ],
}

LIST_MARKER_RE = re.compile(r"^[ \t]*- +", re.MULTILINE)


def normalise(text: str) -> str:
    """Drop leading '- ' list markers and collapse all whitespace."""
    return " ".join(LIST_MARKER_RE.sub("", text).split())


def apply_transformations(text: str, transformations: list[Transformation]) -> str:
    for t in transformations:
        if isinstance(t, Replace):
            found = text.count(t.old)
            assert found == t.count, f"{t.why}: {t.old!r} found {found} times, expected {t.count}"
            text = text.replace(t.old, t.new)
        elif isinstance(t, RegexReplace):
            text, found = re.subn(t.pattern, t.repl, text, flags=re.MULTILINE)
            assert found == t.count, f"{t.why}: {t.pattern!r} matched {found} times, expected {t.count}"
        elif isinstance(t, CutFrom):
            found = text.count(t.marker)
            assert found == 1, f"{t.why}: {t.marker!r} found {found} times, expected 1"
            text = text[: text.index(t.marker)]
        else:  # pragma: no cover
            raise TypeError(t)
    return text


def load_act(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a mapping"
    return data


def act_text(act: dict[str, Any]) -> str:
    parts: list[str] = []
    for clause in act["clauses"]:
        for key in ("label", "heading", "text"):
            value = clause.get(key)
            if value:
                parts.append(str(value))
    return "\n".join(parts)


def first_difference(a: str, b: str, context: int = 80) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return (
        f"first difference at character {i}:\n"
        f"  act:    …{a[max(0, i - context) : i + context]}…\n"
        f"  source: …{b[max(0, i - context) : i + context]}…"
    )


def test_act_files_present() -> None:
    assert ACT_FILES, "no act files found under rules/*/acts/"
    used = {load_act(p)["source"] for p in ACT_FILES}
    assert set(TRANSFORMATIONS) <= used, f"transformations for unused sources: {set(TRANSFORMATIONS) - used}"


def test_every_source_text_is_in_the_repository_and_used() -> None:
    """Each received text is kept, described in sources/README.md, and reproduced by some act file."""
    texts = {p.name for p in SOURCES_DIR.glob("*.txt")}
    assert texts, f"no source texts in {SOURCES_DIR}"
    readme = (SOURCES_DIR / "README.md").read_text(encoding="utf-8")
    assert {name for name in texts if f"`{name}`" not in readme} == set(), "sources/README.md does not describe every text"
    assert texts == {load_act(p)["source"] for p in ACT_FILES}


@pytest.mark.parametrize("path", ACT_FILES, ids=lambda p: p.stem)
def test_clause_ids(path: Path) -> None:
    act = load_act(path)
    assert act["id"] == path.stem
    ids = [c["id"] for c in act["clauses"]]
    assert all(isinstance(i, str) for i in ids), "clause ids must be strings"
    bad = [i for i in ids if not CLAUSE_ID_RE.fullmatch(i)]
    assert not bad, f"clause ids not matching {CLAUSE_ID_RE.pattern}: {bad}"
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate clause ids: {dupes}"


@pytest.mark.parametrize("path", ACT_FILES, ids=lambda p: p.stem)
def test_act_matches_source(path: Path) -> None:
    act = load_act(path)
    source_path = SOURCES_DIR / act["source"]
    assert source_path.is_file(), f"source {source_path} missing"
    source = source_path.read_text(encoding="utf-8")
    expected = normalise(apply_transformations(source, TRANSFORMATIONS.get(act["source"], [])))
    actual = normalise(act_text(act))
    assert actual == expected, first_difference(actual, expected)
