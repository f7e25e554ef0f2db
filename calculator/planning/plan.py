"""The year's training plan of an HR department: who is trained in what, when, first, and who is left out.

The calculation period is the calendar year (Ryazan, clause 9.5). Each person of the staff
list is evaluated by the same engine as one profile, on the first day of the planning
year, and the plan keeps the duties that fall in that year: those whose deadline is in
it or already passed, and those that open (`from`) by its end. The HR calendar of the
round that prepares the year (proposals, request, draft programme, order; 8.3-8.9) is
the engine's own answer for the year before.
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from calculator.bundle import Bundle, load_bundle
from calculator.dates import FIRST_YEAR, LAST_YEAR, iso_or_none, ru_date
from calculator.engine import Duty, Evaluation, start_evaluation
from calculator.planning.columns import facts_for_plan
from calculator.planning.limits import group_limits, has_state_plan_rule, state_plan_reserve
from calculator.planning.staff import RowProblem, StaffEntry, StaffList
from calculator.rules import Rule
from calculator.working_days import not_covered_message

__all__ = ["PROGRESS_EVERY", "PlanError", "check_parameters", "make_plan"]

PROGRESS_EVERY = 500  # rows between two progress reports
Progress = Callable[[int, int], None]


class PlanError(ValueError):
    """The plan's own parameters are wrong (jurisdiction, year, quota); the message is Russian."""


def make_plan(
    staff: StaffList,
    jurisdiction: str,
    year: Any,
    *,
    quota: Any = None,
    bundle: Bundle | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The plan as a JSON-ready dict (see `docs` page «План обучения» for its fields)."""
    bundle = bundle or load_bundle()
    year, quota = check_parameters(bundle, jurisdiction, year, quota)
    first, last = date(year, 1, 1), date(year, 12, 31)
    people: list[dict[str, Any]] = []
    rules: dict[str, dict[str, Any]] = {}
    total = len(staff.entries)
    # One evaluation sets up the day and the editions in force; each person reuses them.
    base = start_evaluation(bundle, {}, jurisdiction, first)
    # The loop makes millions of short-lived objects and no reference cycles, while the people it keeps
    # grow to 100 000 dicts: the cyclic collector would walk them again and again (a fifth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for done, entry in enumerate(staff.entries, start=1):
            evaluation = base.for_profile(bundle.facts.profile_of(dict(entry.values)))
            try:
                people.append(_plan_person(bundle, evaluation, entry, last, rules))
            except Exception as exc:  # one row must not stop the plan of the others; it is reported, not lost
                message = f"строку не удалось рассчитать (внутренняя ошибка {type(exc).__name__}: {exc}); сообщите о ней разработчикам"
                staff.rows_skipped += 1
                staff.report(RowProblem(entry.person.row, "", message))
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
    finally:
        if collecting:
            gc.enable()
    if progress is not None and total == 0:
        progress(0, 0)
    skipped = sorted(staff.problems, key=lambda p: p.row)
    people.sort(key=_order)
    jur = bundle.jurisdictions[jurisdiction]
    return {
        "jurisdiction": jurisdiction,
        "jurisdiction_title": jur.title,
        "year": year,
        "on": first.isoformat(),
        "period": {"from": first.isoformat(), "to": last.isoformat()},
        "file": {
            "header_row": staff.header_row,
            "columns": [{"header": header, "column": column.header, "key": column.key} for header, column in staff.columns],
            "notices": [*staff.notices, *_absent_columns(bundle, staff, jurisdiction)],
        },
        "people": people,
        "rules": rules,
        "skipped": [{"row": p.row, "column": p.column, "message": p.message, "value": p.value} for p in skipped],
        # Problems past the report's limits, counted by column ("" — the row as a whole): told, not listed.
        "skipped_unlisted": [{"column": column, "count": count} for column, count in staff.unlisted.items()],
        "summary": _summary(bundle, jurisdiction, first, people, rules, staff, quota),
        "calendar": (calendar := _calendar(bundle, jurisdiction, year)),
        "warnings": _warnings(bundle, base, last) + _calendar_warnings(bundle, calendar, year),
    }


def _absent_columns(bundle: Bundle, staff: StaffList, jurisdiction: str) -> list[str]:
    """Columns the jurisdiction's plan rules read but the list lacks: worth saying, since empty is read as «no event»."""
    read = facts_for_plan(bundle.codes, [bundle.jurisdictions[jurisdiction]])
    present = {column.key for _, column in staff.columns}
    absent = [bundle.facts.label(path) for path in bundle.facts.top if path in read and path not in present]
    if not absent:
        return []
    names = ", ".join(f"«{label}»" for label in absent)
    return [
        f"В списке нет столбцов, которые читают правила: {names}. Для всех они считаются незаполненными (события не было, сведений нет)."
    ]


def check_parameters(bundle: Bundle, jurisdiction: Any, year: Any, quota: Any) -> tuple[int, int | None]:
    """The planning year and the quota as numbers, or PlanError naming each wrong parameter."""
    problems = []
    if not isinstance(jurisdiction, str) or jurisdiction not in bundle.jurisdictions:
        problems.append(f"jurisdiction: неизвестная юрисдикция «{str(jurisdiction)[:40]}»; допустимы: {', '.join(bundle.jurisdictions)}")
    if isinstance(year, str) and year.strip().isdecimal() and len(year.strip()) <= 4:
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR < year <= LAST_YEAR:
        problems.append(f"year: ожидается плановый год с {FIRST_YEAR + 1} по {LAST_YEAR}, например 2011; получено: «{str(year)[:20]}»")
    if isinstance(quota, str):
        quota = int(quota) if quota.strip().isdecimal() and len(quota.strip()) <= 9 else quota.strip() or None
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int) or not 0 <= quota < 10**9):
        problems.append(f"quota: ожидается квота по Государственному плану — целое неотрицательное число; получено: «{str(quota)[:20]}»")
    if problems:
        raise PlanError("\n".join(problems))
    return year, quota


def _plan_person(bundle: Bundle, evaluation: Evaluation, entry: StaffEntry, last: date, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One person's part of the plan: the duties of the year (`last` is its last day), exclusions, priority."""
    in_year: list[Duty] = []
    undetermined: list[Duty] = []
    later: list[Duty] = []
    for duty in evaluation.duties():
        if duty.start is None and duty.deadline is None:
            undetermined.append(duty)
        elif (duty.deadline is not None and duty.deadline <= last) or (duty.start is not None and duty.start <= last):
            in_year.append(duty)
        else:
            later.append(duty)
    exclusions = evaluation.exclusion_rules()
    priority = evaluation.priority()
    if exclusions:
        status = "excluded"
    elif in_year:
        status = "planned"
    elif undetermined:
        status = "undetermined"
    else:
        status = "not_due"
    person = entry.person
    codes = bundle.codes
    planned = in_year + undetermined
    return {
        "row": person.row,
        "name": person.name,
        "number": person.number,
        "position": person.position,
        "unit": person.unit,
        "status": status,
        "status_label": codes["plan_statuses"][status],
        "priority": None if priority is None else priority[0],
        "priority_rule": _cite(rules, priority[1]) if priority and priority[0] else None,
        "trainings": [
            {
                "kind": duty.kind,
                "label": codes["training_kinds"][duty.kind]["label"],
                "ground": duty.ground,
                "ground_label": codes["grounds"][duty.ground],
                "from": iso_or_none(duty.start),
                "deadline": iso_or_none(duty.deadline),
                "status": duty.status,
                "status_label": codes["statuses"][duty.status],
                "rule": _cite(rules, duty.rule),
            }
            for duty in sorted(planned, key=Duty.urgency)
        ],
        "exclusions": [
            {"code": (code := rule.spec["code"]), "label": codes["plan_exclusions"].get(code, code), "rule": _cite(rules, rule)}
            for rule in exclusions
        ],
        "next_deadline": iso_or_none(min((d.deadline for d in later if d.deadline), default=None)),
        # Only what a planned duty lacked: an empty event column (no promotion, no attestation) is normal.
        "missing": sorted({bundle.facts.label(path) for duty in planned for path in duty.lacking}),
        "warnings": [w["message"] for w in evaluation.date_warnings()],
    }


def _cite(rules: dict[str, dict[str, Any]], rule: Rule) -> str:
    """Keep a rule's title and clauses once per plan (not once per person): 100 000 rows share a few dozen rules."""
    if rule.id not in rules:
        rules[rule.id] = {"title": rule.title, "sources": [dict(source) for source in rule.sources]}
    return rule.id


def _order(person: dict[str, Any]) -> tuple[Any, ...]:
    """Planned people first, candidates for promotion first among them (8.5), then by the most pressing duty."""
    group = ("planned", "undetermined", "excluded", "not_due").index(person["status"])
    dated = [d for d in person["trainings"] if d["deadline"] or d["from"]]
    overdue = any(d["status"] == "overdue" for d in dated)
    soonest = min((d["deadline"] or d["from"] for d in dated), default="9999-12-31")
    return (group, not person["priority"], not overdue, soonest, person["row"])


def _summary(
    bundle: Bundle,
    jurisdiction: str,
    on: date,
    people: list[dict[str, Any]],
    rules: dict[str, dict[str, Any]],
    staff: StaffList,
    quota: int | None,
) -> dict[str, Any]:
    planned = [p for p in people if p["status"] == "planned"]
    statuses = Counter(p["status"] for p in people)
    kinds = list(bundle.codes["training_kinds"])
    limits = group_limits(bundle, jurisdiction, on, kinds)
    to_train = Counter(kind for person in planned for kind in _kinds_to_train(bundle, person))
    by_kind = []
    for kind in kinds:
        count = to_train[kind]
        if not count:
            continue
        limit = limits.get(kind)
        by_kind.append(
            {
                "kind": kind,
                "label": bundle.codes["training_kinds"][kind]["label"],
                "people": count,
                "group_limit": limit.as_dict() if limit else None,
                "groups": math.ceil(count / limit.value) if limit else None,
            }
        )
    grounds = Counter((d["kind"], d["ground"]) for p in planned for d in p["trainings"] if d["from"] or d["deadline"])
    exclusions: dict[str, dict[str, Any]] = {}
    for person in people:
        for exclusion in person["exclusions"]:
            entry = exclusions.setdefault(exclusion["code"], {**exclusion, "sources": rules[exclusion["rule"]]["sources"], "people": 0})
            entry["people"] += 1
    summary: dict[str, Any] = {
        "rows": staff.rows,
        "rows_planned": len(people),
        "rows_skipped": staff.rows_skipped,
        "people": {status: statuses.get(status, 0) for status in bundle.codes["plan_statuses"]},
        "priority": sum(1 for p in planned if p["priority"]),
        # Candidates for promotion with nothing due this year: 8.5 may still put them first (the employer decides).
        "priority_not_due": sum(1 for p in people if p["priority"] and p["status"] == "not_due"),
        "overdue": sum(1 for p in planned if any(d["status"] == "overdue" for d in p["trainings"])),
        "by_kind": by_kind,
        "by_ground": [
            {
                "kind": kind,
                "label": bundle.codes["training_kinds"][kind]["label"],
                "ground": ground,
                "ground_label": bundle.codes["grounds"][ground],
                "duties": count,
            }
            for (kind, ground), count in sorted(grounds.items(), key=lambda item: (kinds.index(item[0][0]), -item[1], item[0][1]))
        ],
        "exclusions": list(exclusions.values()),
        "state_plan": None,
    }
    if has_state_plan_rule(bundle, jurisdiction):
        reserve = state_plan_reserve(bundle, jurisdiction, on, quota) if quota is not None else None
        summary["state_plan"] = {"quota": quota, "minimum_reserve": reserve.as_dict() if reserve else None}
    return summary


def _kinds_to_train(bundle: Bundle, person: dict[str, Any]) -> set[str]:
    """The kinds of training a person is counted under (9.3 «а»): each kind once, and a kind that another owed kind
    also fulfils (an upgrade fulfils «upgrade or retraining», codes.yaml `completed_by`) not at all."""
    kinds = bundle.codes["training_kinds"]
    owed = {d["kind"] for d in person["trainings"] if d["from"] or d["deadline"]}

    def fulfilled_by_another(kind: str) -> bool:
        done = set(kinds[kind]["completed_by"])
        return any(other != kind and set(kinds[other]["completed_by"]) <= done for other in owed)

    return {kind for kind in owed if not fulfilled_by_another(kind)}


def _calendar(bundle: Bundle, jurisdiction: str, year: int) -> list[dict[str, Any]]:
    """The deadlines of the round that prepares `year`: the engine's dates as seen at the start of the year before."""
    answer = start_evaluation(bundle, {}, jurisdiction, date(year - 1, 1, 1)).dates()
    keys = ("code", "label", "date", "rule", "title", "explanation", "sources")
    return [{key: item[key] for key in keys if key in item} for item in answer if item.get("planning_year") == year]


def _calendar_warnings(bundle: Bundle, calendar: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """A deadline of the round that falls when its act is no longer (or not yet) in force: say so, once per act."""
    result = []
    for act_id in dict.fromkeys(source["act"] for item in calendar for source in item["sources"]):
        act = bundle.acts[act_id]
        outside = [item for item in calendar if not act.edition_on(date.fromisoformat(item["date"])).in_force]
        if outside:
            choice = act.edition_on(date.fromisoformat(outside[0]["date"]))
            result.append(
                {
                    "code": "act_not_in_force",
                    "label": bundle.codes["warnings"]["act_not_in_force"],
                    "message": (
                        f"Сроки подготовки плана на {year} год ({', '.join(ru_date(date.fromisoformat(item['date'])) for item in outside)}) приходятся на время, "
                        f"когда акт «{act.short_title}» не действовал: {choice.reason}."
                    ),
                    "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                }
            )
    # A deadline of the round outside the production calendar's years: shown unmoved, and said so.
    uncovered = sorted({day.year for day in (date.fromisoformat(item["date"]) for item in calendar) if not bundle.calendar.covers(day)})
    if uncovered:
        label = bundle.codes["warnings"]["calendar_not_covered"]
        result.append({"code": "calendar_not_covered", "label": label, "message": not_covered_message(uncovered), "sources": []})
    return result


def _warnings(bundle: Bundle, start: Evaluation, last: date) -> list[dict[str, Any]]:
    """Warnings about the acts (not in force, recommendations only), and an edition that changes during the year.

    `start` is the plan's evaluation on the year's first day; the rules on its last day are compared with it.
    """
    first = start.on
    result = [{key: w[key] for key in ("code", "label", "message", "sources")} for w in start.warnings()]
    end = start_evaluation(bundle, {}, start.jurisdiction.id, last)
    assert start.editions is not None and end.editions is not None  # an Evaluation looks them up when it starts
    for act_id, choice in start.editions.items():
        later = end.editions[act_id]
        if later.edition.id != choice.edition.id or later.in_force != choice.in_force:
            act = bundle.acts[act_id]
            result.append(
                {
                    "code": "edition_changes_in_year",
                    "label": bundle.codes["warnings"]["edition_changes_in_year"],
                    "message": (
                        f"В течение {first.year} года меняется редакция или действие акта «{act.short_title}»; "
                        f"план рассчитан по правилам на {ru_date(first)}. "
                        "Проверьте обязанности, возникающие после изменения."
                    ),
                    "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                }
            )
    return result
