"""The coverage page: which clauses of each act the rules read, and which examples check each rule."""

from __future__ import annotations

from kb_site.knowledge import Knowledge
from kb_site.links import COVERAGE_PAGE, act_page, clause_anchor, link
from kb_site.markup import cell, text
from kb_site.pages import GeneratedPage
from kb_site.pages.common import clause_name, rule_link

__all__ = ["render_coverage"]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def _acts(kb: Knowledge, page: str) -> list[str]:
    lines = [
        "## Пункты актов",
        "",
        "Сколько пунктов каждого акта прочитано правилами калькулятора. Непрочитанный пункт — не ошибка: "
        "это могут быть общие положения, определения или порядок работы других органов. Но если пункт "
        "устанавливает обязанность, срок или требование, а правила его не читают, калькулятор о нём не знает.",
        "",
        "| Акт | Пунктов | Прочитано правилами | Доля |",
        "|---|---|---|---|",
    ]
    for act in kb.coverage.acts:
        title = text(kb.act_summary(act.act)["short_title"])
        total = len(act.clauses)
        lines.append(f"| [{title}]({link(page, act_page(act.act))}) | {total} | {act.read} | {_percent(act.read, total)} |")
    for act in kb.coverage.acts:
        title = text(kb.act_summary(act.act)["short_title"])
        lines += ["", f"### {title}", "", "| Пункт | Правила, которые его читают |", "|---|---|"]
        for clause, rules in act.clauses:
            name = f"[{text(clause_name(kb, act.act, clause))}]({link(page, act_page(act.act), clause_anchor(clause))})"
            readers = "<br>".join(rule_link(kb, page, rid) for rid in rules) or "не прочитан"
            lines.append(f"| {name} | {readers} |")
    return lines


def _rules(kb: Knowledge, page: str) -> list[str]:
    lines = [
        "## Правила и примеры",
        "",
        "Каждое правило должно проверяться хотя бы одним примером: иначе проверка правил (`lint`) "
        "не проходит и сайт не собирается. Здесь видно, сколько примеров проверяет каждое правило.",
        "",
        "| Правило | Примеров | Примеры |",
        "|---|---|---|",
    ]
    for rid, cases in kb.coverage.rules.items():
        names = [kb.examples[i] for i in cases]
        shown = "<br>".join(f"{cell(e.name)} ({cell(f'{e.file}:{e.line}')})" for e in names[:3])
        if len(names) > 3:
            shown += f"<br>и ещё {len(names) - 3}"
        lines.append(f"| {rule_link(kb, page, rid)} | {len(names)} | {shown} |")
    return lines


def render_coverage(kb: Knowledge) -> GeneratedPage:
    page = COVERAGE_PAGE
    coverage = kb.coverage
    clauses = sum(len(a.clauses) for a in coverage.acts)
    read = sum(a.read for a in coverage.acts)
    checked = sum(1 for cases in coverage.rules.values() if cases)
    lines = [
        "# Покрытие норм правилами и примерами",
        "",
        f"Пунктов в актах: {clauses}, из них прочитано правилами: {read} ({_percent(read, clauses)}). "
        f"Правил: {len(coverage.rules)}, проверено примерами: {checked}. Примеров: {len(kb.examples)}.",
        "",
        "Страница собирается из тех же правил и примеров, что и калькулятор; в командной строке то же "
        "показывает `python -m calculator coverage`.",
        "",
        *_acts(kb, page),
        "",
        *_rules(kb, page),
    ]
    return GeneratedPage(page, "\n".join(lines) + "\n", None)
