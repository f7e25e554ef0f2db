"""Periods and ages as the Civil Code counts them (art. 191-192), as the contract states."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.dates import FIRST_YEAR, LAST_YEAR, DateOutOfRange, PeriodSyntaxError, add_period, full_years, parse_date, parse_period


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (date(2008, 2, 29), "3 года", date(2011, 2, 28)),
        (date(2009, 8, 31), "6 месяцев", date(2010, 2, 28)),
        (date(2011, 8, 31), "6 месяцев", date(2012, 2, 29)),
        (date(2010, 1, 31), "1 месяц", date(2010, 2, 28)),
        (date(2010, 7, 1), "30 календарных дней", date(2010, 7, 31)),
        (date(2022, 12, 26), "2 недели", date(2023, 1, 9)),
        (date(2010, 3, 15), "5 лет", date(2015, 3, 15)),
    ],
)
def test_period_ends_on_the_corresponding_day(start, period, end):
    assert add_period(start, parse_period(period)) == end


def test_counting_back():
    assert add_period(date(2012, 2, 29), parse_period("3 года"), -1) == date(2009, 2, 28)


@pytest.mark.parametrize("text", ["три года", "3", "3 попугая", "", "3 года 2 месяца"])
def test_bad_periods_are_refused_in_russian(text):
    with pytest.raises(PeriodSyntaxError, match=r"срок|единица"):
        parse_period(text)


@pytest.mark.parametrize("text", ["101 год", "1201 месяц", "5301 неделя", "9999 лет"])
def test_periods_longer_than_a_century_are_refused(text):
    with pytest.raises(PeriodSyntaxError, match="длиннее 100 лет"):
        parse_period(text)


@pytest.mark.parametrize("text", ["100 лет", "1200 месяцев", "5300 недель", "9999 дней"])
def test_the_longest_periods_from_the_extreme_dates_stay_in_the_calendar(text):
    """With the accepted dates (FIRST_YEAR..LAST_YEAR), the longest period forward and back is a real date."""
    period = parse_period(text)
    assert add_period(date(LAST_YEAR, 12, 31), period).year <= 9999
    assert add_period(date(FIRST_YEAR, 1, 1), period, -1).year >= 1


@pytest.mark.parametrize("value", ["1899-12-31", "2200-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_the_accepted_years_are_refused(value):
    with pytest.raises(DateOutOfRange):
        parse_date(value)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1985, 6, 1), date(2010, 5, 31), 24),
        (date(1985, 6, 1), date(2010, 6, 1), 25),
        (date(2000, 2, 29), date(2025, 2, 27), 24),
        (date(2000, 2, 29), date(2025, 2, 28), 25),
        (date(2000, 2, 29), date(2028, 2, 29), 28),
    ],
)
def test_age_in_full_years(born, on, age):
    assert full_years(born, on) == age
