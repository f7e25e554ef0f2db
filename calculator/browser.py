"""The browser's way in: one JSON request, one JSON reply, the same `evaluate` as the command.

The page's Web Worker runs this module in Pyodide. JS objects do not become Python
arguments on their own, so the worker exchanges strings: a request
`{"profile": {...}, "jurisdiction": "ryazan", "on": "2010-06-01"}` gives either
`{"answer": {...}}` (exactly what `python -m calculator evaluate` prints) or
`{"error": "<the command's stderr text>", "problems": [{"path": ..., "message": ...}]}`,
so the page can put each message next to its field.
"""

from __future__ import annotations

import json
from typing import Any

from calculator import evaluate
from calculator.bundle import load_bundle
from calculator.facts import InputError, Problem

__all__ = ["handle", "warm"]


def warm() -> int:
    """Load the rules once, before the first question; returns how many jurisdictions there are."""
    return len(load_bundle().jurisdictions)


def handle(request_json: str) -> str:
    """Evaluate one request; never raises (an unexpected failure is a reply too)."""
    try:
        reply: dict[str, Any] = {"answer": _evaluate(request_json)}
    except InputError as exc:
        reply = {"error": exc.report(), "problems": [{"path": p.path, "message": p.message} for p in exc.problems]}
    except Exception as exc:  # the worker must answer every request, or the page would wait forever
        reply = {"error": f"Внутренняя ошибка калькулятора ({type(exc).__name__}: {exc}). Сообщите о ней разработчикам.", "problems": []}
    return json.dumps(reply, ensure_ascii=False)


def _evaluate(request_json: str) -> dict[str, Any]:
    try:
        request = json.loads(request_json)
    except (json.JSONDecodeError, RecursionError):
        raise InputError([Problem("", "запрос к калькулятору — не JSON")]) from None
    if not isinstance(request, dict):
        raise InputError([Problem("", "запрос к калькулятору должен быть объектом {profile, jurisdiction, on}")])
    return evaluate(request.get("profile"), request.get("jurisdiction"), request.get("on"))
