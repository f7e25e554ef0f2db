"""The runtime only loads a bundle, and only the right one: compiled from these rules and this compiler, in its format.

Also the import graph of `calculator/`: the runtime (everything but `calculator.authoring`
and the command line, which is the author's tool) never imports the authoring side, and no
module imports itself round a cycle.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.authoring.compiler import write_bundle
from calculator.bundle import BUNDLE_FORMAT, BundleFormatError, BundleMissing, BundleStale, read_bundle

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "calculator"
_AUTHOR_TOOLS = ("calculator.authoring", "calculator.cli", "calculator.__main__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _executed(tree: ast.AST) -> list[ast.AST]:
    """Every node that may run: all but the bodies of `if TYPE_CHECKING:` (annotations only, never imported)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _imports() -> dict[str, set[str]]:
    """Each calculator module -> the calculator modules it imports, at the top or inside a function."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in _executed(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_runtime_never_imports_the_authoring_side() -> None:
    graph = _imports()
    runtime = [m for m in graph if not m.startswith(_AUTHOR_TOOLS)]
    assert "calculator.engine" in runtime and "calculator.bundle" in runtime
    offenders = {m: sorted(i for i in graph[m] if i.startswith("calculator.authoring")) for m in runtime}
    assert not {m: i for m, i in offenders.items() if i}


def test_no_import_cycles_in_calculator() -> None:
    graph = _imports()
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cycles: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                walk(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert not cycles


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def test_a_bundle_is_refused_once_its_rules_change(rules_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    write_bundle(rules_copy, out)
    assert "kyrgyzstan" in read_bundle(out, rules_copy).jurisdictions
    shutil.rmtree(rules_copy / "kyrgyzstan")  # a deletion: no file is newer than the bundle, yet the rules changed
    with pytest.raises(BundleStale, match="python -m calculator compile"):
        read_bundle(out, rules_copy)
    write_bundle(rules_copy, out)
    assert "kyrgyzstan" not in read_bundle(out, rules_copy).jurisdictions
    act = next((rules_copy / "ryazan" / "acts").glob("*.yaml"))
    act.write_text(act.read_text(encoding="utf-8") + "\n# примечание методиста\n", encoding="utf-8")
    with pytest.raises(BundleStale):
        read_bundle(out, rules_copy)


def test_a_bundle_without_rules_beside_it_is_read_as_packaged(rules_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    write_bundle(rules_copy, out)
    shutil.rmtree(rules_copy / "kyrgyzstan")
    assert "kyrgyzstan" in read_bundle(out, None).jurisdictions  # a wheel, Pyodide: nothing to compare with


@pytest.mark.parametrize("content", ['{"format": 1, "facts": {}}', '{"facts": {}}', "[1, 2]", "not json", ""])
def test_a_bundle_of_another_format_is_refused_by_name(tmp_path: Path, content: str) -> None:
    out = tmp_path / "bundle.json"
    out.write_text(content, encoding="utf-8")
    with pytest.raises(BundleFormatError, match=f"калькулятор читает формат {BUNDLE_FORMAT}") as refused:
        read_bundle(out, None)
    assert "установите пакет калькулятора заново" in str(refused.value)
    with pytest.raises(BundleMissing, match="не найден"):
        read_bundle(tmp_path / "absent.json", None)


def test_the_command_line_says_to_recompile_after_a_jurisdiction_is_deleted(tmp_path: Path) -> None:
    """A checkout copy: delete rules/kyrgyzstan, ask for Kyrgyzstan, edit the compiler; each time a message, never an old answer."""
    shutil.copytree(PACKAGE, tmp_path / "calculator", ignore=shutil.ignore_patterns("__pycache__", "bundle.json"))
    shutil.copytree(ROOT / "rules", tmp_path / "rules")

    def run(*args: str, stdin: str = "{}") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "calculator", *args]
        return subprocess.run(command, cwd=tmp_path, input=stdin, capture_output=True, text=True, timeout=120, check=False)

    ask = ("evaluate", "--jurisdiction", "kyrgyzstan", "--on", "2012-01-01", "-")
    missing = run(*ask)
    assert missing.returncode == 2 and "не найден" in missing.stderr and "python -m calculator compile" in missing.stderr
    assert run("compile").returncode == 0
    assert json.loads(run(*ask).stdout)["jurisdiction"] == "kyrgyzstan"
    shutil.rmtree(tmp_path / "rules" / "kyrgyzstan")
    stale = run(*ask)
    assert stale.returncode == 2 and stale.stdout == ""
    assert "устарел" in stale.stderr and "python -m calculator compile" in stale.stderr and "Traceback" not in stale.stderr
    assert run("compile").returncode == 0
    unknown = run(*ask)
    assert unknown.returncode == 2 and "неизвестная юрисдикция «kyrgyzstan»" in unknown.stderr
    compiler = tmp_path / "calculator" / "authoring" / "compiler.py"
    compiler.write_text(compiler.read_text(encoding="utf-8") + "\n# a change of the compiler\n", encoding="utf-8")
    assert "устарел" in run(*ask).stderr
    assert run("lint").returncode == 0  # lint of the checkout's own rules compiles them too
    assert run("evaluate", "--jurisdiction", "russia", "--on", "2012-01-01", "-").returncode == 0
