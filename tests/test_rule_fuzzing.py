"""Lint on a thousand mutated copies of the real rule files (tests/rules_fuzz.py makes them).

Every mutation must end with exit 0 (a change that leaves valid rules: an optional key deleted,
a list item repeated) or exit 2 with only located Russian messages; never a traceback, a hang or
another exit code. The kinds that can never leave valid rules (a duplicate key, non-UTF-8 bytes,
an impossible date…) must be refused. The site build on the same mutations is in
tests/site/test_fuzzed_build.py.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from calculator.cli import main
from tests.conftest import RULES
from tests.rules_fuzz import KINDS, Mutation, Outcome, dump, judge, plain, read_sources, run, summary

# Minutes of mutating and linting: left out of the quick run (pytest -m "not slow").
pytestmark = pytest.mark.slow

COUNT = 1120
SEED = 20261202


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    return run(RULES, tmp_path_factory.mktemp("fuzz"), COUNT, SEED)


def test_a_thousand_mutations_cover_every_kind(outcomes: list[Outcome]) -> None:
    assert len(outcomes) == COUNT >= 1000
    kinds = Counter(o.mutation.kind for o in outcomes)
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= COUNT // len(KINDS)
    files = {o.mutation.file for o in outcomes}
    assert len(files) >= 25, f"мутации затронули только {len(files)} файлов"


def test_lint_ends_every_mutation_cleanly(outcomes: list[Outcome]) -> None:
    faults = [f"{o.mutation}: {fault}" for o in outcomes for fault in o.faults]
    assert not faults, "\n".join(faults[:20]) + "\n\n" + summary(outcomes)


def test_kinds_that_break_the_rules_are_always_refused(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.mutation.must_refuse:
            assert outcome.exit_code == 2, outcome.mutation


# Kinds whose defect is in the file itself. A deleted key, a repeated item, a huge threshold, a
# value of another type that the key also takes (a number instead of a fact), a file cut short
# (still valid YAML, with fewer clauses) or a deleted file may be valid there and show only
# elsewhere: a reference to what is gone, a case whose answer changed.
LOCAL_DEFECTS = frozenset(KINDS) - {"delete_key", "duplicate_item", "huge_number", "wrong_type", "broken_syntax", "delete_file"}


def test_refusals_point_into_the_mutated_file(outcomes: list[Outcome]) -> None:
    """A mutation that breaks its own file is reported in that file, not only somewhere downstream."""
    elsewhere = [
        f"{o.mutation}\n{o.output[:400]}"
        for o in outcomes
        if o.exit_code == 2 and o.mutation.kind in LOCAL_DEFECTS and f"rules/{o.mutation.file}:" not in o.output
    ]
    assert not elsewhere, "\n".join(elsewhere[:10])


def test_unmutated_round_trip_of_every_file_lints_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The structural mutations rewrite a file through yaml.safe_dump: that alone must change nothing."""
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    for source in read_sources(root):
        (root / source.file).write_bytes(dump(plain(source.tree)))
    assert main(["lint", str(root)]) == 0, capsys.readouterr().out[-2000:]


@pytest.mark.parametrize(
    ("code", "output", "must_refuse", "expected"),
    [
        (2, "Traceback (most recent call last):\n  ...\nFound 1\n", False, "код выхода"),
        (1, "Ошибка\n", False, "код выхода"),
        (0, "Проверено: ошибок нет.\n", True, "приняты"),
        (2, "что-то не так\nНайдено проблем: 1\n", False, "без места"),
        (2, "rules/facts.yaml:1:1: expected a mapping here\nНайдено проблем: 1\n", False, "не по-русски"),
        (2, "rules/нет.yaml:1:1: нет файла\nНайдено проблем: 1\n", False, "несуществующий файл"),
        (2, "rules/facts.yaml:99999:1: ошибка\nНайдено проблем: 1\n", False, "за концом файла"),
        (2, "rules/facts.yaml:3:1: ошибка\n", False, "итоговой строки"),
    ],
)
def test_the_judge_finds_each_kind_of_bad_ending(code: int, output: str, must_refuse: bool, expected: str) -> None:
    mutation = Mutation(1, "facts.yaml", "unknown_key", "проверка", b"", must_refuse)
    faults = judge(RULES, mutation, code, output)
    assert any(expected in fault for fault in faults), faults


def test_the_judge_accepts_a_located_russian_refusal() -> None:
    mutation = Mutation(1, "facts.yaml", "unknown_key", "проверка", b"", True)
    output = "rules/facts.yaml:3:5: неизвестный ключ «extra_key»\n    подсказка: допустимые ключи: type, label\nНайдено проблем: 1\n"
    assert judge(RULES, mutation, 2, output) == []
