"""Two states of the rules to compare: a folder on disk or `rules/` as it was at a git revision.

A revision is read with `git archive` into a temporary folder, so the working
tree is never touched and uncommitted edits stay where they are.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from calculator.authoring.compiler import Compiled, compile_rules
from calculator.authoring.report import first_issues
from calculator.shown import shown

__all__ = ["RulesState", "StateError", "load_state"]


class StateError(Exception):
    """A state of the rules that cannot be read or does not pass lint; the message is Russian."""


@dataclass(frozen=True, slots=True)
class RulesState:
    label: str  # how the report names this state, e.g. «ревизия origin/main»
    compiled: Compiled


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise StateError("git не установлен: сравнение с ревизией без него невозможно (укажите вместо ревизии папку)") from None


def _from_revision(rules_dir: Path, revision: str, workdir: Path) -> Path:
    """Extract `rules/` at `revision` into `workdir`; return the extracted rules folder."""
    top = _git(["rev-parse", "--show-toplevel"], rules_dir)
    if top.returncode != 0:
        raise StateError(f"папка «{rules_dir}» не в репозитории git: сравнивать ревизии нельзя (укажите папку)")
    prefix = _git(["rev-parse", "--show-prefix"], rules_dir).stdout.decode().strip().rstrip("/")
    if _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], rules_dir).returncode != 0:
        raise StateError(f"ревизия «{shown(revision)}» не найдена в git (проверьте имя ветки или коммита; в CI нужна полная история)")
    archive = _git(["archive", "--format=tar", revision, "--", prefix or "."], Path(top.stdout.decode().strip()))
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        raise StateError(f"в ревизии «{revision}» нет папки «{prefix}» ({message})")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: refuse links and paths out of workdir
            tar.extractall(workdir, filter="data")
        else:
            tar.extractall(workdir)  # older Python: the archive is git's own output of this repository
    return workdir / prefix


def _shown(folder: Path) -> str:
    try:
        return str(folder.resolve().relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(folder)


def _is_folder(spec: str) -> bool:
    # Path.is_dir raises, not answers False, for a name longer than the system allows (a 256-character --from).
    try:
        return Path(spec).is_dir()
    except OSError:
        return False


def load_state(spec: str | None, rules_dir: Path, workdir: Path) -> RulesState:
    """`spec` is a folder, a git revision, or None for `rules_dir` as it is on disk."""
    if spec is None:
        folder, label = rules_dir, f"правила как сейчас ({_shown(rules_dir)})"
    elif _is_folder(spec):
        folder, label = Path(spec), f"папка {_shown(Path(spec))}"
    else:
        target = Path(tempfile.mkdtemp(dir=workdir))
        folder, label = _from_revision(rules_dir.resolve(), spec, target), f"ревизия {shown(spec)}"
    if not folder.is_dir():
        raise StateError(f"папка правил «{folder}» не найдена")
    compiled = compile_rules(folder, run_cases=False)
    if compiled.issues:
        raise StateError(
            f"правила ({label}) не проходят проверку — сначала исправьте их (python -m calculator lint):\n{first_issues(compiled.issues)}"
        )
    return RulesState(label, compiled)
