"""Compare the calculator's speed at a base revision and in the working tree, side by side in one run.

Usage: python benchmarks/compare_revisions.py BASE [COUNT] [ROUNDS]   (default 20000 profiles, 5 rounds)

BASE (a commit, branch or tag) is checked out into a temporary `git worktree`, its rules
compiled there by its own compiler; then the working tree's `benchmarks/bench_evaluate.py`
(the same profiles for both) runs on each side's calculator package, alternating base and
working tree ROUNDS times, so a noisy machine slows both alike. Prints each round, the medians
and their ratios (working tree / base; above 1 is faster), by the wall clock and by the CPU
time of the process (steadier on a machine shared with other work). A benchmark, not a test:
it asserts nothing about time. The temporary worktree is removed at the end, also after an
error or Ctrl-C.
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
_RATES = {"wall": re.compile(r"profiles per second: ([\d,]+)"), "cpu": re.compile(r"profiles per CPU second: ([\d,]+)")}
_BENCH = str(ROOT / "benchmarks" / "bench_evaluate.py")


def _run(tree: Path, *args: str) -> str:
    """Run Python on `tree`'s own calculator package (first on the path, before the editable install)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args)} завершилась с кодом {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def _rates(tree: Path, count: int) -> dict[str, float]:
    printed = _run(tree, _BENCH, str(count))
    rates = {}
    for name, pattern in _RATES.items():
        found = pattern.search(printed)
        if found is None:
            raise SystemExit(f"{tree}: bench_evaluate.py не напечатал «{pattern.pattern}»:\n{printed}")
        rates[name] = float(found[1].replace(",", ""))
    return rates


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
            rates: dict[str, list[dict[str, float]]] = {"base": [], "tree": []}
            for n in range(1, rounds + 1):
                # Alternate which side goes first, so a trend in the machine's load favours neither.
                order = (("base", tree), ("tree", ROOT)) if n % 2 else (("tree", ROOT), ("base", tree))
                for name, side in order:
                    rates[name].append(_rates(side, count))
                was, now = rates["base"][-1], rates["tree"][-1]
                print(
                    f"round {n}: base {was['wall']:,.0f}/s ({was['cpu']:,.0f}/s CPU), "
                    f"working tree {now['wall']:,.0f}/s ({now['cpu']:,.0f}/s CPU)"
                )
            for clock in ("wall", "cpu"):
                base_rate = statistics.median(r[clock] for r in rates["base"])
                tree_rate = statistics.median(r[clock] for r in rates["tree"])
                unit = "profiles per second" if clock == "wall" else "profiles per CPU second"
                print(f"median {unit}: base {base_rate:,.0f}, working tree {tree_rate:,.0f}; ratio {tree_rate / base_rate:.3f}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
