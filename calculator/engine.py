"""The evaluation: a validated profile, a jurisdiction and a date in; the contract's answer out.

Every conclusion in the answer carries the rule that produced it and the
act clauses it rests on (`sources`). Facts the answer depends on but did not
get are listed in `missing`; readings of absent facts in `assumed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from calculator.acts import EditionChoice
from calculator.bundle import Bundle
from calculator.dates import DATE_RANGE, DateOutOfRange, add_period, in_range, iso_or_none, parse_date, ru_date
from calculator.expressions import Situation
from calculator.facts import InputError, Problem, Profile, UnrepresentableValue
from calculator.jurisdiction import Jurisdiction
from calculator.retroactivity import why_not_retroactive
from calculator.rules import Row, Rule
from calculator.shown import shown
from calculator.working_days import ARTICLE, Moved, not_covered_message

__all__ = ["Duty", "Evaluation", "evaluate_with", "start_evaluation"]

_STATUS_ORDER = {"overdue": 0, "due": 1, "upcoming": 2}


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _given(on: Any) -> str:
    """A wrong calculation date as its message names it: a script's number (NaN too) or Date as such."""
    if isinstance(on, str):
        return f"«{shown(on)}»"
    if on is None:
        return "ничего"
    if isinstance(on, UnrepresentableValue):
        return shown(str(on))
    if isinstance(on, float):
        return str(on)  # nan, inf: a script's number named as such
    if isinstance(on, int) and not isinstance(on, bool):
        return str(on) if on.bit_length() < 64 else "очень большое целое число"  # str() of 4 300+ digits raises
    return type(on).__name__


def parse_on(on: Any) -> date:
    try:
        day = on if isinstance(on, date) else parse_date(on)
    except DateOutOfRange:
        day = None  # a real date, outside the accepted years: said below
    except (ValueError, TypeError):
        raise InputError(
            [Problem("on", f"ожидается дата расчёта в виде ГГГГ-ММ-ДД, например 2010-06-01; получено: {_given(on)}")]
        ) from None
    if day is None or not in_range(day):
        raise InputError([Problem("on", f"ожидается дата расчёта {DATE_RANGE}; получено: «{shown(on)}»")])
    return day


@dataclass(frozen=True, slots=True)
class Duty:
    """A training duty as computed: the rule, the event it counts from, when it opens and ends, its status on the day."""

    rule: Rule
    kind: str
    ground: str
    event: date | None
    start: date | None
    deadline: date | None
    status: str
    lacking: frozenset[str]  # facts its dates needed and did not get
    nominal_deadline: date | None = None  # the deadline as counted, where a non-working day moved it (or it could not be checked)

    def urgency(self) -> tuple[int, date]:
        """The order an answer (and a plan) lists duties in: overdue first, then due, then by the nearest date."""
        return (_STATUS_ORDER[self.status], self.deadline or self.start or date.max)


@dataclass
class Evaluation:
    """One evaluation in progress; `trace` collects the rules (and table rows) that fired."""

    bundle: Bundle
    jurisdiction: Jurisdiction
    on: date
    profile: Profile
    trace: set[str] | None
    editions: dict[str, EditionChoice] | None = None  # looked up from `on` unless given (a plan reuses them for everyone)
    in_force: dict[str, tuple[Rule, ...]] | None = None  # rules of each type whose edition is in force, filled as asked

    def __post_init__(self) -> None:
        self.situation = Situation(self.profile.values, self.on, self.profile.known_null, calendar=self.bundle.calendar)
        self.period_ends: list[tuple[Rule, Moved]] = []  # period ends moved off non-working days, or not checkable
        if self.editions is None:
            self.editions = {a: self.bundle.acts[a].edition_on(self.on) for a in self.jurisdiction.acts}
        if self.in_force is None:
            self.in_force = {}
        self.missing: dict[str, list[str]] = {}
        self.not_retroactive: list[tuple[Rule, str]] = []  # event-born duties an act did not yet give, and why

    def for_profile(self, profile: Profile) -> Evaluation:
        """The same jurisdiction, day, editions and rules in force for another person (a staff list, row after row)."""
        return Evaluation(self.bundle, self.jurisdiction, self.on, profile, self.trace, self.editions, self.in_force)

    # --- shared pieces -------------------------------------------------
    def _fired(self, rule: Rule, suffix: str = "") -> None:
        if self.trace is not None:
            self.trace.add(rule.id + suffix)
            if rule.base:
                self.trace.add(rule.base + suffix)

    def _period_ends(self, rule: Rule) -> list[Moved]:
        """The period ends `rule` just computed (calculator/working_days.py), kept for the answer when moved or unchecked."""
        s = self.situation
        found, s.moves = s.moves, []
        self.period_ends.extend((rule, m) for m in found if m.day != m.nominal or not m.known)
        return found

    def _note_missing(self, rule: Rule, facts: set[str] | frozenset[str]) -> None:
        for path in sorted(facts):
            needed = self.missing.setdefault(path, [])
            if rule.title not in needed:
                needed.append(rule.title)

    def _test(self, rule: Rule, condition: Any, report: bool = True) -> bool | None:
        """Evaluate a condition of `rule`, noting the facts it lacked."""
        if condition is None:
            return True
        s = self.situation
        s.missing = set()
        result = condition(s)
        self._period_ends(rule)
        if result is None and report:
            self._note_missing(rule, s.missing)
        return result

    def _applies(self, rule: Rule, report: bool = True) -> bool:
        """Whether a rule in force (see `_rules`) applies to this person: its condition holds."""
        return self._test(rule, rule.when, report) is True

    def _item(self, rule: Rule, label_group: str | None = None, code: str | None = None) -> dict[str, Any]:
        item: dict[str, Any] = {"sources": [dict(s) for s in rule.sources], "rule": rule.id, "title": rule.title}
        if label_group and code:
            item["label"] = self.bundle.codes[label_group].get(code, code)
        item["explanation"] = rule.explanation
        if rule.interpretation:
            item["interpretation"] = rule.interpretation
        return item

    def _rules(self, kind: str) -> tuple[Rule, ...]:
        """The rules of one outcome type whose edition is in force on the day, most specific layer first."""
        found = self.in_force.get(kind)
        if found is None:
            editions = self.editions
            rules = self.jurisdiction.by_type.get(kind, ())
            found = self.in_force[kind] = tuple(r for r in rules if r.holds_in(editions[r.act].edition.id))
        return found

    # --- trainings -------------------------------------------------------
    def duties(self) -> list[Duty]:
        """The training duties owed, as dates and a status: what `trainings()` words, and a yearly plan counts."""
        result = []
        for rule in self._rules("duty"):
            if not self._applies(rule):
                continue
            duty = self._duty_in_time(rule)
            if duty is not None:
                self._fired(duty.rule)
                result.append(duty)
        return result

    def _duty_in_time(self, rule: Rule) -> Duty | None:
        """The duty a rule gives, unless its event came before the rule existed (calculator/retroactivity.py).

        Then the parent layer's rule, if the local one refines or replaces it, gives the duty instead.
        """
        duty = self._duty(rule)
        if duty is None or duty.event is None or rule.spec.get("recurring"):
            return duty
        reason = why_not_retroactive(rule, self.bundle.acts[rule.act], duty.event)
        if reason is None:
            return duty
        self.not_retroactive.append((rule, reason))
        base = self.jurisdiction.displaced.get(rule.id)
        if base is None or not base.holds_in(self.editions[base.act].edition.id) or not self._applies(base):
            return None
        return self._duty_in_time(base)

    def trainings(self) -> list[dict[str, Any]]:
        if self.not_serving_yet() is not None:
            return []  # no duty before service begins: the warning says so (a plan still counts future hires)
        return [self._training(duty) for duty in sorted(self.duties(), key=Duty.urgency)]

    def not_serving_yet(self) -> date | None:
        """The day service begins, when that is after the calculation date (the person does not serve yet)."""
        start = self.profile.values.get("service_start")
        return start if start is not None and start > self.on else None

    def _duty(self, rule: Rule) -> Duty | None:
        s, spec = self.situation, rule.spec
        recurring = bool(spec.get("recurring"))
        s.missing = set()
        event = rule.parts["event"](s)
        if event is None and not recurring:
            return None  # the event did not happen (or is not known to have)
        if event is not None and not recurring:
            completed = self.bundle.codes["training_kinds"][spec["kind"]]["completed_by"]
            if any((s.values.get(f) or date.min) > event for f in completed):
                return None  # a fitting training ended after the event
        s.event = event
        start = rule.parts["from"](s) if rule.parts["from"] and event else None
        self._period_ends(rule)
        deadline = rule.parts["deadline"](s) if rule.parts["deadline"] and event else None
        ends = self._period_ends(rule)
        nominal = ends[-1].nominal if ends and (ends[-1].day != ends[-1].nominal or not ends[-1].known) else None
        s.event = None
        lacking = frozenset(s.missing)
        self._note_missing(rule, lacking)
        if deadline is not None and deadline < self.on:
            status = "overdue"
        elif start is not None and start <= self.on:
            status = "due"
        else:
            status = "upcoming"
        return Duty(rule, spec["kind"], spec["ground"], event, start, deadline, status, lacking, nominal)

    def _training(self, duty: Duty) -> dict[str, Any]:
        """A duty as the answer states it: codes, dates, labels, how the dates were counted, the rule and clauses."""
        training: dict[str, Any] = {
            "kind": duty.kind,
            "ground": duty.ground,
            "from": iso_or_none(duty.start),
            "deadline": iso_or_none(duty.deadline),
            "status": duty.status,
        }
        training.update(self._item(duty.rule))
        codes = self.bundle.codes
        training["label"] = codes["training_kinds"][duty.kind]["label"]
        training["ground_label"] = codes["grounds"][duty.ground]
        training["status_label"] = codes["statuses"][duty.status]
        training["basis"] = self._duty_basis(duty.event, duty.start, duty.deadline)
        if duty.nominal_deadline is not None and duty.nominal_deadline != duty.deadline:
            training["deadline_nominal"] = iso_or_none(duty.nominal_deadline)
            training["deadline_article"] = ARTICLE
        if duty.lacking:
            training["missing"] = sorted(duty.lacking)
        return training

    def _duty_basis(self, event: date | None, start: date | None, deadline: date | None) -> str:
        if event is None:
            return "Срок нельзя рассчитать: не хватает дат в анкете (см. «missing»)."
        parts = [f"Отсчёт от {ru_date(event)}."]
        if start:
            parts.append(f"Направляется с {ru_date(start)}.")
        parts.append(f"Пройти не позднее {ru_date(deadline)}." if deadline else "Срок в акте не установлен.")
        return " ".join(parts)

    # --- planning ----------------------------------------------------------
    def exclusion_rules(self) -> list[Rule]:
        """The rules that leave this person out of the count of training needs (one per ground)."""
        codes: set[str] = set()
        found = []
        for rule in self._rules("plan_exclusion"):
            code = rule.spec["code"]
            if code not in codes and self._applies(rule, report=False):
                self._fired(rule)
                codes.add(code)
                found.append(rule)
        return found

    def plan_exclusions(self) -> tuple[list[str], list[dict[str, Any]]]:
        rules = self.exclusion_rules()
        codes = [rule.spec["code"] for rule in rules]
        return codes, [{"code": code, **self._item(rule, "plan_exclusions", code)} for code, rule in zip(codes, rules, strict=True)]

    def _first_verdict(self, kind: str) -> tuple[bool | None, dict[str, Any] | None]:
        """A yes/no rule (abroad, plan priority): the most specific layer decides; unknown is no."""
        for rule in self._rules(kind):
            if not self._applies(rule):
                continue
            self._fired(rule)
            verdict = self._test(rule, rule.parts.get("requires")) is True
            return verdict, {"value": verdict, **self._item(rule)}
        return None, None

    def priority(self) -> tuple[bool, Rule] | None:
        """Whether this person goes first, and the rule that says so (or would); None where no rule orders the plan."""
        rules = self._rules("plan_priority")
        if not rules:
            return None
        for rule in rules:
            if self._test(rule, rule.when, report=False) is True:
                self._fired(rule)
                return True, rule
        return False, rules[0]

    def plan_priority(self) -> dict[str, Any] | None:
        found = self.priority()
        if found is None:
            return None
        value, rule = found
        return {"value": value, **self._item(rule)}

    # --- document -------------------------------------------------------------
    def document(self) -> dict[str, Any] | None:
        if not any(p.startswith("program.") for p in self.profile.values):
            return None
        for rule in self._rules("document"):
            if not self._applies(rule):
                continue
            return self._document_from(rule)
        return {
            "code": None,
            "assessment": None,
            "reason": "Не указан вид программы (program.kind): без него нельзя определить документ.",
            "sources": [],
        }

    def _document_from(self, rule: Rule) -> dict[str, Any]:
        s = self.situation
        hours_path = rule.spec.get("hours")
        row: Row | None = None
        assumption = None
        if hours_path:
            hours = s.values.get(hours_path)
            fallback = rule.spec.get("hours_fallback")
            if hours is None and fallback and s.values.get(fallback) is not None:
                hours = s.values[fallback]
                facts = self.bundle.facts
                assumption = (
                    f"«{facts.label(hours_path)}» не указано: использовано «{facts.label(fallback)}» ({_number(hours)}), "
                    "то есть все часы программы считаются аудиторными. Укажите аудиторные часы для точного ответа."
                )
                self._note_missing(rule, {hours_path})
            if hours is None:
                self._note_missing(rule, {hours_path})
                label = self.bundle.facts.label(hours_path)
                return self._document_result(rule, None, f"Не указано: «{label}» ({hours_path}).")
            row = next((r for r in rule.parts["rows"] if r.matches_hours(hours) and self._test(rule, r.when) is True), None)
        else:
            row = next((r for r in rule.parts["rows"] if self._test(rule, r.when) is True), None)
        if row is None:
            return self._document_result(rule, None, "Не хватает сведений о программе, чтобы определить документ.")
        self._fired(rule, f"#{row.index}")
        self._fired(rule)
        result = self._document_result(rule, row, row.reason)
        if assumption:
            result["assumption"] = assumption
        return result

    def _document_result(self, rule: Rule, row: Row | None, reason: str | None) -> dict[str, Any]:
        code = row.code if row else None
        result: dict[str, Any] = {
            "code": code,
            "assessment": row.assessment if row else None,
            "reason": reason if code is None else None,
        }
        result.update(self._item(rule, "documents", code))
        if row:
            extra = [{"act": rule.act, "clause": c} for c in row.clauses]
            result["sources"] += [c for c in extra if c not in result["sources"]]
            if row.assessment:
                result["assessment_label"] = self.bundle.codes["assessments"][row.assessment]
        return result

    # --- program and organiser checks --------------------------------------------
    def program_checks(self) -> list[dict[str, Any]]:
        checks = []
        for rule in self._rules("program_check"):
            if not self._applies(rule, report=False):
                continue
            passed = self._test(rule, rule.parts["requires"], report=False)
            if passed is None:
                continue  # the check needs figures the caller did not give
            self._fired(rule)
            code = rule.spec["code"]
            checks.append({"code": code, "passed": passed, **self._item(rule, "checks", code)})
        return checks

    # --- reserve ---------------------------------------------------------------
    def reserve(self) -> dict[str, Any] | None:
        kinds = ("reserve_blocker", "reserve_advisory", "reserve_term")
        rules = [r for kind in kinds for r in self._rules(kind) if self._applies(r, report=False)]
        if not rules:
            return None
        blockers, advisories, sources, unverified = [], [], [], set()
        term_end: date | None = None
        for rule in rules:
            self._fired(rule)
            for src in rule.sources:
                if src not in sources:
                    sources.append(dict(src))
            if rule.type == "reserve_blocker":
                s = self.situation
                s.missing = set()
                ok = rule.parts["requires"](s)
                self._period_ends(rule)
                if ok is False:
                    blockers.append({"code": rule.spec["code"], **self._item(rule, "blockers", rule.spec["code"])})
                elif ok is None:
                    unverified |= s.missing
            elif rule.type == "reserve_advisory":
                if self._test(rule, rule.parts["unless"], report=False) is not True:
                    code = rule.spec["code"]
                    advisories.append({"code": code, **self._item(rule, "advisories", code)})
            else:
                included = self.profile.values.get(rule.spec["fact"])
                if included is not None and term_end is None:
                    term_end = add_period(included, rule.parts["term"])
        binding = any(self.bundle.acts[r.act].binding for r in rules)
        return {
            "eligible": (not blockers) if binding else None,
            "blockers": blockers,
            "advisories": advisories,
            "term_end": iso_or_none(term_end),
            "sources": sources,
            "unverified": [{"fact": p, "label": self.bundle.facts.label(p)} for p in sorted(unverified)],
        }

    # --- dates and organisational advisories ---------------------------------------
    def dates(self) -> list[dict[str, Any]]:
        rules = [r for r in self._rules("date") if self._applies(r, report=False)]
        annual = [r for r in rules if "annual" in r.spec]
        cycle_year = self.on.year
        if annual and self.on > max(self._annual(r, self.on.year) for r in annual):
            cycle_year += 1  # this year's planning round is over: show the next one
        result = []
        for rule in rules:
            code = rule.spec["code"]
            item: dict[str, Any] = {"code": code}
            s = self.situation
            if "annual" in rule.spec:
                nominal = self._annual(rule, cycle_year)
                day = s.working_day(nominal) if rule.spec.get("working_days") == "next" else nominal
                item["planning_year"] = cycle_year + 1
            else:
                s.missing = set()
                day = rule.parts["date"](s)
                if day is None:
                    continue
            ends = self._period_ends(rule)
            item["date"] = iso_or_none(day)
            if ends and ends[-1].day != ends[-1].nominal:
                item["nominal_date"] = iso_or_none(ends[-1].nominal)
                item["date_article"] = ARTICLE
            self._fired(rule)
            item.update(self._item(rule, "dates", code))
            result.append(item)
        result.sort(key=lambda d: d["date"])
        return result

    @staticmethod
    def _annual(rule: Rule, year: int) -> date:
        month, day = (int(x) for x in rule.spec["annual"].split("-"))
        return date(year, month, day)

    def advisories(self) -> list[dict[str, Any]]:
        result = []
        for rule in self._rules("advisory"):
            if self._applies(rule, report=False):
                self._fired(rule)
                code = rule.spec["code"]
                result.append({"code": code, "binding": self.bundle.acts[rule.act].binding, **self._item(rule, "advisories", code)})
        return result

    # --- warnings ------------------------------------------------------------
    def warnings(self) -> list[dict[str, Any]]:
        labels = self.bundle.codes["warnings"]
        result = []
        for act_id, choice in self.editions.items():
            act = self.bundle.acts[act_id]
            if not choice.in_force:
                result.append(
                    {
                        "code": "act_not_in_force",
                        "label": labels["act_not_in_force"],
                        "act": act_id,
                        "message": f"Акт «{act.short_title}» {choice.reason}.",
                        "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                    }
                )
            if choice.text_note:
                result.append(
                    {
                        "code": "edition_text_unavailable",
                        "label": labels["edition_text_unavailable"],
                        "act": act_id,
                        "message": f"Акт «{act.short_title}»: {choice.text_note}.",
                        "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                    }
                )
            if choice.uncertain:
                result.append(
                    {
                        "code": "entry_into_force_uncertain",
                        "label": labels["entry_into_force_uncertain"],
                        "act": act_id,
                        "message": f"Акт «{act.short_title}»: {choice.uncertain}",
                        "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                    }
                )
            if not act.binding:
                result.append(
                    {
                        "code": "not_binding",
                        "label": labels["not_binding"],
                        "act": act_id,
                        "message": f"«{act.short_title}» содержит рекомендации, а не обязательные нормы.",
                        "sources": [{"act": act_id, "clause": next(iter(act.clauses))}],
                    }
                )
        result.extend(self.date_warnings())
        result.extend(self.calendar_warnings())
        serving_from = self.not_serving_yet()
        if serving_from is not None:
            result.append(
                {
                    "code": "not_serving_yet",
                    "label": labels["not_serving_yet"],
                    "message": (
                        f"Начало муниципальной службы ({ru_date(serving_from)}) позже даты расчёта ({ru_date(self.on)}): "
                        "на эту дату человек ещё не служит, и обязанностей по обучению у него нет. "
                        "Укажите дату расчёта не раньше начала службы, чтобы увидеть его сроки."
                    ),
                    "sources": [],
                    "facts": ["service_start"],
                }
            )
        for rule, reason in self.not_retroactive:
            result.append(
                {
                    "code": "event_before_act",
                    "label": labels["event_before_act"],
                    "act": rule.act,
                    "message": f"«{rule.title}»: {reason}, поэтому по этому правилу обязанности нет.",
                    "sources": [dict(s) for s in rule.sources],
                    "rule": rule.id,
                }
            )
        return result

    def moved_deadlines(self) -> list[dict[str, Any]]:
        """Every period end this answer moved off a non-working day: the rule, the nominal and the moved date, the article."""
        result, seen = [], set()
        for rule, moved in self.period_ends:
            key = (rule.id, moved.nominal)
            if moved.known and key not in seen:
                seen.add(key)
                result.append(
                    {
                        "rule": rule.id,
                        "title": rule.title,
                        "nominal": moved.nominal.isoformat(),
                        "date": moved.day.isoformat(),
                        "article": ARTICLE,
                        "message": (
                            f"Срок по правилу «{rule.title}» оканчивается {ru_date(moved.nominal)} — в нерабочий день, поэтому "
                            f"днём окончания срока считается следующий рабочий день, {ru_date(moved.day)} ({ARTICLE})."
                        ),
                        "sources": [dict(s) for s in rule.sources],
                    }
                )
        return result

    def calendar_warnings(self) -> list[dict[str, Any]]:
        """Period ends in years the production calendar does not cover: the nominal date is used, unchecked."""
        years = sorted({m.nominal.year for _rule, m in self.period_ends if not m.known})
        if not years:
            return []
        label = self.bundle.codes["warnings"]["calendar_not_covered"]
        return [{"code": "calendar_not_covered", "label": label, "message": not_covered_message(years), "sources": []}]

    def date_warnings(self) -> list[dict[str, Any]]:
        result = []
        facts = self.bundle.facts
        values = self.profile.values
        for path, earliest in facts.ordered_dates:
            value, other = values.get(path), values.get(earliest)
            if value is not None and other is not None and value < other:
                result.append(
                    {
                        "code": "dates_inconsistent",
                        "label": self.bundle.codes["warnings"]["dates_inconsistent"],
                        "message": (
                            f"«{facts.label(path)}» ({ru_date(value)}) раньше, чем «{facts.label(earliest)}» ({ru_date(other)}): проверьте даты."
                        ),
                        "sources": [],
                        "facts": [path, earliest],
                    }
                )
        return result

    def missing_facts(self) -> list[dict[str, Any]]:
        """Facts the answer so far needed and did not get, with the conclusions that needed them."""
        return [{"fact": p, "label": self.bundle.facts.label(p), "needed_for": needed} for p, needed in sorted(self.missing.items())]

    # --- the whole answer ----------------------------------------------------------
    def answer(self) -> dict[str, Any]:
        trainings = self.trainings()
        exclusions, exclusion_details = self.plan_exclusions()
        abroad, abroad_detail = self._first_verdict("abroad_priority")
        document = self.document()
        reserve = self.reserve()
        priority = self.plan_priority()
        checks = self.program_checks()
        dates = self.dates()
        advisories = self.advisories()
        answer: dict[str, Any] = {
            "jurisdiction": self.jurisdiction.id,
            "on": self.on.isoformat(),
            "trainings": trainings,
            "plan_exclusions": exclusions,
            "abroad_priority": abroad,
            "document": document,
            "reserve": reserve,
            "warnings": self.warnings(),
            "explanations": {
                "plan_exclusions": exclusion_details,
                "abroad_priority": abroad_detail,
                "plan_priority": priority,
            },
            "program_checks": checks,
            "dates": dates,
            "advisories": advisories,
            "editions": [{"act": a, "edition": c.edition.id, "in_force": c.in_force} for a, c in self.editions.items()],
            "moved_deadlines": self.moved_deadlines(),
            "missing": self.missing_facts(),
            "assumed": [
                {"fact": p, "value": v, "label": self.bundle.facts.label(p)}
                for p, v in sorted(self.profile.assumed.items())
                if p in self.situation.read
            ],
        }
        return answer


def evaluate_with(bundle: Bundle, profile: Any, jurisdiction: Any, on: Any, trace: set[str] | None = None) -> dict[str, Any]:
    """Evaluate against a given bundle; `calculator.evaluate` uses the packaged one."""
    return start_evaluation(bundle, profile, jurisdiction, on, trace).answer()


def start_evaluation(bundle: Bundle, profile: Any, jurisdiction: Any, on: Any, trace: set[str] | None = None) -> Evaluation:
    """Check the input (every problem at once, as InputError) and set up an evaluation of it.

    The whole answer is `.answer()`; a yearly plan asks only for the parts it needs
    (`.duties()`, `.exclusion_rules()`, `.priority()`), with the same rules.
    """
    problems: list[Problem] = []
    if not isinstance(jurisdiction, str) or jurisdiction not in bundle.jurisdictions:
        known = ", ".join(bundle.jurisdictions)
        problems.append(Problem("jurisdiction", f"неизвестная юрисдикция «{shown(jurisdiction)}»; допустимы: {known}"))
    try:
        day = parse_on(on)
    except InputError as exc:
        problems.extend(exc.problems)
    unlisted = 0
    try:
        checked = bundle.facts.validate(profile)
    except InputError as exc:
        problems.extend(exc.problems)
        unlisted = exc.unlisted
    if problems:
        raise InputError(problems, unlisted)
    return Evaluation(bundle, bundle.jurisdictions[jurisdiction], day, checked, trace)
