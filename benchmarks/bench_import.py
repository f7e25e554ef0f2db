"""How close `import-act` comes to the hand-made act files, source by source.

For each act file in rules/*/acts/ its source text in ../shared/sources/ is imported and compared:
clauses of the hand-made file, found with the same id, with the same heading and text (whitespace
normalised as tests/test_acts_match_sources.py does), invented (ids the hand-made file does not have),
precision and recall of the clause ids, editions (by date) and repeal (by date) found, and the time
to import the largest source (best of 5).

    .venv/bin/python benchmarks/bench_import.py [--show-misses]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from calculator.authoring.importing import import_act  # noqa: E402
from tests.test_acts_match_sources import SOURCES_DIR, normalise  # noqa: E402


def clause_text(clause: dict[str, Any]) -> str:
    return normalise(f"{clause.get('heading') or ''} {clause.get('text') or ''}")


def compare(hand: dict[str, Any], made: dict[str, Any], show: bool) -> dict[str, Any]:
    expected = {c["id"]: c for c in hand["clauses"]}
    found = {c["id"]: c for c in made["clauses"]}
    right_id = [i for i in expected if i in found]
    right_text = [i for i in right_id if clause_text(expected[i]) == clause_text(found[i])]
    invented = [i for i in found if i not in expected]
    if show:
        for i in expected:
            if i not in found:
                print(f"    не найден: {i}")
            elif i not in right_text:
                print(f"    текст:     {i}\n      ждали: {clause_text(expected[i])[:160]}\n      есть:  {clause_text(found[i])[:160]}")
        for i in invented:
            print(f"    лишний:    {i}: {clause_text(found[i])[:120]}")
    hand_editions = {str(e["from"]) for e in hand["editions"] if e.get("from")}
    made_editions = {str(e["from"]) for e in made["editions"] if e.get("from")}
    hand_repeal = str(hand.get("repealed", {}).get("on", "")) or None
    made_repeal = str(made.get("repealed", {}).get("on", "")) or None
    return {
        "clauses": len(expected),
        "id": len(right_id),
        "text": len(right_text),
        "invented": len(invented),
        "precision": len(right_id) / len(found) if found else 0.0,
        "recall": len(right_id) / len(expected),
        "editions": f"{len(hand_editions & made_editions)}/{len(hand_editions)}"
        + (f" (+{len(made_editions - hand_editions)})" if made_editions - hand_editions else ""),
        "repeal": "—" if hand_repeal is None and made_repeal is None else ("да" if hand_repeal == made_repeal else f"нет ({made_repeal})"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true", help="print each clause that differs")
    args = parser.parse_args()
    if not SOURCES_DIR.is_dir():
        print(f"нет папки исходных текстов {SOURCES_DIR}")
        return 2
    print(
        f"Машина: {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} ядра, CPython {platform.python_version()}, {platform.system()}"
    )
    header = (
        f"{'источник':42} {'пунктов':>7} {'id':>4} {'текст':>5} {'лишних':>6} {'точн.':>6} {'полн.':>6} {'id+текст':>8}  редакции  отмена"
    )
    print(header)
    largest: tuple[int, Path, str] | None = None
    for act_path in sorted(REPO.glob("rules/*/acts/*.yaml")):
        hand = yaml.safe_load(act_path.read_text(encoding="utf-8"))
        source = SOURCES_DIR / hand["source"]
        if args.show_misses:
            print(f"  {source.name}:")
        made = yaml.safe_load(import_act(source, hand["id"]).yaml)
        r = compare(hand, made, args.show_misses)
        share = r["text"] / r["clauses"]
        print(
            f"{source.name:42} {r['clauses']:7} {r['id']:4} {r['text']:5} {r['invented']:6} "
            f"{r['precision']:6.1%} {r['recall']:6.1%} {share:8.1%}  {r['editions']:8}  {r['repeal']}"
        )
        size = source.stat().st_size
        if largest is None or size > largest[0]:
            largest = (size, source, hand["id"])
    if largest:
        best = min(_timed(largest[1], largest[2]) for _ in range(5))
        print(f"Импорт самого большого источника ({largest[1].name}, {largest[0] // 1024} КБ): {best * 1000:.0f} мс (лучшее из 5)")
    return 0


def _timed(source: Path, act_id: str) -> float:
    start = time.perf_counter()
    import_act(source, act_id)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
