"""The legal effect of an edit: the same inputs answered by two states of the rules (or on two dates).

An answer is cut into items a reviewer recognises: each training duty (kind
and ground), the document, the reserve, each exclusion, warning, check,
date and advisory, each act's edition. Items are matched by their codes, not
their position; within an item only what carries legal meaning is compared
(dates, codes, statuses, sources, the rule applied), not explanatory text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from calculator.authoring.cases import plain
from calculator.bundle import Bundle
from calculator.engine import evaluate_with
from calculator.facts import InputError

__all__ = [
    "Change",
    "Difference",
    "Impact",
    "Probe",
    "ProfilesError",
    "case_probes",
    "compare_answers",
    "file_probes",
    "measure",
    "paired_probes",
]

# Text that explains an answer; a change in it is not a change of the answer.
_TEXT = frozenset({"jurisdiction", "on", "title", "explanation", "interpretation", "basis", "message", "reason", "label", "needed_for"})

SECTIONS = {
    "trainings": "Обучение",
    "plan_exclusions": "Исключение из плана",
    "abroad_priority": "Приоритет обучения за рубежом",
    "document": "Документ по программе",
    "program_checks": "Проверка программы",
    "reserve": "Кадровый резерв",
    "warnings": "Предупреждение",
    "explanations": "Обоснование плана",
    "dates": "Срок кадровой службы",
    "advisories": "Рекомендация",
    "editions": "Редакция акта",
    "missing": "Не хватает сведений",
    "assumed": "Принято по умолчанию",
}

FIELDS = {
    "kind": "вид",
    "ground": "основание",
    "from": "направляется с",
    "deadline": "не позднее",
    "status": "статус",
    "sources": "пункты",
    "rule": "правило",
    "code": "код",
    "assessment": "аттестация",
    "eligible": "может быть включён",
    "blockers": "препятствия",
    "advisories": "рекомендации",
    "unverified": "не проверено",
    "term_end": "срок в резерве до",
    "edition": "редакция",
    "in_force": "действует",
    "value": "значение",
    "date": "дата",
    "passed": "выполнена",
    "plan_priority": "приоритет",
    "plan_exclusions": "исключения",
    "abroad_priority": "за рубежом",
    "assumption": "допущение",
    "fact": "факт",
    "act": "акт",
}


@dataclass(frozen=True, slots=True)
class Probe:
    """One input answered on both sides: an example case or a profile from a file."""

    name: str
    jurisdiction: str
    on: str
    profile: Any
    where: str  # "rules/ryazan/cases/training.yaml:12" or "profiles.json, №3"


@dataclass(frozen=True, slots=True)
class Difference:
    subject: str  # «Обучение «повышение квалификации — периодическое»: не позднее»
    before: str | None  # None: the item did not exist
    after: str | None


@dataclass(frozen=True, slots=True)
class Change:
    probe: Probe
    before_on: str
    after_on: str
    differences: tuple[Difference, ...]


@dataclass
class Impact:
    before: str  # how each side is named, e.g. «ревизия origin/main», «на 2024-12-31»
    after: str
    probes: int = 0
    changes: list[Change] = field(default_factory=list)
    only_before: list[Probe] = field(default_factory=list)  # example cases removed by the edit
    only_after: list[Probe] = field(default_factory=list)  # example cases added by the edit


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def _identity(item: dict[str, Any]) -> tuple[str, str]:
    """A list item's stable key and the name a reviewer reads."""
    if "kind" in item and "ground" in item:
        key = f"{item['kind']}/{item['ground']}"
        return key, f"{item.get('label') or item['kind']} — {item.get('ground_label') or item['ground']}"
    for name in ("code", "fact", "act", "rule"):
        if item.get(name) is not None:
            return f"{name}={item[name]}", str(item.get("label") or item[name])
    return "", "—"


def _value(key: str, value: Any, owner: dict[str, Any]) -> str:
    if key == "sources":
        return "; ".join(f"{s['act']} п. {s['clause']}" for s in value) or "—"
    if isinstance(value, list):
        return ", ".join(_identity(v)[1] if isinstance(v, dict) else _show(v) for v in value) or "—"
    label = owner.get(f"{key}_label") or (owner.get("label") if key == "code" else None)
    return f"{label} ({value})" if label and value is not None else _show(value)


def _fields(item: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """An item's meaningful fields as readable name → value."""
    result: dict[str, str] = {}
    for key, value in item.items():
        if key in _TEXT or key.endswith("_label"):
            continue
        name = prefix + FIELDS.get(key, key)
        if isinstance(value, dict):
            result |= _fields(value, f"{name}: ")
        else:
            result[name] = _value(key, value, item)
    return result


def items(answer: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    """The answer cut into items: stable key → (name, fields)."""
    result: dict[str, tuple[str, dict[str, str]]] = {}
    seen: dict[str, int] = {}
    for section, title in SECTIONS.items():
        value = answer.get(section)
        if isinstance(value, list):
            for entry in value:
                key, name = _identity(entry) if isinstance(entry, dict) else (str(entry), str(entry))
                fields = _fields(entry) if isinstance(entry, dict) else {}
                # Two items with one identity (say, two duties of the same kind and ground) stay apart.
                key = f"{section}/{key}"
                seen[key] = seen.get(key, 0) + 1
                result[key if seen[key] == 1 else f"{key}#{seen[key]}"] = (f"{title} «{name}»", fields)
        elif isinstance(value, dict):
            result[section] = (title, _fields(value))
        elif value is not None:
            result[section] = (title, {"": _show(value)})
    return result


def _brief(fields: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" if k else v for k, v in fields.items() if k not in ("пункты", "правило")) or "есть"


def compare_answers(before: dict[str, Any] | str, after: dict[str, Any] | str) -> list[Difference]:
    """What differs between two answers (a string stands for a refusal of the input)."""
    if isinstance(before, str) or isinstance(after, str):
        shown_before = before if isinstance(before, str) else "ответ получен"
        shown_after = after if isinstance(after, str) else "ответ получен"
        return [] if before == after else [Difference("Анкета", shown_before, shown_after)]
    old, new = items(before), items(after)
    differences = []
    for key in [*new, *(k for k in old if k not in new)]:
        if key not in old:
            name, fields = new[key]
            differences.append(Difference(name, None, _brief(fields)))
        elif key not in new:
            name, fields = old[key]
            differences.append(Difference(name, _brief(fields), None))
        else:
            name, fields = new[key]
            previous = old[key][1]
            for field_name in [*fields, *(f for f in previous if f not in fields)]:
                if previous.get(field_name) != fields.get(field_name):
                    subject = f"{name}: {field_name}" if field_name else name
                    differences.append(Difference(subject, previous.get(field_name), fields.get(field_name)))
    return differences


def _answer(bundle: Bundle, probe: Probe, on: str) -> dict[str, Any] | str:
    if probe.jurisdiction not in bundle.jurisdictions:
        return f"юрисдикции «{probe.jurisdiction}» нет"
    try:
        return evaluate_with(bundle, plain(probe.profile), probe.jurisdiction, on, None)
    except InputError as exc:
        return "анкета отклонена: " + "; ".join(str(p) for p in exc.problems)


_LISTED_PROBE_ERRORS = 20


def check_file_probes(probes: list[Probe], bundle: Bundle, on: str | None = None) -> None:
    """Profiles from --profiles that the rules as they are refuse (a jurisdiction that does not exist, an impossible
    date, a misspelled field) are the file's errors: answered «refused» on both sides, they would pass as «unchanged»."""
    errors = []
    for probe in probes:
        answer = _answer(bundle, probe, on or probe.on)
        if isinstance(answer, str):
            errors.append(f"{probe.where}: {answer}")
    if errors:
        more = len(errors) - _LISTED_PROBE_ERRORS
        listed = errors[:_LISTED_PROBE_ERRORS] + ([f"…и ещё анкет с ошибками: {more}"] if more > 0 else [])
        raise ProfilesError("анкеты из файла не проверить, исправьте их:\n  " + "\n  ".join(listed))


def measure(impact: Impact, probes: Iterable[Probe], before: Bundle, after: Bundle, dates: tuple[str, str] | None = None) -> Impact:
    """Answer every probe on both sides; keep those whose answers differ."""
    for probe in probes:
        impact.probes += 1
        before_on, after_on = dates or (probe.on, probe.on)
        differences = compare_answers(_answer(before, probe, before_on), _answer(after, probe, after_on))
        if differences:
            impact.changes.append(Change(probe, before_on, after_on, tuple(differences)))
    return impact


def case_probes(cases: list[dict[str, Any]]) -> dict[tuple[str, str], Probe]:
    """Example cases as probes, keyed by jurisdiction and name (the same case on both sides)."""
    result: dict[tuple[str, str], Probe] = {}
    for case in cases:
        at = case["at"]
        where = f"{at.file}:{at.line}" if at else ""
        key = (case["jurisdiction"], case["name"])
        if key in result:  # two cases with one name: keep both, told apart by place
            key = (case["jurisdiction"], f"{case['name']} ({where})")
        result[key] = Probe(case["name"], case["jurisdiction"], case["on"], case["profile"], where)
    return result


def paired_probes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[list[Probe], list[Probe], list[Probe]]:
    """The cases of both sides, each once, and those only one side has (removed, added).

    A case present on both sides uses the newer input. Cases only one side has are still
    answered on both sides: a new example shows what the edit changes for it.
    """
    old, new = case_probes(before), case_probes(after)
    removed = [p for k, p in old.items() if k not in new]
    added = [p for k, p in new.items() if k not in old]
    return [*new.values(), *removed], removed, added


class ProfilesError(Exception):
    """A profiles file that cannot be used; the message names the entry and field, in Russian."""


def file_probes(entries: Any, shown: str) -> list[Probe]:
    """Profiles from a file: a list of {name?, jurisdiction, on, profile} (or {cases: [...]})."""
    entries = plain(entries)
    if isinstance(entries, dict) and "cases" in entries:
        entries = entries["cases"]
    if not isinstance(entries, list):
        raise ProfilesError(f"{shown}: ожидается список анкет вида {{jurisdiction, on, profile, name}}")
    probes = []
    for number, entry in enumerate(entries, start=1):
        at = f"{shown}, анкета №{number}"
        if not isinstance(entry, dict):
            raise ProfilesError(f"{at}: ожидается объект с полями jurisdiction, on, profile")
        unknown = sorted(set(entry) - {"name", "jurisdiction", "on", "profile"})
        if unknown:
            raise ProfilesError(f"{at}: неизвестные поля {', '.join(unknown)}; допустимы name, jurisdiction, on, profile")
        for key in ("jurisdiction", "on"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                hint = "юрисдикция, например ryazan" if key == "jurisdiction" else "дата расчёта ГГГГ-ММ-ДД"
                raise ProfilesError(f"{at}: поле {key} — {hint}")
        probes.append(Probe(str(entry.get("name") or at), entry["jurisdiction"], entry["on"], entry.get("profile") or {}, at))
    return probes
