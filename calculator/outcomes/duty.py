"""`duty`: a training the servant must take, counted from an event, with the day it opens and its deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from calculator.dates import iso_or_none, ru_date
from calculator.expressions import compile_date
from calculator.outcomes.base import ChoiceOrder, Outcome, Phrases
from calculator.retroactivity import why_not_retroactive
from calculator.working_days import ARTICLE

if TYPE_CHECKING:
    from calculator.engine import Evaluation
    from calculator.rules import Rule

__all__ = ["OUTCOME", "Duty", "duties"]

_STATUS_ORDER = {"overdue": 0, "due": 1, "upcoming": 2}


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


def _compile(spec: dict[str, Any], order: ChoiceOrder) -> dict[str, Any]:
    return {
        "event": compile_date(spec["event"]),
        "from": None if spec.get("from") is None else compile_date(spec["from"]),
        "deadline": None if spec.get("deadline") is None else compile_date(spec["deadline"]),
    }


def duties(ev: Evaluation) -> list[Duty]:
    """The training duties owed, as dates and a status: what the answer words, and a yearly plan counts."""
    result = []
    for rule in ev.rules_in_force("duty"):
        if not ev.applies(rule):
            continue
        duty = _duty_in_time(ev, rule)
        if duty is not None:
            ev.fired(duty.rule)
            result.append(duty)
    return result


def _duty_in_time(ev: Evaluation, rule: Rule) -> Duty | None:
    """The duty a rule gives, unless its event came before the rule existed (calculator/retroactivity.py).

    Then the parent layer's rule, if the local one refines or replaces it, gives the duty instead.
    """
    duty = _duty(ev, rule)
    if duty is None or duty.event is None or rule.spec.get("recurring"):
        return duty
    reason = why_not_retroactive(rule, ev.bundle.acts[rule.act], duty.event)
    if reason is None:
        return duty
    ev.not_retroactive.append((rule, reason))
    base = ev.jurisdiction.displaced.get(rule.id)
    if base is None or not base.holds_in(ev.editions[base.act].edition.id) or not ev.applies(base):
        return None
    return _duty_in_time(ev, base)


def _duty(ev: Evaluation, rule: Rule) -> Duty | None:
    s, spec = ev.situation, rule.spec
    recurring = bool(spec.get("recurring"))
    s.missing = set()
    event = rule.parts["event"](s)
    if event is None and not recurring:
        return None  # the event did not happen (or is not known to have)
    if event is not None and not recurring:
        completed = ev.bundle.codes["training_kinds"][spec["kind"]]["completed_by"]
        if any((s.values.get(f) or date.min) > event for f in completed):
            return None  # a fitting training ended after the event
    s.event = event
    start = rule.parts["from"](s) if rule.parts["from"] and event else None
    ev.take_period_ends(rule)
    deadline = rule.parts["deadline"](s) if rule.parts["deadline"] and event else None
    ends = ev.take_period_ends(rule)
    nominal = ends[-1].nominal if ends and (ends[-1].day != ends[-1].nominal or not ends[-1].known) else None
    s.event = None
    lacking = frozenset(s.missing)
    ev.note_missing(rule, lacking)
    if deadline is not None and deadline < ev.on:
        status = "overdue"
    elif start is not None and start <= ev.on:
        status = "due"
    else:
        status = "upcoming"
    return Duty(rule, spec["kind"], spec["ground"], event, start, deadline, status, lacking, nominal)


def _training(ev: Evaluation, duty: Duty) -> dict[str, Any]:
    """A duty as the answer states it: codes, dates, labels, how the dates were counted, the rule and clauses."""
    training: dict[str, Any] = {
        "kind": duty.kind,
        "ground": duty.ground,
        "from": iso_or_none(duty.start),
        "deadline": iso_or_none(duty.deadline),
        "status": duty.status,
    }
    training.update(ev.item(duty.rule))
    codes = ev.bundle.codes
    training["label"] = codes["training_kinds"][duty.kind]["label"]
    training["ground_label"] = codes["grounds"][duty.ground]
    training["status_label"] = codes["statuses"][duty.status]
    training["basis"] = _basis(duty)
    if duty.nominal_deadline is not None and duty.nominal_deadline != duty.deadline:
        training["deadline_nominal"] = iso_or_none(duty.nominal_deadline)
        training["deadline_article"] = ARTICLE
    if duty.lacking:
        training["missing"] = sorted(duty.lacking)
    return training


def _basis(duty: Duty) -> str:
    if duty.event is None:
        return "Срок нельзя рассчитать: не хватает дат в анкете (см. «missing»)."
    parts = [f"Отсчёт от {ru_date(duty.event)}."]
    if duty.start:
        parts.append(f"Направляется с {ru_date(duty.start)}.")
    parts.append(f"Пройти не позднее {ru_date(duty.deadline)}." if duty.deadline else "Срок в акте не установлен.")
    return " ".join(parts)


def _fill(ev: Evaluation, answer: dict[str, Any]) -> None:
    if ev.not_serving_yet() is not None:
        return  # no duty before service begins: the warning says so (a plan still counts future hires)
    answer["trainings"] = [_training(ev, duty) for duty in sorted(duties(ev), key=Duty.urgency)]


def _describe(say: Phrases, spec: dict[str, Any]) -> list[str]:
    rows = [
        ("Вид обучения", say.code("training_kinds", spec.get("kind"))),
        ("Основание", say.code("grounds", spec.get("ground"))),
        ("Событие, от которого считается срок", say.date(spec.get("event"))),
        ("С какого дня можно и нужно учиться", say.date(spec.get("from")) if spec.get("from") else "сразу"),
        ("Крайний срок", say.date(spec.get("deadline"))),
        ("Повторяется", "да, после каждого обучения срок считается заново" if spec.get("recurring") else "нет, один раз"),
    ]
    return ["| Что | Как |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows), ""]


def _summarize(say: Phrases, spec: dict[str, Any]) -> str:
    start = say.date(spec.get("from")) if spec.get("from") else "сразу"
    return (
        f"{say.code('training_kinds', spec.get('kind'))} — {say.code('grounds', spec.get('ground'))}; "
        f"с: {start}; срок: {say.date(spec.get('deadline'))}"
    )


OUTCOME = Outcome("duty", describe=_describe, summarize=_summarize, compile=_compile, fill=_fill)
