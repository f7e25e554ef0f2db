"""The production calendar (rules/calendar): what the decrees say, cross-checked, refused when broken, and used.

Days below are taken from the decrees' wording, not from the data files: e.g. «перенести выходной
день с субботы 27 февраля на понедельник 22 февраля» (2010), «с понедельника 25 февраля на
пятницу 10 мая» (2013, after art. 112 part 2 had moved Saturday 23 February to Monday 25).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest

from calculator.working_days import ProductionCalendar
from tests.test_lint import mutate, problems, rules_copy  # noqa: F401  (rules_copy is a fixture)

FIRST, LAST = 2008, 2027


@pytest.fixture(scope="module")
def calendar(compiled) -> ProductionCalendar:
    return ProductionCalendar(compiled.bundle["calendar"])


def test_every_year_from_2008_to_2027_is_in_the_bundle(compiled):
    assert sorted(int(y) for y in compiled.bundle["calendar"]) == list(range(FIRST, LAST + 1))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2010, 2, 27), True),  # Saturday made a working day by the 2010 decree
        (dt.date(2010, 2, 22), False),  # ...for Monday 22 February
        (dt.date(2010, 1, 6), False),  # Saturday 2 January (a holiday) moved by art. 112 part 2
        (dt.date(2010, 1, 11), True),
        (dt.date(2013, 2, 25), True),  # moved there from Saturday 23 February, then on to 10 May
        (dt.date(2013, 5, 10), False),
        (dt.date(2014, 3, 10), False),  # Saturday 8 March 2014 -> Monday 10 March (art. 112 part 2)
        (dt.date(2020, 4, 1), True),  # the presidential "non-working days" of 2020 are not in the calendar
        (dt.date(2024, 11, 2), True),  # Saturday made working for Tuesday 30 April
        (dt.date(2024, 4, 30), False),
        (dt.date(2024, 12, 31), False),  # Sunday 7 January 2024 moved to Tuesday 31 December
        (dt.date(2025, 11, 1), True),
        (dt.date(2025, 11, 3), False),
        (dt.date(2026, 1, 9), False),
    ],
)
def test_days_the_decrees_name(calendar, day, working):
    assert calendar.is_working(day) is working


def test_a_deadline_on_a_non_working_day_moves_to_the_next_working_day(calendar):
    moved = calendar.next_working(dt.date(2024, 12, 31))  # then the New Year holidays to 8 January
    assert (moved.day, moved.known) == (dt.date(2025, 1, 9), True)
    assert calendar.next_working(dt.date(2010, 7, 31)).day == dt.date(2010, 8, 2)  # a Saturday
    assert calendar.next_working(dt.date(2010, 7, 30)).day == dt.date(2010, 7, 30)  # a working Friday stays


def test_outside_the_calendar_the_nominal_date_stays_unchecked(calendar):
    for day in (dt.date(2007, 12, 29), dt.date(2028, 1, 1), dt.date(2027, 12, 31) + dt.timedelta(days=1)):
        moved = calendar.next_working(day)
        assert (moved.day, moved.known) == (day, False)
    # 31.12.2027 is a day off (Sunday 3 January 2027 moved there): the next working day is in 2028, not covered
    assert calendar.next_working(dt.date(2027, 12, 31)).known is False


# holidays 0.108 has no 10.03.2014, which the 2014 calendar has: 8 March 2014 was a Saturday, so the day
# off moved to Monday 10 March by art. 112 part 2 (8-10 March non-working, as the decree N 444 of
# 28.05.2013 and its official summaries list). Every other difference would be a mistake on one side.
KNOWN_DIFFERENCES = {dt.date(2014, 3, 10)}


@pytest.mark.parametrize("year", range(FIRST, LAST + 1))
def test_the_calendar_agrees_with_the_holidays_package(calendar, year):
    other = holidays.RU(years=year)
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)]
    ours_off = {d for d in days if d.weekday() < 5 and not calendar.is_working(d)}
    theirs_off = {d for d in other if d.weekday() < 5}
    assert ours_off ^ theirs_off <= KNOWN_DIFFERENCES
    assert {d for d in days if d.weekday() >= 5 and calendar.is_working(d)} == set(other.weekend_workdays)


CAL = "calendar/2010.yaml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - 2010-11-04\n", "  - 2011-11-04\n", "праздничный день 04.11.2011 — вне 2010 года"),
        ("  - 2010-11-04\n", "  - 2010-06-12\n", "праздничный день 12.06.2010 записан дважды"),
        ("{from: 2010-02-27, to: 2010-02-22,", "{from: 2010-02-27,", "перенос без пары: не указано «to»"),
        ("{from: 2010-02-27, to: 2010-02-22,", "{to: 2010-02-22,", "перенос без пары: не указано «from»"),
        ("{from: 2010-02-27, to: 2010-02-22,", "{from: 2010-02-27, to: 2010-02-23,", "этот день и так праздничный"),
        ("{from: 2010-11-13, to: 2010-11-05,", "{from: 2010-02-27, to: 2010-11-05,", "перенос с 27.02.2010 записан дважды"),
        ("year: 2010", "year: 2011", "год 2011 не совпадает с именем файла «2010.yaml»"),
    ],
)
def test_lint_refuses_a_broken_calendar_file_at_its_line(rules_copy: Path, old, new, expected):  # noqa: F811
    line = mutate(rules_copy, CAL, old, new)
    found = [p for p in problems(rules_copy) if expected in p]
    assert found, problems(rules_copy)
    assert found[0].startswith(f"rules/{CAL}:{line}:")


def test_a_new_year_is_added_without_code(rules_copy: Path):  # noqa: F811
    from calculator.authoring.compiler import compile_rules

    (rules_copy / "calendar" / "2028.yaml").write_text(
        'year: 2028\ndecrees: ["Постановление Правительства РФ «О переносе выходных дней в 2028 году» (пример)"]\n'
        "holidays: [2028-01-01, 2028-01-07]\ntransfers:\n  - {from: 2028-01-01, to: 2028-01-10, by: пример}\n",
        encoding="utf-8",
    )
    result = compile_rules(rules_copy, run_cases=False)
    assert result.issues == []
    calendar = ProductionCalendar(result.bundle["calendar"])
    assert calendar.next_working(dt.date(2028, 1, 8)).day == dt.date(2028, 1, 11)  # Saturday, Sunday, then Monday 10 moved off


def test_a_duty_whose_rule_says_its_term_moves_shows_both_dates_and_the_article(rules_copy: Path):  # noqa: F811
    from calculator.authoring.compiler import compile_rules
    from calculator.bundle import Bundle
    from calculator.engine import evaluate_with

    mutate(
        rules_copy,
        "ryazan/rules/training.yaml",
        "    refines: russia.new_hire_upgrade\n",
        "    refines: russia.new_hire_upgrade\n    working_days: next\n",
    )
    bundle = Bundle.from_raw(compile_rules(rules_copy, run_cases=False).bundle)
    # hired 15.01.2010: the first year ends on Saturday 15.01.2011
    answer = evaluate_with(bundle, {"service_start": "2010-01-15"}, "ryazan", "2011-01-16")
    new_hire = next(t for t in answer["trainings"] if t["ground"] == "new_hire")
    assert (new_hire["deadline"], new_hire["deadline_nominal"], new_hire["status"]) == ("2011-01-17", "2011-01-15", "due")
    assert new_hire["deadline_article"] == "ст. 193 ГК РФ, ч. 4 ст. 14 ТК РФ"


def test_the_real_rules_keep_training_terms_unmoved(bundle):
    from calculator.engine import evaluate_with

    # working_days: none on russia.new_hire_upgrade: the first year ending on Saturday 15.01.2011 stays, overdue on Sunday
    answer = evaluate_with(bundle, {"service_start": "2010-01-15"}, "ryazan", "2011-01-16")
    new_hire = next(t for t in answer["trainings"] if t["ground"] == "new_hire")
    assert (new_hire["deadline"], new_hire["status"]) == ("2011-01-15", "overdue")
    assert "deadline_nominal" not in new_hire
