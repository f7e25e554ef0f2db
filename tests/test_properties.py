"""Property tests: valid profiles never raise and always cite sources; invalid ones get the clean error."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.bundle import load_bundle
from calculator.dates import FIRST_YEAR, LAST_YEAR
from calculator.engine import evaluate_with
from calculator.facts import InputError

BUNDLE = load_bundle()
FACTS = BUNDLE.facts
# The whole range the calculator accepts: the rules add periods of up to a century to these dates.
dates = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31)).map(date.isoformat)
# Real dates it refuses, by name: a date in year 9999 once made a deadline beyond the calendar.
far_dates = st.one_of(st.dates(max_value=date(FIRST_YEAR - 1, 12, 31)), st.dates(min_value=date(LAST_YEAR + 1, 1, 1))).map(date.isoformat)
hours = st.one_of(st.integers(0, 2000), st.floats(0, 2000, allow_nan=False))


def value_for(path: str):
    fact = FACTS[path]
    if fact.type == "date":
        return dates
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "number":
        return hours
    if fact.type == "integer":
        return st.integers(0, 500)
    if fact.type == "country":
        return st.sampled_from(["RU", "KG", "KZ"])
    if fact.type == "choice":
        return st.sampled_from(list(fact.choices))
    return st.fixed_dictionaries({}, optional={c.rsplit(".", 1)[1]: value_for(c) for c in fact.fields})


profiles = st.fixed_dictionaries({}, optional={p: st.one_of(st.none(), value_for(p)) for p in FACTS.top})


def sourced(answer):
    items = list(answer["trainings"]) + answer["program_checks"] + answer["dates"]
    if answer["document"] and answer["document"]["code"]:
        items.append(answer["document"])
    if answer["reserve"]:
        items += answer["reserve"]["blockers"] + answer["reserve"]["advisories"]
    return all(item["sources"] for item in items)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(profile=profiles, jurisdiction=st.sampled_from(sorted(BUNDLE.jurisdictions)), on=dates)
def test_valid_profiles_always_get_an_answer_with_sources(profile, jurisdiction, on):
    answer = evaluate_with(BUNDLE, profile, jurisdiction, on)
    assert answer["jurisdiction"] == jurisdiction
    assert all(t["status"] in ("overdue", "due", "upcoming") for t in answer["trainings"])
    assert sourced(answer)
    if answer["reserve"] and answer["reserve"]["eligible"] is not None:
        assert answer["reserve"]["eligible"] == (not answer["reserve"]["blockers"])


bad_values = st.one_of(
    st.text(max_size=5).filter(lambda s: s not in ("RU", "KG", "KZ")),
    st.integers(-100, -1),
    st.lists(st.integers(), max_size=2),
    st.just({"x": 1}),
    st.floats(allow_nan=True).filter(lambda f: f != f or f < 0),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from([p for p in FACTS.top if FACTS[p].type != "object"]), value=bad_values)
def test_invalid_values_get_the_clean_error_naming_the_field(field, value):
    fact = FACTS[field]
    if fact.type == "choice" and isinstance(value, str) and value in fact.choices:
        return
    try:
        evaluate_with(BUNDLE, {field: value}, "ryazan", "2010-06-01")
    except InputError as exc:
        assert [p.path for p in exc.problems] == [field]
        assert "ожидается" in str(exc)
    else:
        raise AssertionError(f"{field}={value!r} was accepted")


@settings(max_examples=100, deadline=None)
@given(key=st.text(min_size=1, max_size=12).filter(lambda k: k not in FACTS.top))
def test_unknown_fields_are_named(key):
    try:
        evaluate_with(BUNDLE, {key: 1}, "russia", "2010-06-01")
    except InputError as exc:
        assert exc.problems[0].path == key
    else:
        raise AssertionError("unknown field accepted")


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from([p for p in FACTS.top if FACTS[p].type == "date"]), value=far_dates, on=dates)
def test_dates_beyond_the_accepted_years_get_the_clean_error(field, value, on):
    try:
        evaluate_with(BUNDLE, {field: value}, "ryazan", on)
    except InputError as exc:
        assert [p.path for p in exc.problems] == [field]
        assert f"с 01.01.{FIRST_YEAR} по 31.12.{LAST_YEAR}" in str(exc)
    else:
        raise AssertionError(f"{field}={value} was accepted")


@settings(max_examples=100, deadline=None)
@given(on=far_dates)
def test_a_calculation_date_beyond_the_accepted_years_gets_the_clean_error(on):
    try:
        evaluate_with(BUNDLE, {}, "russia", on)
    except InputError as exc:
        assert [p.path for p in exc.problems] == ["on"]
    else:
        raise AssertionError(f"on={on} was accepted")
