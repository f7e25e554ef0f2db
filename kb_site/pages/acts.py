"""Act pages: status, the full text clause by clause, and beside each clause the rules that read it."""

from __future__ import annotations

from typing import Any

from kb_site.knowledge import Knowledge
from kb_site.links import ACTS_INDEX, act_page, clause_anchor, link
from kb_site.markup import cell, paragraphs, text
from kb_site.pages import GeneratedPage
from kb_site.pages.common import act_status, clause_title, jurisdiction_link, rule_link, status_word
from kb_site.wording import Wording

__all__ = ["render_act", "render_acts_index"]

_CHANGES = {"added": "дополнен", "amended": "изменён", "removed": "исключён"}


def render_act(kb: Knowledge, wording: Wording, act_id: str) -> GeneratedPage:
    act = kb.acts[act_id]
    page = act_page(act_id)
    lines = [f"# {text(act['title'])}", "", act_status(kb, wording, act_id), ""]
    lines += _passport(kb, wording, act, page)
    changed = _changes_by_clause(act)
    lines += ["## Текст акта", ""]
    for clause in act["clauses"]:
        lines += _clause(kb, wording, act_id, clause, changed.get(clause["id"], []), page)
    lines += _editions(wording, act)
    lines += _notes(act)
    return GeneratedPage(page, "\n".join(lines) + "\n", kb.file_of(act.get("file")))


def _passport(kb: Knowledge, wording: Wording, act: dict[str, Any], page: str) -> list[str]:
    rows = [
        ("Вид акта", text(act.get("form") or "")),
        ("Кто принял", text(act.get("issuer") or "")),
        ("Номер", text(act.get("number") or "")),
        ("Дата принятия", wording.day(act["adopted"]) if act.get("adopted") else ""),
        ("Юрисдикция", jurisdiction_link(kb, page, kb.act_summary(act["id"])["jurisdiction"])),
        ("Исходный текст", text(act.get("source") or "")),
        ("Редакции", f"{len(act['editions'])} — см. [историю редакций](#editions)"),
    ]
    return ["| Реквизит | Значение |", "|---|---|", *(f"| {name} | {value or '—'} |" for name, value in rows), ""]


def _changes_by_clause(act: dict[str, Any]) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    result: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for edition in act["editions"]:
        for change in edition.get("changes") or []:
            result.setdefault(change["clause"], []).append((edition, change))
    return result


def _clause(
    kb: Knowledge, wording: Wording, act_id: str, clause: dict[str, Any], changes: list[tuple[dict[str, Any], dict[str, Any]]], page: str
) -> list[str]:
    level = "##" if clause.get("heading") else "###"
    lines = [f"{level} {text(clause_title(clause))} {{ #{clause_anchor(clause['id'])} }}", ""]
    body = paragraphs(clause.get("text"))
    if body:
        lines += [body, ""]
    for edition, change in changes:
        verb = _CHANGES.get(change.get("change", ""), "изменён")
        lines += [
            f'!!! note "Редакция от {wording.day(edition["from"])}: пункт {verb}"',
            f"    {text(change.get('summary') or '')} ({text(edition['by'])})",
            "",
        ]
        if change.get("was"):
            was = paragraphs(change["was"], "kb-was").replace("\n", "\n    ")
            lines += [f"    До {wording.day(edition['from'])} пункт звучал так:", "", f"    {was}", ""]
    readers = kb.readers.get((act_id, clause["id"]), [])
    if readers:
        lines += ['??? info "Как калькулятор применяет этот пункт"']
        for rid in readers:
            rule = kb.rules[rid]
            lines.append(f"    - {rule_link(kb, page, rid)}")
            if rule.get("interpretation"):
                lines += ["", f"        *Толкование:* {text(rule['interpretation'])}", ""]
        lines.append("")
    return lines


def _editions(wording: Wording, act: dict[str, Any]) -> list[str]:
    lines = [
        "## История редакций { #editions }",
        "",
        "| Редакция | Действует с | Каким актом | Что изменилось | Текст в базе |",
        "|---|---|---|---|---|",
    ]
    for edition in act["editions"]:
        changes = "; ".join(
            f"[п. {text(c['clause'])}](#{clause_anchor(c['clause'])}) — {text(c.get('summary') or '')}"
            for c in edition.get("changes") or []
        )
        summary = " ".join(p for p in (text(edition.get("summary") or ""), changes) if p)
        available = "есть" if edition.get("text_available", True) else "нет"
        start = wording.day(edition["from"]) if edition.get("from") else "—"
        lines.append(
            f"| {text(edition['id'])} | {_uncertain(start, edition)} | {cell(edition.get('by') or '')} | {summary or '—'} | {available} |"
        )
    if act.get("repealed"):
        repealed = act["repealed"]
        lines.append(f"| утратил силу | {_uncertain(wording.day(repealed['on']), repealed)} | {cell(repealed.get('by') or '')} | — | — |")
    return [*lines, ""]


def _uncertain(day: str, node: dict[str, Any]) -> str:
    """A start or end date known only as its earliest day: say so beside it, with the project's reading."""
    if not node.get("uncertainty"):
        return day
    return f"не ранее {day}: {cell(node['uncertainty'])}"


def _notes(act: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if act.get("notes"):
        lines += ["## Примечания", "", *(f"- {text(note)}" for note in act["notes"]), ""]
    if act.get("mends"):
        lines += [
            "## Исправления полученного текста",
            "",
            "Текст акта приведён по полученному источнику; явные дефекты исправлены и перечислены здесь.",
            "",
        ]
        for mend in act["mends"]:
            where = f"п. [{text(mend['clause'])}](#{clause_anchor(mend['clause'])}): " if mend.get("clause") else "Весь текст: "
            lines.append(f"- {where}{text(mend['summary'])}")
        lines.append("")
    return lines


def render_acts_index(kb: Knowledge, wording: Wording) -> GeneratedPage:
    page = ACTS_INDEX
    lines = [
        "# Нормативные акты",
        "",
        "Все акты базы: текст по пунктам, редакции и статус. У каждого пункта — ссылка-якорь, на которую ссылаются правила калькулятора.",
        "",
        "| Акт | Юрисдикция | Принят | Статус |",
        "|---|---|---|---|",
    ]
    for act_id, act in kb.acts.items():
        summary = kb.act_summary(act_id)
        status = status_word(wording, summary)
        adopted = wording.day(act["adopted"]) if act.get("adopted") else "—"
        lines.append(
            f"| [{text(act['short_title'] or act['title'])}]({link(page, act_page(act_id))}) | "
            f"{jurisdiction_link(kb, page, summary['jurisdiction'])} | {adopted} | {status} |"
        )
    return GeneratedPage(page, "\n".join(lines) + "\n", None)
