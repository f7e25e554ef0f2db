"""The methodologist's commands on a temporary copy of the rules: new-jurisdiction, diff, coverage, editions."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.authoring.compiler import compile_rules
from calculator.authoring.coverage import measure_coverage
from calculator.authoring.scaffold import ScaffoldError, new_jurisdiction
from calculator.bundle import Bundle
from calculator.engine import evaluate_with
from tests.conftest import ROOT, RULES


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calculator", *args], capture_output=True, text=True, cwd=cwd, check=False)


# --- new-jurisdiction --------------------------------------------------------------------------


@pytest.mark.parametrize("parent", ["russia", "ryazan", None])
def test_scaffold_passes_lint_at_once(rules_copy, parent):
    made = new_jurisdiction(rules_copy, "novograd", "Город Новоград", parent, datetime.date(2024, 3, 15))
    compiled = compile_rules(rules_copy)
    assert not compiled.issues, [i.message for i in compiled.issues]
    assert "novograd" in compiled.bundle["jurisdictions"]
    assert made.act_id in compiled.bundle["acts"]
    # The example case exercises the new rule, and the answer cites the new act.
    answer = evaluate_with(Bundle.from_raw(compiled.bundle), {"last_upgrade_end": "2023-05-10"}, "novograd", "2024-06-01", None)
    periodic = next(d for d in answer["trainings"] if d["ground"] == "periodic")
    assert periodic["deadline"] == "2026-05-10"
    assert {"act": made.act_id, "clause": "2"} in periodic["sources"]


def test_scaffold_files_explain_every_key_in_russian(rules_copy):
    made = new_jurisdiction(rules_copy, "novograd", "Город Новоград", "russia", datetime.date(2024, 3, 15))
    for path in made.files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        assert len(comments) >= 4, path
        assert any("а" <= ch <= "я" for line in comments for ch in line), path


def test_scaffold_refuses_bad_requests_and_leaves_nothing(rules_copy):
    day = datetime.date(2024, 3, 15)
    with pytest.raises(ScaffoldError, match="идентификатор «Novograd» не подходит"):
        new_jurisdiction(rules_copy, "Novograd", "Город", "russia", day)
    with pytest.raises(ScaffoldError, match="нет юрисдикции «rusia»"):
        new_jurisdiction(rules_copy, "novograd", "Город", "rusia", day)
    with pytest.raises(ScaffoldError, match="уже есть"):
        new_jurisdiction(rules_copy, "ryazan", "Город", "russia", day)
    with pytest.raises(ScaffoldError, match="акт «ryazan-132-i» уже есть"):
        new_jurisdiction(rules_copy, "novograd", "Город", "russia", day, act_id="ryazan-132-i")
    assert not (rules_copy / "novograd").exists()


def test_scaffold_command_line(rules_copy):
    done = cli("new-jurisdiction", "novograd", "--title", "Город «Новоград»", "--extends", "russia", "--rules", str(rules_copy))
    assert done.returncode == 0, done.stderr
    assert "проверка правил пройдена" in done.stdout
    assert cli("lint", str(rules_copy)).returncode == 0
    again = cli("new-jurisdiction", "novograd", "--title", "Город", "--rules", str(rules_copy))
    assert again.returncode == 2 and "уже есть" in again.stderr and "Traceback" not in again.stderr


# --- editions ----------------------------------------------------------------------------------


def test_an_edition_changes_the_answer_only_from_its_date(rules_copy):
    """A rule limited to a new edition applies from the edition's first day; the old one until the day before."""
    new_jurisdiction(rules_copy, "novograd", "Город Новоград", "russia", datetime.date(2024, 3, 15), act_id="novograd-15")
    act = rules_copy / "novograd/acts/novograd-15.yaml"
    act.write_text(
        act.read_text(encoding="utf-8").replace(
            '    summary: "Первоначальная редакция."\n',
            '    summary: "Первоначальная редакция."\n'
            '  - id: "2025-01-01"\n    from: 2025-01-01\n    by: "Постановление N 240"\n    summary: "Два года."\n'
            '    changes:\n      - {clause: "2", change: amended, summary: "Два года вместо трёх."}\n',
        ),
        encoding="utf-8",
    )
    rules = rules_copy / "novograd/rules/training.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace(
            "      deadline: {date: event, plus: 3 года}\n", '      deadline: {date: event, plus: 3 года}\n    editions: ["2024-03-15"]\n'
        )
        + '\n  - id: novograd.periodic_2025\n    title: Раз в два года\n    act: novograd-15\n    clauses: ["2"]\n'
        '    editions: ["2025-01-01"]\n    refines: russia.periodic_upgrade\n    explanation: Раз в два года.\n'
        "    duty:\n      deadline: {date: event, plus: 2 года}\n",
        encoding="utf-8",
    )
    bundle = Bundle.from_raw(compile_rules(rules_copy, run_cases=False).bundle)
    profile = {"last_upgrade_end": "2023-06-01"}

    def periodic(on: str) -> dict:
        answer = evaluate_with(bundle, profile, "novograd", on, None)
        return next(d for d in answer["trainings"] if d["ground"] == "periodic")

    assert periodic("2024-12-31")["deadline"] == "2026-06-01"
    assert periodic("2024-12-31")["rule"] == "novograd.periodic_upgrade"
    assert periodic("2025-01-01")["deadline"] == "2025-06-01"
    assert periodic("2025-01-01")["rule"] == "novograd.periodic_2025"
    # lint: the new rule has no example yet, and says so at the rule.
    issues = compile_rules(rules_copy).issues
    assert [i.message for i in issues] == ["правило «novograd.periodic_2025» не проверено ни одним примером"]
    # `diff --dates` works before the examples are fixed (that is when a reviewer needs it).
    done = cli("diff", "--dates", "2024-12-31", "2025-01-01", "--jurisdiction", "novograd", "--rules", str(rules_copy))
    assert done.returncode == 0, done.stderr
    assert "Проверено анкет: 1. Ответ изменился: 1." in done.stdout
    cases = rules_copy / "novograd/cases/training.yaml"
    cases.write_text(
        cases.read_text(encoding="utf-8")
        + '  - name: После редакции 2025 года\n    "on": 2025-01-01\n    profile: {last_upgrade_end: 2023-06-01}\n'
        "    expect:\n      trainings:\n        - {kind: upgrade, ground: periodic, deadline: 2025-06-01}\n",
        encoding="utf-8",
    )
    done = cli("diff", "--dates", "2024-12-31", "2025-01-01", "--jurisdiction", "novograd", "--rules", str(rules_copy))
    assert done.returncode == 0, done.stderr
    assert "Проверено анкет: 2. Ответ изменился: 2." in done.stdout
    assert "правило: novograd.periodic_upgrade → novograd.periodic_2025" in done.stdout
    assert "Редакция акта «novograd-15»: редакция: 2024-03-15 → 2025-01-01" in done.stdout


# --- diff --------------------------------------------------------------------------------------


def test_diff_reports_exactly_the_cases_a_threshold_change_affects(rules_copy):
    """Ryazan's diploma needs «more than 500 hours»; moving the line to 144 changes the two 500-hour cases only."""
    table = rules_copy / "ryazan/rules/documents.yaml"
    text = table.read_text(encoding="utf-8")
    assert text.count("at_most: 500\n") == 1 and text.count("over: 500\n") == 1
    table.write_text(text.replace("at_most: 500\n", "at_most: 144\n").replace("over: 500\n", "over: 144\n"), encoding="utf-8")
    before = compile_rules(RULES, run_cases=False)
    after = compile_rules(rules_copy, run_cases=False)
    from calculator.authoring.cases import run_case

    expected = sorted(
        case["name"]
        for case, old_case in zip(after.cases, before.cases, strict=True)
        if run_case(Bundle.from_raw(after.bundle), case).answer != run_case(Bundle.from_raw(before.bundle), old_case).answer
    )
    assert len(expected) == 2  # the cases at 500 hours: classroom hours, and total hours as the fallback
    done = cli("diff", "--from", str(RULES), "--to", str(rules_copy))
    assert done.returncode == 0, done.stderr
    assert f"Проверено анкет: {len(after.cases)}. Ответ изменился: 2." in done.stdout
    reported = sorted(line.split("«", 1)[1].split("» — ", 1)[0] for line in done.stdout.splitlines() if line[:3] in ("1. ", "2. "))
    assert reported == expected
    assert "Документ по программе: код: — → диплом о профессиональной переподготовке (retraining_diploma)" in done.stdout
    markdown = cli("diff", "--from", str(RULES), "--to", str(rules_copy), "--format", "markdown").stdout
    assert markdown.startswith("### Как правка меняет ответы калькулятора")
    assert "| Документ по программе: код | — | диплом о профессиональной переподготовке (retraining_diploma) |" in markdown


def test_diff_of_identical_rules_says_nothing_changed(rules_copy):
    done = cli("diff", "--from", str(RULES), "--to", str(rules_copy))
    assert done.returncode == 0 and "Ни один ответ не изменился." in done.stdout
    unknown = cli("diff", "--from", str(RULES), "--to", str(rules_copy), "--jurisdiction", "novgrad")
    assert unknown.returncode == 2 and "нет юрисдикции «novgrad»; есть: izobilnensky" in unknown.stderr


def test_diff_reads_profiles_and_names_bad_ones(rules_copy, tmp_path):
    (rules_copy / "russia/rules/training.yaml").write_text(
        (rules_copy / "russia/rules/training.yaml").read_text(encoding="utf-8").replace("plus: 1 год}", "plus: 2 года}"), encoding="utf-8"
    )
    profiles = tmp_path / "staff.json"
    profiles.write_text(
        json.dumps([{"name": "Иванова", "jurisdiction": "kaluga", "on": "2024-09-01", "profile": {"service_start": "2024-04-01"}}]),
        encoding="utf-8",
    )
    done = cli("diff", "--from", str(RULES), "--to", str(rules_copy), "--profiles", str(profiles), "--jurisdiction", "kaluga")
    assert done.returncode == 0, done.stderr
    assert "«Иванова» — kaluga, на 2024-09-01" in done.stdout
    assert "не позднее: 2025-04-01 → 2026-04-01" in done.stdout
    profiles.write_text(json.dumps([{"jurisdiction": "kaluga", "profile": {}}]), encoding="utf-8")
    bad = cli("diff", "--from", str(RULES), "--profiles", str(profiles))
    assert bad.returncode == 2 and "анкета №1: поле on — дата расчёта" in bad.stderr and "Traceback" not in bad.stderr


def test_diff_against_git_revisions(tmp_path):
    """Two commits of a repository: the committed edit shows up; an unknown revision is a clear message."""
    repo = tmp_path / "repo"
    shutil.copytree(RULES, repo / "rules")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "rules"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], cwd=repo, check=True)
    training = repo / "rules/russia/rules/training.yaml"
    training.write_text(training.read_text(encoding="utf-8").replace("plus: 3 года}", "plus: 5 лет}"), encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "two"], cwd=repo, check=True)
    done = cli("diff", "--from", "HEAD~1", "--to", "HEAD", "--rules", str(repo / "rules"), "--jurisdiction", "russia")
    assert done.returncode == 0, done.stderr
    assert "Сравнение ответов: ревизия HEAD~1 → ревизия HEAD" in done.stdout
    assert "периодическое" in done.stdout and "Ответ изменился: 0." not in done.stdout
    missing = cli("diff", "--from", "no-such-branch", "--rules", str(repo / "rules"))
    assert missing.returncode == 2 and "ревизия «no-such-branch» не найдена" in missing.stderr


def test_diff_refuses_broken_rules_with_their_location(rules_copy):
    (rules_copy / "kaluga/jurisdiction.yaml").write_text("id: kaluga\ntitle: [\n", encoding="utf-8")
    done = cli("diff", "--from", str(RULES), "--to", str(rules_copy))
    assert done.returncode == 2
    assert "не проходят проверку" in done.stderr and "kaluga/jurisdiction.yaml:" in done.stderr


# --- coverage and annotations ----------------------------------------------------------------


def test_coverage_counts_clauses_and_cases(compiled):
    full = compile_rules(RULES)
    coverage = measure_coverage(full.bundle, full.traces)
    assert not coverage.rules_without_cases
    ryazan = next(a for a in coverage.acts if a.act == "ryazan-132-i")
    readers = dict(ryazan.clauses)
    assert any(r.startswith("ryazan.") for r in readers["2.1.1"])
    assert readers["preamble"] == ()
    assert ryazan.read == sum(1 for rules in readers.values() if rules) > 0


def test_coverage_command_fails_for_a_rule_without_case(rules_copy):
    new_jurisdiction(rules_copy, "novograd", "Город", "russia", datetime.date(2024, 3, 15))
    (rules_copy / "novograd/cases/training.yaml").unlink()
    done = cli("coverage", str(rules_copy))
    assert done.returncode == 2
    assert "без примера: novograd.periodic_upgrade" in done.stdout
    lint = cli("lint", str(rules_copy), "--format", "github")
    assert lint.returncode == 2
    line = next(x for x in lint.stdout.splitlines() if "novograd.periodic_upgrade" in x)
    rules_text = (rules_copy / "novograd/rules/training.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, x in enumerate(rules_text, start=1) if "id: novograd.periodic_upgrade" in x)
    assert line.startswith(f"::error file=rules/novograd/rules/training.yaml,line={row},col=")


def test_annotations_point_at_the_offending_line(rules_copy):
    path = rules_copy / "ryazan/rules/training.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, x in enumerate(lines, start=1) if 'clauses: ["5.1"]' in x)
    path.write_text("\n".join(lines).replace('clauses: ["5.1"]', 'clauses: ["5.9"]', 1) + "\n", encoding="utf-8")
    done = cli("lint", str(rules_copy), "--format", "github")
    column = lines[row - 1].index('"5.1"') + 1
    assert done.returncode == 2
    assert f"::error file=rules/ryazan/rules/training.yaml,line={row},col={column}::в акте «ryazan-132-i» нет пункта «5.9»" in done.stdout


def test_editor_schema_offers_the_acts_clauses_and_rules(compiled):
    from calculator.authoring.jsonschema import schemas

    rules = schemas(compiled.bundle, compiled.catalog)["rules"]
    references = rules["definitions"]["act_references"]["allOf"]
    ryazan = next(r for r in references if r["if"]["properties"]["act"]["const"] == "ryazan-132-i")
    clauses = ryazan["then"]["properties"]["clauses"]["items"]
    assert "2.1.1" in clauses["enum"] and len(clauses["enum"]) == len(compiled.bundle["acts"]["ryazan-132-i"]["clauses"])
    assert all(isinstance(d, str) and d for d in clauses["enumDescriptions"])
    branch = rules["properties"]["rules"]["items"]["then"]["properties"]
    assert "ryazan-132-i" in branch["act"]["enum"] and "russia.periodic_upgrade" in branch["refines"]["enum"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2010-13-01", "ожидается дата ГГГГ-ММ-ДД"), ("9999-01-01", "ожидается дата с 01.01.1900 по 31.12.2199")],
)
def test_diff_refuses_a_date_it_could_not_compute_on(value, expected):
    done = cli("diff", "--dates", "2010-01-01", value)
    assert done.returncode == 2, done.stderr
    assert f"--dates: {expected}" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
