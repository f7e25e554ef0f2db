"""Jurisdiction pages: its acts and every rule the calculator applies there, own or inherited."""

from __future__ import annotations

from kb_site.knowledge import Knowledge
from kb_site.links import JURISDICTIONS_INDEX, act_page, jurisdiction_page, link
from kb_site.markup import paragraphs, text
from kb_site.pages import GeneratedPage
from kb_site.pages.common import OUTCOME_LABELS, jurisdiction_link, rule_link, status_word
from kb_site.pages.outcomes import summarize
from kb_site.wording import Wording

__all__ = ["render_jurisdiction", "render_jurisdictions_index"]


def render_jurisdiction(kb: Knowledge, wording: Wording, jid: str) -> GeneratedPage:
    jurisdiction = kb.jurisdictions[jid]
    page = jurisdiction_page(jid)
    lines = [f"# {text(jurisdiction['title'])}", "", paragraphs(jurisdiction.get("description")), ""]
    chain = kb.chain(jid)
    if len(chain) > 1:
        layers = " → ".join(jurisdiction_link(kb, page, j) for j in chain[1:])
        lines += [f"Базовый слой: {layers}. Местные правила заменяют или уточняют базовые; остальные базовые действуют как есть.", ""]
    lines += ["## Акты", ""]
    for layer in chain:
        for act_id in kb.bundle["jurisdictions"][layer]["acts"]:
            act = kb.act_summary(act_id)
            lines.append(f"- [{text(act['title'])}]({link(page, act_page(act_id))}) — {status_word(wording, act)}")
    lines += ["", "## Правила, которые применяет калькулятор", ""]
    in_force = kb.in_force(jid)
    for kind, label in OUTCOME_LABELS.items():
        rules = [r for r in in_force if r["type"] == kind]
        if not rules:
            continue
        lines += [f"### {label}", "", "| Правило | Суть | Слой |", "|---|---|---|"]
        for rule in rules:
            owner = kb.rules[rule["id"]]["jurisdiction"]
            layer = "местное" if owner == jid else text(kb.jurisdictions[owner]["title"])
            if rule.get("base"):
                layer += " (уточняет базовое)"
            lines.append(f"| {rule_link(kb, page, rule['id'])} | {summarize(wording, rule)} | {layer} |")
        lines.append("")
    return GeneratedPage(page, "\n".join(lines) + "\n", kb.file_of(jurisdiction.get("file")))


def render_jurisdictions_index(kb: Knowledge) -> GeneratedPage:
    page = JURISDICTIONS_INDEX
    lines = [
        "# Муниципалитеты и регионы",
        "",
        "Юрисдикция — набор актов и правил, по которым калькулятор отвечает. "
        "Местная юрисдикция наслаивается на базовую (общую практику России) и заменяет или уточняет её правила.",
        "",
        "| Юрисдикция | Акты | Правил (своих / всего) |",
        "|---|---|---|",
    ]
    for jid, jurisdiction in kb.jurisdictions.items():
        acts = ", ".join(
            f"[{text(kb.act_summary(a)['short_title'])}]({link(page, act_page(a))})" for a in kb.bundle["jurisdictions"][jid]["acts"]
        )
        own, total = len(kb.rules_of(jid)), len(kb.in_force(jid))
        lines.append(f"| [{text(jurisdiction['title'])}]({link(page, jurisdiction_page(jid))}) | {acts or '—'} | {own} / {total} |")
    return GeneratedPage(page, "\n".join(lines) + "\n", None)
