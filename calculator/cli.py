"""Command line: `python -m calculator evaluate | plan | lint | compile | schema | diff | coverage | new-jurisdiction | import-act`.

Every failure ends with a Russian message and a non-zero exit, never a traceback:
2 for bad input or broken rules, 1 for anything unexpected.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from calculator.files import FileRefused, Made, check_target, read_file, read_stream, write_file
from calculator.shown import shown

if TYPE_CHECKING:
    from calculator.authoring.compiler import Compiled
    from calculator.authoring.impact import Probe

__all__ = ["main"]

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Russian."""

    def error(self, message: str) -> NoReturn:
        translated = (
            message.replace("the following arguments are required", "не хватает обязательных параметров")
            .replace("unrecognized arguments", "неизвестные параметры")
            .replace("invalid choice", "недопустимое значение")
            .replace("expected one argument", "после параметра нужно значение")
            .replace("argument", "параметр")
        )
        self.exit(EXIT_INPUT, f"{self.prog}: ошибка: {translated}\nСправка: {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m calculator",
        description="Калькулятор обучения муниципальных служащих: обязанности, документы, кадровый резерв.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="показать справку")
    commands = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)
    commands.required = True

    evaluate = commands.add_parser("evaluate", help="ответ для одной анкеты (JSON)", add_help=False)
    evaluate.add_argument("-h", "--help", action="help", help="показать справку")
    evaluate.add_argument(
        "--jurisdiction", required=True, metavar="ID", help="юрисдикция: russia, ryazan, izobilnensky, kaluga, kyrgyzstan…"
    )
    evaluate.add_argument("--on", metavar="ГГГГ-ММ-ДД", help="дата расчёта (по умолчанию — сегодня)")
    evaluate.add_argument("profile", nargs="?", default="-", metavar="АНКЕТА.json", help="файл анкеты или «-» для стандартного ввода")

    plan = commands.add_parser("plan", help="годовой план обучения по списку сотрудников (CSV или XLSX)", add_help=False)
    plan.add_argument("-h", "--help", action="help", help="показать справку")
    plan.add_argument("staff", nargs="?", metavar="СПИСОК.csv|xlsx", help="список сотрудников (CSV или XLSX; «-» — стандартный ввод)")
    plan.add_argument("--jurisdiction", metavar="ID", help="юрисдикция: ryazan, russia, kaluga…")
    plan.add_argument("--year", metavar="ГГГГ", help="плановый год (расчётный период — календарный год)")
    plan.add_argument("--quota", metavar="ЧИСЛО", help="квота по Государственному плану — чтобы рассчитать минимальный резерв")
    plan.add_argument("-o", "--output", metavar="ФАЙЛ", help="записать план: .xlsx, .csv или .json (по умолчанию — только сводка)")
    plan.add_argument("--format", choices=("text", "json"), default="text", help="что печатать: сводку (text) или весь план (json)")
    plan.add_argument("--template", metavar="ФАЙЛ", help="записать шаблон списка сотрудников (.xlsx или .csv) и выйти")
    plan.add_argument("--force", action="store_true", help="заменить существующий файл -o или --template, сделанный не этой командой")

    lint = commands.add_parser("lint", help="проверить файлы правил и примеры", add_help=False)
    lint.add_argument("-h", "--help", action="help", help="показать справку")
    lint.add_argument("path", nargs="?", metavar="ПАПКА", help="папка rules/ (по умолчанию — из проекта)")
    lint.add_argument("--format", choices=("text", "github"), default="text", help="github — аннотации для GitHub Actions")

    compile_ = commands.add_parser("compile", help="собрать calculator/data/bundle.json из rules/", add_help=False)
    compile_.add_argument("-h", "--help", action="help", help="показать справку")
    compile_.add_argument("path", nargs="?", metavar="ПАПКА", help="папка rules/")
    compile_.add_argument("-o", "--output", metavar="ФАЙЛ", help="куда записать бандл")
    compile_.add_argument("--force", action="store_true", help="заменить существующий файл, даже если это не бандл")

    diff = commands.add_parser("diff", help="как правка правил меняет ответы примеров", add_help=False)
    diff.add_argument("-h", "--help", action="help", help="показать справку")
    diff.add_argument("--from", dest="before", metavar="РЕВИЗИЯ|ПАПКА", help="с чем сравнивать: ревизия git или папка (по умолчанию HEAD)")
    diff.add_argument(
        "--to", dest="after", metavar="РЕВИЗИЯ|ПАПКА", help="что сравнивать: ревизия или папка (по умолчанию — rules/ как есть)"
    )
    diff.add_argument(
        "--dates", nargs=2, metavar=("ДАТА1", "ДАТА2"), help="вместо двух ревизий: ответы на две даты (вокруг новой редакции)"
    )
    diff.add_argument("--profiles", metavar="ФАЙЛ", help="ещё анкеты: JSON или YAML, список {name, jurisdiction, on, profile}")
    diff.add_argument("--jurisdiction", metavar="ID", help="только примеры и анкеты этой юрисдикции")
    diff.add_argument("--format", choices=("text", "markdown"), default="text", help="markdown — для сводки GitHub Actions")
    diff.add_argument("--rules", metavar="ПАПКА", help="папка rules/ (по умолчанию — из проекта)")

    coverage = commands.add_parser("coverage", help="какие пункты актов читают правила и какие примеры их проверяют", add_help=False)
    coverage.add_argument("-h", "--help", action="help", help="показать справку")
    coverage.add_argument("path", nargs="?", metavar="ПАПКА", help="папка rules/ (по умолчанию — из проекта)")
    coverage.add_argument("--unread", action="store_true", help="перечислить пункты, которые не читает ни одно правило")

    scaffold = commands.add_parser("new-jurisdiction", help="создать папку муниципалитета: акт, правило и пример", add_help=False)
    scaffold.add_argument("-h", "--help", action="help", help="показать справку")
    scaffold.add_argument("slug", metavar="ID", help="идентификатор латиницей, например novograd")
    scaffold.add_argument("--title", required=True, metavar="НАЗВАНИЕ", help="название, например «Город Новоград»")
    scaffold.add_argument("--extends", metavar="ID", help="базовая юрисдикция (например, russia); без него — сама по себе")
    scaffold.add_argument("--act", metavar="ID", help="id акта (по умолчанию <ID>-regulation)")
    scaffold.add_argument("--since", metavar="ГГГГ-ММ-ДД", help="с какого дня действует акт (по умолчанию — сегодня)")
    scaffold.add_argument("--rules", metavar="ПАПКА", help="папка rules/ (по умолчанию — из проекта)")

    imp = commands.add_parser("import-act", help="файл акта из его текста (TXT, DOCX, HTML) и отчёт для проверки", add_help=False)
    imp.add_argument("-h", "--help", action="help", help="показать справку")
    imp.add_argument("file", metavar="ФАЙЛ", help="текст акта: .txt (UTF-8, Windows-1251, UTF-16), .docx или сохранённая страница .html")
    imp.add_argument("--id", dest="act_id", metavar="ID_АКТА", help="id акта, например ryazan-132-i (по умолчанию — имя файла)")
    imp.add_argument("--jurisdiction", metavar="ID", help="юрисдикция: акт запишется в rules/ID/acts/ID_АКТА.yaml")
    imp.add_argument(
        "-o", "--output", metavar="ФАЙЛ.yaml", help="куда записать акт (по умолчанию — rules/ID/acts/…, без --jurisdiction — на экран)"
    )
    imp.add_argument("--report", metavar="ОТЧЁТ.md|txt", help="записать отчёт импорта в файл (.md — Markdown)")
    imp.add_argument("--force", action="store_true", help="заменить существующий файл акта или отчёта")

    schema = commands.add_parser("schema", help="записать JSON Schema для редакторов в schema/", add_help=False)
    schema.add_argument("-h", "--help", action="help", help="показать справку")
    schema.add_argument("path", nargs="?", metavar="ПАПКА", help="папка rules/")
    schema.add_argument("-o", "--output", metavar="ПАПКА", help="куда записать схемы (по умолчанию schema/)")
    schema.add_argument("--force", action="store_true", help="заменить в папке файлы *.schema.json, сделанные не этой командой")
    return parser


MAX_PROFILE_BYTES = 1024 * 1024  # one person's profile is a few hundred bytes; a file of anketas (diff --profiles) is larger
MAX_PROFILES_BYTES = 16 * 1024 * 1024


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys: a wrong first value would vanish unseen.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def parse_json(text: str, what: str) -> Any:
    """JSON a person typed, strictly: a repeated key, an integer of thousands of digits or deep nesting named, not crashed on."""
    from calculator.facts import InputError, Problem

    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError([Problem("", f"{what} — не JSON: {exc.msg} (строка {exc.lineno}, позиция {exc.colno})")]) from None
    except _DuplicateKey as exc:
        raise InputError([Problem(shown(exc.key), "поле указано дважды; оставьте одно значение")]) from None
    except ValueError:  # Python refuses to read an integer of more than 4 300 digits
        raise InputError([Problem("", f"{what}: число из тысяч цифр; таких сроков и количеств не бывает")]) from None
    except RecursionError:
        raise InputError([Problem("", f"{what} слишком глубоко вложена")]) from None


def _read_profile(source: str) -> Any:
    from calculator.facts import InputError, Problem

    try:
        if source == "-":
            raw = read_stream(sys.stdin.buffer, MAX_PROFILE_BYTES, shown_as="стандартный ввод")
        else:
            raw = read_file(Path(source), MAX_PROFILE_BYTES)
        text = raw.decode("utf-8-sig")
    except FileRefused as exc:
        raise InputError([Problem("", f"файл анкеты: {exc}")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem("", f"файл анкеты «{shown(source)}» не в кодировке UTF-8")]) from None
    if not text.strip():
        return {}
    return parse_json(text, "анкета")


def _evaluate(args: argparse.Namespace) -> int:
    from calculator import evaluate
    from calculator.facts import InputError

    try:
        profile = _read_profile(args.profile)
        answer = evaluate(profile, args.jurisdiction, datetime.date.today().isoformat() if args.on is None else args.on)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INPUT
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    return 0


def _write(target: Path, data: bytes, args: argparse.Namespace, made: Made | None, inputs: tuple[Path, ...] = ()) -> None:
    """Write a command's file through the one safe writer (see calculator/files.py); `--force` where the command has it."""
    write_file(target, data, made=made, inputs=inputs, force=bool(getattr(args, "force", False)))


def _plan(args: argparse.Namespace) -> int:
    from calculator.planning import (
        MAX_STAFF_BYTES,
        PLAN_FILE,
        TEMPLATE_FILE,
        PlanError,
        StaffFileError,
        plan_csv,
        plan_file,
        plan_text,
        plan_xlsx,
        template_csv,
        template_xlsx,
    )
    from calculator.planning.export import unlisted_lines
    from calculator.planning.xlsx import SpreadsheetError

    writers = {".xlsx": plan_xlsx, ".csv": plan_csv, ".json": lambda plan: json.dumps(plan, ensure_ascii=False, indent=2).encode()}
    if args.template:
        target = Path(args.template)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            print(f"--template: укажите файл .xlsx или .csv; получено «{shown(args.template)}»", file=sys.stderr)
            return EXIT_INPUT
        try:
            _write(target, template_xlsx() if target.suffix.lower() == ".xlsx" else template_csv(), args, TEMPLATE_FILE)
        except OSError as exc:
            print(f"Шаблон не записан: {_why(exc, target)} Прежний файл (если был) не изменён.", file=sys.stderr)
            return EXIT_INPUT
        print(f"Шаблон списка сотрудников записан: {target}")
        return 0
    missing = [name for name, value in (("СПИСОК", args.staff), ("--jurisdiction", args.jurisdiction), ("--year", args.year)) if not value]
    if missing:
        print(
            f"plan: не хватает: {', '.join(missing)}. Пример: python -m calculator plan staff.xlsx --jurisdiction ryazan --year 2011",
            file=sys.stderr,
        )
        return EXIT_INPUT
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in writers:
        print(f"-o: план можно записать в .xlsx, .csv или .json; получено «{shown(args.output)}»", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.staff == "-":
            data = read_stream(sys.stdin.buffer, MAX_STAFF_BYTES, shown_as="стандартный ввод")
        else:
            data = read_file(Path(args.staff), MAX_STAFF_BYTES)
        if output is not None and args.staff != "-":  # refused before the plan is computed, not after
            _refuse_input_as_output(output, Path(args.staff))
    except FileRefused as exc:
        print(f"План не составлен: {exc}", file=sys.stderr)
        return EXIT_INPUT
    try:
        plan = plan_file(data, args.staff, args.jurisdiction, args.year, quota=args.quota)
    except (StaffFileError, PlanError) as exc:
        print(f"План не составлен: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if output is not None:
        inputs = () if args.staff == "-" else (Path(args.staff),)
        try:
            _write(output, writers[output.suffix.lower()](plan), args, PLAN_FILE, inputs)
        except (OSError, SpreadsheetError) as exc:
            reason = _why(exc, output) if isinstance(exc, OSError) else str(exc)
            print(f"План составлен, но не записан: {reason} Прежний файл (если был) не изменён.", file=sys.stderr)
            return EXIT_INPUT
    if args.format == "text":
        sys.stdout.write(plan_text(plan))  # the summary lists the rows that were not read
        if output is not None:
            sys.stdout.write(f"\nПлан записан: {output}\n")
        return 0
    sys.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2) + "\n")
    for problem in plan["skipped"]:  # JSON on stdout is for programs: the rows not read are told on stderr
        where = f", столбец «{shown(problem['column'])}»" if problem["column"] else ""
        print(f"{shown(args.staff)}: строка {problem['row']}{where}: {problem['message']}", file=sys.stderr)
    for line in unlisted_lines(plan):
        print(f"{shown(args.staff)}: {line}", file=sys.stderr)
    return 0


def _refuse_input_as_output(output: Path, source: Path) -> None:
    if output.exists() and source.exists() and output.samefile(source):
        raise FileRefused(f"«{output}» — это входной файл команды; запишите план в файл с другим именем.")


def _why(exc: OSError, target: Path) -> str:
    """An OSError as a sentence naming the file; FileRefused already is one."""
    if isinstance(exc, FileRefused):
        return str(exc)
    return f"«{target}»: {exc.strerror or exc}."


def _rules_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    from calculator.bundle import source_rules_dir

    return source_rules_dir() or Path("rules")


def _lint(args: argparse.Namespace) -> int:
    from calculator.authoring.compiler import compile_rules, save_bundle
    from calculator.authoring.report import print_issues
    from calculator.bundle import BUNDLE_PATH, source_rules_dir

    root = _rules_dir(args.path)
    compiled = compile_rules(root)
    if compiled.issues:
        print_issues(compiled.issues, args.format)
        return EXIT_INPUT
    _refresh_schemas(compiled, root)
    if root.resolve() == source_rules_dir():  # the checkout's own rules: the calculator answers by them from now on
        save_bundle(compiled.bundle, BUNDLE_PATH, compiled.files, force=True)
    rules = sum(len(j["rules"]) for j in compiled.bundle["jurisdictions"].values())
    print(
        f"Проверено: файлов {len(compiled.files)}, актов {len(compiled.bundle['acts'])}, правил {rules}, примеров {len(compiled.cases)}. Ошибок нет."
    )
    return 0


def _compile(args: argparse.Namespace) -> int:
    from calculator.authoring.compiler import LintFailed, write_bundle
    from calculator.authoring.report import print_issues
    from calculator.bundle import BUNDLE_PATH

    out = Path(args.output) if args.output else BUNDLE_PATH
    try:
        write_bundle(_rules_dir(args.path), out, force=args.force)
    except LintFailed as exc:
        print_issues(exc.issues, "text")
        print("Бандл не записан: прежний файл (если был) не изменён.", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"Бандл не записан: {_why(exc, out)} Прежний файл (если был) не изменён.", file=sys.stderr)
        return EXIT_INPUT
    print(f"Записано: {out}")
    return 0


def _load_profiles(path: str) -> list[Any]:
    from calculator.authoring.impact import ProfilesError, file_probes
    from calculator.authoring.yamlsource import SourceProblem, load_file
    from calculator.facts import InputError

    source = Path(path)
    try:
        if source.suffix.lower() in (".yaml", ".yml"):
            entries = load_file(source, path)
        else:
            entries = parse_json(read_file(source, MAX_PROFILES_BYTES).decode("utf-8-sig"), "файл анкет")
    except SourceProblem as exc:
        raise ProfilesError(f"{shown(path)}:{exc.at.line}:{exc.at.column}: {exc.message}") from None
    except InputError as exc:
        raise ProfilesError(f"{shown(path)}: {'; '.join(str(p) for p in exc.problems)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfilesError(f"файл анкет «{shown(path)}» не читается: {exc}") from None
    return file_probes(entries, path)


def _diff(args: argparse.Namespace) -> int:
    import tempfile

    from calculator.authoring.impact import Impact, ProfilesError, case_probes, check_file_probes, measure, paired_probes
    from calculator.authoring.impact_report import render
    from calculator.authoring.revisions import StateError, load_state
    from calculator.bundle import Bundle

    rules_dir = _rules_dir(args.rules)
    try:
        extra = _load_profiles(args.profiles) if args.profiles else []
        if args.dates:
            if args.before:
                raise StateError("укажите либо --from (две ревизии), либо --dates (две даты), но не оба")
            from calculator.dates import DATE_RANGE, DateOutOfRange, parse_date

            for value in args.dates:
                try:
                    parse_date(value)
                except DateOutOfRange:
                    raise StateError(f"--dates: ожидается дата {DATE_RANGE}; получено «{value}»") from None
                except ValueError:
                    raise StateError(f"--dates: ожидается дата ГГГГ-ММ-ДД, например 2024-12-31; получено «{value}»") from None
        with tempfile.TemporaryDirectory(prefix="kb-diff-") as workdir:
            after = load_state(args.after, rules_dir, Path(workdir))
            known = after.compiled.bundle["jurisdictions"]
            if args.jurisdiction and args.jurisdiction not in known:
                raise StateError(f"--jurisdiction: нет юрисдикции «{args.jurisdiction}»; есть: {', '.join(known)}")
            after_bundle = Bundle.from_raw(after.compiled.bundle)
            check_file_probes(extra, after_bundle, args.dates[1] if args.dates else None)
            if args.dates:
                impact = Impact(f"на {args.dates[0]}", f"на {args.dates[1]} ({after.label})")
                probes, before_bundle = list(case_probes(after.compiled.cases).values()), after_bundle
            else:
                before = load_state(args.before or "HEAD", rules_dir, Path(workdir))
                impact = Impact(before.label, after.label)
                probes, impact.only_before, impact.only_after = paired_probes(before.compiled.cases, after.compiled.cases)
                before_bundle = Bundle.from_raw(before.compiled.bundle)
    except (StateError, ProfilesError) as exc:
        print(f"Сравнение не выполнено: {exc}", file=sys.stderr)
        return EXIT_INPUT

    def kept(chosen: list[Probe]) -> list[Probe]:
        return [p for p in chosen if args.jurisdiction in (None, p.jurisdiction)]

    impact.only_before, impact.only_after = kept(impact.only_before), kept(impact.only_after)
    measure(impact, kept([*probes, *extra]), before_bundle, after_bundle, (args.dates[0], args.dates[1]) if args.dates else None)
    sys.stdout.write(render(impact, args.format))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from calculator.authoring.compiler import compile_rules
    from calculator.authoring.coverage import measure_coverage
    from calculator.authoring.report import print_issues

    compiled = compile_rules(_rules_dir(args.path))
    if compiled.issues and not compiled.traces:
        print_issues(compiled.issues, "text")
        return EXIT_INPUT
    coverage = measure_coverage(compiled.bundle, compiled.traces)
    print("Пункты актов, прочитанные правилами:")
    for act in coverage.acts:
        total = len(act.clauses)
        print(f"  {act.act}: {act.read} из {total}")
        if args.unread and act.unread:
            print(f"    не прочитаны: {', '.join(act.unread)}")
    checked = [rid for rid, cases in coverage.rules.items() if cases]
    print(f"Правила, проверенные примерами: {len(checked)} из {len(coverage.rules)}.")
    for rid in coverage.rules_without_cases:
        print(f"  без примера: {rid}")
    return EXIT_INPUT if coverage.rules_without_cases else 0


def _new_jurisdiction(args: argparse.Namespace) -> int:
    from calculator.authoring.scaffold import ScaffoldError, new_jurisdiction

    try:
        since = datetime.date.fromisoformat(args.since) if args.since else datetime.date.today()
    except ValueError:
        print(f"--since: ожидается дата ГГГГ-ММ-ДД, например 2024-03-15; получено «{args.since}»", file=sys.stderr)
        return EXIT_INPUT
    root = _rules_dir(args.rules)
    try:
        made = new_jurisdiction(root, args.slug, args.title, args.extends, since, args.act)
    except ScaffoldError as exc:
        print(f"Юрисдикция не создана: {exc}", file=sys.stderr)
        return EXIT_INPUT
    _refresh_schemas(made.compiled, root)
    print(f"Создана юрисдикция «{args.slug}»; проверка правил пройдена. Файлы:")
    for path in made.files:
        print(f"  {path}")
    print(
        "Дальше:\n"
        f"  1. Замените текст акта ({made.act_id}) и правило ({made.rule_id}) на свои — в файлах есть подсказки.\n"
        "  2. Проверьте: python -m calculator lint\n"
        "  3. Посмотрите на сайте: bash scripts/serve.sh"
    )
    return 0


def _import_act(args: argparse.Namespace) -> int:
    from calculator.authoring.importing import Refused, import_act

    source = Path(args.file)
    act_id = args.act_id or source.stem.lower()
    if args.jurisdiction is not None and not args.jurisdiction.replace("-", "").replace("_", "").isalnum():
        print(f"--jurisdiction: ожидается id юрисдикции (латинские буквы, цифры, «-»); получено «{args.jurisdiction}»", file=sys.stderr)
        return EXIT_INPUT
    if args.output:
        output: Path | None = Path(args.output)
    elif args.jurisdiction:
        folder = _rules_dir(None) / args.jurisdiction
        if not (folder / "jurisdiction.yaml").is_file():
            print(
                f"--jurisdiction: юрисдикции «{args.jurisdiction}» нет ({folder}); создайте её командой "
                f"python -m calculator new-jurisdiction {args.jurisdiction} --title «…» или укажите файл акта параметром -o",
                file=sys.stderr,
            )
            return EXIT_INPUT
        output = folder / "acts" / f"{act_id}.yaml"
    else:
        output = None
    try:
        imported = import_act(source, act_id, args.jurisdiction, str(output) if output else "стандартный вывод")
    except Refused as exc:
        print(f"Акт не импортирован: {exc}.", file=sys.stderr)
        if not args.act_id and "--id" in str(exc):
            print("Укажите id акта параметром --id.", file=sys.stderr)
        return EXIT_INPUT
    # Both files are checked before either is written: a refusal leaves nothing half done.
    writes: list[tuple[Path, bytes, str]] = []
    if output is not None:
        writes.append((output, imported.yaml.encode("utf-8"), "Акт"))
    if args.report:
        path = Path(args.report)
        writes.append((path, imported.report(markdown=path.suffix.lower() == ".md").encode("utf-8"), "Отчёт"))
    for path, data, what in writes:
        try:
            check_target(path, data, inputs=(source,), force=args.force)
        except FileRefused as exc:
            print(f"{what} не записан (ничего не записано): {exc}", file=sys.stderr)
            return EXIT_INPUT
    report = sys.stderr if output is None else sys.stdout
    if output is None:
        print(imported.yaml, end="")
    for path, data, what in writes:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, data, inputs=(source,), force=args.force)
        except OSError as exc:  # FileRefused included; the file that was there stays whole
            print(f"{what} не записан: {exc if isinstance(exc, FileRefused) else f'«{path}»: {exc.strerror or exc}.'}", file=sys.stderr)
            return EXIT_INPUT
    print(imported.report(), file=report)
    if output is not None:
        print(f"Акт записан: {output}. Проверьте его по отчёту выше, затем: python -m calculator lint", file=report)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from calculator.authoring.compiler import compile_rules
    from calculator.authoring.jsonschema import write_schemas
    from calculator.authoring.report import print_issues

    root = _rules_dir(args.path)
    compiled = compile_rules(root, run_cases=False)
    if compiled.issues:
        print_issues(compiled.issues, "text")
        return EXIT_INPUT
    out = Path(args.output) if args.output else root.parent / "schema"
    try:
        write_schemas(compiled, out, force=args.force)
    except OSError as exc:
        print(f"Схемы не записаны: {_why(exc, out)}", file=sys.stderr)
        return EXIT_INPUT
    print(f"Схемы записаны в {out}")
    return 0


def _refresh_schemas(compiled: Compiled, root: Path) -> None:
    """Keep the editor's schemas in step with the rules: they list the acts, clauses and rules that exist."""
    from calculator.authoring.jsonschema import write_schemas

    folder = root.parent / "schema"
    if folder.is_dir():
        try:
            changed = write_schemas(compiled, folder)
        except OSError as exc:
            print(f"Схемы для редактора не обновлены: {_why(exc, folder)}", file=sys.stderr)
            return
        if changed:
            print(f"Схемы для редактора обновлены ({', '.join(p.name for p in changed)}): в них новые акты, пункты или правила.")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "evaluate": _evaluate,
        "lint": _lint,
        "compile": _compile,
        "schema": _schema,
        "new-jurisdiction": _new_jurisdiction,
        "diff": _diff,
        "coverage": _coverage,
        "plan": _plan,
        "import-act": _import_act,
    }
    try:
        code = handlers[args.command](args)
        sys.stdout.flush()  # here, not at exit: a full disk behind stdout is told like any other failure
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of the calculator. Point stdout at
        # devnull so Python's final flush does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
            return _internal(exc)
        # Writing the answer to stdout failed (/dev/full, a full disk): the answer is lost, say so.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"Ответ не выведен: стандартный вывод не принимает данные ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # the last guard: a message, never a traceback
        return _internal(exc)


def _internal(exc: Exception) -> int:
    """What the last guard says: a known failure by name, anything else as an internal error."""
    from calculator.bundle import BundleError

    if isinstance(exc, BundleError):  # missing, stale or of another format: the message says what to run
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    print(f"Внутренняя ошибка калькулятора ({type(exc).__name__}: {exc}). Сообщите о ней разработчикам.", file=sys.stderr)
    return 1
