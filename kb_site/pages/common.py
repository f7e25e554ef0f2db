"""Pieces several generated pages share: citations, status notes, rule lists."""

from __future__ import annotations

from typing import Any

from kb_site.knowledge import Knowledge
from kb_site.links import act_page, clause_anchor, jurisdiction_page, link, rule_page
from kb_site.markup import text
from kb_site.wording import Wording

__all__ = [
    "FACT_GROUPS",
    "OUTCOME_LABELS",
    "act_status",
    "citation",
    "citations",
    "clause_name",
    "clause_title",
    "jurisdiction_link",
    "rule_link",
    "status_word",
]

# Outcome types as a reader would name them, in the order pages list them.
OUTCOME_LABELS: dict[str, str] = {
    "duty": "Обязанность пройти обучение",
    "plan_exclusion": "Исключение из плана обучения",
    "plan_priority": "Очерёдность в плане обучения",
    "abroad_priority": "Обучение за рубежом",
    "document": "Документ по программе",
    "program_check": "Требование к программе и её организации",
    "reserve_blocker": "Требование к кандидату в резерв",
    "reserve_advisory": "Рекомендация для резерва",
    "reserve_term": "Срок нахождения в резерве",
    "date": "Срок или дата",
    "advisory": "Рекомендация",
}

# Sections of the calculator's form (`group` in facts.yaml), in the order the form asks them.
FACT_GROUPS: dict[str | None, str] = {
    "training": "Обучение",
    "document": "Документ по программе",
    "reserve": "Кадровый резерв",
    "organiser": "Организация обучения",
    None: "Прочее",
}

_UNNUMBERED = {"preamble": "Преамбула", "signature": "Подпись", "title": "Заголовок"}


def clause_title(clause: dict[str, Any]) -> str:
    """How a clause is named on its act page: «II. Основания…», «Пункт 5.2», «Преамбула»."""
    label = (clause.get("label") or "").strip()
    heading = (clause.get("heading") or "").strip()
    if label and heading:
        return f"{label} {heading}"
    if heading:
        return heading
    if label:
        return f"{label.rstrip('.')}" if label.startswith(("Часть", "Раздел")) else f"Пункт {label.rstrip('.')}"
    return _UNNUMBERED.get(clause["id"], f"Пункт {clause['id']}")


def clause_name(kb: Knowledge, act_id: str, clause_id: str) -> str:
    """A clause as a citation names it: «п. 5.2», «Преамбула», «III. Порядок…»."""
    clause = next((c for c in kb.acts[act_id]["clauses"] if c["id"] == clause_id), {"id": clause_id, "label": "", "heading": ""})
    name = clause_title(clause)
    return "п. " + name[len("Пункт ") :] if name.startswith("Пункт ") else name


def citation(kb: Knowledge, page: str, act_id: str, clause_id: str, with_act: bool = True) -> str:
    """A link to one clause: «п. 5.2 Положения …» pointing at the clause's anchor."""
    name = clause_name(kb, act_id, clause_id)
    act = kb.act_summary(act_id)
    shown = f"{name} — {act['short_title']}" if with_act else name
    return f"[{text(shown)}]({link(page, act_page(act_id), clause_anchor(clause_id))})"


def citations(kb: Knowledge, page: str, sources: list[dict[str, str]]) -> str:
    """Several clauses, grouped by act: «п. 3.1, п. 3.2 — Общая практика…»."""
    by_act: dict[str, list[str]] = {}
    for source in sources:
        by_act.setdefault(source["act"], []).append(citation(kb, page, source["act"], source["clause"], with_act=False))
    return "<br>".join(f"{', '.join(links)} — {text(kb.act_summary(act)['short_title'])}" for act, links in by_act.items())


def rule_link(kb: Knowledge, page: str, rid: str) -> str:
    return f"[{text(kb.rules[rid]['title'])}]({link(page, rule_page(rid))})"


def jurisdiction_link(kb: Knowledge, page: str, jid: str) -> str:
    return f"[{text(kb.jurisdictions[jid]['title'])}]({link(page, jurisdiction_page(jid))})"


def status_word(wording: Wording, act: dict[str, Any]) -> str:
    """The act's status in a few words, for lists and tables."""
    if not act["binding"]:
        return "рекомендация, не норма"
    if act.get("repealed"):
        return f"утратил силу {wording.day(act['repealed']['on'])}"
    return "действует"


def act_status(kb: Knowledge, wording: Wording, act_id: str) -> str:
    """An admonition stating whether the act is in force, repealed, or only a recommendation."""
    act = kb.act_summary(act_id)
    editions = act["editions"]
    shown = next((e for e in reversed(editions) if e.get("text_available", True)), editions[-1])
    edition = f"Текст показан в редакции от {wording.day(shown['from'])} ({text(shown['by'])})."
    if not act["binding"]:
        return (
            '!!! info "Рекомендация, не норма"\n'
            "    Документ не является нормативным актом: его положения — рекомендации. "
            f"Калькулятор показывает их как советы и никогда — как обязанности. {edition}"
        )
    if act["status"] == "repealed" and act.get("repealed"):
        repealed = act["repealed"]
        return (
            f'!!! warning "Утратил силу {wording.day(repealed["on"])}"\n'
            f"    Акт утратил силу {wording.day(repealed['on'])}: {text(repealed['by'])}. "
            "На даты с этого дня калькулятор отвечает по последней редакции акта и предупреждает, "
            f"что акт утратил силу. {edition}"
        )
    return f'!!! success "Действует"\n    Акт действует. {edition}'
