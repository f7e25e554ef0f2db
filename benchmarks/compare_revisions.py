"""Compare the calculator's speed at a base revision and in the working tree, side by side in one run.

Usage: python benchmarks/compare_revisions.py BASE [COUNT] [ROUNDS]   (default 20000 profiles, 5 rounds)

BASE (a commit, branch or tag) is checked out into a temporary `git worktree`, its rules
compiled there by its own compiler; then `benchmarks/bench_evaluate.py` of each side runs on
its own code, alternating base and working tree ROUNDS times, so a noisy machine slows both
alike. Prints each round, the medians and their ratio (working tree / base, in profiles per
second: above 1 is faster). A benchmark, not a test: it asserts nothing about time. The
temporary worktree is removed at the end, also after an error or Ctrl-C.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_RATE = re.compile(r"profiles per second: ([\d,]+)")


def _run(tree: Path, *args: str) -> str:
    """Run Python on `tree`'s own calculator package (first on the path, before the editable install)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args)} завершилась с кодом {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def _rate(tree: Path, count: int) -> float:
    found = _RATE.search(_run(tree, "benchmarks/bench_evaluate.py", str(count)))
    if found is None:
        raise SystemExit(f"{tree}: bench_evaluate.py не напечатал «profiles per second»")
    return float(found[1].replace(",", ""))


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    base = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    commit = subprocess.run(["git", "rev-parse", "--short", base], cwd=ROOT, capture_output=True, text=True, check=False)
    if commit.returncode != 0:
        raise SystemExit(f"Нет такой ревизии: «{base}» ({commit.stderr.strip()})")
    with tempfile.TemporaryDirectory(prefix="compare-") as scratch:
        tree = Path(scratch) / "base"
        subprocess.run(["git", "worktree", "add", "--quiet", "--detach", str(tree), base], cwd=ROOT, check=True)
        try:
            for side in (tree, ROOT):
                where = _run(side, "-c", "import calculator; print(calculator.__file__)").strip()
                if not Path(where).is_relative_to(side):
                    raise SystemExit(f"{side}: импортирован не тот калькулятор ({where})")
            _run(tree, "-m", "calculator", "compile")
            _run(ROOT, "-m", "calculator", "compile")
            print(
                f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, {platform.system()}"
            )
            print(f"base {commit.stdout.strip()} vs working tree; {count} profiles a run, {rounds} rounds, alternating")
            rates: dict[str, list[float]] = {"base": [], "tree": []}
            for n in range(1, rounds + 1):
                # Alternate which side goes first, so a trend in the machine's load favours neither.
                order = (("base", tree), ("tree", ROOT)) if n % 2 else (("tree", ROOT), ("base", tree))
                for name, side in order:
                    rates[name].append(_rate(side, count))
                print(f"round {n}: base {rates['base'][-1]:,.0f}/s, working tree {rates['tree'][-1]:,.0f}/s")
            base_rate, tree_rate = statistics.median(rates["base"]), statistics.median(rates["tree"])
            print(f"median: base {base_rate:,.0f}/s, working tree {tree_rate:,.0f}/s")
            print(f"ratio (working tree / base): {tree_rate / base_rate:.3f}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
