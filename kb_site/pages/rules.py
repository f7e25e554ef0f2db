"""Rule pages: the explanation, the clause it rests on, its condition and outcome, and the examples."""

from __future__ import annotations

import json
from typing import Any

from kb_site.knowledge import Example, Knowledge
from kb_site.links import RULES_INDEX, link, rule_page
from kb_site.markup import paragraphs, text
from kb_site.pages import GeneratedPage, code_block
from kb_site.pages.common import OUTCOME_LABELS, act_status, citation, jurisdiction_link, rule_link
from kb_site.pages.outcomes import describe
from kb_site.wording import Wording

__all__ = ["effective_rule", "render_rule", "render_rules_index"]


def effective_rule(kb: Knowledge, rid: str) -> dict[str, Any]:
    """The rule as the calculator applies it in its own jurisdiction (a refinement merged with its base)."""
    rule = kb.rules[rid]
    return next((r for r in kb.in_force(rule["jurisdiction"]) if r["id"] == rid), rule)


def render_rule(kb: Knowledge, wording: Wording, rid: str) -> GeneratedPage:
    rule = kb.rules[rid]
    applied = effective_rule(kb, rid)
    page = rule_page(rid)
    jid = rule["jurisdiction"]
    lines = [
        f"# {text(rule['title'])}",
        "",
        f"{OUTCOME_LABELS.get(rule['type'], text(rule['type']))} · {jurisdiction_link(kb, page, jid)} · правило `{rid}`",
        "",
        paragraphs(rule["explanation"]),
        "",
        "## Основание { #basis }",
        "",
    ]
    lines += [f"- {citation(kb, page, s['act'], s['clause'])}" for s in applied["sources"]]
    lines += ["", _editions_line(kb, wording, rule), ""]
    act = kb.act_summary(rule["act"])
    if act["status"] == "repealed" or not act["binding"]:
        lines += [act_status(kb, wording, rule["act"]), ""]
    for key, verb in (("refines", "Уточняет"), ("replaces", "Заменяет")):
        if rule.get(key):
            base = kb.rules[rule[key]]
            lines += [
                f"{verb} правило базового слоя {rule_link(kb, page, rule[key])} "
                f"({text(kb.jurisdictions[base['jurisdiction']]['title'])})"
                + (
                    ": берёт его условия и выводы и меняет только указанное здесь."
                    if key == "refines"
                    else ": то правило здесь не применяется."
                ),
                "",
            ]
    if rule.get("interpretation"):
        lines += [
            "## Толкование { #interpretation }",
            "",
            '!!! note "Как понято неясное место"',
            "",
            _indent(paragraphs(rule["interpretation"])),
            "",
        ]
    lines += ["## Когда применяется { #when }", ""]
    lines += wording.condition(applied.get("when")) or ["Всегда: условий нет."]
    lines += ["", "## Что следует { #outcome }", "", *describe(wording, applied)]
    lines += _examples(kb, wording, rid)
    return GeneratedPage(page, "\n".join(lines) + "\n", kb.rule_file(rid))


def _indent(block: str) -> str:
    return "\n".join("    " + line if line else "" for line in block.splitlines())


def _editions_line(kb: Knowledge, wording: Wording, rule: dict[str, Any]) -> str:
    editions = rule.get("editions")
    if not editions:
        return "Действует во всех редакциях акта."
    known = {e["id"]: e for e in kb.act_summary(rule["act"])["editions"]}
    listed = ", ".join(f"от {wording.day(known[e]['from'])}" for e in editions if e in known)
    return f"Действует только в редакциях акта {listed}: для более ранних дат калькулятор его не применяет."


def _examples(kb: Knowledge, wording: Wording, rid: str) -> list[str]:
    examples = kb.shown_by.get(rid, [])
    if not examples:
        return []
    lines = [
        "## Примеры { #examples data-search-exclude }",
        "",
        f"Примеры из `rules/` ({len(examples)}), в которых срабатывает это правило; "
        "каждый проверяется при сборке: калькулятор должен дать ожидаемый ответ.",
        "",
    ]
    for example in examples:
        lines += _example(wording, example)
    return lines


def _example(wording: Wording, example: Example) -> list[str]:
    heading = f'??? example "{_quoted(example.name)} — на {wording.day(example.on)}"'
    body = [
        f"Анкета ({text(example.jurisdiction)}):",
        "",
        code_block(json.dumps(example.profile, ensure_ascii=False, indent=2), "json"),
        "",
    ]
    if example.error:
        body += [f"Ожидается отказ с ошибкой в поле `{example.error}`."]
    else:
        expected = json.dumps(example.expect, ensure_ascii=False, indent=2)
        body += ["Ожидаемое в ответе (проверяются только названные поля):", "", code_block(expected, "json")]
    body += ["", f"Файл: `{example.file}`, строка {example.line}."]
    return [heading, "", *("    " + line if line else "" for line in "\n".join(body).splitlines()), ""]


def _quoted(value: str) -> str:
    """A title inside an admonition's double quotes: no quote may end it early."""
    return text(value).replace('"', "«")


def render_rules_index(kb: Knowledge) -> GeneratedPage:
    page = RULES_INDEX
    lines = [
        "# Правила калькулятора",
        "",
        "Каждое правило — одна норма акта, записанная так, чтобы её мог применить калькулятор: "
        "условие, вывод, пункт акта, на котором он основан, и примеры.",
        "",
    ]
    for jid, jurisdiction in kb.jurisdictions.items():
        rules = kb.rules_of(jid)
        if not rules:
            continue
        lines += [f"## {text(jurisdiction['title'])}", "", "| Правило | Что решает | Основание |", "|---|---|---|"]
        for rule in rules:
            first = rule["sources"][0] if rule["sources"] else None
            basis = citation(kb, page, first["act"], first["clause"], with_act=False) if first else "—"
            lines.append(
                f"| [{text(rule['title'])}]({link(page, rule_page(rule['id']))}) | {OUTCOME_LABELS.get(rule['type'], rule['type'])} | {basis} |"
            )
        lines.append("")
    return GeneratedPage(page, "\n".join(lines) + "\n", None)
