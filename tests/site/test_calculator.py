"""The calculator's part of the build: runtime files, the wheel, the manifest and the form (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.exceptions import PluginError

from calculator.browser import handle
from kb_site.browser.form import field_id
from kb_site.browser.runtime import RUNTIME_FILES
from kb_site.browser.wheel import build_wheel
from kb_site.build import build_site
from tests.site.conftest import ROOT, real_config

PYODIDE = ROOT / "node_modules" / "pyodide"


def _manifest(site: Path) -> dict:
    script = (site / "assets/kb/calculator.js").read_text(encoding="utf-8")
    found = re.search(r"const MANIFEST = /\*\* @type \{KbManifest \| null\} \*/ \((\{.*?\})\);\n", script)
    assert found, "calculator.js carries no manifest"
    return json.loads(found.group(1))


def _wheel_file(site: Path) -> Path:
    manifest = _manifest(site)
    return site / "assets/kb" / manifest["wheel"].split("?")[0]


class _Fields(HTMLParser):
    """The calculator page's elements with an id, labels' targets, and the form's questions."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: list[str] = []
        self.questions: list[dict[str, str]] = []
        self.options: list[tuple[str, bool]] = []
        self.radios: set[tuple[str, str]] = set()  # (name, value) of every radio button
        self._in_jurisdiction = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.append(a["for"])
        if "data-type" in a:
            self.questions.append(a)
        if tag == "input" and a.get("type") == "radio":
            self.radios.add((a.get("name", ""), a.get("value", "")))
        if tag == "select":
            self._in_jurisdiction = a.get("name") == "jurisdiction"
        if tag == "option" and self._in_jurisdiction:
            self.options.append((a["value"], "selected" in a))


def _page(site: Path) -> tuple[str, _Fields]:
    html = (site / "calculator/index.html").read_text(encoding="utf-8")
    parser = _Fields()
    parser.feed(html)
    return html, parser


def _data(html: str) -> dict:
    found = re.search(r'data-catalog="([^"]*)"', html)
    assert found
    return json.loads(unescape(found.group(1)))


# --- runtime, wheel, manifest -----------------------------------------------------------------


def test_the_site_ships_exactly_the_runtime_files_of_the_npm_package(site):
    shipped = sorted(p.name for p in (site / "assets/pyodide").iterdir())
    assert shipped == sorted(RUNTIME_FILES)
    for name in RUNTIME_FILES:
        assert (site / "assets/pyodide" / name).read_bytes() == (PYODIDE / name).read_bytes(), name


def test_the_page_script_points_at_files_that_exist_and_at_the_wheel_by_its_hash(site):
    manifest = _manifest(site)
    base = "http://site/assets/kb/calculator.js"
    for key in ("worker", "wheel"):
        path = urlsplit(urljoin(base, manifest[key])).path.removeprefix("/")
        assert (site / path).is_file(), key
    assert (site / urlsplit(urljoin(base, manifest["runtime"])).path.removeprefix("/") / "pyodide.mjs").is_file()
    assert urljoin(base, manifest["root"]) == "http://site/"
    assert manifest["pages"] == ["calculator/", "plan/"]
    digest = base64.b64encode(hashlib.sha256(_wheel_file(site).read_bytes()).digest()).decode()
    assert manifest["integrity"] == f"sha256-{digest}"
    assert manifest["version"]["pyodide"] == json.loads((PYODIDE / "package.json").read_text())["version"]


def test_the_manifest_carries_a_matching_hash_for_every_runtime_file_the_site_ships(site):
    files = _manifest(site)["files"]
    shipped = sorted(p.name for p in (site / "assets/pyodide").iterdir())
    assert sorted(files) == shipped
    for name, integrity in files.items():
        algorithm, _, digest = integrity.partition("-")
        assert algorithm in ("sha256", "sha384", "sha512"), name
        assert base64.b64decode(digest) == hashlib.new(algorithm, (site / "assets/pyodide" / name).read_bytes()).digest(), name


def test_no_script_of_the_calculator_names_another_host(site):
    for name in ("calculator.js", "calculator-worker.mjs", "plan.js"):
        script = (site / "assets/kb" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", script), name
        assert "loadPackage" not in script, name


def test_the_wheel_is_a_pure_python_wheel_with_the_sites_rules_and_a_correct_record(site, knowledge):
    with zipfile.ZipFile(_wheel_file(site)) as wheel:
        names = wheel.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/WHEEL"))
        assert "Tag: py3-none-any" in wheel.read(f"{dist_info}/WHEEL").decode()
        assert "Root-Is-Purelib: true" in wheel.read(f"{dist_info}/WHEEL").decode()
        assert not [n for n in names if n.startswith("calculator/authoring")], "the authoring half needs PyYAML"
        assert "calculator/browser.py" in names and "calculator/engine.py" in names
        assert json.loads(wheel.read("calculator/data/bundle.json")) == knowledge.bundle
        for line in wheel.read(f"{dist_info}/RECORD").decode().splitlines():
            name, digest, size = line.split(",")
            if name.endswith("RECORD"):
                continue
            data = wheel.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data)), name


def test_the_wheel_alone_answers_like_the_source_tree(site, tmp_path, knowledge):
    """Unpacked where nothing else is importable (no site-packages, no PyYAML), it gives the same replies."""
    with zipfile.ZipFile(_wheel_file(site)) as wheel:
        wheel.extractall(tmp_path / "lib")
    requests = [
        json.dumps({"profile": e.profile, "jurisdiction": e.jurisdiction, "on": e.on}, ensure_ascii=False) for e in knowledge.examples[::10]
    ]
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import calculator.browser as b; "
        "assert 'yaml' not in sys.modules and b.__file__.startswith(sys.argv[1]); "
        "print(json.dumps([b.handle(r) for r in json.load(sys.stdin)]))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(tmp_path / "lib")],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [handle(r) for r in requests]


def test_the_same_sources_give_the_same_wheel_bytes(knowledge):
    first, second = build_wheel(knowledge.bundle), build_wheel(knowledge.bundle)
    assert first.content == second.content
    changed = build_wheel({**knowledge.bundle, "codes": {}})
    assert changed.sha256 != first.sha256


# --- the form ----------------------------------------------------------------------------------


def test_each_jurisdiction_is_asked_exactly_what_its_rules_read(site, knowledge):
    _, page = _page(site)
    asked: dict[str, set[str]] = {jid: set() for jid in knowledge.jurisdictions}
    for question in page.questions:
        for jid in question["data-in"].split():
            asked[jid].add(question["data-path"])
    for jid in knowledge.jurisdictions:
        assert asked[jid] == set(knowledge.facts_asked(jid)), jid
    # Russia's baseline asks little; Ryazan, with its documents and plan, asks much more.
    assert len(asked["russia"]) < len(asked["ryazan"])
    assert [value for value, _ in page.options] == list(knowledge.jurisdictions)
    assert [value for value, selected in page.options if selected] == ["ryazan"]


def test_every_question_has_a_label_a_hint_and_a_place_for_its_error(site, knowledge):
    html, page = _page(site)
    assert len(page.ids) == len(set(page.ids)), "ids must be unique on the page"
    for target in page.label_for:
        assert target in page.ids, target
    for question in page.questions:
        path = question["data-path"]
        ident = field_id(path)
        assert ident in page.ids and f"{ident}-hint" in page.ids and f"{ident}-error" in page.ids, path
        assert knowledge.facts[path]["label"] in html
    bools = [q for q in page.questions if q["data-type"] == "bool"]
    assert bools and all((q["data-path"], "") in page.radios for q in bools)  # «не знаю» is a choice


def test_every_clause_and_rule_the_answer_can_cite_links_to_an_existing_anchor(site, knowledge):
    html, _ = _page(site)
    data = _data(html)
    page_url = "http://site/calculator/"
    checked = 0
    for act, clauses in data["clauses"].items():
        for clause, cited in clauses.items():
            parts = urlsplit(urljoin(page_url, cited["href"]))
            target = (site / parts.path.removeprefix("/") / "index.html").read_text(encoding="utf-8")
            assert f'id="{parts.fragment}"' in target, (act, clause)
            checked += 1
    assert checked >= len(knowledge.readers)
    for rid, href in data["rules"].items():
        assert (site / urlsplit(urljoin(page_url, href)).path.removeprefix("/") / "index.html").is_file(), rid
    assert set(data["acts"]) == set(knowledge.acts)


# --- configuration and failures ---------------------------------------------------------------


def test_text_from_rule_files_stays_text_in_the_form_and_its_data(project_copy):
    facts = project_copy / "rules/facts.yaml"
    hostile = "<img src=x onerror=alert(1)>"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("label: Начало муниципальной службы", f'label: "Начало службы {hostile}"'),
        encoding="utf-8",
    )
    jurisdiction = project_copy / "rules/ryazan/jurisdiction.yaml"
    jurisdiction.write_text(
        jurisdiction.read_text(encoding="utf-8").replace("title: Город Рязань", 'title: "Рязань</script><script>alert(2)</script>"'),
        encoding="utf-8",
    )
    assert build_site(project_copy / "mkdocs.yml", project_copy / "site") == 0
    html = (project_copy / "site/calculator/index.html").read_text(encoding="utf-8")
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(2)" not in html
    assert "Рязань&lt;/script&gt;" in html  # in the data attribute, later shown as text
    assert _data(html)["jurisdictions"]["ryazan"]["title"] == "Рязань</script><script>alert(2)</script>"


def test_a_site_without_the_calculator_ships_no_runtime(project_copy):
    config_file = project_copy / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "default_jurisdiction: ryazan", "default_jurisdiction: ryazan\n      calculator: false"
        ),
        encoding="utf-8",
    )
    assert build_site(config_file, project_copy / "site") == 0
    assert not (project_copy / "site/assets/pyodide").exists()
    html = (project_copy / "site/calculator/index.html").read_text(encoding="utf-8")
    assert "калькулятор в браузере на этом сайте отключён" in html.lower()
    assert "calculator.js" not in html and "kb-calc-form" not in html
    plan_page = (project_copy / "site/plan/index.html").read_text(encoding="utf-8")
    assert "калькулятор в браузере на этом сайте отключён" in plan_page.lower()
    assert "assets/kb/plan.js" not in plan_page and "kb-plan-form" not in plan_page


def test_a_missing_runtime_is_a_clear_message_not_a_broken_site(project_copy):
    config_file = project_copy / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "default_jurisdiction: ryazan", "default_jurisdiction: ryazan\n      pyodide_dir: nowhere/pyodide"
        ),
        encoding="utf-8",
    )
    config = real_config(config_file)
    with pytest.raises(PluginError) as failure:
        config.plugins.on_config(config)
    assert "npm ci" in str(failure.value) and "pyodide.asm.wasm" in str(failure.value)
    assert build_site(config_file, project_copy / "site") != 0
    assert not (project_copy / "site").exists()
