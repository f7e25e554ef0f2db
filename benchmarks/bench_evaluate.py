"""Evaluate many varied synthetic profiles across all jurisdictions; print profiles/s and peak memory.

Usage: python benchmarks/bench_evaluate.py [COUNT]   (default 100000, one core)
A benchmark, not a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from typing import Any

from calculator.bundle import load_bundle
from calculator.engine import evaluate_with


def day(rng: random.Random, start: int = 1995, end: int = 2016) -> str:
    first = date(start, 1, 1).toordinal()
    return date.fromordinal(rng.randint(first, date(end, 12, 31).toordinal())).isoformat()


def profile(rng: random.Random) -> dict[str, Any]:
    p: dict[str, Any] = {"service_start": day(rng, 1990, 2012)}
    if rng.random() < 0.7:
        p["last_upgrade_end"] = day(rng, 2003, 2014)
    for key in ("attestation_training_on", "reserve_included_on", "group_promotion_on", "activity_change_on", "probation_end"):
        if rng.random() < 0.15:
            p[key] = day(rng, 2008, 2014)
    if rng.random() < 0.5:
        p["program"] = {
            "kind": rng.choice(["upgrade", "retraining", "event"]),
            "classroom_hours": rng.randint(0, 1200),
            "total_hours": rng.randint(0, 1500),
        }
    if rng.random() < 0.4:
        p.update(
            birth_date=day(rng, 1950, 1995),
            citizenship=rng.choice(["RU", "RU", "KG"]),
            speaks_state_language=True,
            meets_qualification_requirements=rng.random() < 0.9,
        )
        p["application"] = {
            "announcement_on": "2010-07-01",
            "submitted_on": (date(2010, 7, 1) + timedelta(days=rng.randint(0, 40))).isoformat(),
            "documents_complete": True,
        }
    p["position_since"] = p["service_start"]
    return p


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    bundle = load_bundle()
    rng = random.Random(20261123)
    jurisdictions = sorted(bundle.jurisdictions)
    work = [(profile(rng), jurisdictions[i % len(jurisdictions)], day(rng, 2009, 2016)) for i in range(count)]
    started, started_cpu = time.perf_counter(), time.process_time()
    for prof, jid, on in work:
        evaluate_with(bundle, prof, jid, on)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    # Memory is measured in a second pass: tracemalloc slows evaluation several times.
    tracemalloc.start()
    answers = [evaluate_with(bundle, prof, jid, on) for prof, jid, on in work[:10_000]]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del answers
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, {platform.system()}"
    )
    print(f"profiles: {count}, jurisdictions: {len(jurisdictions)}, one core")
    print(f"seconds: {elapsed:.2f}")
    print(f"profiles per second: {count / elapsed:,.0f}")
    # CPU time of this process: on a machine shared with other work it varies less than the wall clock.
    print(f"profiles per CPU second: {count / cpu:,.0f}")
    print(f"peak traced memory holding 10 000 answers: {peak / 1e6:.1f} MB")
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
