"""Nothing a user owns is destroyed (issue 16): the fourteen mistakes of a careless user or an attacker, each replayed.

Every test works on copies in its temporary folder and writes nowhere else. The commands
run in this process through `main`, except where the process itself matters (a file size
limit set by the system, a standard output that refuses data).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import calculator
from calculator.cli import main
from calculator.facts import MAX_LISTED_PROBLEMS, InputError
from calculator.files import FileRefused, read_file, write_file
from calculator.planning import plan_file, plan_text
from calculator.planning.staff import MAX_LISTED, MAX_LISTED_PER_COLUMN
from kb_site.build import SITE_MARKER, build_site
from tests.conftest import ROOT, RULES
from tests.planning.conftest import RYAZAN_2011, staff_rows, to_csv

PLAN = ["plan", "--jurisdiction", "ryazan", "--year", "2011"]


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


@pytest.fixture
def staff(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    shutil.copy(RYAZAN_2011, path)
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _umask_022() -> int:
    return os.umask(0o022)


# 1. The site build never removes a folder it did not build.


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project to build: mkdocs.yml, docs/ and rules/ copied, under git like a checkout."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("docs", "rules"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (folder / ".git").mkdir()
    return folder


@pytest.mark.parametrize("where", ["docs", ".", "docs/guides", "..", "owned"])
def test_site_build_refuses_a_folder_it_did_not_build(project, where, monkeypatch, capfd):
    monkeypatch.chdir(project)
    (project / "owned").mkdir()
    (project / "owned" / "notes.md").write_text("мои заметки", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Правка, ещё не в git\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "node_modules" not in p.parts}
    assert build_site(project / "mkdocs.yml", Path(where)) == 2
    err = capfd.readouterr().err
    assert "Сайт не собран" in err and "Traceback" not in err
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "node_modules" not in p.parts}
    assert after == before
    assert (project / ".git").is_dir()


def test_site_build_refuses_a_folder_holding_a_repository(project, tmp_path, capfd):
    other = tmp_path / "checkout"
    (other / ".git").mkdir(parents=True)
    assert build_site(project / "mkdocs.yml", other) == 2
    assert "git" in capfd.readouterr().err
    assert (other / ".git").is_dir()


def test_site_build_replaces_only_its_own_build_and_is_readable_by_others(project, tmp_path, capfd):
    target = tmp_path / "public"
    target.mkdir()  # an empty folder may be used
    mask = _umask_022()
    try:
        assert build_site(project / "mkdocs.yml", target) == 0
        assert (target / SITE_MARKER).is_file()
        assert stat.S_IMODE(target.stat().st_mode) == 0o755  # 14: not mkdtemp's 0700
        assert stat.S_IMODE((target / "index.html").stat().st_mode) == 0o644
        (target / "stale.html").write_text("old", encoding="utf-8")
        assert build_site(project / "mkdocs.yml", target) == 0  # its own build: replaced whole
    finally:
        os.umask(mask)
    assert not (target / "stale.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


# 2. A full disk leaves the previous plan whole.


def _limited(size: int):
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_plan_that_does_not_fit_on_the_disk_leaves_the_old_one(staff, tmp_path, capsys):
    output = tmp_path / "plan.csv"
    small = tmp_path / "small.csv"
    small.write_bytes(to_csv(staff_rows()[:3]))
    assert main([*PLAN, str(small), "-o", str(output)]) == 0
    old = output.read_bytes()
    capsys.readouterr()
    done = subprocess.run(
        [sys.executable, "-m", "calculator", *PLAN, str(staff), "-o", str(output)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=_limited(len(old) + 200),
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "не записан" in done.stderr and "Прежний файл" in done.stderr and "Traceback" not in done.stderr
    assert output.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv", "small.csv", "staff.csv"]  # no temporary left


# 3. A template or a plan never replaces a staff list.


def test_template_does_not_replace_a_staff_list(staff, capsys):
    before = staff.read_bytes()
    code, _, err = run(["plan", "--template", str(staff)], capsys)
    assert code == 2 and "--force" in err and "staff.csv" in err
    assert staff.read_bytes() == before
    assert main(["plan", "--template", str(staff), "--force"]) == 0
    assert staff.read_bytes() != before


def test_template_workbook_is_replaced_while_untouched_but_not_once_filled_in(tmp_path, capsys):
    import zipfile

    target = tmp_path / "шаблон.xlsx"
    assert main(["plan", "--template", str(target)]) == 0
    assert main(["plan", "--template", str(target)]) == 0  # the command's own, untouched: no --force needed
    # Filled in and saved by a spreadsheet program: the same parts, and no comment of ours.
    with zipfile.ZipFile(target) as made:
        parts = [(info.filename, made.read(info)) for info in made.infolist()]
    with zipfile.ZipFile(target, "w") as saved:
        for name, payload in parts:
            saved.writestr(name, payload)
    filled = target.read_bytes()
    capsys.readouterr()
    code, _, err = run(["plan", "--template", str(target)], capsys)
    assert code == 2 and "--force" in err
    assert target.read_bytes() == filled


def test_plan_is_never_written_over_its_own_staff_list(staff, tmp_path, capsys):
    before = staff.read_bytes()
    code, _, err = run([*PLAN, str(staff), "-o", str(staff)], capsys)
    assert code == 2 and "входной файл" in err
    link = tmp_path / "same.csv"
    link.symlink_to(staff)
    code, _, _ = run([*PLAN, str(staff), "-o", str(link), "--force"], capsys)
    assert code == 2  # not even with --force, not through a link
    assert staff.read_bytes() == before


def test_plan_replaces_its_own_plan_but_not_another_file(staff, tmp_path, capsys):
    for name in ("plan.csv", "plan.json", "plan.xlsx"):
        output = tmp_path / name
        assert main([*PLAN, str(staff), "-o", str(output)]) == 0
        assert main([*PLAN, str(staff), "-o", str(output)]) == 0, name  # a plan made before is recognised
    report = tmp_path / "отчёт.csv"
    report.write_text("мой отчёт;2011\n", encoding="utf-8")
    capsys.readouterr()
    code, _, err = run([*PLAN, str(staff), "-o", str(report)], capsys)
    assert code == 2 and "--force" in err
    assert report.read_text(encoding="utf-8") == "мой отчёт;2011\n"


# 4. No device, FIFO or folder is replaced by a regular file.


def test_compile_refuses_a_fifo_and_a_folder(tmp_path, capsys):
    fifo = tmp_path / "bundle.json"
    os.mkfifo(fifo)
    code, _, err = run(["compile", str(RULES), "-o", str(fifo)], capsys)
    assert code == 2 and "FIFO" in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(["compile", str(RULES), "-o", str(folder), "--force"], capsys)
    assert code == 2 and "папка" in err and folder.is_dir()


def test_compile_never_writes_over_a_rule_file_it_reads(rules_copy, capsys):
    source = rules_copy / "russia" / "jurisdiction.yaml"
    before = source.read_bytes()
    code, _, err = run(["compile", str(rules_copy), "-o", str(source), "--force"], capsys)
    assert code == 2 and "входной файл" in err
    assert source.read_bytes() == before


def test_compile_writes_a_bundle_others_can_read_and_replaces_its_own(tmp_path, capsys):
    out = tmp_path / "bundle.json"
    mask = _umask_022()
    try:
        assert main(["compile", str(RULES), "-o", str(out)]) == 0
        assert main(["compile", str(RULES), "-o", str(out)]) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # 14: not mkstemp's 0600
    assert json.loads(out.read_text(encoding="utf-8"))["jurisdictions"]
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}', encoding="utf-8")
    capsys.readouterr()
    code, _, err = run(["compile", str(RULES), "-o", str(notes)], capsys)
    assert code == 2 and "(бандл правил)" in err and notes.read_text(encoding="utf-8") == '{"mine": true}'


def test_schema_does_not_replace_a_file_it_did_not_make(tmp_path, capsys):
    out = tmp_path / "schema"
    out.mkdir()
    mine = out / "rules.schema.json"
    mine.write_text("{}", encoding="utf-8")
    code, _, err = run(["schema", str(RULES), "-o", str(out)], capsys)
    assert code == 2 and "--force" in err and mine.read_text(encoding="utf-8") == "{}"
    assert main(["schema", str(RULES), "-o", str(out), "--force"]) == 0
    assert main(["schema", str(RULES), "-o", str(out)]) == 0  # now they are its own


# 5. Reports of bad rows are bounded; the good rows are planned.


def test_two_hundred_thousand_bad_rows_give_a_short_report():
    count = 200_000
    lines = ["ФИО;Начало муниципальной службы;Последнее повышение квалификации;Смена вида деятельности"]
    lines += [f"Служащий {i};никогда;??.??.????;{'x' * 30}" for i in range(count)]
    lines.append("Иванова Мария;31.08.2009;;")
    plan = plan_file("\n".join(lines).encode(), "staff.csv", "ryazan", 2011)
    assert plan["summary"]["rows_skipped"] == count and plan["summary"]["rows_planned"] == 1
    listed = plan["skipped"]
    assert len(listed) <= MAX_LISTED
    by_column: dict[str, int] = {}
    for problem in listed:
        by_column[problem["column"]] = by_column.get(problem["column"], 0) + 1
    assert max(by_column.values()) <= MAX_LISTED_PER_COLUMN
    unlisted = sum(entry["count"] for entry in plan["skipped_unlisted"])
    assert len(listed) + unlisted == 3 * count  # every wrong cell is counted, none disappears
    text = plan_text(plan)
    assert len(text) < 50_000
    assert "и ещё" in text


def test_a_workbook_of_long_bad_cells_gives_a_short_report():
    from calculator.planning.xlsx import Sheet, write_xlsx

    header = ["ФИО", "Начало муниципальной службы", "Последнее повышение квалификации"]
    rows: list[list[object]] = [header, *([f"Служащий {i}", "никогда", f"{i}" + "?" * 2000] for i in range(20_000))]
    plan = plan_file(write_xlsx([Sheet("Сотрудники", rows)]), "staff.xlsx", "ryazan", 2011)
    assert plan["summary"]["rows_skipped"] == 20_000
    assert len(plan["skipped"]) <= 2 * MAX_LISTED_PER_COLUMN
    assert all(len(problem["value"]) <= 61 for problem in plan["skipped"])  # 60 characters and «…»
    assert sum(entry["count"] for entry in plan["skipped_unlisted"]) == 2 * 20_000 - len(plan["skipped"])


def test_a_cell_is_shown_short_and_without_control_characters(tmp_path, capsys):
    staff_list = tmp_path / "staff.csv"
    rows = [staff_rows()[0], ["\x1b[2J\x1b[31mИванов\u202e", "", "", "", "\x1b]0;owned\x07" + "9" * 5000]]
    staff_list.write_bytes(to_csv(rows))
    code, out, _ = run([*PLAN, str(staff_list)], capsys)
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b" in out  # 13: shown escaped, not dropped
    assert "9" * 100 not in out and "…" in out


def test_a_staff_list_larger_than_the_limit_is_refused_before_reading(tmp_path, capsys):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: no disk used
    code, _, err = run([*PLAN, str(huge)], capsys)
    assert code == 2 and "больше" in err and "huge.csv" in err


# 6. Reads are bounded before they happen: regular files only, no link out of rules/.


def test_evaluate_refuses_a_device_and_a_fifo(tmp_path, capsys):
    code, _, err = run(["evaluate", "--jurisdiction", "russia", "/dev/zero"], capsys)
    assert code == 2 and "устройство" in err
    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)
    code, _, err = run(["evaluate", "--jurisdiction", "russia", str(fifo)], capsys)  # would hang if opened blocking
    assert code == 2 and "FIFO" in err


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "secret"])
def test_lint_refuses_a_rule_file_that_is_not_a_file_in_rules(rules_copy, tmp_path, kind, capsys):
    rule = rules_copy / "russia" / "rules" / "extra.yaml"
    if kind == "dev-zero":
        rule.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(rule)
    else:
        secret = tmp_path / "secret.txt"
        secret.write_text("root:x:0:0:пароль-123", encoding="utf-8")
        rule.symlink_to(secret)
    code, _, err = run(["lint", str(rules_copy)], capsys)
    assert code == 2
    assert "extra.yaml:1:1" in err
    assert "пароль-123" not in err


def test_read_file_stops_at_the_limit(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(FileRefused, match="больше 1 000 байт"):
        read_file(path, 1000)
    assert read_file(path, 1001) == b"x" * 1001


# 7. A profile of many or huge unknown keys gives a short report.


def test_two_hundred_thousand_unknown_keys_give_a_short_report():
    profile = {f"поле_{i}": i for i in range(200_000)}
    with pytest.raises(InputError) as caught:
        calculator.evaluate(profile, "russia", "2020-01-01")
    assert len(caught.value.problems) == MAX_LISTED_PROBLEMS
    assert caught.value.unlisted == 200_000 - MAX_LISTED_PROBLEMS
    report = caught.value.report()
    assert len(report) < 100_000 and str(caught.value.unlisted) in report


def test_a_ten_megabyte_key_is_not_echoed(capsys, tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"к" * 300_000: 1}, ensure_ascii=False), encoding="utf-8")  # 600 KB, under the limit
    code, _, err = run(["evaluate", "--jurisdiction", "russia", str(profile)], capsys)
    assert code == 2 and len(err) < 5_000 and "…" in err
    with pytest.raises(InputError) as caught:
        calculator.evaluate({"k" * 10_000_000: 1}, "russia", "2020-01-01")
    assert len(caught.value.report()) < 5_000


def test_a_cell_longer_than_the_csv_limit_is_refused_by_row(tmp_path, capsys):
    staff_list = tmp_path / "staff.csv"
    staff_list.write_bytes(to_csv(staff_rows()[:2]) + b"x" * 5_000_000 + b";01.01.2000\r\n")
    code, _, err = run([*PLAN, str(staff_list)], capsys)
    assert code == 2 and "строке 3" in err and "длиннее" in err


# 8. What a user can type never makes an internal error.


@pytest.mark.parametrize("digits", [310, 400, 4_400])
def test_an_integer_of_hundreds_or_thousands_of_digits(digits, tmp_path, capsys):
    profile = tmp_path / "p.json"
    profile.write_text('{"program": {"kind": "upgrade", "total_hours": 1' + "0" * digits + "}}", encoding="utf-8")
    code, _, err = run(["evaluate", "--jurisdiction", "russia", str(profile)], capsys)
    assert code == 2 and "Внутренняя ошибка" not in err
    if digits < 4300:
        assert "program.total_hours" in err


def test_the_python_api_refuses_a_huge_integer_by_field():
    for value in (10**400, -(10**400), 10**5000):
        with pytest.raises(InputError) as caught:
            calculator.evaluate({"program": {"kind": "upgrade", "classroom_hours": value}}, "russia", "2020-01-01")
        assert [p.path for p in caught.value.problems] == ["program.classroom_hours"]


def test_new_jurisdiction_refuses_an_id_too_long_for_a_file_name(rules_copy, capsys):
    code, _, err = run(["new-jurisdiction", "a" * 260, "--title", "Город", "--rules", str(rules_copy)], capsys)
    assert code == 2 and "длиннее" in err
    code, _, err = run(["new-jurisdiction", "novograd", "--act", "b" * 260, "--title", "Город", "--rules", str(rules_copy)], capsys)
    assert code == 2 and "длиннее" in err
    assert not (rules_copy / "novograd").exists()


def test_diff_from_a_name_too_long_for_the_system(rules_copy, capsys):
    code, _, err = run(["diff", "--rules", str(rules_copy), "--from", "r" * 256], capsys)
    assert code == 2 and "Внутренняя ошибка" not in err


def test_stdout_that_refuses_data(tmp_path):
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "calculator", "evaluate", "--jurisdiction", "russia"],
            input="{}",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert done.returncode == 2
    assert "не выведен" in done.stderr and "Traceback" not in done.stderr


def test_a_plan_too_long_for_a_workbook(staff, tmp_path, monkeypatch, capsys):
    import calculator.planning.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)  # the same refusal as past Excel's 1 048 576 rows, without making them
    output = tmp_path / "plan.xlsx"
    code, _, err = run([*PLAN, str(staff), "-o", str(output)], capsys)
    assert code == 2 and "не записан" in err and "Excel" in err
    assert not output.exists()


# 9. diff --profiles: a profile the rules refuse is an error of the file, by entry and field.


def test_diff_names_profiles_the_rules_refuse(rules_copy, tmp_path, capsys):
    profiles = tmp_path / "анкеты.json"
    entries = [
        {"name": "верная", "jurisdiction": "ryazan", "on": "2011-01-01", "profile": {}},
        {"name": "опечатка в юрисдикции", "jurisdiction": "ryazann", "on": "2011-01-01", "profile": {}},
        {"name": "нет такой даты", "jurisdiction": "ryazan", "on": "2011-02-30", "profile": {}},
        {"name": "опечатка в поле", "jurisdiction": "ryazan", "on": "2011-01-01", "profile": {"servise_start": "2000-01-01"}},
    ]
    profiles.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(["diff", "--rules", str(rules_copy), "--from", str(rules_copy), "--profiles", str(profiles)], capsys)
    assert code == 2 and "Ответ изменился" not in out
    assert "анкета №1" not in err
    assert "анкета №2" in err and "ryazann" in err
    assert "анкета №3" in err and "on:" in err
    assert "анкета №4" in err and "servise_start" in err


# 10-11. Lint names the file of a lone value, and GitHub annotations cannot be injected.


@pytest.mark.parametrize("content", ['"только строка"\n', "42\n"])
def test_lint_names_a_file_holding_a_lone_value(rules_copy, content, capsys):
    (rules_copy / "russia" / "acts" / "lone.yaml").write_text(content, encoding="utf-8")
    code, _, err = run(["lint", str(rules_copy)], capsys)
    assert code == 2 and "acts/lone.yaml:1:1" in err
    code, out, _ = run(["lint", str(rules_copy), "--format", "github"], capsys)
    assert "file=" in out and "lone.yaml" in out


def test_a_file_name_cannot_inject_a_workflow_command(rules_copy, capsys):
    name = "x\n::set-output name=pwned::1\r,line=9:.yaml"
    (rules_copy / "russia" / "rules" / name).write_text("7\n", encoding="utf-8")
    code, out, _ = run(["lint", str(rules_copy), "--format", "github"], capsys)
    assert code == 2
    lines = out.splitlines()
    assert all(line.startswith("::error ") for line in lines)
    assert "x%0A%3A%3Aset-output name=pwned%3A%3A1%0D%2Cline=9%3A.yaml" in out


# 12. An id the site cannot show is refused at once.


@pytest.mark.parametrize("args", [["index"], ["novograd", "--act", "index"]])
def test_new_jurisdiction_refuses_the_name_of_a_section_page(rules_copy, args, capsys):
    code, _, err = run(["new-jurisdiction", *args, "--title", "Город", "--rules", str(rules_copy)], capsys)
    assert code == 2 and "index" in err and "занят" in err
    assert not (rules_copy / args[0]).exists()


def test_lint_refuses_an_act_named_index(rules_copy, capsys):
    act = rules_copy / "russia" / "acts" / "index.yaml"
    source = next((rules_copy / "russia" / "acts").glob("*.yaml"))
    text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}", "id: index", 1)
    text = text.replace(f'id: "{source.stem}"', 'id: "index"', 1)
    act.write_text(text, encoding="utf-8")
    code, _, err = run(["lint", str(rules_copy)], capsys)
    assert code == 2 and "«index» занят" in err


# 13. Duplicate keys and an empty date are refused by name.


def test_a_repeated_key_is_refused_naming_it(tmp_path, capsys):
    profile = tmp_path / "p.json"
    profile.write_text('{"service_start": "вчера", "service_start": "2000-01-01"}', encoding="utf-8")
    code, _, err = run(["evaluate", "--jurisdiction", "russia", str(profile)], capsys)
    assert code == 2 and "service_start" in err and "дважды" in err


def test_an_empty_calculation_date_is_not_today(tmp_path, capsys):
    profile = tmp_path / "p.json"
    profile.write_text("{}", encoding="utf-8")
    code, out, err = run(["evaluate", "--jurisdiction", "russia", "--on", "", str(profile)], capsys)
    assert code == 2 and out == "" and "on:" in err


# 14. Written files get the permissions of any new file (the bundle and the site above; here the plan).


def test_plan_file_is_readable_by_others(staff, tmp_path, capsys):
    output = tmp_path / "plan.xlsx"
    mask = _umask_022()
    try:
        assert main([*PLAN, str(staff), "-o", str(output)]) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o644


def test_write_file_keeps_a_link_and_replaces_the_file_it_names(tmp_path):
    real = tmp_path / "real.json"
    real.write_text('{"format": 1}', encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_file(link, b'{"format": 2}', force=True)
    assert link.is_symlink() and real.read_bytes() == b'{"format": 2}'
