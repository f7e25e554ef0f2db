"""The build-side half of each outcome type (its YAML shape and checks): `calculator/authoring/outcomes/<type>.py`.

The types and their order are the runtime's registry, `calculator.outcomes.OUTCOMES`:
each registered type's build-side module is found here by its name, so a new type is
registered once, in that table.
"""

from __future__ import annotations

from importlib import import_module

from calculator.authoring.outcomes.base import AuthoredOutcome, Checker, ShapeKit
from calculator.outcomes import OUTCOMES

__all__ = ["AUTHORED", "AuthoredOutcome", "Checker", "ShapeKit"]


def _authored(name: str) -> AuthoredOutcome:
    """`AUTHORED` of the module `<name>.py` beside this one; a missing or misnamed one is a developer's error, said plainly."""
    try:
        module = import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise  # the module is there; something it imports is not
        raise ImportError(f"outcome type {name!r} is registered in calculator/outcomes but has no {__name__}.{name} module") from exc
    found = getattr(module, "AUTHORED", None)
    if not isinstance(found, AuthoredOutcome) or found.name != name:
        raise ImportError(f"{__name__}.{name} must define AUTHORED = AuthoredOutcome({name!r}, shape, check)")
    return found


AUTHORED: dict[str, AuthoredOutcome] = {name: _authored(name) for name in OUTCOMES}
