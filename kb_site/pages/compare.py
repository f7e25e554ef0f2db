"""The comparison page: the same questions answered side by side for every jurisdiction."""

from __future__ import annotations

from kb_site.knowledge import Knowledge
from kb_site.links import COMPARE_PAGE
from kb_site.pages import GeneratedPage
from kb_site.pages.common import citations, jurisdiction_link, rule_link
from kb_site.pages.outcomes import summarize
from kb_site.wording import Wording

__all__ = ["TOPICS", "render_compare"]

# Topics of the comparison and the outcome types that answer them.
TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Обязанность пройти обучение",
        "Кто, когда и какое обучение должен пройти: периодичность, новые служащие, повышение в должности.",
        ("duty",),
    ),
    (
        "Документы по программам",
        "Какой документ и какую итоговую аттестацию даёт программа в зависимости от вида и объёма в часах.",
        ("document",),
    ),
    (
        "Кадровый резерв",
        "Требования к кандидатам (возраст, гражданство, документы), срок нахождения в резерве и рекомендации.",
        ("reserve_blocker", "reserve_term", "reserve_advisory"),
    ),
    (
        "Группы, нагрузка и организация обучения",
        "Предельная численность групп, недельная нагрузка, доля лекций, формы обучения.",
        ("program_check",),
    ),
    (
        "План обучения",
        "Кто не включается в план, кто идёт в первую очередь, кому отдаётся преимущество при обучении за рубежом.",
        ("plan_exclusion", "plan_priority", "abroad_priority"),
    ),
    ("Сроки и календарь", "Ежегодные даты подготовки плана и сроки, которые отсчитываются от событий.", ("date",)),
    ("Рекомендации", "Положения, которые не обязывают, а советуют.", ("advisory",)),
)


# Outcome types whose rules answer one named question each (the question is the code).
_KEYED = {
    "duty": ("ground", "grounds"),
    "reserve_blocker": ("code", "blockers"),
    "program_check": ("code", "checks"),
    "date": ("code", "dates"),
}


def _overview(kb: Knowledge, wording: Wording, page: str) -> list[str]:
    """One row per question (a duty's ground, a reserve requirement, a limit), one column per jurisdiction."""
    jids = list(kb.jurisdictions)
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for jid in jids:
        for rule in kb.in_force(jid):
            keyed = _KEYED.get(rule["type"])
            if keyed is None:
                continue
            key = (rule["type"], rule[rule["type"]].get(keyed[0]) or "")
            cells.setdefault(key, {}).setdefault(jid, []).append(rule_link(kb, page, rule["id"]))
    header = "| Вопрос | " + " | ".join(jurisdiction_link(kb, page, j) for j in jids) + " |"
    intro = "Какое правило отвечает на вопрос в каждой юрисдикции (название правила — его суть); «—» — её акты об этом не говорят."
    lines = ["## Коротко", "", intro, "", header, "|---" * (len(jids) + 1) + "|"]
    for (kind, code), by_jid in cells.items():
        label = wording.code(_KEYED[kind][1], code)
        row = [label[:1].upper() + label[1:]] + ["<br>".join(by_jid.get(j, ["—"])) for j in jids]
        lines.append("| " + " | ".join(row) + " |")
    return [*lines, ""]


def render_compare(kb: Knowledge, wording: Wording) -> GeneratedPage:
    page = COMPARE_PAGE
    lines = [
        "# Сравнение юрисдикций",
        "",
        "Одни и те же вопросы — по каждой юрисдикции, как их решает калькулятор. Таблицы собраны из "
        "правил: в каждой строке — правило, его условие, вывод и пункт акта. Строки с пометкой "
        "«базовое» пришли из общего слоя (Россия) и действуют, пока местный акт их не заменил.",
        "",
        *_overview(kb, wording, page),
        "## Подробно",
        "",
    ]
    for title, intro, kinds in TOPICS:
        lines += [f"### {title}", "", intro, "", "| Юрисдикция | Правило | Когда | Что следует | Основание |", "|---|---|---|---|---|"]
        rows = 0
        for jid in kb.jurisdictions:
            for rule in kb.in_force(jid):
                if rule["type"] not in kinds:
                    continue
                owner = kb.rules[rule["id"]]["jurisdiction"]
                mark = "" if owner == jid else " (базовое)"
                basis = citations(kb, page, rule["sources"])
                lines.append(
                    f"| {jurisdiction_link(kb, page, jid)} | {rule_link(kb, page, rule['id'])}{mark} | "
                    f"{wording.condition_inline(rule.get('when'))} | {summarize(wording, rule)} | {basis} |"
                )
                rows += 1
        if not rows:
            lines.append("| — | нет правил | | | |")
        lines.append("")
    return GeneratedPage(page, "\n".join(lines) + "\n", None)
