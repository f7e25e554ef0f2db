"""The outcome types: one registry (runtime), its build-side halves found by name, each type doing its part."""

from __future__ import annotations

from calculator.authoring.outcomes import AUTHORED
from calculator.bundle import Bundle
from calculator.outcomes import OUTCOMES
from calculator.rules import OUTCOME_TYPES


def test_every_registered_outcome_type_has_its_build_side_half() -> None:
    assert tuple(AUTHORED) == tuple(OUTCOMES) == OUTCOME_TYPES
    assert all(AUTHORED[name].name == name and OUTCOMES[name].name == name for name in OUTCOMES)


def test_every_outcome_type_adds_something_to_an_answer() -> None:
    """A type that neither fills a part of the answer nor adds to the reserve would be compiled and never told."""
    idle = [o.name for o in OUTCOMES.values() if o.fill is None and o.collect is None]
    assert not idle


def test_every_rule_in_the_rules_is_of_a_registered_type(bundle: Bundle) -> None:
    kinds = {rule.type for j in bundle.jurisdictions.values() for rule in j.rules}
    assert kinds <= set(OUTCOMES)
    assert {"duty", "document", "reserve_blocker"} <= kinds
