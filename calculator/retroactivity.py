"""No retroactive effect: an event before a rule existed gives no duty under that rule.

The project's reading (recorded on the acts and the rules that depend on it):
a duty born of an event (hiring, promotion, attestation, inclusion in a reserve,
a change of activity) arises under an act only if the event happened on or after
the day the act came into force, and, for a rule an amending edition added, on
or after that edition's start. An act of a local government has no retroactive
effect unless it says so, and none of the acts here says so. Where the local rule
does not reach the event, the parent layer's rule (the baseline) may still give
the duty, cited to its own source. The periodic duty ("not less than once in
three years") is a continuing duty, not an event: it is counted from the last
training even when that was before the act.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from calculator.acts import Act
from calculator.dates import ru_date

if TYPE_CHECKING:  # rules.py imports the outcome types, which ask this module
    from calculator.rules import Rule

__all__ = ["rule_starts", "why_not_retroactive"]


def rule_starts(rule: Rule, act: Act) -> date | None:
    """The first day the rule was in force: its act's entry into force, or the first edition that holds it."""
    for edition in act.editions:
        if rule.holds_in(edition.id):
            return edition.start
    return None


def why_not_retroactive(rule: Rule, act: Act, event: date) -> str | None:
    """Why an event gives no duty under this rule (in Russian), or None when the rule reaches it."""
    start = rule_starts(rule, act)
    if start is None or event >= start:
        return None
    first = act.editions[0].start
    if first is not None and event < first:
        when = f"до вступления в силу акта «{act.short_title}» ({ru_date(first)})"
    else:
        when = f"до редакции от {ru_date(start)}, которая ввела это правило"
    return f"событие ({ru_date(event)}) произошло {when}; обратной силы правило не имеет"
