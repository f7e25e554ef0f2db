"""Lint fails on each kind of broken file with a located Russian message, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.authoring.compiler import compile_rules
from tests.conftest import ROOT, RULES

TRAINING = "ryazan/rules/training.yaml"
DOCUMENTS = "ryazan/rules/documents.yaml"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def mutate(root: Path, relative: str, old: str, new: str) -> int:
    """Replace `old` once; return the 1-based line where the change is."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems(root: Path) -> list[str]:
    from calculator.authoring.report import format_issue

    return [format_issue(i) for i in compile_rules(root).issues]


def test_the_real_rules_pass(compiled):
    assert compile_rules(RULES).issues == []


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            TRAINING,
            "    explanation: >-\n      Положение повторяет",
            "    explanaton: >-\n      Положение повторяет",
            "возможно, имелось в виду «explanation»",
        ),
        (TRAINING, '    clauses: ["5.1"]\n', "", "не хватает обязательного ключа «clauses»"),
        (TRAINING, 'clauses: ["5.1"]', 'clauses: ["5.9"]', "нет пункта «5.9»"),
        (TRAINING, "event: {date: attestation_training_on}", "event: {date: attestation_on}", "недопустимое значение"),
        (DOCUMENTS, "when: {fact: program.kind, is: upgrade}", "when: {fact: program.kind, is: upgrde}", "нет значения «upgrde»"),
        (DOCUMENTS, "        - over: 72\n          at_most: 144", "        - over: 73\n          at_most: 144", "оставляет промежуток"),
        (
            DOCUMENTS,
            "        - over: 72\n          at_most: 144",
            "        - over: 70\n          at_most: 144",
            "пересекается с предыдущей",
        ),
        (TRAINING, 'editions: ["2010-01-28"]', 'editions: ["2011-01-01"]', "нет редакции «2011-01-01»"),
        (TRAINING, "plus: 3 года}", "plus: 3 попугая}", "неизвестная единица"),
        (TRAINING, "  - id: ryazan.attestation_training\n", "  - id: ryazan.attestation_training\n    id: ryazan.again\n", "повторяется"),
        (TRAINING, "    duty:\n      kind: upgrade_or_retraining", "    duty:\n     kind: upgrade_or_retraining", "ошибка синтаксиса YAML"),
        # Found by the rule-file fuzzing (tests/test_rule_fuzzing.py): each was a traceback or went unnoticed.
        ("ryazan/acts/ryazan-132-i.yaml", "    from: 2010-01-28", "    from: 2010-02-30", "нет такой даты"),
        ("facts.yaml", "    not_before: service_start", "    not_before: service_begin", "неизвестный факт «service_begin»"),
        (
            "facts.yaml",
            "        hint: Объём лекционных занятий в часах.",
            "        hint: Объём лекционных занятий в часах.\n        unit: час",
            "неизвестный ключ «unit»",
        ),
        ("codes.yaml", "completed_by: [last_upgrade_end]", "completed_by: [last_upgrade_finish]", "не факт-дата"),
        ("codes.yaml", "  act_not_in_force: акт не действовал на дату расчёта\n", "", "калькулятор выдаёт сам: act_not_in_force"),
        (TRAINING, 'clauses: ["5.1"]', "clauses: " + "[" * 40 + '"5.1"' + "]" * 40, "вложенность глубже 30 уровней"),
        (TRAINING, 'clauses: ["5.1"]', "clauses: " + "[" * 5000 + '"5.1"' + "]" * 5000, "вложенность глубже 30 уровней"),
    ],
)
def test_each_kind_of_mistake_is_located(rules_copy, relative, old, new, expected):
    line = mutate(rules_copy, relative, old, new)
    found = problems(rules_copy)
    assert any(expected in p for p in found), found
    located = next(p for p in found if expected in p)
    file_part, line_part = located.split(":")[0:2]
    assert file_part == f"rules/{relative}"
    assert abs(int(line_part) - line) <= 3, located


def test_edition_dates_out_of_order(rules_copy):
    mutate(rules_copy, "ryazan/acts/ryazan-132-i.yaml", "    from: 2010-01-28", "    from: 2008-01-28")
    assert any("не по порядку дат" in p for p in problems(rules_copy))


def test_a_rule_no_case_exercises(rules_copy):
    for case_file in (rules_copy / "kaluga" / "cases").glob("*.yaml"):
        case_file.unlink()
    found = problems(rules_copy)
    assert any("«kaluga.study_group_size» не проверено ни одним примером" in p for p in found), found


def test_a_failing_case_is_reported_at_the_case(rules_copy):
    # A rule that still compiles (no gap, a known code) but gives short upgrade courses the wrong final
    # assessment: only the examples can catch it, and each failing one is named where it is written.
    mutate(
        rules_copy,
        DOCUMENTS,
        "          code: short_term_upgrade_certificate\n          assessment: testing\n",
        "          code: short_term_upgrade_certificate\n          assessment: testing_and_defense\n",
    )
    found = problems(rules_copy)
    assert found, "the wrong assessment went unnoticed"
    difference = "document.assessment: ожидалось 'testing', получено 'testing_and_defense'"
    assert all(p.startswith("rules/ryazan/cases/documents.yaml:") and "пример «" in p and difference in p for p in found), found
    cases = (rules_copy / "ryazan/cases/documents.yaml").read_text(encoding="utf-8").splitlines()
    lowest = next(n for n, line in enumerate(cases, 1) if "ровно 18 часов" in line)  # 18 hours: the lower bound, in the act
    assert any(p.startswith(f"rules/ryazan/cases/documents.yaml:{lowest}:") and "ровно 18 часов" in p for p in found), found


def test_non_utf8_file(rules_copy):
    path = rules_copy / TRAINING
    path.write_bytes(path.read_bytes().replace("Повышение".encode(), "Повышение".encode("cp1251"), 1))
    assert any("не в кодировке UTF-8" in p for p in problems(rules_copy))


def test_unknown_jurisdiction_parent(rules_copy):
    mutate(rules_copy, "kaluga/jurisdiction.yaml", "extends: russia", "extends: rusia")
    assert any("неизвестную «rusia»" in p for p in problems(rules_copy))


def test_command_line_lint_exit_codes(rules_copy):
    ok = subprocess.run([sys.executable, "-m", "calculator", "lint", str(RULES)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
    mutate(rules_copy, TRAINING, 'clauses: ["5.1"]', 'clauses: ["5.9"]')
    bad = subprocess.run(
        [sys.executable, "-m", "calculator", "lint", str(rules_copy)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert bad.returncode == 2
    assert "нет пункта «5.9»" in bad.stderr and "Traceback" not in bad.stderr
    github = subprocess.run(
        [sys.executable, "-m", "calculator", "lint", str(rules_copy), "--format", "github"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert github.stdout.startswith("::error file=")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "файл пуст"),
        ("&a [*a]", "якорь ссылается сам на себя"),
        ("rules: !!python/object:os.system {}", "неизвестный тег"),
        ("rules: [1, 2", "не закрыта квадратная скобка"),
        ("rules: 5", "ожидается список"),
        (
            "rules:\n  - id: ryazan.x\n    title: t\n    act: ryazan-132-i\n    clauses: ['5.1']\n    explanation: e\n    when: {all: 5}\n    plan_exclusion: {code: studying}\n",
            "непустой список условий",
        ),
    ],
)
def test_odd_files_get_a_located_message(rules_copy, content, expected):
    (rules_copy / "ryazan" / "rules" / "zz.yaml").write_text(content, encoding="utf-8")
    found = problems(rules_copy)
    assert any(p.startswith("rules/ryazan/rules/zz.yaml:") and expected in p for p in found), found


def test_broken_rules_leave_the_previous_bundle_untouched(rules_copy, tmp_path):
    from calculator.authoring.compiler import LintFailed, write_bundle

    out = tmp_path / "bundle.json"
    write_bundle(rules_copy, out)
    before = out.read_bytes()
    mutate(rules_copy, TRAINING, 'clauses: ["5.1"]', 'clauses: ["5.9"]')
    with pytest.raises(LintFailed):
        write_bundle(rules_copy, out)
    assert out.read_bytes() == before


def test_anchors_that_expand_enormously_are_refused_quickly(rules_copy):
    """A "billion laughs": nine levels of anchors, each repeating the one before ten times."""
    keys = ["bomb_0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    keys += [f"bomb_{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = rules_copy / TRAINING
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(keys) + "\n", encoding="utf-8")
    found = problems(rules_copy)
    assert any(p.startswith(f"rules/{TRAINING}:") and "ссылки на якоря" in p for p in found), found


@pytest.mark.parametrize("content", ["", "# только комментарий\n", "---\n", "null\n"])
def test_an_empty_file_is_refused(rules_copy, content):
    (rules_copy / "ryazan/jurisdiction.yaml").write_text(content, encoding="utf-8")
    assert [p.splitlines()[0] for p in problems(rules_copy)] == ["rules/ryazan/jurisdiction.yaml:1:1: файл пуст"]


def test_an_unquoted_on_key_is_reported_at_its_line(rules_copy):
    """An editor reading YAML 1.1 takes `on:` for `true:`; the files write `"on":`, and lint keeps them so."""
    line = mutate(rules_copy, "ryazan/cases/training.yaml", '"on": ', "on: ")
    found = problems(rules_copy)
    assert len(found) == 1
    assert found[0].startswith(f"rules/ryazan/cases/training.yaml:{line}:")
    assert "ключ без кавычек, который редактор в режиме YAML 1.1 прочтёт как true или false" in found[0]
    assert '"on": 2024-06-01' in found[0]


def test_every_on_key_of_the_project_is_quoted():
    for path in RULES.glob("*/*/*.yaml"):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not text.lstrip(" -").startswith(("on:", "off:", "yes:", "no:")), f"{path}:{number}"
