"""The browser's way in: one JSON request, one JSON reply, the same `evaluate` as the command.

The page's Web Worker runs this module in Pyodide. JS objects do not become Python
arguments on their own, so the worker exchanges strings: a request
`{"profile": {...}, "jurisdiction": "ryazan", "on": "2010-06-01"}` gives either
`{"answer": {...}}` (exactly what `python -m calculator evaluate` prints) or
`{"error": "<the command's stderr text>", "problems": [{"path": ..., "message": ...}]}`,
so the page can put each message next to its field.

A value a script passes that JSON cannot carry (NaN, a BigInt, a Date, undefined...) comes as a
mark, `{"\u0000kb:js": "<its name>"}`, written by kb_site/assets/calculator.js: NaN and ±Infinity
are read back as Python's nan and ±inf (what the command reads from the JSON words `NaN`,
`Infinity`), any other as an `UnrepresentableValue`; the engine refuses each by its field.

The planning page works the same way with a staff list: the worker writes the file into
Pyodide's own file system (it never leaves the browser), `plan` reads it with the same
`calculator.planning` as `python -m calculator plan` and keeps the plan for `plan_export`,
which writes the XLSX or CSV the page then offers for download.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calculator import Answer, evaluate
from calculator.bundle import load_bundle
from calculator.facts import InputError, Problem, UnrepresentableValue

__all__ = ["handle", "plan", "plan_export", "warm"]


def warm() -> int:
    """Load the rules once, before the first question; returns how many jurisdictions there are."""
    return len(load_bundle().jurisdictions)


# The key of a mark for a script's value JSON cannot carry; kb_site/assets/calculator.js writes it.
JAVASCRIPT_MARK = "\u0000kb:js"
_NON_FINITE = ("NaN", "Infinity", "-Infinity")


def _request(request_json: str) -> Any:
    """A request from the page, its marks read back as the values they stand for."""
    return json.loads(request_json, object_hook=_unmarked)


def _unmarked(decoded: dict[str, Any]) -> Any:
    if len(decoded) != 1 or JAVASCRIPT_MARK not in decoded:
        return decoded
    name = str(decoded[JAVASCRIPT_MARK])
    return float(name) if name in _NON_FINITE else UnrepresentableValue(name)


def handle(request_json: str) -> str:
    """Evaluate one request; never raises (an unexpected failure is a reply too)."""
    try:
        reply: dict[str, Any] = {"answer": _evaluate(request_json)}
    except InputError as exc:
        reply = {"error": exc.report(), "problems": [{"path": p.path, "message": p.message} for p in exc.problems]}
    except Exception as exc:  # the worker must answer every request, or the page would wait forever
        reply = {"error": _internal_error(exc), "problems": []}
    return json.dumps(reply, ensure_ascii=False)


def _evaluate(request_json: str) -> Answer:
    try:
        request = _request(request_json)
    except (json.JSONDecodeError, RecursionError):
        raise InputError([Problem("", "запрос к калькулятору — не JSON")]) from None
    if not isinstance(request, dict):
        raise InputError([Problem("", "запрос к калькулятору должен быть объектом {profile, jurisdiction, on}")])
    # Any: evaluate checks each of them and names what is wrong (a missing profile included).
    profile: Any = request.get("profile")
    jurisdiction: Any = request.get("jurisdiction")
    on: Any = request.get("on")
    return evaluate(profile, jurisdiction, on)


_last_plan: dict[str, Any] = {}  # the plan the page shows, for its downloads


def plan(path: str, request_json: str, progress: Callable[[int, int], None] | None = None) -> str:
    """Plan the staff list at `path`: `{"plan": ...}` (people cut to `preview`, the rest only counted) or `{"error": ...}`.

    The request: `{"filename", "jurisdiction", "year", "quota", "preview"}`; `preview: null` returns every person.
    """
    from calculator.planning import PlanError, StaffFileError, plan_file

    _last_plan.clear()
    try:
        request = _request(request_json)
        result = plan_file(
            Path(path).read_bytes(),
            str(request.get("filename") or ""),
            request.get("jurisdiction"),
            request.get("year"),
            quota=request.get("quota"),
            progress=progress,
        )
    except (StaffFileError, PlanError) as exc:
        return json.dumps({"error": str(exc)}, ensure_ascii=False)
    except Exception as exc:  # the page must always get an answer
        return json.dumps({"error": _internal_error(exc)}, ensure_ascii=False)
    _last_plan.update(result)
    preview = request.get("preview")
    view = dict(result)
    view["people_total"] = len(result["people"])
    if isinstance(preview, int):
        view["people"] = result["people"][:preview]
    return json.dumps({"plan": view}, ensure_ascii=False)


def plan_export(kind: str, path: str) -> int:
    """Write the last plan as `kind` ("xlsx" or "csv") to `path`; returns the number of bytes (0 if there is no plan)."""
    from calculator.planning import plan_csv, plan_xlsx

    if not _last_plan:
        return 0
    data = plan_xlsx(_last_plan) if kind == "xlsx" else plan_csv(_last_plan)
    Path(path).write_bytes(data)
    return len(data)


def _internal_error(exc: Exception) -> str:
    return f"Внутренняя ошибка калькулятора ({type(exc).__name__}: {exc}). Сообщите о ней разработчикам."
