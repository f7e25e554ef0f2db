"""The MkDocs plugin: reads `rules/` at build time and adds the generated pages.

Registered as the `kb` plugin through the `mkdocs.plugins` entry point of this
project, so a fork needs only `plugins: [kb]` in mkdocs.yml. Each hook does
one thing: `on_config` compiles and checks the rules and expands the nav,
`on_files` adds the pages and the calculator's files (the Pyodide runtime, the
wheel, the scripts), `on_page_content` puts the calculator's form where a page
asks for it, `on_post_build` patches the search worker for Russian, `on_serve`
reloads the preview when a rule file changes.
"""

from __future__ import annotations

import logging
import os
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from calculator.authoring.compiler import LintFailed, save_bundle
from calculator.authoring.report import format_issue
from calculator.bundle import BUNDLE_PATH, Bundle, source_rules_dir
from kb_site.browser.form import MARKER, render_calculator
from kb_site.browser.manifest import CALCULATOR_SCRIPT, CALCULATOR_STYLESHEET, PLAN_SCRIPT, calculator_assets
from kb_site.browser.page_data import calculator_data
from kb_site.browser.planner import PLAN_MARKER, TEMPLATE_CSV, TEMPLATE_XLSX, plan_assets, render_planner
from kb_site.browser.runtime import Runtime, RuntimeMissing, find_runtime
from kb_site.browser.wheel import Wheel, build_wheel
from kb_site.config import KnowledgeBaseConfig
from kb_site.csp import protect_pages
from kb_site.knowledge import Knowledge, load_knowledge
from kb_site.navigation import expand_nav, left_out_of_compact_nav
from kb_site.pages import GeneratedPage
from kb_site.pages.acts import render_act, render_acts_index
from kb_site.pages.calendar import render_calendar
from kb_site.pages.compare import render_compare
from kb_site.pages.coverage import render_coverage
from kb_site.pages.jurisdictions import render_jurisdiction, render_jurisdictions_index
from kb_site.pages.reference import render_answer_format, render_facts
from kb_site.pages.rules import render_rule, render_rules_index
from kb_site.search import patch_search_worker
from kb_site.title import escape_title
from kb_site.wording import Wording

__all__ = ["KnowledgeBasePlugin"]

log = logging.getLogger("mkdocs.plugins.kb")

STYLESHEET = "assets/kb/kb.css"


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.knowledge: Knowledge | None = None
        self.rules_dir: Path | None = None
        self.full_nav = True
        self.runtime: Runtime | None = None
        self.wheel: Wheel | None = None
        self.engine_bundle: Bundle | None = None  # the rules as the engine holds them (for the planning page)
        self.hosts: set[str] = set()  # URLs of the pages showing the calculator or the planner (found in on_files)
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.rules_dir = (Path(config.config_file_path).parent / self.config.rules_dir).resolve()
        try:
            self.knowledge = load_knowledge(self.rules_dir)
        except LintFailed as failed:
            problems = "\n".join(format_issue(issue) for issue in failed.issues)
            raise PluginError(f"Правила не прошли проверку ({len(failed.issues)}), сайт не собран:\n{problems}") from None
        if self.rules_dir == source_rules_dir():  # the checkout's own rules: the command line answers by them too
            save_bundle(self.knowledge.bundle, BUNDLE_PATH, force=True)
        default = self.config.default_jurisdiction
        if default and default not in self.knowledge.jurisdictions:
            known = ", ".join(self.knowledge.jurisdictions)
            raise PluginError(
                f"kb: в mkdocs.yml указана юрисдикция по умолчанию (default_jurisdiction) «{default}», "
                f"но в {self.rules_dir} её нет; есть: {known}"
            )
        config.extra["kb"] = {"default_jurisdiction": default or next(iter(self.knowledge.jurisdictions), "")}
        self.full_nav = len(self.knowledge.jurisdictions) <= self.config.nav_full_limit
        if config.nav:
            config.nav = expand_nav(config.nav, self.knowledge, self.full_nav)
        if not config.repo_url:
            # Without a repository an edit link would be a broken relative path; the Pages
            # workflow sets REPO_URL, a local preview simply has no edit links.
            config.edit_uri = None
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if self.config.calculator:
            self._prepare_calculator(config)
        return config

    def _prepare_calculator(self, config: MkDocsConfig) -> None:
        assert self.knowledge is not None
        try:
            self.runtime = find_runtime(Path(config.config_file_path).parent / self.config.pyodide_dir)
        except RuntimeMissing as missing:
            raise PluginError(str(missing)) from None
        self.wheel = build_wheel(self.knowledge.bundle)
        self.engine_bundle = Bundle.from_raw(self.knowledge.bundle)
        if CALCULATOR_STYLESHEET not in config.extra_css:
            config.extra_css.append(CALCULATOR_STYLESHEET)
        # The planning page's script after the calculator's: it plans through `window.kbCalculator`.
        for script in (CALCULATOR_SCRIPT, PLAN_SCRIPT):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.knowledge is not None  # set in on_config
        docs_dir = Path(config.docs_dir).resolve()
        for page in self._pages(self.knowledge):
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"kb: страница {page.src_uri} создаётся из rules/, уберите одноимённый файл из docs/")
            # In a compact navigation act, rule and jurisdiction pages are deliberately left out of it.
            inclusion = (
                InclusionLevel.NOT_IN_NAV if not self.full_nav and left_out_of_compact_nav(page.src_uri) else InclusionLevel.UNDEFINED
            )
            generated = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            generated.edit_uri = _relative_to(page.source, docs_dir) if page.source else None
            files.append(generated)
        css = package_files("kb_site").joinpath("assets/kb.css").read_text(encoding="utf-8")
        files.append(File.generated(config, STYLESHEET, content=css))
        if self.runtime is not None and self.wheel is not None:
            # A page hosts the calculator (or the planner) when the marker stands on a line of its own (not quoted in a code block).
            self.hosts = {
                f.url
                for f in files.documentation_pages()
                if f.abs_src_path and {MARKER, PLAN_MARKER} & {line.strip() for line in f.content_string.splitlines()}
            }
            assert self.engine_bundle is not None
            for asset in [*calculator_assets(self.runtime, self.wheel, sorted(self.hosts)), *plan_assets(self.engine_bundle)]:
                if asset.source is not None:  # File.generated takes exactly one of the two
                    files.append(File.generated(config, asset.path, abs_src_path=asset.source))
                else:
                    assert asset.content is not None
                    files.append(File.generated(config, asset.path, content=asset.content))
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if MARKER not in html and PLAN_MARKER not in html:
            return html
        assert self.knowledge is not None
        if not self.config.calculator:
            note = '<p class="kb-calc__noscript">Калькулятор в браузере на этом сайте отключён (calculator: false в mkdocs.yml).</p>'
            return html.replace(MARKER, note).replace(PLAN_MARKER, note)

        def url_of(src_uri: str) -> str:
            target = files.get_file_from_path(src_uri)
            if target is None:
                raise PluginError(f"kb: калькулятор ссылается на страницу {src_uri}, которой нет в сайте")
            return get_relative_url(target.url, page.url)

        default = config.extra["kb"]["default_jurisdiction"]
        data = calculator_data(self.knowledge, url_of)
        if MARKER in html:
            html = html.replace(MARKER, render_calculator(self.knowledge, data, default), 1)
        if PLAN_MARKER in html:
            assert self.engine_bundle is not None
            templates = (get_relative_url(TEMPLATE_XLSX, page.url), get_relative_url(TEMPLATE_CSV, page.url))
            html = html.replace(PLAN_MARKER, render_planner(self.engine_bundle, data, default, templates), 1)
        return html

    @staticmethod
    def _pages(kb: Knowledge) -> list[GeneratedPage]:
        wording = Wording(kb.facts, kb.codes)
        pages = [render_acts_index(kb, wording), render_rules_index(kb), render_jurisdictions_index(kb), render_compare(kb, wording)]
        pages += [render_coverage(kb), render_facts(kb), render_answer_format(kb), render_calendar(kb)]
        pages += [render_act(kb, wording, act_id) for act_id in kb.acts]
        pages += [render_rule(kb, wording, rid) for rid in kb.rules]
        pages += [render_jurisdiction(kb, wording, jid) for jid in kb.jurisdictions]
        return pages

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        meta_title = page.meta.get("title") if page.meta else None
        output = escape_title(output, page.title, meta_title, config.site_name, page.is_homepage)
        if page.url not in self.hosts or "</head>" not in output:
            return output
        # On the calculator's own page the script also loads early and asynchronously from <head>, so
        # the engine starts while the page is still being parsed (the copy at the end of <body>,
        # which every page has for instant navigation, then finds it running and does nothing).
        script = get_relative_url(CALCULATOR_SCRIPT, page.url)
        return output.replace("</head>", f'<script async src="{script}"></script>\n</head>', 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.config.russian_search and not patch_search_worker(site_dir):
            log.info("kb: поиск без русской морфологии — у плагина search не включён язык ru")
        if self.config.content_security_policy and not self.serving:
            protect_pages(site_dir)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.rules_dir is not None:
            server.watch(str(self.rules_dir))
        return server


def _relative_to(source: Path, docs_dir: Path) -> str:
    """The YAML file as a path from docs/, so `repo_url + edit_uri + path` opens it for editing."""
    return Path(os.path.relpath(source, docs_dir)).as_posix()
