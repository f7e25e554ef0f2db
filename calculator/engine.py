"""The evaluation: a validated profile, a jurisdiction and a date in; the contract's answer out.

Every conclusion in the answer carries the rule that produced it and the
act clauses it rests on (`sources`). Facts the answer depends on but did not
get are listed in `missing`; readings of absent facts in `assumed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from calculator.acts import EditionChoice
from calculator.bundle import Bundle
from calculator.conditions import Condition
from calculator.dates import DATE_RANGE, DateOutOfRange, in_range, parse_date, ru_date
from calculator.expressions import Situation
from calculator.facts import InputError, Problem, Profile, UnrepresentableValue
from calculator.jurisdiction import Jurisdiction
from calculator.outcomes import OUTCOMES
from calculator.outcomes.duty import Duty, duties
from calculator.outcomes.plan_exclusion import exclusion_rules
from calculator.outcomes.plan_priority import priority
from calculator.outcomes.reserve import reserve
from calculator.rules import Rule
from calculator.shown import shown
from calculator.working_days import ARTICLE, Moved, not_covered_message

__all__ = ["Duty", "Evaluation", "evaluate_with", "start_evaluation"]


# What each outcome type does for an answer, in the registry's order (looked up once, not per answer).
_FILLS = tuple(o.fill for o in OUTCOMES.values() if o.fill is not None)
_COLLECTS = tuple((o.name, o.collect) for o in OUTCOMES.values() if o.collect is not None)


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


@dataclass
class Evaluation:
    """One evaluation in progress; `trace` collects the rules (and table rows) that fired.

    What each outcome type contributes is in its module (`calculator.outcomes`); this class
    holds what they share: the rules in force on the day, their conditions, the facts found
    missing, the trace, and the answer's frame.
    """

    bundle: Bundle
    jurisdiction: Jurisdiction
    on: date
    profile: Profile
    trace: set[str] | None
    editions: dict[str, EditionChoice] = field(default_factory=dict)  # looked up from `on` unless given (a plan reuses them)
    in_force: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # rules of each type whose edition is in force, filled as asked

    def __post_init__(self) -> None:
        self.situation = Situation(self.profile.values, self.on, self.profile.known_null, calendar=self.bundle.calendar)
        self.period_ends: list[tuple[Rule, Moved]] = []  # period ends moved off non-working days, or not checkable
        if not self.editions:
            self.editions = {a: self.bundle.acts[a].edition_on(self.on) for a in self.jurisdiction.acts}
        self.missing: dict[str, list[str]] = {}
        self.not_retroactive: list[tuple[Rule, str]] = []  # event-born duties an act did not yet give, and why

    def for_profile(self, profile: Profile) -> Evaluation:
        """The same jurisdiction, day, editions and rules in force for another person (a staff list, row after row)."""
        return Evaluation(self.bundle, self.jurisdiction, self.on, profile, self.trace, self.editions, self.in_force)

    # --- what outcome types share --------------------------------------------------
    def fired(self, rule: Rule, suffix: str = "") -> None:
        """Record in the trace that `rule` (or its table row, `suffix` #n) decided something."""
        if self.trace is not None:
            self.trace.add(rule.id + suffix)
            if rule.base:
                self.trace.add(rule.base + suffix)

    def take_period_ends(self, rule: Rule) -> list[Moved]:
        """The period ends `rule` just computed (calculator/working_days.py), kept for the answer when moved or unchecked."""
        s = self.situation
        found, s.moves = s.moves, []
        self.period_ends.extend((rule, m) for m in found if m.day != m.nominal or not m.known)
        return found

    def note_missing(self, rule: Rule, facts: set[str] | frozenset[str]) -> None:
        for path in sorted(facts):
            needed = self.missing.setdefault(path, [])
            if rule.title not in needed:
                needed.append(rule.title)

    def holds(self, rule: Rule, condition: Condition | None, report: bool = True) -> bool | None:
        """Evaluate a condition of `rule` (None: no condition, holds), noting the facts it lacked."""
        if condition is None:
            return True
        s = self.situation
        s.missing = set()
        result = condition(s)
        self.take_period_ends(rule)
        if result is None and report:
            self.note_missing(rule, s.missing)
        return result

    def applies(self, rule: Rule, report: bool = True) -> bool:
        """Whether a rule in force (see `rules_in_force`) applies to this person: its condition holds."""
        return self.holds(rule, rule.when, report) is True

    def item(self, rule: Rule, label_group: str | None = None, code: str | None = None) -> dict[str, Any]:
        """The explained part of a conclusion: sources, rule, title, label of its code, explanation, interpretation."""
        item: dict[str, Any] = {"sources": [dict(s) for s in rule.sources], "rule": rule.id, "title": rule.title}
        if label_group and code:
            item["label"] = self.bundle.codes[label_group].get(code, code)
        item["explanation"] = rule.explanation
        if rule.interpretation:
            item["interpretation"] = rule.interpretation
        return item

    def rules_in_force(self, kind: str) -> tuple[Rule, ...]:
        """The rules of one outcome type whose edition is in force on the day, most specific layer first."""
        found = self.in_force.get(kind)
        if found is None:
            editions = self.editions
            rules = self.jurisdiction.by_type.get(kind, ())
            found = self.in_force[kind] = tuple(r for r in rules if r.holds_in(editions[r.act].edition.id))
        return found

    def not_serving_yet(self) -> date | None:
        """The day service begins, when that is after the calculation date (the person does not serve yet)."""
        start = self.profile.values.get("service_start")
        return start if start is not None and start > self.on else None

    # --- the parts a yearly plan asks for ----------------------------------------------
    def duties(self) -> list[Duty]:
        """The training duties owed, as dates and a status."""
        return duties(self)

    def exclusion_rules(self) -> list[Rule]:
        """The rules that leave this person out of the count of training needs (one per ground)."""
        return exclusion_rules(self)

    def priority(self) -> tuple[bool, Rule] | None:
        """Whether this person goes first in the plan, and the rule that says so (or would)."""
        return priority(self)

    def dates(self) -> list[dict[str, Any]]:
        """The answer's `dates` alone (a plan's calendar of the application round)."""
        found: list[dict[str, Any]] = self._part("date")["dates"]
        return found

    def program_checks(self) -> list[dict[str, Any]]:
        """The answer's `program_checks` alone (a plan's group size and reserve limits)."""
        found: list[dict[str, Any]] = self._part("program_check")["program_checks"]
        return found

    def _part(self, kind: str) -> dict[str, Any]:
        answer = self._frame()
        fill = OUTCOMES[kind].fill
        if fill is not None:
            fill(self, answer)
        return answer

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
        """The contract's answer: its frame in the contract's key order, each part filled by its outcome type."""
        answer = self._frame()
        for fill in _FILLS:
            fill(self, answer)
        answer["reserve"] = reserve(self, _COLLECTS)
        answer["warnings"] = self.warnings()
        answer["editions"] = [{"act": a, "edition": c.edition.id, "in_force": c.in_force} for a, c in self.editions.items()]
        answer["moved_deadlines"] = self.moved_deadlines()
        answer["missing"] = self.missing_facts()
        answer["assumed"] = [
            {"fact": p, "value": v, "label": self.bundle.facts.label(p)}
            for p, v in sorted(self.profile.assumed.items())
            if p in self.situation.read
        ]
        return answer

    def _frame(self) -> dict[str, Any]:
        """The answer's keys in the contract's order, before the outcome types fill them."""
        return {
            "jurisdiction": self.jurisdiction.id,
            "on": self.on.isoformat(),
            "trainings": [],
            "plan_exclusions": [],
            "abroad_priority": None,
            "document": None,
            "reserve": None,
            "warnings": [],
            "explanations": {"plan_exclusions": [], "abroad_priority": None, "plan_priority": None},
            "program_checks": [],
            "dates": [],
            "advisories": [],
        }


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
