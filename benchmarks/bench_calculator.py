"""Time the calculator in a real browser: form ready, first answer (cold and warm), return by instant navigation, re-computation.

Usage: .venv/bin/python benchmarks/bench_calculator.py [--runs N] [--timeout SECONDS] [--json PATH]

Run from the repository root. The site is built once with `mkdocs build --strict` into a temporary
folder for the exact URL it is served under (http://127.0.0.1:PORT/kb-test/, as the browser tests
do: otherwise Material's instant navigation silently becomes full reloads), served by the browser
tests' sub-path server, and driven with Playwright in headless Chromium (/usr/bin/chromium if
present, else Playwright's own), one browser at a time. Each run:

1. a fresh browser profile (new persistent context in an empty folder: empty HTTP cache) opens the
   calculator page: time from navigation start to the form being mounted (`data-mounted="1"`) and
   to the first answer (`data-state="answered"`), the longest main-thread task until that answer
   (PerformanceObserver "longtask") and the bytes transferred (as served, and if gzip-compressed
   as GitHub Pages would send them);
2. the same profile reloads the page (warm HTTP cache): the same two times;
3. ~20 changes of the date: from the `change` event to the incremented `data-answers`, and the
   Python time of each answer in the worker (`data-engine-ms`);
4. instant navigation to another page and back by the menu: from the click to the new form's
   answer (a marker in `window` tells whether a full reload happened instead);
5. a fresh profile opens `__bench__/bare.html` (written into the temporary site): a blank page whose
   module worker only loads Pyodide from the same files and runs `1+1`, cold and then warm.

Times are measured inside the page (`performance.now()`, 0 = navigation start) by a
MutationObserver installed before any page script, not by polling. Medians over the runs are
printed with the targets next to them; "meets"/"misses" is information only. A benchmark, not a
test: it exits non-zero only if something does not work (no answer within --timeout, a build fails);
a form that does not come back after instant navigation is reported after all the other figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser tests' server and Chromium settings, imported below

from bench_site import project_version  # noqa: E402  (the same commit line as the site benchmark)
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, SYSTEM_CHROMIUM, _SiteHandler, _SiteServer  # noqa: E402
from tests.browser.helpers import SITE_PREFIX  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Playwright, Response

CALCULATOR_PAGE = "calculator/"
OTHER_PAGE = "guides/check-yourself/"  # reached and left by instant navigation
BARE_DIR = "__bench__"
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for Material's primary sidebar
RECOMPUTE_DATES = ["2024-03-01", "2025-09-15"]
RECOMPUTE_CHANGES = 20
BUILD_TIMEOUT = 600.0

# Installed before any script of every document: records, per calculator root element, when it was
# mounted, when its loading bar reached each step (the worker's progress messages: 2 = Pyodide
# loaded, 3 = the calculator imported) and when it first settled (answered, invalid or failed);
# when the first Worker was created; every long task; uncaught errors; the last click.
INIT_SCRIPT = r"""
(() => {
  const bench = (window.__bench = { roots: [], longtasks: [], errors: [], clickAt: null, workerAt: null, longtaskError: null });
  const records = new Map();
  const recordOf = (root) => {
    let record = records.get(root);
    if (!record) {
      record = { mounted: null, answered: null, settled: null, state: null, steps: {} };
      records.set(root, record);
      bench.roots.push(record);
    }
    return record;
  };
  new MutationObserver((mutations) => {
    const now = performance.now();
    for (const mutation of mutations) {
      const el = mutation.target;
      if (el instanceof HTMLProgressElement) {
        const root = el.closest("[data-kb-calculator]");
        const steps = root && recordOf(root).steps;
        if (steps && !(el.getAttribute("value") in steps)) {
          steps[el.getAttribute("value")] = now;
        }
        continue;
      }
      if (!(el instanceof Element) || !el.hasAttribute("data-kb-calculator")) {
        continue;
      }
      const record = recordOf(el);
      if (record.mounted === null && el.dataset.mounted === "1") {
        record.mounted = now;
      }
      const state = el.dataset.state;
      if (record.settled === null && (state === "answered" || state === "invalid" || state === "failed")) {
        record.settled = now;
        record.state = state;
      }
      if (record.answered === null && state === "answered") {
        record.answered = now;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-mounted", "data-state", "value"] });
  const PageWorker = window.Worker;
  if (typeof PageWorker === "function") {
    window.Worker = class extends PageWorker {
      constructor(...args) {
        super(...args);
        if (bench.workerAt === null) bench.workerAt = performance.now();
      }
    };
  }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longtasks.push([entry.startTime, entry.duration]);
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longtaskError = String(error);
  }
  document.addEventListener("click", () => { bench.clickAt = performance.now(); }, { capture: true });
  window.addEventListener("error", (event) => { bench.errors.push({ at: performance.now(), message: String(event.message) }); });
})();
"""

SETTLED = """() => {
  const b = window.__bench;
  const r = b && b.roots[b.roots.length - 1];
  return Boolean(r && r.settled !== null);
}"""

LAST_ROOT = """() => {
  const b = window.__bench;
  const r = b.roots[b.roots.length - 1];
  const root = document.querySelector("[data-kb-calculator]");
  const status = root && root.querySelector("#kb-calc-status");
  return { ...r, roots: b.roots.length, longtasks: b.longtasks, longtaskError: b.longtaskError, workerAt: b.workerAt,
           status: status ? status.textContent.trim() : "" };
}"""

# Back to the calculator by the menu: true once the NEW root has settled (or the document was replaced),
# or when an uncaught error came after the click and nothing settled in the 3 s after it (a broken page).
BACK_SETTLED = """(before) => {
  const b = window.__bench;
  if (!b) return false;
  const r = b.roots[b.roots.length - 1];
  if ((window.__benchMarker !== 1 || b.roots.length > before) && r && r.settled !== null) return true;
  const errors = b.errors.filter((e) => b.clickAt === null || e.at >= b.clickAt);
  return errors.length > 0 && performance.now() - errors[errors.length - 1].at > 3000;
}"""

BACK_OUTCOME = """(before) => {
  const b = window.__bench;
  const r = b.roots[b.roots.length - 1];
  const fresh = window.__benchMarker !== 1 || b.roots.length > before;
  const root = document.querySelector("[data-kb-calculator]");
  return { settled: Boolean(fresh && r && r.settled !== null), state: fresh && r ? r.state : null,
           answered: fresh && r ? r.answered : null, clickAt: b.clickAt, reloaded: window.__benchMarker !== 1,
           errors: b.errors.filter((e) => b.clickAt === null || e.at >= b.clickAt).map((e) => e.message),
           rootState: root ? root.dataset.state || "(нет data-state)" : "(нет формы)" };
}"""

# Marks the visible menu link whose href resolves to `target`; false if there is none.
MARK_MENU_LINK = """(target) => {
  for (const a of document.querySelectorAll(".md-nav a[href]")) {
    if (a.href === target && a.getClientRects().length && getComputedStyle(a).visibility !== "hidden") {
      a.setAttribute("data-bench-link", "1");
      return true;
    }
  }
  return false;
}"""

RECOMPUTE = """async ({ dates, changes, timeout }) => {
  const root = document.querySelector("[data-kb-calculator]");
  const input = root && root.querySelector("#kb-f-on");
  if (!input) throw new Error("no #kb-f-on in [data-kb-calculator]");
  const idle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const results = [];
  await idle();
  for (let i = 0; i < changes; i++) {
    const before = Number(root.dataset.answers);
    const done = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        const now = performance.now();
        if (Number(root.dataset.answers) > before) {
          observer.disconnect(); clearTimeout(timer); resolve(now);
        } else if (root.dataset.state === "invalid" || root.dataset.state === "failed") {
          observer.disconnect(); clearTimeout(timer); reject(new Error(`state ${root.dataset.state} after date change ${i + 1}`));
        }
      });
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no answer ${timeout} ms after date change ${i + 1}`)); }, timeout);
      observer.observe(root, { attributes: true, attributeFilter: ["data-answers", "data-state"] });
    });
    const started = performance.now();
    input.value = dates[i % dates.length];
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const answered = await done;
    void document.body.offsetHeight;  // style and layout of the new answer, forced now
    const laidOut = performance.now();
    results.push({ ms: answered - started, layoutMs: laidOut - started, engineMs: Number(root.dataset.engineMs) });
    await idle();
  }
  return results;
}"""

BARE_HTML = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Bare Pyodide boot</title></head>
<body>
<script>
  const worker = new Worker("bare-worker.mjs", { type: "module" });
  worker.onmessage = (event) => {
    if (event.data && event.data.type === "ready") {
      window.__readyAt = performance.now();
      document.body.dataset.ready = "1";
    } else {
      window.__failure = String(event.data && event.data.message);
      document.body.dataset.ready = "failed";
    }
  };
  worker.onerror = (event) => {
    window.__failure = event.message || "worker error";
    document.body.dataset.ready = "failed";
  };
</script>
</body>
</html>
"""

# The same loader, runtime files and options as kb_site/assets/calculator-worker.mjs; no wheel, no import.
BARE_WORKER = """const runtime = new URL("../assets/pyodide/", import.meta.url).href;
try {
  const { loadPyodide } = await import(new URL("../assets/pyodide/pyodide.mjs", import.meta.url).href);
  const pyodide = await loadPyodide({ indexURL: runtime, stdout: () => {}, stderr: () => {} });
  pyodide.runPython("1+1");
  self.postMessage({ type: "ready" });
} catch (error) {
  self.postMessage({ type: "failed", message: String((error && error.message) || error) });
}
"""


class BenchFailure(Exception):
    """Something did not work (as opposed to being slow): the benchmark stops with a non-zero code."""


@dataclass
class Transfer:
    url: str
    status: int
    bytes: int
    gzip_bytes: int


@dataclass
class Run:
    """Figures of one run; times in milliseconds from navigation start (or from the event named)."""

    form_cold_ms: float = 0.0
    answer_cold_ms: float = 0.0
    form_warm_ms: float = 0.0
    answer_warm_ms: float = 0.0
    longest_task_ms: float = 0.0  # cold load, until the first answer
    long_tasks: int = 0  # tasks > 50 ms in the same span
    long_tasks_total_ms: float = 0.0
    back_ms: float | None = None  # click on the menu link -> the new form answered; None if it never answered
    back_reloaded: bool = False
    back_failure: str | None = None
    recompute_ms: list[float] = field(default_factory=list)
    recompute_layout_ms: list[float] = field(default_factory=list)
    engine_ms: list[float] = field(default_factory=list)
    bare_cold_ms: float = 0.0
    bare_warm_ms: float = 0.0
    # ms from navigation start to the stages of the first answer: "<load>.<stage>", load: cold, warm,
    # bare_cold, bare_warm; stage: worker (created), pyodide (step 2), calculator (step 3)
    stages: dict[str, float | None] = field(default_factory=dict)
    transfers: list[Transfer] = field(default_factory=list)
    warm_server_requests: list[str] = field(default_factory=list)  # what reached the server on the warm reload
    console_errors: list[str] = field(default_factory=list)


# --- the site ------------------------------------------------------------------------------------
def build_site(site_url: str, site_dir: Path) -> float:
    """`mkdocs build --strict` for `site_url` (as tests/browser/conftest.py does); the seconds it took."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site_dir)]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise BenchFailure(f"сборка сайта не уложилась в {BUILD_TIMEOUT:.0f} с") from None
    if result.returncode != 0 or not (site_dir / "index.html").is_file():
        raise BenchFailure(f"сборка сайта не удалась (код {result.returncode}):\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def write_bare(site_dir: Path) -> None:
    folder = site_dir / BARE_DIR
    folder.mkdir()
    (folder / "bare.html").write_text(BARE_HTML, encoding="utf-8")
    (folder / "bare-worker.mjs").write_text(BARE_WORKER, encoding="utf-8")


class CountingServer(_SiteServer):
    """The browser tests' server, keeping a log of the requests it answered: (path, status)."""

    log: list[tuple[str, int]]


class CountingHandler(_SiteHandler):
    server: CountingServer

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.log.append((urlsplit(self.path).path, int(code) if str(code).isdigit() else 0))


@contextmanager
def serve(site_dir: Path, server: CountingServer) -> Iterator[None]:
    server.site_root = site_dir
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="bench-site", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join(timeout=10)


# --- the browser ---------------------------------------------------------------------------------
def executable() -> str | None:
    return str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None


def chromium_version(playwright: Playwright) -> str:
    browser = playwright.chromium.launch(executable_path=executable(), headless=True, args=CHROMIUM_ARGS)
    try:
        return browser.version
    finally:
        browser.close()


@contextmanager
def fresh_profile(playwright: Playwright, base_url: str, timeout_ms: float, errors: list[str]) -> Iterator[tuple[BrowserContext, Page]]:
    """A new browser with an empty profile folder (empty HTTP cache), and one page with INIT_SCRIPT."""
    with tempfile.TemporaryDirectory(prefix="bench-calc-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable(),
            headless=True,
            args=CHROMIUM_ARGS,
            base_url=base_url,
            locale="ru-RU",
            viewport=VIEWPORT,
        )
        try:
            context.set_default_timeout(timeout_ms)
            context.add_init_script(INIT_SCRIPT)
            blank = list(context.pages)
            page = context.new_page()
            for other in blank:
                other.close()
            page.on("console", lambda message: errors.append(console_error(message)) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
            yield context, page
        finally:
            context.close()


def console_error(message: ConsoleMessage) -> str:
    location = message.location or {}
    return f"console: {message.text}" + (f" ({location['url']})" if location.get("url") else "")


def wait(page: Page, expression: str, what: str, timeout_ms: float, arg: Any = None) -> None:
    try:
        page.wait_for_function(expression, arg=arg, timeout=timeout_ms)
    except PlaywrightError as error:
        state = page.evaluate(
            "() => { const r = document.querySelector('[data-kb-calculator]'); return r ? r.dataset.state || '(нет)' : '(нет формы)'; }"
        )
        raise BenchFailure(
            f"{what}: не дождался за {timeout_ms / 1000:.0f} с (data-state: {state}; {str(error).splitlines()[0]})"
        ) from None


def settled_root(page: Page, what: str, timeout_ms: float) -> dict[str, Any]:
    """Wait until the last calculator root settles; its record. Anything but an answer is a failure."""
    wait(page, SETTLED, what, timeout_ms)
    record = page.evaluate(LAST_ROOT)
    if record["state"] != "answered":
        raise BenchFailure(f"{what}: форма в состоянии {record['state']} вместо answered ({record['status']})")
    if record["mounted"] is None:
        raise BenchFailure(f"{what}: ответ есть, а data-mounted не видел")
    return record


def record_stages(run: Run, load: str, record: dict[str, Any]) -> None:
    run.stages[f"{load}.worker"] = record["workerAt"]
    run.stages[f"{load}.pyodide"] = record["steps"].get("2")
    run.stages[f"{load}.calculator"] = record["steps"].get("3")


def transfers(responses: list[Response]) -> list[Transfer]:
    result = []
    for response in responses:
        try:
            body = response.body()
        except PlaywrightError:  # a redirect or an aborted request: no body, count what the browser reports
            size = response.request.sizes().get("responseBodySize", 0)
            result.append(Transfer(response.url, response.status, size, size))
            continue
        result.append(Transfer(response.url, response.status, len(body), len(gzip.compress(body, 6))))
    return result


def calculator_run(playwright: Playwright, base_url: str, timeout_ms: float, run: Run, server: CountingServer) -> None:
    """Cold load, warm reload, re-computation, back by instant navigation: all in one fresh profile."""
    with fresh_profile(playwright, base_url, timeout_ms, run.console_errors) as (context, page):
        responses: list[Response] = []

        def record(response: Response) -> None:
            responses.append(response)

        context.on("response", record)
        page.goto(CALCULATOR_PAGE, wait_until="commit")
        cold = settled_root(page, "первый ответ (холодно)", timeout_ms)
        context.remove_listener("response", record)
        run.form_cold_ms, run.answer_cold_ms = cold["mounted"], cold["answered"]
        record_stages(run, "cold", cold)
        if cold["longtaskError"]:
            raise BenchFailure(f"PerformanceObserver longtask не работает: {cold['longtaskError']}")
        loading = [duration for start, duration in cold["longtasks"] if start < cold["answered"]]
        run.longest_task_ms = max(loading, default=0.0)
        run.long_tasks = sum(1 for d in loading if d > 50)
        run.long_tasks_total_ms = sum(loading)
        run.transfers = transfers(responses)

        server.log.clear()
        page.reload(wait_until="commit")
        warm = settled_root(page, "первый ответ (тепло, reload)", timeout_ms)
        run.warm_server_requests = [f"{status} {path}" for path, status in server.log]
        run.form_warm_ms, run.answer_warm_ms = warm["mounted"], warm["answered"]
        record_stages(run, "warm", warm)

        try:
            samples = page.evaluate(RECOMPUTE, {"dates": RECOMPUTE_DATES, "changes": RECOMPUTE_CHANGES, "timeout": timeout_ms})
        except PlaywrightError as error:
            raise BenchFailure(f"пересчёт при смене даты: {str(error).splitlines()[0]}") from None
        run.recompute_ms = [s["ms"] for s in samples]
        run.recompute_layout_ms = [s["layoutMs"] for s in samples]
        run.engine_ms = [s["engineMs"] for s in samples]

        back_by_navigation(page, base_url, timeout_ms, run)


def back_by_navigation(page: Page, base_url: str, timeout_ms: float, run: Run) -> None:
    """From the answered calculator to OTHER_PAGE and back by the menu: ms from the click to the new form's answer.

    A full reload instead of instant navigation is recorded (the time is then the one seen from Python);
    a form that never answers is recorded as `back_failure` (the other figures are still worth having).
    """
    page.evaluate("() => { window.__benchMarker = 1; }")
    away = page.locator(f'.md-sidebar--primary .md-nav a[href$="{OTHER_PAGE}"]').first
    away.click()
    page.wait_for_url(f"**{SITE_PREFIX}{OTHER_PAGE}", timeout=timeout_ms)
    wait(page, "() => !document.querySelector('[data-kb-calculator]')", f"переход на {OTHER_PAGE}", timeout_ms)
    calculator_url = base_url + CALCULATOR_PAGE
    if not page.evaluate(MARK_MENU_LINK, calculator_url):
        raise BenchFailure(f"на {OTHER_PAGE} нет видимой ссылки на {calculator_url} в меню (.md-nav)")
    reloaded_away = page.evaluate("() => window.__benchMarker !== 1")
    roots = page.evaluate("() => window.__bench.roots.length")
    started = time.perf_counter()
    page.locator('[data-bench-link="1"]').click()
    page.wait_for_url(f"**{SITE_PREFIX}{CALCULATOR_PAGE}", timeout=timeout_ms)
    with suppress(PlaywrightError):  # a timeout is reported below from what the page shows
        page.wait_for_function(BACK_SETTLED, arg=roots, timeout=timeout_ms)
    wall_ms = (time.perf_counter() - started) * 1000
    outcome = page.evaluate(BACK_OUTCOME, roots)
    run.back_reloaded = reloaded_away or outcome["reloaded"]
    if outcome["state"] != "answered":
        seen = "; ".join(outcome["errors"]) or "ошибок в странице нет"
        if outcome["settled"]:
            run.back_failure = f"форма после возврата в состоянии {outcome['state']} ({seen})"
        else:
            run.back_failure = f"форма после возврата не ответила (data-state: {outcome['rootState']}; {seen})"
        return
    # After a full reload the in-page click time is gone: the time seen from Python is the best there is.
    run.back_ms = wall_ms if run.back_reloaded else outcome["answered"] - outcome["clickAt"]


def bare_run(playwright: Playwright, base_url: str, timeout_ms: float, run: Run) -> None:
    page_url = f"{BARE_DIR}/bare.html"
    ready = "() => document.body && document.body.dataset.ready !== undefined"
    with fresh_profile(playwright, base_url, timeout_ms, run.console_errors) as (_, page):
        for label in ("cold", "warm"):
            if label == "cold":
                page.goto(page_url, wait_until="commit")
            else:
                page.reload(wait_until="commit")
            wait(page, ready, f"голый Pyodide ({label})", timeout_ms)
            outcome = page.evaluate("() => ({ at: window.__readyAt, failure: window.__failure, workerAt: window.__bench.workerAt })")
            if outcome["failure"] is not None:
                raise BenchFailure(f"голый Pyodide ({label}) не загрузился: {outcome['failure']}")
            setattr(run, f"bare_{label}_ms", outcome["at"])
            run.stages[f"bare_{label}.worker"] = outcome["workerAt"]


# --- reports -------------------------------------------------------------------------------------
@dataclass
class Figure:
    name: str
    unit: str  # "s", "ms", "x", "" (a count), "MB"
    values: list[float]
    target: str = ""
    meets: bool | None = None  # None: no target, or no values

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def least(self) -> float | None:
        return min(self.values, default=None)

    @property
    def most(self) -> float | None:
        return max(self.values, default=None)


def pyodide_version() -> str:
    from kb_site.browser.runtime import RuntimeMissing, find_runtime

    try:
        return find_runtime(ROOT / "node_modules" / "pyodide").version
    except RuntimeMissing:
        return "неизвестно"


def figures(runs: list[Run]) -> list[Figure]:
    def s(name: str) -> list[float]:
        return [getattr(r, name) / 1000 for r in runs]

    def pooled(name: str) -> list[float]:
        return [v for r in runs for v in getattr(r, name)]

    answer_cold, bare_cold = s("answer_cold_ms"), s("bare_cold_ms")
    answer_warm, bare_warm = s("answer_warm_ms"), s("bare_warm_ms")
    ratio_cold = [a / b for a, b in zip(answer_cold, bare_cold, strict=True)]
    ratio_warm = [a / b for a, b in zip(answer_warm, bare_warm, strict=True)]
    form_cold, form_warm = s("form_cold_ms"), s("form_warm_ms")
    back = [r.back_ms / 1000 for r in runs if r.back_ms is not None]
    recompute = pooled("recompute_ms")
    longest = [r.longest_task_ms for r in runs]
    sent = [sum(t.bytes for t in r.transfers) / 1e6 for r in runs]
    sent_gzip = [sum(t.gzip_bytes for t in r.transfers) / 1e6 for r in runs]
    return [
        Figure("форма готова (data-mounted), холодно", "s", form_cold, "< 0.5 s", statistics.median(form_cold) < 0.5),
        Figure("форма готова (data-mounted), тепло", "s", form_warm, "< 0.5 s", statistics.median(form_warm) < 0.5),
        Figure("первый ответ, холодно", "s", answer_cold),
        Figure("первый ответ, тепло (reload)", "s", answer_warm),
        Figure("голый Pyodide, холодно", "s", bare_cold),
        Figure("голый Pyodide, тепло (reload)", "s", bare_warm),
        Figure(
            "первый ответ / голый Pyodide, холодно",
            "x",
            ratio_cold,
            "≤ 1.2",
            statistics.median(answer_cold) / statistics.median(bare_cold) <= 1.2,
        ),
        Figure("первый ответ / голый Pyodide, тепло", "x", ratio_warm),
        Figure(
            f"возврат по мгновенной навигации ({len(back)} из {len(runs)})",
            "s",
            back,
            "< 0.2 s",
            statistics.median(back) < 0.2 if back else None,
        ),
        Figure(f"пересчёт до data-answers ({len(recompute)} изм.)", "ms", recompute, "< 50 ms (и макс.)", max(recompute) < 50),
        Figure("пересчёт + стиль и раскладка", "ms", pooled("recompute_layout_ms")),
        Figure("data-engine-ms (Python в worker)", "ms", pooled("engine_ms")),
        Figure("самая долгая задача главного потока, холодно", "ms", longest, "≤ 100 ms (макс.)", max(longest) <= 100),
        Figure("задач > 50 ms до первого ответа, холодно", "", [float(r.long_tasks) for r in runs]),
        Figure("сумма долгих задач до первого ответа", "ms", [r.long_tasks_total_ms for r in runs]),
        Figure("передано холодно, как отдаёт сервер", "MB", sent),
        Figure("передано холодно, если сжать gzip -6", "MB", sent_gzip),
    ]


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f}"
    if unit == "x":
        return f"{value:.2f}"
    if unit == "":
        return f"{value:.0f}"
    if unit == "MB":
        return f"{value:.2f}"
    return f"{value:.1f}"


def print_table(rows: list[Figure]) -> None:
    width = max(len(f.name) for f in rows)
    header = f"{'показатель':<{width}} {'ед.':>3} {'медиана':>9} {'мин.':>9} {'макс.':>9}  {'цель':<18} итог"
    print("\n" + header)
    print("-" * len(header))
    for f in rows:
        verdict = "не работает" if not f.values else "" if f.meets is None else ("meets" if f.meets else "misses")
        print(
            f"{f.name:<{width}} {f.unit:>3} {show(f.median, f.unit):>9} {show(f.least, f.unit):>9} {show(f.most, f.unit):>9}  {f.target:<18} {verdict}"
        )
    print(
        "Цели — для этой машины; meets/misses только для сведения. Отношение и «пересчёт» сверяются с целью по медианам и по максимуму соответственно."
    )


STAGES = [
    ("калькулятор: создан worker", "{}.worker"),
    ("калькулятор: Pyodide загружен (шаг 2)", "{}.pyodide"),
    ("калькулятор: колесо и импорт (шаг 3)", "{}.calculator"),
    ("калькулятор: первый ответ", "answer_{}_ms"),
    ("голый Pyodide: создан worker", "bare_{}.worker"),
    ("голый Pyodide: готов (1+1)", "bare_{}_ms"),
]


def print_stages(runs: list[Run]) -> None:
    """Medians of the stages of the first answer, cold and warm: where the time goes."""

    def median(key: str) -> str:
        if key.endswith("_ms"):
            values = [getattr(r, key) for r in runs]
        else:
            values = [v for r in runs if (v := r.stages.get(key)) is not None]
        return f"{statistics.median(values) / 1000:.3f}" if values else "—"

    title = "Этапы первого ответа, медианы, с от начала навигации"
    width = max(len(title), *(len(name) for name, _ in STAGES))
    print(f"\n{title:<{width}} {'холодно':>8} {'тепло':>8}")
    for name, key in STAGES:
        print(f"{name:<{width}} {median(key.format('cold')):>8} {median(key.format('warm')):>8}")


def print_transfers(run: Run, base_url: str) -> None:
    total = sum(t.bytes for t in run.transfers)
    packed = sum(t.gzip_bytes for t in run.transfers)
    print(f"\nХолодная загрузка (первый запуск): запросов {len(run.transfers)}, {total:,} байт, со сжатием gzip -6 {packed:,} байт")
    print("Самые большие файлы:")
    for t in sorted(run.transfers, key=lambda t: t.bytes, reverse=True)[:5]:
        path = t.url[len(base_url) :] if t.url.startswith(base_url) else t.url
        print(f"  {t.bytes:>11,} байт, gzip {t.gzip_bytes:>11,} ({t.gzip_bytes / max(t.bytes, 1):.0%})  {urlsplit(path).path or path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="запусков (по умолчанию 5)")
    parser.add_argument("--timeout", type=float, default=60.0, help="секунд на любое ожидание в браузере (по умолчанию 60)")
    parser.add_argument("--json", type=Path, help="записать все цифры в этот файл JSON")
    args = parser.parse_args()
    runs_wanted = max(1, args.runs)
    timeout_ms = args.timeout * 1000

    server = CountingServer(("127.0.0.1", 0), CountingHandler)
    server.log = []
    host, port = server.server_address[:2]
    base_url = f"http://{host}:{port}{SITE_PREFIX}"
    try:
        with tempfile.TemporaryDirectory(prefix="bench-calc-site-") as tmp, sync_playwright() as playwright:
            site_dir = Path(tmp) / "site"
            build_seconds = build_site(base_url, site_dir)
            write_bare(site_dir)
            try:
                browser_version = chromium_version(playwright)
            except PlaywrightError as error:
                raise BenchFailure(f"Chromium не запускается ({executable() or 'Playwright'}): {str(error).splitlines()[0]}") from None
            print(
                f"Машина: {platform.platform()}, ядер: {os.cpu_count()}, {platform.python_implementation()} {platform.python_version()}; "
                f"Chromium {browser_version} ({executable() or 'от Playwright'}), Pyodide {pyodide_version()}"
            )
            print(f"Проект: {project_version()}; сайт собран за {build_seconds:.1f} с для {base_url}; запусков: {runs_wanted}")
            runs: list[Run] = []
            with serve(site_dir, server):
                for number in range(1, runs_wanted + 1):
                    run = Run()
                    calculator_run(playwright, base_url, timeout_ms, run, server)
                    bare_run(playwright, base_url, timeout_ms, run)
                    runs.append(run)
                    back = f"{run.back_ms:.0f} мс" if run.back_ms is not None else "НЕ РАБОТАЕТ"
                    print(
                        f"запуск {number}: форма {run.form_cold_ms / 1000:.3f} с, ответ холодно {run.answer_cold_ms / 1000:.3f} с, "
                        f"тепло {run.answer_warm_ms / 1000:.3f} с; голый Pyodide {run.bare_cold_ms / 1000:.3f} / {run.bare_warm_ms / 1000:.3f} с; "
                        f"возврат {back}{' (ПОЛНАЯ ПЕРЕЗАГРУЗКА)' if run.back_reloaded else ''}; "
                        f"пересчёт медиана {statistics.median(run.recompute_ms):.1f} мс; долгая задача {run.longest_task_ms:.0f} мс",
                        flush=True,
                    )
    except BenchFailure as failure:
        raise SystemExit(f"Замер не удался: {failure}") from None
    finally:
        server.server_close()

    rows = figures(runs)
    print_table(rows)
    answer_cold, bare_cold = statistics.median(r.answer_cold_ms for r in runs), statistics.median(r.bare_cold_ms for r in runs)
    answer_warm, bare_warm = statistics.median(r.answer_warm_ms for r in runs), statistics.median(r.bare_warm_ms for r in runs)
    print_stages(runs)
    print(f"\nОтношение медиан «первый ответ / голый Pyodide»: холодно {answer_cold / bare_cold:.2f}, тепло {answer_warm / bare_warm:.2f}")
    reloads = sum(r.back_reloaded for r in runs)
    print(
        "Возврат по меню: "
        + (
            f"в {reloads} из {len(runs)} запусков была ПОЛНАЯ ПЕРЕЗАГРУЗКА страницы, а не мгновенная навигация"
            if reloads
            else "мгновенная навигация во всех запусках (страница не перезагружалась)"
        )
    )
    print_transfers(runs[0], base_url)
    warm = runs[0].warm_server_requests
    statuses = Counter(line.split(" ", 1)[0] for line in warm)
    print(
        f"Тёплая перезагрузка (первый запуск): до сервера дошло запросов {len(warm)} "
        f"({', '.join(f'{status}: {count}' for status, count in sorted(statuses.items())) or 'ни одного'})"
        + "".join(f"\n  {line}" for line in warm if not line.startswith("304 "))
    )
    errors = sorted({e for r in runs for e in r.console_errors})
    if errors:
        print("\nОшибки в консоли браузера:\n  " + "\n  ".join(errors))
    failures = sorted({f"возврат к калькулятору по меню: {r.back_failure}" for r in runs if r.back_failure})
    if args.json:
        document = {
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "chromium": browser_version,
                "pyodide": pyodide_version(),
                "project": project_version(),
            },
            "runs": [asdict(r) for r in runs],
            "figures": [{**asdict(f), "median": f.median, "min": f.least, "max": f.most} for f in rows],
            "failures": failures,
        }
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nЦифры записаны в {args.json}")
    if failures:
        raise SystemExit("\nНе работает (остальные цифры выше сняты):\n  " + "\n  ".join(failures))


if __name__ == "__main__":
    main()
