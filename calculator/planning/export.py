"""The plan as people use it: a table (CSV for any program, XLSX with a summary sheet) and a printable text.

One table serves both files: a row per duty of each person in the plan, a row for each
person left out or with nothing due (with the reason), and a row for each line of the
staff list that could not be read, so nothing from the file disappears. Dates are real
dates in XLSX and ДД.ММ.ГГГГ in CSV (what Excel in a Russian locale reads as dates).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from calculator.bundle import Bundle, load_bundle
from calculator.dates import ru_date
from calculator.files import Made
from calculator.planning.columns import ColumnSet, facts_for_plan
from calculator.planning.xlsx import MADE_HERE, CellValue, Sheet, write_xlsx

__all__ = [
    "PLAN_FILE",
    "TEMPLATE_FILE",
    "csv_bytes",
    "plan_csv",
    "plan_rows",
    "plan_text",
    "plan_xlsx",
    "template_csv",
    "template_rows",
    "template_xlsx",
]

PLAN_HEADERS = (
    "Строка в списке",
    "ФИО",
    "Табельный номер",
    "Должность",
    "Подразделение",
    "Решение",
    "Очерёдность",
    "Вид обучения",
    "Основание",
    "Направить с",
    "Пройти не позднее",
    "Состояние на начало года",
    "Не включается в расчёт",
    "Следующий срок",
    "Примечание",
    "Нормы",
)
# How `plan -o` knows a file it may replace: a plan it wrote before (CSV: its header row; JSON: its first key;
# XLSX: the workbook's comment). A template is replaced only while it is the untouched workbook.
PLAN_FILE = Made(
    "план обучения",
    prefixes=(("\ufeff" + ";".join(PLAN_HEADERS) + "\r\n").encode("utf-8"), b'{\n  "jurisdiction": "'),
    zip_comment=MADE_HERE,
)
TEMPLATE_FILE = Made("шаблон списка сотрудников", zip_comment=MADE_HERE)
_WIDTHS = (9, 32, 12, 26, 26, 24, 22, 30, 36, 12, 12, 16, 36, 12, 48, 60)
_UNREAD = "строка не прочитана"
_SECTIONED = re.compile(r"^p(\d+)s(\d+)-(.+)$")  # Kaluga's repeated numbering: part, section, clause


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def citation(bundle: Bundle, source: dict[str, str]) -> str:
    """«Положение … (Рязань), п. 8.5»: the act's short title and the clause as printed in it."""
    act = bundle.acts.get(source["act"])
    if act is None:
        return f"{source['act']}, {source['clause']}"
    clause = source["clause"]
    label = (act.clauses.get(clause) or "").strip().rstrip(".")
    if sectioned := _SECTIONED.match(clause):
        part, section, _ = sectioned.groups()
        where = f"ч. {part}, разд. {section}, п. {label or clause}"
    elif label.startswith(("Часть", "Раздел")) or (label and not label[0].isdigit()):
        where = label
    else:
        where = f"п. {label or clause}"
    return f"{act.short_title}, {where}"


def _citations(bundle: Bundle, sources: list[dict[str, str]]) -> str:
    """Sources grouped by act, in order: «Положение … (Рязань), п. 2.1.1, п. 8.5; Общая практика …, п. 3.3»."""
    by_act: dict[str, list[str]] = {}
    for source in sources:
        act, _, where = citation(bundle, source).rpartition(", ")
        clauses = by_act.setdefault(act, [])
        if where not in clauses:
            clauses.append(where)
    return "; ".join(f"{act}, {', '.join(clauses)}" for act, clauses in by_act.items())


def _priority(person: dict[str, Any]) -> str:
    if person["priority"] is None:
        return ""
    if not person["priority"]:
        return "в общем порядке"
    return "в первую очередь" if person["status"] == "planned" else "кандидат на перевод"


def plan_rows(plan: dict[str, Any], bundle: Bundle | None = None) -> list[list[CellValue]]:
    """The plan's table, header first: what both the CSV and the XLSX hold."""
    bundle = bundle or load_bundle()
    rows: list[list[CellValue]] = [list(PLAN_HEADERS)]
    norms_of: dict[tuple[str | None, ...], str] = {}  # 100 000 rows cite a few dozen combinations of rules

    def norms(*rules: str | None) -> str:
        if rules not in norms_of:
            norms_of[rules] = _citations(bundle, [s for rule in rules if rule for s in plan["rules"][rule]["sources"]])
        return norms_of[rules]

    for person in plan["people"]:
        who = [person["row"], person["name"], person["number"], person["position"], person["unit"], person["status_label"]]
        excluded = "; ".join(e["label"] for e in person["exclusions"])
        notes = []
        if person["missing"]:
            notes.append("не хватает: " + ", ".join(person["missing"]))
        notes += person["warnings"]
        note = "; ".join(notes)
        cited = (person["priority_rule"], *(e["rule"] for e in person["exclusions"]))
        priority = _priority(person)
        if not person["trainings"]:
            rows.append([*who, priority, "", "", None, None, "", excluded, _day(person["next_deadline"]), note, norms(*cited)])
            continue
        for duty in person["trainings"]:
            dated = duty["from"] or duty["deadline"]
            rows.append(
                [
                    *who,
                    priority,
                    duty["label"],
                    duty["ground_label"],
                    _day(duty["from"]),
                    _day(duty["deadline"]),
                    duty["status_label"] if dated else "срок не определён",
                    excluded,
                    None,
                    note,
                    norms(duty["rule"], *cited),
                ]
            )
    for problem in plan["skipped"]:
        where = f"столбец «{problem['column']}»: " if problem["column"] else ""
        reason = f"{where}{problem['message']}"
        rows.append([problem["row"], "", "", "", "", _UNREAD, "", "", "", None, None, "", "", None, reason, ""])
    for line in unlisted_lines(plan):
        rows.append([None, "", "", "", "", _UNREAD, "", "", "", None, None, "", "", None, line, ""])
    return rows


def unlisted_lines(plan: dict[str, Any]) -> list[str]:
    """The problems past the report's limits, one line per column: counted, so none disappears unseen."""
    return [
        f"и ещё {entry['count']} "
        + (f"в столбце «{entry['column']}»" if entry["column"] else "строк без данных для расчёта")
        + " (не перечислены; исправьте перечисленные и составьте план снова)"
        for entry in plan.get("skipped_unlisted", ())
    ]


def _csv_cell(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return ru_date(value)
    text = str(value)
    # A cell starting like a formula would run as one when the CSV is opened in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(rows: list[list[CellValue]]) -> bytes:
    """UTF-8 with BOM and `;`: Excel in a Russian locale opens it with Cyrillic and columns intact."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def plan_csv(plan: dict[str, Any], bundle: Bundle | None = None) -> bytes:
    return csv_bytes(plan_rows(plan, bundle))


def plan_xlsx(plan: dict[str, Any], bundle: Bundle | None = None) -> bytes:
    bundle = bundle or load_bundle()
    sheets = [
        Sheet("План", plan_rows(plan, bundle), widths=_WIDTHS),
        Sheet("Сводка", [[line] for line in plan_text(plan, bundle).splitlines()], widths=(110,), header_rows=1),
    ]
    if plan["skipped"]:
        skipped: list[list[CellValue]] = [["Строка", "Столбец", "Значение в ячейке", "Почему не прочитана"]]
        skipped += [[p["row"], p["column"], p["value"], p["message"]] for p in plan["skipped"]]
        skipped += [[None, "", "", line] for line in unlisted_lines(plan)]
        sheets.append(Sheet("Не прочитаны", skipped, widths=(9, 36, 24, 90)))
    return write_xlsx(sheets)


def plan_text(plan: dict[str, Any], bundle: Bundle | None = None) -> str:
    """The summary in words: what the command prints and the «Сводка» sheet holds."""
    bundle = bundle or load_bundle()
    summary = plan["summary"]
    people = summary["people"]
    labels = bundle.codes["plan_statuses"]
    year = plan["year"]
    lines = [
        f"План обучения на {year} год — {plan['jurisdiction_title']}",
        f"Расчётный период: 01.01.{year}–31.12.{year}; сроки и состояние обязанностей — на 01.01.{year}.",
        "",
        f"Строк в списке: {summary['rows']}; рассчитано: {summary['rows_planned']}; не прочитано: {summary['rows_skipped']}.",
        f"{labels['planned'].capitalize()}: {people['planned']}"
        + (f" (из них в первую очередь: {summary['priority']})" if summary["priority"] else "")
        + (f"; со сроком, истёкшим до начала года: {summary['overdue']}" if summary["overdue"] else "")
        + ".",
        f"{labels['excluded'].capitalize()}: {people['excluded']}.",
        *(
            [
                f"Кандидаты на перевод без обязанности в этом году: {summary['priority_not_due']} — включить ли их в план первыми, решает представитель нанимателя."
            ]
            if summary["priority_not_due"]
            else []
        ),
        f"{labels['undetermined'].capitalize()}: {people['undetermined']}.",
        f"{labels['not_due'].capitalize()}: {people['not_due']}.",
    ]
    if summary["by_kind"]:
        lines += ["", "Подлежат обучению по видам (кто должен пройти оба вида, учтён в обоих):"]
        for kind in summary["by_kind"]:
            limit = kind["group_limit"]
            groups = (
                f"; учебных групп: {kind['groups']} (не более {limit['value']} чел. в группе — {_citations(bundle, limit['sources'])})"
                if limit
                else ""
            )
            lines.append(f"  {kind['label']} — {kind['people']} чел.{groups}")
    if summary["by_ground"]:
        lines += ["", "Обязанности по основаниям:"]
        lines += [f"  {g['label']}: {g['ground_label']} — {g['duties']}" for g in summary["by_ground"]]
    if summary["exclusions"]:
        lines += ["", "Не включаются в расчёт потребности:"]
        lines += [f"  {e['label']} — {e['people']} ({_citations(bundle, e['sources'])})" for e in summary["exclusions"]]
    state_plan = summary["state_plan"]
    if state_plan is not None:
        lines += ["", "Государственный план подготовки управленческих кадров:"]
        reserve = state_plan["minimum_reserve"]
        if reserve:
            lines.append(
                f"  квота {state_plan['quota']} чел. — резерв не менее {reserve['value']} чел. ({_citations(bundle, reserve['sources'])})"
            )
        else:
            lines.append("  укажите квоту региона, чтобы рассчитать минимальный резерв кандидатов")
    if plan["calendar"]:
        lines += ["", f"Календарь подготовки плана на {year} год:"]
        lines += [
            f"  до {ru_date(date.fromisoformat(c['date']))} — {c['label']} ({_citations(bundle, c['sources'])})" for c in plan["calendar"]
        ]
    if plan["warnings"]:
        lines += ["", "Предупреждения:"]
        lines += [f"  {w['message']}" for w in plan["warnings"]]
    if plan["file"]["notices"]:
        lines += ["", "О файле:"]
        lines += [f"  {notice}" for notice in plan["file"]["notices"]]
    if plan["skipped"]:
        lines += ["", f"Не прочитаны строки ({summary['rows_skipped']}); остальные строки рассчитаны:"]
        for problem in plan["skipped"]:
            where = f", столбец «{problem['column']}»" if problem["column"] else ""
            lines.append(f"  строка {problem['row']}{where}: {problem['message']}")
        lines += [f"  {line}" for line in unlisted_lines(plan)]
    return "\n".join(lines) + "\n"


# --- the template ----------------------------------------------------------------------------------

_EXAMPLES: tuple[dict[str, CellValue], ...] = (
    {
        "person.name": "Иванова Мария Петровна",
        "person.number": "0001",
        "person.position": "главный специалист",
        "person.unit": "отдел кадров",
        "service_start": date(2009, 8, 31),
        "probation_end": date(2009, 11, 30),
        "position_since": date(2009, 8, 31),
        "studying_now": "нет",
        "promotion_candidate": "нет",
    },
    {
        "person.name": "Петров Сергей Иванович",
        "person.number": "0002",
        "person.position": "начальник отдела",
        "person.unit": "финансовое управление",
        "service_start": date(2001, 3, 1),
        "position_since": date(2006, 2, 1),
        "last_upgrade_end": date(2008, 5, 16),
        "group_promotion_on": date(2010, 3, 15),
        "studying_now": "нет",
        "leave": "",
        "reaches_age_limit_in_year": "нет",
        "promotion_candidate": "да",
    },
)


def template_rows(bundle: Bundle | None = None) -> list[list[CellValue]]:
    """The template's header (every column the calculator reads about training) and two example rows."""
    bundle = bundle or load_bundle()
    columns = ColumnSet(bundle.facts).template_columns(facts_for_plan(bundle.codes, bundle.jurisdictions.values()))
    return [[c.header for c in columns], *([example.get(c.key) for c in columns] for example in _EXAMPLES)]


def template_csv(bundle: Bundle | None = None) -> bytes:
    return csv_bytes(template_rows(bundle))


def template_xlsx(bundle: Bundle | None = None) -> bytes:
    rows = template_rows(bundle)
    return write_xlsx([Sheet("Сотрудники", rows, widths=tuple(max(14, len(str(h)) + 2) for h in rows[0]))])
