"""The site build on mutated rule files (tests/rules_fuzz.py): refused as lint refuses, never half-written.

One mutation of each kind that lint refuses goes through the kb plugin's hooks, as `mkdocs build`
calls them: the build must stop with PluginError carrying lint's located messages. A few go
through the real strict build over a previous site, which must be left exactly as it was. The
mutations that lint accepts must build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from kb_site.build import build_site
from tests.rules_fuzz import KINDS, LOCATED, Mutation, run
from tests.site.conftest import ROOT, real_config

# Minutes of mutating and linting: left out of the quick run (pytest -m "not slow").
pytestmark = pytest.mark.slow

SEED = 7
COUNT = 300  # 20 of each kind: enough to find one refused of every kind and a few accepted ones


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Mutation], list[Mutation]]:
    """The first refused mutation of each kind, and the first accepted one of each kind that has one."""
    refused: dict[str, Mutation] = {}
    accepted: dict[str, Mutation] = {}
    for outcome in run(ROOT / "rules", tmp_path_factory.mktemp("lint"), COUNT, SEED):
        chosen = refused if outcome.exit_code == 2 else accepted
        chosen.setdefault(outcome.mutation.kind, outcome.mutation)
    return refused, list(accepted.values())


def apply(project: Path, mutation: Mutation) -> None:
    path = project / "rules" / mutation.file
    if mutation.content is None:
        path.unlink()
    else:
        path.write_bytes(mutation.content)


def restore(project: Path, mutation: Mutation) -> None:
    shutil.copy(ROOT / "rules" / mutation.file, project / "rules" / mutation.file)


def test_every_kind_has_a_refused_mutation(sample) -> None:
    refused, _accepted = sample
    assert set(refused) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_build_stops_with_located_russian_messages(sample, project_copy: Path, kind: str) -> None:
    mutation = sample[0][kind]
    apply(project_copy, mutation)
    config = real_config(project_copy / "mkdocs.yml")
    with pytest.raises(PluginError) as failure:
        config.plugins.on_config(config)
    message = str(failure.value)
    assert "Traceback" not in message
    assert message.startswith("Правила не прошли проверку"), message[:300]
    located = [line for line in message.splitlines() if LOCATED.match(line.strip())]
    assert located, f"{mutation}: нет сообщения с местом\n{message[:600]}"


def test_accepted_mutations_build(sample, project_copy: Path, tmp_path: Path) -> None:
    """What lint lets through must not break page generation (hooks up to on_files) either."""
    _refused, accepted = sample
    assert len(accepted) >= 3
    for mutation in accepted:
        apply(project_copy, mutation)
        config = real_config(project_copy / "mkdocs.yml", site_dir=str(tmp_path / "site"))
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
        assert any(f.src_uri.startswith("acts/") for f in files), mutation
        restore(project_copy, mutation)


@pytest.mark.parametrize("kind", ["non_utf8", "deep_nesting", "unknown_fact", "delete_file"])
def test_a_refused_mutation_leaves_the_previous_site_as_it_was(
    sample, site: Path, project_copy: Path, tmp_path: Path, capfd, kind: str
) -> None:
    target = tmp_path / "site"
    shutil.copytree(site, target)  # the project's own site, built once per session
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    mutation = sample[0][kind]
    apply(project_copy, mutation)
    assert build_site(project_copy / "mkdocs.yml", target) != 0
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert any(LOCATED.match(line.strip()) for line in err.splitlines()), err[-800:]
    assert "прежняя версия" in err
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no half-built folder left
