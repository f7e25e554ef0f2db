"""Search quality in Russian: realistic queries must find the right page or clause in the top five.

Each query is what a servant or a methodologist would type, inflected as people type it (with
«е» for «ё», numbers, quotes). A query is a hit when one of its targets is among the first five
results a reader sees: pages and clause sections in the order Material shows them, not counting
sections folded under «Ещё N на этой странице». The test prints the hit rate and fails on any
miss, listing what was found instead.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import search

TOP = 5

# query -> acceptable targets (site paths; "acts/x/#p-5.2" is a clause, "rules/r/" a rule page).
QUERIES: dict[str, tuple[str, ...]] = {
    "как часто проходить повышение квалификации": ("rules/russia/periodic_upgrade/", "rules/ryazan/periodic_upgrade/"),
    "повышение квалификации раз в три года": (
        "rules/russia/periodic_upgrade/",
        "rules/ryazan/periodic_upgrade/",
        "acts/ryazan-132-i/#p-5.1",
    ),
    "квалификационные требования": ("rules/izobilnensky/qualification/",),
    "72 часа": ("acts/ryazan-132-i/#p-5.2", "rules/ryazan/upgrade_document/", "rules/ryazan/credit_upgrade_courses/"),
    "программа свыше 72 часов": ("acts/ryazan-132-i/#p-5.3", "acts/ryazan-132-i/#p-5.4", "rules/ryazan/upgrade_document/"),
    "1 сентября": ("rules/ryazan/calendar_proposals/", "acts/ryazan-132-i/#p-8.3"),
    "заявка до 15 сентября": ("rules/ryazan/calendar_request/",),
    "диплом о профессиональной переподготовке": ("rules/ryazan/retraining_document/", "acts/ryazan-132-i/#p-4.7"),
    "переподготовка более 500 часов": ("rules/ryazan/retraining_document/", "acts/ryazan-132-i/#p-4.4"),
    "удостоверение о краткосрочном повышении квалификации": (
        "rules/ryazan/upgrade_document/",
        "rules/ryazan/event_document/",
        "acts/ryazan-132-i/#p-5.5",
    ),
    "семинары и конференции": ("rules/ryazan/event_document/", "acts/ryazan-132-i/#p-5.2"),
    "впервые принятые на муниципальную службу": (
        "rules/ryazan/new_hire_upgrade/",
        "rules/russia/new_hire_upgrade/",
        "acts/ryazan-132-i/#p-2.1.1",
    ),
    "после испытательного срока": ("rules/ryazan/new_hire_upgrade/",),
    "назначение на должность иной группы": ("rules/ryazan/group_promotion_upgrade/", "acts/ryazan-132-i/#p-2.1.1"),
    "возраст кандидата в резерв": ("rules/izobilnensky/age/",),
    "гражданство": ("rules/izobilnensky/citizenship/",),
    "владение государственным языком": ("rules/izobilnensky/state_language/",),
    "судимость": ("rules/izobilnensky/criminal_record/",),
    "срок нахождения в резерве": ("rules/izobilnensky/term/",),
    "30 дней подача документов": ("rules/izobilnensky/late_documents/",),
    "индивидуальный план кандидата": ("rules/izobilnensky/individual_plan/",),
    "отпуск по уходу за ребенком": ("rules/ryazan/exclusion_childcare/",),
    "беременность и роды": ("rules/ryazan/exclusion_maternity/",),
    "обучение за рубежом": ("rules/ryazan/abroad_priority/", "acts/ryazan-132-i/#p-7.3"),
    "не более 25 человек в группе": ("rules/kaluga/study_group_size/",),
    "доля лекций": ("rules/ryazan/check_lecture_share/",),
    "с отрывом от службы": (
        "rules/ryazan/check_full_release_classroom/",
        "rules/ryazan/check_full_release_total/",
        "rules/ryazan/check_abroad_release/",
    ),
    "зачет курсов": ("rules/ryazan/credit_upgrade_courses/",),
    "смена вида деятельности переподготовка": ("rules/ryazan/activity_change_retraining/",),
    "«круглый стол»": ("acts/kyrgyzstan-round-table-2023/",),
    "государственный план 15 процентов": ("rules/kaluga/state_plan_reserve/",),
    "утратил силу": ("acts/ryazan-132-i/", "acts/izobilnensky-78-reserve/"),
    "пункт 5.2": ("acts/ryazan-132-i/#p-5.2",),
    "словарь фактов": ("reference/facts/",),
}


def _hit(found: list[str], targets: tuple[str, ...]) -> bool:
    return any(path in targets for path in found[:TOP])


@pytest.fixture(scope="module")
def outcomes(search_page):
    """Run every query once; path lists are kept for the report."""
    return {query: _shown(search(search_page, query, limit=TOP)) for query in QUERIES}


def _shown(results) -> list[str]:
    return [r["path"] for r in results if not r["more"]]


def test_every_query_finds_its_page_or_clause_in_the_top_five(outcomes, capsys):
    misses = {q: found[:TOP] for q, found in outcomes.items() if not _hit(found, QUERIES[q])}
    hits = len(QUERIES) - len(misses)
    with capsys.disabled():
        print(f"\nКачество поиска: {hits} из {len(QUERIES)} запросов ({hits / len(QUERIES):.0%}) находят нужное в первых {TOP}.")
    report = "\n".join(f"  {q!r}: ждали {QUERIES[q]}, нашлось {found}" for q, found in misses.items())
    assert not misses, f"промахи поиска ({len(misses)}):\n{report}"


def test_inflected_forms_find_the_same_pages(outcomes, search_page):
    """The reason for the stemming: other forms of a word give the same first result."""
    for query, variant in (
        ("судимость", "судимости"),
        ("гражданство", "гражданства"),
        ("доля лекций", "доли лекций"),
        ("72 часа", "72 часов"),
    ):
        assert outcomes[query][:1] == _shown(search(search_page, variant, limit=1))[:1], (query, variant)


def test_yo_and_ye_are_the_same_letter(search_page):
    assert _shown(search(search_page, "зачёт курсов", limit=1))[:1] == _shown(search(search_page, "зачет курсов", limit=1))[:1]
