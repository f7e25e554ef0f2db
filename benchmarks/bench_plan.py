"""Time the yearly plan on a generated staff list: in CPython (rows per second, peak memory) and in the browser page.

Usage: .venv/bin/python benchmarks/bench_plan.py [--rows N] [--bad-rows N] [--runs R] [--jurisdiction ID] [--year YYYY] [--browser] [--timeout SECONDS]

Run from the repository root. A staff list of N rows (default 100 000) is generated with a fixed
seed: dates of service, upgrades, promotions and changes of activity, a few people studying, on
leave, reaching the age limit or candidates for promotion, and one row in 200 with an impossible
date (so the «bad rows are reported and skipped» path is paid for too). It is written as CSV
(`;`, UTF-8 with BOM, as Excel in a Russian locale saves it) and as XLSX (by the project's own writer).
A third list («bad», --bad-rows, default 200 000) has no readable row at all: its peak memory
shows that the report of bad rows is bounded (issue 16).

CPython: each measurement runs in a fresh process, so the peak memory (VmHWM of /proc/self/status;
not ru_maxrss, which Linux keeps across exec and so counts the benchmark's own lists) is the plan's
own: reading the file, planning every row, writing the plan as XLSX. Targets: the plan of 100 000
rows in under 10 s.

--browser: the site is built for the URL it is served under, the planning page is opened in
headless Chromium, the runtime is loaded, then the CSV is chosen in the file field and «Составить
план» pressed, as a person would. Measured in the page: from the click to the plan on the page,
how often the progress bar moved, the longest main-thread task (PerformanceObserver «longtask»)
and the longest gap between two animation frames while planning (is the page responsive?), then
the time until the XLSX download starts. Target: under 60 s, with the progress advancing and no
frozen page. A benchmark, not a test: it prints figures and exits non-zero only if something does
not work.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_site import project_version  # noqa: E402

HEADER = [
    "ФИО",
    "Табельный номер",
    "Должность",
    "Подразделение",
    "Начало муниципальной службы",
    "Окончание испытательного срока",
    "Последнее повышение квалификации",
    "Назначение на должность иной группы",
    "Смена вида деятельности",
    "Сейчас обучается по профилю",
    "Отпуск",
    "Достигает предельного возраста в плановом году",
    "Кандидат на перевод на вышестоящую должность",
]

# The child process: read, plan and write one file, and report the figures as JSON.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from calculator.bundle import load_bundle
from calculator.planning import plan_xlsx
from calculator.planning.columns import facts_for_plan
from calculator.planning.plan import make_plan
from calculator.planning.staff import read_staff
from calculator.planning.table import read_table

def peak_mb():
    # VmHWM is this program's own peak; Linux keeps ru_maxrss across exec, so it would count the parent's too.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

path, jurisdiction, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
bundle = load_bundle()
started = time.perf_counter()
used = facts_for_plan(bundle.codes, [bundle.jurisdictions[jurisdiction]])
staff = read_staff(read_table(Path(path).read_bytes(), path), bundle.facts, used)
read = time.perf_counter()
plan = make_plan(staff, jurisdiction, year, bundle=bundle)
planned = time.perf_counter()
workbook = plan_xlsx(plan, bundle)
written = time.perf_counter()
print(json.dumps({
    "read": read - started, "plan": planned - read, "write": written - planned, "total": written - started,
    "rows": plan["summary"]["rows"], "skipped": plan["summary"]["rows_skipped"], "xlsx_bytes": len(workbook),
    "maxrss_mb": peak_mb(),
}))
"""


def ru_day(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def staff_rows(count: int, year: int, seed: int = 2011) -> list[list[object]]:
    rng = random.Random(seed)
    first = date(year - 30, 1, 1)

    def some_day(after: date, before: date) -> date:
        return after + timedelta(days=rng.randrange(max((before - after).days, 1)))

    rows: list[list[object]] = [HEADER]
    for i in range(count):
        start = some_day(first, date(year - 1, 9, 1))
        upgrade = some_day(start, date(year - 1, 9, 1)) if rng.random() < 0.8 else None
        row = [
            f"Служащий {i:06d}",
            f"{i:06d}",
            rng.choice(["специалист", "ведущий специалист", "главный специалист", "начальник отдела"]),
            rng.choice(["отдел кадров", "финансовое управление", "юридический отдел", "аппарат"]),
            ru_day(start),
            ru_day(start + timedelta(days=90)) if rng.random() < 0.2 else "",
            ru_day(upgrade) if upgrade else "",
            ru_day(some_day(start, date(year - 1, 9, 1))) if rng.random() < 0.05 else "",
            ru_day(some_day(start, date(year - 1, 9, 1))) if rng.random() < 0.02 else "",
            "да" if rng.random() < 0.03 else "нет",
            rng.choice(["по уходу за ребёнком", "по беременности и родам"]) if rng.random() < 0.02 else "",
            "да" if rng.random() < 0.01 else "нет",
            "да" if rng.random() < 0.05 else "нет",
        ]
        if i % 200 == 199:
            row[6] = "31.02." + str(year - 2)  # no such day: reported and skipped
        rows.append(row)
    return rows


def bad_rows(count: int) -> list[list[object]]:
    """A list where no row can be read: three unreadable cells a row (issue 16: 200 000 such rows took 2.5 GB)."""
    rows: list[list[object]] = [["ФИО", "Начало муниципальной службы", "Последнее повышение квалификации", "Смена вида деятельности"]]
    rows += [[f"Служащий {i:06d}", "никогда", "??.??.????", f"xx{i}"] for i in range(count)]
    return rows


def write_files(rows: list[list[object]], folder: Path, bad: int) -> dict[str, Path]:
    from calculator.planning.export import csv_bytes
    from calculator.planning.xlsx import Sheet, write_xlsx

    csv_path, xlsx_path, bad_path = folder / "staff.csv", folder / "staff.xlsx", folder / "bad.csv"
    csv_path.write_bytes(csv_bytes(rows))
    xlsx_path.write_bytes(write_xlsx([Sheet("Сотрудники", rows)]))
    files = {"csv": csv_path, "xlsx": xlsx_path}
    if bad:
        bad_path.write_bytes(csv_bytes(bad_rows(bad)))
        files["bad"] = bad_path
    return files


def cpython(files: dict[str, Path], jurisdiction: str, year: int, runs: int) -> None:
    print(f"\nCPython {platform.python_version()} (каждый замер — отдельный процесс; запусков: {runs}, внизу — медианы):")
    print(
        f"{'файл':<6}{'строк':>9}{'пропущено':>11}{'чтение, с':>11}{'план, с':>9}{'XLSX, с':>9}{'всего, с':>10}{'строк/с':>10}{'пик памяти':>12}"
    )
    medians = []
    for kind, path in files.items():
        measured = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), jurisdiction, str(year)], cwd=ROOT, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                sys.exit(f"Замер {kind} не удался:\n{done.stderr}")
            figures = json.loads(done.stdout)
            figures["rate"] = figures["rows"] / (figures["read"] + figures["plan"])
            measured.append(figures)
            print(_row(kind, figures))
        medians.append(_row(f"{kind}·м", {key: statistics.median(f[key] for f in measured) for key in measured[0]}))
    print(*medians, sep="\n")
    print("(«строк/с» — чтение и план, без записи XLSX; «всего» — чтение, план и запись XLSX; цель — меньше 10 с.)")
    if "bad" in files:
        print("(«bad» — список, в котором не читается ни одна строка: память должна зависеть от хороших строк, не от плохих.)")


def _row(kind: str, f: dict[str, float]) -> str:
    return (
        f"{kind:<6}{f['rows']:>9.0f}{f['skipped']:>11.0f}{f['read']:>11.2f}{f['plan']:>9.2f}{f['write']:>9.2f}{f['total']:>10.2f}"
        f"{f['rate']:>10.0f}{f['maxrss_mb']:>9.0f} МБ"
    )


# In the page before any script: long tasks, animation-frame gaps while planning, progress moves, state changes.
INIT_SCRIPT = r"""
(() => {
  const m = window.__bench = { longest: 0, frames: [], progress: [], states: {} };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (m.clicked && e.duration > m.longest) m.longest = e.duration; })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const frame = (t) => { if (m.clicked && !m.states.done) m.frames.push(t); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new MutationObserver(() => {
    const root = document.querySelector('[data-kb-plan]');
    if (!root) return;
    const state = root.dataset.state;
    if (state && !(state in m.states)) m.states[state] = performance.now();
    const bar = root.querySelector('#kb-plan-status progress');
    if (bar && !bar.hidden && m.clicked) m.progress.push([performance.now(), Number(bar.value), Number(bar.max)]);
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state', 'value', 'max'] });
})();
"""


def browser(path: Path, jurisdiction: str, year: int, timeout: float) -> None:
    from bench_calculator import CountingHandler, CountingServer, build_site, executable, serve
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.browser.helpers import SITE_PREFIX

    server = CountingServer(("127.0.0.1", 0), CountingHandler)
    server.log = []
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}{SITE_PREFIX}"
    with tempfile.TemporaryDirectory(prefix="bench-plan-site-") as site, serve(Path(site), server):
        build_site(base, Path(site))
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable(), headless=True, args=CHROMIUM_ARGS)
            version = chromium.version
            context = chromium.new_context(base_url=base, locale="ru-RU", viewport={"width": 1280, "height": 900}, accept_downloads=True)
            context.set_default_timeout(timeout * 1000)
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            page.goto("plan/")
            page.evaluate("() => window.kbCalculator.ready()")
            page.select_option("#kb-plan-jurisdiction", jurisdiction)
            page.fill("#kb-plan-year", str(year))
            page.set_input_files("#kb-plan-file", str(path))
            clicked = page.evaluate("() => (window.__bench.clicked = performance.now())")
            page.click("#kb-plan-submit")
            page.wait_for_selector("[data-kb-plan][data-state='done']", timeout=timeout * 1000)
            bench = page.evaluate("() => window.__bench")
            started = time.perf_counter()
            with page.expect_download() as info:
                page.click("#kb-plan-tools [data-action='xlsx']")
            info.value.path()
            download = time.perf_counter() - started
            chromium.close()
    done = bench["states"]["done"] - clicked
    frames = bench["frames"]
    gaps = [b - a for a, b in itertools.pairwise(frames)]
    moves = [p for p in bench["progress"] if p[2] > 1]
    moves_apart = [b[0] - a[0] for a, b in itertools.pairwise(moves)]
    print(f"\nБраузер: Chromium {version}, headless; страница «План обучения», CSV {path.stat().st_size / 1e6:.1f} МБ:")
    print(f"  от нажатия «Составить план» до плана на странице: {done / 1000:.1f} с (цель — меньше 60 с)")
    print(
        f"  полоса прогресса сдвинулась {len(moves)} раз; самый долгий промежуток между сдвигами: {max(moves_apart, default=0) / 1000:.2f} с"
    )
    print(f"  кадров отрисовано за расчёт: {len(frames)}; самый долгий промежуток между кадрами: {max(gaps, default=0):.0f} мс")
    print(f"  самая долгая задача главного потока за расчёт: {bench['longest']:.0f} мс")
    print(f"  файл XLSX готов к загрузке через {download:.1f} с после нажатия «Скачать план (XLSX)»")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jurisdiction", default="ryazan")
    parser.add_argument("--year", type=int, default=2011)
    parser.add_argument("--runs", type=int, default=3, help="CPython runs of each file (the median is printed too)")
    parser.add_argument("--bad-rows", type=int, default=200_000, help="rows of the list where no row can be read (0: not measured)")
    parser.add_argument("--browser", action="store_true", help="also time the planning page in headless Chromium")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    print(f"Машина: {platform.platform()}, {platform.machine()}, ядер: {os.cpu_count()}; коммит {project_version()}")
    print(f"Список: {args.rows} строк (1 из 200 — с ошибкой), юрисдикция {args.jurisdiction}, плановый год {args.year}")
    if args.bad_rows:
        print(f"Список «bad»: {args.bad_rows} строк, в каждой по три нечитаемые ячейки")
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as folder:
        files = write_files(staff_rows(args.rows, args.year), Path(folder), args.bad_rows)
        cpython(files, args.jurisdiction, args.year, args.runs)
        if args.browser:
            browser(files["csv"], args.jurisdiction, args.year, args.timeout)


if __name__ == "__main__":
    main()
