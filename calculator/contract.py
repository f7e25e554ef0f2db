"""The public contract as types: the profile the calculator reads and the answer it gives.

The same fields are described for people in rules/facts.yaml (the site's «Словарь фактов») and
rules/answer.yaml (the site's «Формат ответа»); tests/site/test_contract_types.py checks that these
types, those files and both pages agree key for key (which keys there are, which may be absent,
which may be null), and that every answer to the examples fits Answer. Dates are ISO strings
(ГГГГ-ММ-ДД) and codes plain strings, as in the JSON.

    answer: Answer = calculator.evaluate(profile, "ryazan", "2010-06-01")
"""

# No `from __future__ import annotations` here: with string annotations Python 3.11 cannot see
# NotRequired when it builds a TypedDict, and __required_keys__ would claim every key.
from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "AbroadPriority",
    "Advisory",
    "Answer",
    "AnswerDate",
    "Application",
    "Assessment",
    "Assumed",
    "Blocker",
    "Document",
    "Edition",
    "Explained",
    "Explanations",
    "Missing",
    "MovedDeadline",
    "PlanExclusion",
    "PlanPriority",
    "Profile",
    "Program",
    "ProgramCheck",
    "Reserve",
    "ReserveAdvisory",
    "Source",
    "StatePlan",
    "Training",
    "Unverified",
    "Warning",
]


# --- the profile (input): every field may be absent, and null means "not given" ---------------

EducationLevel = Literal["secondary_vocational", "higher"]
ReserveExclusionGround = Literal[
    "appointed",
    "own_request",
    "death",
    "term_expired",
    "service_obstacles",
    "dismissed_for_cause",
    "liquidation",
    "position_abolished",
    "fixed_term_contract_ended",
    "appointed_elsewhere",
    "income_declaration_failure",
    "refused_offer",
    "moved_away",
    "individual_plan_failed",
    "low_assessment",
]


class Application(TypedDict, total=False):
    announcement_on: str | None
    submitted_on: str | None
    documents_complete: bool | None


class Program(TypedDict, total=False):
    kind: Literal["upgrade", "retraining", "event"] | None
    classroom_hours: float | None
    total_hours: float | None
    goal: Literal["new_activity", "additional_qualification"] | None
    starts_on: str | None
    release: Literal["full", "partial", "none"] | None
    release_days_per_week: float | None
    weekly_classroom_hours: float | None
    weekly_load_hours: float | None
    lecture_hours: float | None
    group_size: int | None
    abroad: bool | None


class Assessment(TypedDict, total=False):
    held_on: str | None
    candidates: int | None
    observers: int | None


class StatePlan(TypedDict, total=False):
    quota: int | None
    reserve: int | None


class Profile(TypedDict, total=False):
    birth_date: str | None
    citizenship: str | None
    speaks_state_language: bool | None
    service_start: str | None
    probation_end: str | None
    position_since: str | None
    last_upgrade_end: str | None
    last_retraining_end: str | None
    group_promotion_on: str | None
    competitive_promotion_on: str | None
    attestation_training_on: str | None
    reserve_included_on: str | None
    activity_change_on: str | None
    studying_now: bool | None
    leave: Literal["maternity", "childcare"] | None
    reaches_age_limit_in_year: bool | None
    promotion_candidate: bool | None
    education_level: EducationLevel | None
    new_activity_education_level: EducationLevel | None
    meets_qualification_requirements: bool | None
    legally_incapacitated: bool | None
    criminal_record: bool | None
    disqualified: bool | None
    forged_documents: bool | None
    reserve_exclusion_ground: ReserveExclusionGround | None
    has_training_document: bool | None
    application: Application | None
    program: Program | None
    reserve_candidates_for_position: int | None
    assessment: Assessment | None
    state_plan: StatePlan | None


# --- the answer (output) ---------------------------------------------------------------------


class Source(TypedDict):
    """A clause of an act: the page of the act has an anchor for it."""

    act: str
    clause: str


class Explained(TypedDict):
    """The fields every explained conclusion has (answer.yaml: explanation_fields)."""

    rule: str
    title: str
    label: NotRequired[str]
    explanation: str
    interpretation: NotRequired[str]
    sources: list[Source]


# "from" is a keyword, so this part is written in the functional form.
_TrainingPeriod = TypedDict("_TrainingPeriod", {"from": str | None, "deadline": str | None})


class Training(_TrainingPeriod, Explained):
    kind: str
    ground: str
    status: str
    ground_label: str
    status_label: str
    basis: str
    deadline_nominal: NotRequired[str]  # the deadline as counted, before a non-working day moved it
    deadline_article: NotRequired[str]
    missing: NotRequired[list[str]]


class Document(Explained):
    code: str | None
    assessment: str | None
    assessment_label: NotRequired[str]
    reason: str | None
    assumption: NotRequired[str]


class Blocker(Explained):
    code: str


class ReserveAdvisory(Explained):
    code: str


class Unverified(TypedDict):
    fact: str
    label: str


class Reserve(TypedDict):
    eligible: bool | None
    blockers: list[Blocker]
    advisories: list[ReserveAdvisory]
    term_end: str | None
    sources: list[Source]
    unverified: list[Unverified]


class Warning(TypedDict):
    code: str
    label: str
    message: str
    act: NotRequired[str]
    facts: NotRequired[list[str]]
    rule: NotRequired[str]
    sources: list[Source]


class PlanExclusion(Explained):
    code: str


class AbroadPriority(Explained):
    value: bool


class PlanPriority(Explained):
    value: bool


class Explanations(TypedDict):
    plan_exclusions: list[PlanExclusion]
    abroad_priority: AbroadPriority | None
    plan_priority: PlanPriority | None


class ProgramCheck(Explained):
    code: str
    passed: bool


class AnswerDate(Explained):
    code: str
    date: str
    nominal_date: NotRequired[str]
    date_article: NotRequired[str]
    planning_year: NotRequired[int]


class Advisory(Explained):
    code: str
    binding: bool


class Edition(TypedDict):
    act: str
    edition: str
    in_force: bool


class Missing(TypedDict):
    fact: str
    label: str
    needed_for: list[str]


class Assumed(TypedDict):
    fact: str
    value: Any | None  # the reading of an absent field, null included
    label: str


class MovedDeadline(TypedDict):
    rule: str
    title: str
    nominal: str
    date: str
    article: str
    message: str
    sources: list[Source]


class Answer(TypedDict):
    jurisdiction: str
    on: str
    trainings: list[Training]
    plan_exclusions: list[str]
    abroad_priority: bool | None
    document: Document | None
    reserve: Reserve | None
    warnings: list[Warning]
    explanations: Explanations
    program_checks: list[ProgramCheck]
    dates: list[AnswerDate]
    advisories: list[Advisory]
    editions: list[Edition]
    moved_deadlines: list[MovedDeadline]
    missing: list[Missing]
    assumed: list[Assumed]
