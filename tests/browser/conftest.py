"""Fixtures for tests against the BUILT site in a real browser (Chromium driven by Playwright).

Session: ``site_dir`` (the site built once with ``mkdocs build --strict``), ``site_server``
(its base URL, ``http://127.0.0.1:PORT/kb-test/``), ``browser``. Per test: ``page`` (a fresh
context and page whose relative URLs resolve against the base URL) and ``page_log`` (what the
page requested and logged; checked after the test). Per module: ``search_page`` (one page on the
front page for many ``search()`` calls). Helpers are in ``tests/browser/helpers.py``.

The site is built for the URL it is served under (``SITE_URL``), as Material's instant
navigation only works when ``site_url`` matches the served origin and path.

Without a browser the tests are skipped, unless ``KB_REQUIRE_BROWSER=1`` (scripts/test.sh sets
it): then they fail, so CI cannot pass by testing nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import ROOT, SITE_PREFIX

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, WebError

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
# URL schemes that never leave the machine.
LOCAL_SCHEMES = ("data", "blob", "about")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "allow_console_errors(*patterns): the test expects console errors or page errors; "
        "with patterns (regular expressions), only matching ones are allowed",
    )


# --- the built site and its server ------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under SITE_PREFIX only, with the MIME types a real host uses."""

    extensions_map = {  # noqa: RUF012 - the base class's own attribute, replaced
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".map": "application/json",
        ".wasm": "application/wasm",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
        ".txt": "text/plain; charset=utf-8",
        ".zip": "application/zip",
        ".whl": "application/zip",
        ".png": "image/png",
        ".ico": "image/x-icon",
    }

    def __init__(self, request: Any, client_address: Any, server: _SiteServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.site_root))

    def _inside_site(self) -> bool:
        path = urlsplit(self.path).path
        if path == SITE_PREFIX.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", SITE_PREFIX)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        if not path.startswith(SITE_PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND, "outside the site's sub-path")
            return False
        return True

    def do_GET(self) -> None:
        if self._inside_site():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._inside_site():
            super().do_HEAD()

    def translate_path(self, path: str) -> str:
        # /kb-test/acts/ -> <site_root>/acts/ (directories resolve to index.html in the base class)
        return super().translate_path("/" + path[len(SITE_PREFIX) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    site_root: Path

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser closing a connection early is normal; anything else would only be noise
        # in the output of whichever test happens to run (no test is served by a broken server
        # without also failing on the page).
        pass


@pytest.fixture(scope="session")
def _http_server() -> Iterator[_SiteServer]:
    """A server bound to a free port before the build, so the port is known and cannot be taken."""
    server = _SiteServer(("127.0.0.1", 0), _SiteHandler)
    try:
        yield server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def site_url(_http_server: _SiteServer) -> str:
    """The URL the site is built for and served under: ``http://127.0.0.1:PORT/kb-test/``."""
    host, port = _http_server.server_address[:2]
    return f"http://{host}:{port}{SITE_PREFIX}"


@pytest.fixture(scope="session")
def site_dir(site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session with ``mkdocs build --strict`` for ``site_url``."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict завершилась с кодом {proc.returncode}:\n{proc.stderr}{proc.stdout}", pytrace=False)
    assert (out / "index.html").is_file(), f"mkdocs build produced no index.html in {out}"
    return out


@pytest.fixture(scope="session")
def site_server(_http_server: _SiteServer, site_dir: Path, site_url: str) -> Iterator[str]:
    """Serves ``site_dir`` in a background thread; yields the base URL (``site_url``)."""
    _http_server.site_root = site_dir
    with serving(_http_server, "site-server"):
        yield site_url


@contextmanager
def serving(server: ThreadingHTTPServer, name: str) -> Iterator[None]:
    """Runs `server` in a background thread for the block; stops it and waits for the thread after."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join(timeout=10)


# --- the browser ------------------------------------------------------------------------------


def _no_browser(reason: str) -> NoReturn:
    message = (
        f"Браузерные тесты не могут идти: {reason}. "
        "Установите Chromium: bash scripts/setup.sh (под root ставит пакет chromium), "
        "или sudo apt-get install chromium, или .venv/bin/playwright install chromium."
    )
    if os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (KB_REQUIRE_BROWSER=1: браузер обязателен)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium: the system one (/usr/bin/chromium) if present, else Playwright's own."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        playwright_missing = True
    else:
        playwright_missing = False
    if playwright_missing:
        _no_browser("не установлен пакет playwright (requirements-dev.txt)")
    playwright = sync_playwright().start()
    try:
        executable = str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None
        failure = None
        try:
            launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            failure = (str(error).strip().splitlines() or [repr(error)])[0]
        if failure is not None:  # reported outside the except block: no chained traceback
            if executable:
                _no_browser(f"{executable} не запускается ({failure})")
            _no_browser(f"нет {SYSTEM_CHROMIUM}, и Chromium от Playwright не запускается ({failure})")
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


# --- one page per test, with a recorder ---------------------------------------------------------


@dataclass
class PageLog:
    """What a test's page did: every request URL, console errors, uncaught page errors.

    Checked after the test: no request outside ``origin`` and no console or page error.
    A test that expects an error says so with ``@pytest.mark.allow_console_errors`` (any error)
    or ``@pytest.mark.allow_console_errors(r"regex", ...)``, or by calling
    ``page_log.allow_console_errors(r"regex")`` while running.
    """

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed_error_patterns: list[re.Pattern[str]] = field(default_factory=list)
    allow_any_error: bool = False

    def allow_console_errors(self, *patterns: str) -> None:
        """Allow console and page errors matching any of ``patterns`` (all of them if none given)."""
        if not patterns:
            self.allow_any_error = True
        self.allowed_error_patterns.extend(re.compile(p) for p in patterns)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            where = f" ({location['url']}:{location['lineNumber']})" if location and location.get("url") else ""
            self.console_errors.append(f"{message.text}{where}")

    def on_page_error(self, error: WebError) -> None:
        self.page_errors.append(str(error.error))

    def foreign_requests(self) -> list[str]:
        """Requests that left the site's origin (scheme, host and port)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                foreign.append(url)
        return foreign

    def unexpected_errors(self) -> list[str]:
        if self.allow_any_error:
            return []
        errors = [f"console: {e}" for e in self.console_errors] + [f"page error: {e}" for e in self.page_errors]
        return [e for e in errors if not any(p.search(e) for p in self.allowed_error_patterns)]


def _new_log(site_server: str, node: pytest.Item | pytest.Collector) -> PageLog:
    parts = urlsplit(site_server)
    log = PageLog(origin=f"{parts.scheme}://{parts.netloc}")
    marker = node.get_closest_marker("allow_console_errors")
    if marker is not None:
        log.allow_console_errors(*marker.args)
    return log


@contextmanager
def _open_page(browser: Browser, site_server: str, log: PageLog, *, bypass_csp: bool = True) -> Iterator[Page]:
    """A new context and page recorded into ``log``; on leaving, fails if ``log`` shows a problem."""
    context = browser.new_context(base_url=site_server, bypass_csp=bypass_csp, locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.on("request", log.on_request)
    context.on("console", log.on_console)
    context.on("weberror", log.on_page_error)
    try:
        new_page = context.new_page()
        new_page.on("websocket", lambda ws: log.requests.append(ws.url))
        yield new_page
    finally:
        context.close()
    problems = []
    if foreign := log.foreign_requests():
        problems.append(f"запросы за пределы сайта ({log.origin}):\n  " + "\n  ".join(foreign))
    if errors := log.unexpected_errors():
        problems.append("ошибки в консоли браузера:\n  " + "\n  ".join(errors))
    assert not problems, "\n".join(problems)


@pytest.fixture
def page_log(site_server: str, request: pytest.FixtureRequest) -> PageLog:
    """The recorder of this test's ``page``: ``requests``, ``console_errors``, ``page_errors``."""
    return _new_log(site_server, request.node)


@pytest.fixture
def page(browser: Browser, site_server: str, page_log: PageLog) -> Iterator[Page]:
    """A new browser context and page for this test; ``page.goto("acts/")`` is relative to the site.

    The context has ``bypass_csp=True`` (axe can be injected under a CSP meta), Russian locale and
    a 1280x900 viewport; timeouts default to 10 s. After the test: no request may have left the
    site's origin and no console error or uncaught page error may have happened (see ``PageLog``).
    """
    with _open_page(browser, site_server, page_log) as new_page:
        yield new_page


@pytest.fixture
def strict_page(browser: Browser, site_server: str, page_log: PageLog) -> Iterator[Page]:
    """Like ``page``, but the site's Content-Security-Policy is enforced (a violation is a console error)."""
    with _open_page(browser, site_server, page_log, bypass_csp=False) as new_page:
        yield new_page


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """One page on the front page, shared by the tests of a module, for many ``search()`` calls.

    Material builds the search index in a worker once per page load (seconds for a large site);
    sharing the page pays that once per module instead of once per query. ``search()`` clears the
    box before each query, so tests do not see each other's results; tests that navigate should
    use ``page``. The same checks as for ``page`` run when the module ends (a marker on the module
    applies; ``allow_console_errors`` on a single test does not).
    """
    log = _new_log(site_server, request.node)
    with _open_page(browser, site_server, log) as new_page:
        response = new_page.goto("")
        assert response is not None and response.ok, f"{site_server}: {response and response.status}"
        yield new_page
