"""Example cases: a profile, a date and the expected answer, written by methodologists.

`expect` is compared partially: only the keys it names are checked. Lists
must have the same length and every expected item must match a distinct
actual item (order does not matter). `error: <field path>` expects the input
to be refused for that field. The same comparison serves pytest and lint.
"""

from __future__ import annotations

import datetime
from typing import Any

from calculator.authoring.shapes import Issue
from calculator.authoring.yamlsource import Located, Node, where
from calculator.bundle import Bundle
from calculator.engine import evaluate_with
from calculator.facts import InputError

__all__ = ["CaseResult", "check_cases", "compare", "plain", "run_case"]


def plain(value: Any) -> Any:
    """YAML values as JSON would carry them: dates become ISO strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def compare(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Differences between an expected (partial) answer and an actual one, in Russian."""
    expected = plain(expected)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path or 'ответ'}: ожидался объект, получено {_show(actual)}"]
        diffs: list[str] = []
        for key, value in expected.items():
            diffs += compare(value, actual.get(key), f"{path}.{key}" if path else key)
        return diffs
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: ожидался список, получено {_show(actual)}"]
        if len(expected) != len(actual):
            return [f"{path}: ожидалось элементов {len(expected)}, получено {len(actual)}: {_show(actual)}"]
        free = list(range(len(actual)))
        diffs = []
        for i, item in enumerate(expected):
            match = next((j for j in free if not compare(item, actual[j])), None)
            if match is None:
                near = compare(item, actual[free[0]], f"{path}[{i}]") if free else []
                diffs.append(f"{path}[{i}]: нет подходящего элемента ({'; '.join(near) or _show(item)})")
            else:
                free.remove(match)
        return diffs
    if expected != actual:
        return [f"{path}: ожидалось {_show(expected)}, получено {_show(actual)}"]
    return []


def _show(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[" + ", ".join(_brief(v) for v in value) + "]"
    if isinstance(value, dict):
        return _brief(value)
    return "null" if value is None else repr(value)


def _brief(item: dict[str, Any]) -> str:
    keys = [k for k in ("code", "kind", "ground", "from", "deadline", "status", "act", "clause") if k in item]
    return "{" + ", ".join(f"{k}: {item[k]}" for k in keys) + "}"


class CaseResult:
    __slots__ = ("answer", "differences", "trace")

    def __init__(self, answer: dict[str, Any] | None, differences: list[str], trace: set[str]) -> None:
        self.answer, self.differences, self.trace = answer, differences, trace


def run_case(bundle: Bundle, case: dict[str, Any]) -> CaseResult:
    trace: set[str] = set()
    profile = plain(case["profile"])
    try:
        answer = evaluate_with(bundle, profile, case["jurisdiction"], case["on"], trace)
    except InputError as exc:
        if case.get("error"):
            paths = [p.path for p in exc.problems]
            ok = case["error"] in paths
            return CaseResult(None, [] if ok else [f"ожидалась ошибка в поле {case['error']}, а ошибки в: {', '.join(paths)}"], trace)
        return CaseResult(None, [f"анкета отклонена: {exc}"], trace)
    if case.get("error"):
        return CaseResult(answer, [f"ожидалась ошибка в поле {case['error']}, а ответ получен"], trace)
    return CaseResult(answer, compare(case["expect"], answer), trace)


def check_cases(
    raw_bundle: dict[str, Any], cases: list[dict[str, Any]], rule_nodes: dict[str, tuple[Node, str]]
) -> tuple[list[Issue], list[set[str]]]:
    """Run every case; report failures at the case and rules (or table rows) no case exercises.

    Also returns each case's trace (the rules and table rows it exercised), in case order.
    """
    bundle = Bundle.from_raw(raw_bundle)
    issues: list[Issue] = []
    exercised: set[str] = set()
    traces: list[set[str]] = []
    for case in cases:
        result = run_case(bundle, case)
        traces.append(result.trace)
        exercised |= result.trace
        for difference in result.differences:
            issues.append(Issue(case["at"], f"пример «{case['name']}»: {difference}"))
    for rid, (node, _jid) in rule_nodes.items():
        at: Located | None = where(node, "id")
        if rid not in exercised:
            issues.append(
                Issue(at, f"правило «{rid}» не проверено ни одним примером", "добавьте пример в папку cases/, где это правило срабатывает")
            )
            continue
        rows = (node.get("document") or {}).get("rows") or []
        for i, _row in enumerate(rows, start=1):
            if f"{rid}#{i}" not in exercised:
                issues.append(
                    Issue(
                        where(rows, i - 1),
                        f"строка {i} таблицы правила «{rid}» не проверена ни одним примером",
                        "добавьте пример на границу этой строки",
                    )
                )
    return issues, traces
