"""What the page's script needs to show an answer: names and addresses, computed at build time.

The answer itself carries codes, labels and explanations; this adds what only the site
knows: the address of each act's clause (its anchor on the act page), each rule's page,
each jurisdiction's page, the short names of acts and their status, and the question
(form field) behind each fact, so «чего не хватает» can link back to the form.
Addresses are relative to the page hosting the calculator, so the site works under any
sub-path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kb_site.browser.form import field_id
from kb_site.knowledge import Knowledge
from kb_site.links import act_page, clause_anchor, jurisdiction_page, rule_page
from kb_site.pages.common import clause_name, status_word
from kb_site.wording import Wording

__all__ = ["calculator_data"]


def calculator_data(kb: Knowledge, url_of: Callable[[str], str]) -> dict[str, Any]:
    """`url_of` turns a page's source path (`acts/x.md`) into an address relative to the calculator page."""
    wording = Wording(kb.facts, kb.codes)
    clauses: dict[str, dict[str, dict[str, str]]] = {}
    # Clauses rules read, and each act's first clause (a warning about the act as a whole cites it).
    cited = [*kb.readers, *((act_id, next(iter(kb.act_summary(act_id)["clauses"]))) for act_id in kb.acts)]
    for act_id, clause_id in cited:
        clauses.setdefault(act_id, {})[clause_id] = {
            "name": clause_name(kb, act_id, clause_id),
            "href": f"{url_of(act_page(act_id))}#{clause_anchor(clause_id)}",
        }
    return {
        "jurisdictions": {jid: {"title": j["title"], "href": url_of(jurisdiction_page(jid))} for jid, j in kb.jurisdictions.items()},
        "acts": {
            act_id: {
                "title": kb.act_summary(act_id)["title"],
                "short": kb.act_summary(act_id)["short_title"],
                "status": status_word(wording, kb.act_summary(act_id)),
                "href": url_of(act_page(act_id)),
            }
            for act_id in kb.acts
        },
        "clauses": clauses,
        "rules": {rid: url_of(rule_page(rid)) for rid in kb.rules},
        "facts": {path: {"label": spec["label"], "field": field_id(path)} for path, spec in kb.facts.items()},
    }
