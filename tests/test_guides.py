"""The methodologist's guides, followed step by step on a copy of the project, as a new user would.

The guides mark their steps with HTML comments (invisible on the site):
`<!-- guide: run -->` before a command that must succeed, `guide: run-fails` before one
that must fail, `guide: output` before the lines that command prints (… stands for
anything), and `guide: write PATH`, `guide: append PATH`, `guide: replace PATH: TEXT`
before a file's new content. Then the site is built and the new municipality checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GUIDES = ("docs/guides/add-municipality.md", "docs/guides/change-rule.md")
_STEP = re.compile(r"<!-- guide: (?P<kind>[a-z-]+)(?: (?P<arg>[^\n]*?))? -->\n```[a-z]*\n(?P<body>.*?)\n```", re.S)


def steps(guide: str) -> list[tuple[str, str, str]]:
    text = (ROOT / guide).read_text(encoding="utf-8")
    return [(m["kind"], m["arg"] or "", m["body"]) for m in _STEP.finditer(text)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the calculator, rules, schemas and site sources, as a fork would."""
    root = tmp_path_factory.mktemp("fork")
    for name in ("calculator", "rules", "schema", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "bundle.json"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (root / ".venv").mkdir()
    (root / ".venv" / "bin").mkdir()
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    git = ["git", "-c", "user.name=Методист", "-c", "user.email=m@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "calculator", "rules", "schema", "docs", "mkdocs.yml"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "fork"], cwd=root, check=True)
    return root


def _environment() -> dict[str, str]:
    names = {"GIT_AUTHOR_NAME": "Методист", "GIT_COMMITTER_NAME": "Методист"}
    emails = {"GIT_AUTHOR_EMAIL": "m@example.org", "GIT_COMMITTER_EMAIL": "m@example.org"}
    return {**os.environ, **names, **emails, "PYTHONDONTWRITEBYTECODE": "1"}


def _edit(root: Path, kind: str, arg: str, body: str) -> None:
    if kind == "write":
        (root / arg).write_text(body + "\n", encoding="utf-8")
        return
    path_text, _, old = arg.partition(": ")
    path = root / path_text
    content = path.read_text(encoding="utf-8")
    if kind == "append":
        path.write_text(content + body + "\n", encoding="utf-8")
        return
    old = old.replace("\\n", "\n").rstrip("\n")
    assert content.count(old) == 1, f"{path_text}: «{old}» must occur once"
    start = content.rfind("\n", 0, content.index(old)) + 1
    end = content.index("\n", content.index(old) + len(old))
    path.write_text(content[:start] + body + content[end:], encoding="utf-8")


def _expect(output: str, block: str, where: str) -> None:
    lines = [line.strip() for line in output.splitlines()]
    for wanted in filter(None, (w.strip() for w in block.splitlines())):
        parts = [re.escape(p.strip("/")) for p in wanted.split("…")]
        pattern = re.compile(".*".join(parts))
        assert any(pattern.search(line) for line in lines), f"{where}: no line like «{wanted}» in:\n{output}"


@pytest.fixture(scope="module")
def guided(project: Path) -> Path:
    """The fork after every step of the guides, in order; each test that needs it gets it, whatever runs first."""
    follow_guides(project)
    return project


def follow_guides(project: Path) -> None:
    output = ""
    for guide in GUIDES:
        for number, (kind, arg, body) in enumerate(steps(guide), start=1):
            where = f"{guide}, step {number} ({kind})"
            if kind in ("run", "run-fails"):
                done = subprocess.run(
                    ["bash", "-c", body], cwd=project, capture_output=True, text=True, env=_environment(), timeout=300, check=False
                )
                output = done.stdout + done.stderr
                assert (done.returncode == 0) == (kind == "run"), f"{where}: exit {done.returncode}\n{output}"
                assert "Traceback" not in output, where
            elif kind == "output":
                _expect(output, body, where)
            else:
                _edit(project, kind, arg, body)


def test_the_guides_work_as_written(guided: Path) -> None:
    project = guided
    # The guide's mistake example: the message, file, line and column it shows are the real ones.
    guide = (ROOT / GUIDES[0]).read_text(encoding="utf-8")
    shown = re.search(r"(rules/novograd/rules/training\.yaml:\d+:\d+: в акте .*?)\n", guide)
    assert shown, "the mistake example is gone from the guide"
    rules = project / "rules/novograd/rules/training.yaml"
    original = rules.read_text(encoding="utf-8")
    rules.write_text(original.replace('clauses: ["2.1"]', 'clauses: ["2.3"]', 1), encoding="utf-8")
    lint = subprocess.run([sys.executable, "-m", "calculator", "lint"], cwd=project, capture_output=True, text=True, check=False)
    rules.write_text(original, encoding="utf-8")
    assert shown[1] in lint.stderr


def test_the_new_municipality_is_published(guided: Path) -> None:
    """After the guides: the site has the municipality's pages and the calculator offers it."""
    project = guided
    site = project / "site"
    env = {**_environment(), "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    jurisdiction = (site / "jurisdictions/novograd/index.html").read_text(encoding="utf-8")
    assert "Город Новоград" in jurisdiction
    act = (site / "acts/novograd-15/index.html").read_text(encoding="utf-8")
    assert "не реже одного раза в два года" in act and "До 01.01.2025 пункт звучал так" in act
    assert "не реже одного раза в три года" in act  # the former wording, kept for review
    assert (site / "rules/novograd/periodic_upgrade_2025/index.html").exists()
    calculator = (site / "calculator/index.html").read_text(encoding="utf-8")
    assert re.search(r'<option value="novograd"[^>]*>Город Новоград</option>', calculator)
    coverage = (site / "coverage/index.html").read_text(encoding="utf-8")
    assert "novograd" in coverage or "Новоград" in coverage
