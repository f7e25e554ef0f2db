"""The yearly plan against a staff list whose answers were worked out by hand from the Ryazan regulation.

tests/planning/data/ryazan-2011.csv, planning year 2011 (calculation period 01.01-31.12.2011, 9.5):
- row 2 Иванова: hired 31.08.2009, probation to 30.11.2009, never trained: the new-hire upgrade
  (2.1.1; first year, general practice 3.3) ran from 30.11.2009 to 31.08.2010 — overdue at the
  start of 2011; her periodic upgrade is due only by 31.08.2012.
- row 3 Петров: last upgrade 16.05.2008 -> periodic deadline 16.05.2011 (5.1); appointed to a
  position of another group 15.03.2010, after the 28.01.2010 edition -> an upgrade is due (2.1.1);
  a candidate for promotion -> first (8.5).
- rows 4, 5, 10: studying now / on childcare leave / reaching the age limit -> left out (8.6 а, в, б).
- row 6 Смирнов: upgraded 01.06.2010 -> next deadline 01.06.2013, nothing in 2011.
- row 7: 31.02.2010 is no date; row 11: «может быть» is not yes/no -> both reported and skipped.
- row 8 Орлов: only «not studying», no dates -> the periodic deadline cannot be computed.
- row 9 is empty; row 12 Волков: type of activity changed 01.11.2010 -> retraining (2.1.1).
- row 13 «Итого: 11 человек», a footer: nothing the rules read -> reported, not planned.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from calculator import evaluate
from calculator.planning import PlanError, StaffFileError, plan_csv, plan_file, plan_text
from tests.planning.conftest import staff_rows, to_csv, to_xlsx_like_excel


@pytest.fixture(scope="module")
def plan(ryazan_csv: bytes) -> dict:
    return plan_file(ryazan_csv, "ryazan-2011.csv", "ryazan", 2011)


def _person(plan: dict, row: int) -> dict:
    return next(p for p in plan["people"] if p["row"] == row)


def _duties(person: dict) -> set[tuple]:
    return {(d["kind"], d["ground"], d["from"], d["deadline"], d["status"]) for d in person["trainings"]}


def test_each_person_gets_the_duties_the_regulation_gives_for_the_year(plan):
    assert _duties(_person(plan, 2)) == {("upgrade", "new_hire", "2009-11-30", "2010-08-31", "overdue")}
    assert _duties(_person(plan, 3)) == {
        ("upgrade", "periodic", None, "2011-05-16", "upcoming"),
        ("upgrade", "group_promotion", "2010-03-15", None, "due"),
    }
    assert _duties(_person(plan, 12)) == {("retraining", "activity_change", "2010-11-01", None, "due")}
    assert {p["row"]: p["status"] for p in plan["people"]} == {
        2: "planned",
        3: "planned",
        12: "planned",
        4: "excluded",
        5: "excluded",
        10: "excluded",
        6: "not_due",
        8: "undetermined",
    }
    assert _person(plan, 2)["next_deadline"] == "2012-08-31"
    assert _person(plan, 6)["next_deadline"] == "2013-06-01"
    assert _person(plan, 8)["missing"] == ["Начало муниципальной службы", "Последнее повышение квалификации"]


def test_candidates_for_promotion_come_first_then_overdue_duties(plan):
    planned = [p["row"] for p in plan["people"] if p["status"] == "planned"]
    assert planned == [3, 2, 12]
    assert _person(plan, 3)["priority"] is True
    assert _person(plan, 2)["priority"] is False
    assert plan["rules"][_person(plan, 3)["priority_rule"]]["sources"] == [{"act": "ryazan-132-i", "clause": "8.5"}]


def test_exclusions_name_their_ground_and_clause(plan):
    assert [e["code"] for e in _person(plan, 4)["exclusions"]] == ["studying"]
    assert [e["code"] for e in _person(plan, 5)["exclusions"]] == ["childcare_leave"]
    assert [e["code"] for e in _person(plan, 10)["exclusions"]] == ["age_limit"]
    summary = {e["code"]: (e["people"], e["sources"]) for e in plan["summary"]["exclusions"]}
    clause = [{"act": "ryazan-132-i", "clause": "8.6"}]
    assert summary == {"studying": (1, clause), "childcare_leave": (1, clause), "age_limit": (1, clause)}


def test_bad_rows_are_reported_with_row_column_and_reason_and_the_rest_is_planned(plan):
    skipped = [(s["row"], s["column"], s["value"]) for s in plan["skipped"]]
    assert skipped == [
        (7, "Последнее повышение квалификации", "31.02.2010"),
        (11, "Сейчас обучается по профилю", "может быть"),
        (13, "", ""),
    ]
    assert "нет в календаре" in plan["skipped"][0]["message"]
    assert "«да» или «нет»" in plan["skipped"][1]["message"]
    summary = plan["summary"]
    assert "нет ни одной даты или отметки" in plan["skipped"][2]["message"]
    assert (summary["rows"], summary["rows_planned"], summary["rows_skipped"]) == (11, 8, 3)


def test_summary_counts_people_by_kind_and_the_groups_the_limit_of_six_requires(plan):
    summary = plan["summary"]
    assert summary["people"] == {"planned": 3, "excluded": 3, "undetermined": 1, "not_due": 1}
    assert (summary["priority"], summary["overdue"]) == (1, 1)
    by_kind = {k["kind"]: (k["people"], k["groups"], k["group_limit"]["value"]) for k in summary["by_kind"]}
    assert by_kind == {"upgrade": (2, 1, 6), "retraining": (1, 1, 6)}
    assert summary["by_kind"][0]["group_limit"]["sources"] == [{"act": "ryazan-132-i", "clause": "1.3.4"}]
    grounds = {(g["kind"], g["ground"]): g["duties"] for g in summary["by_ground"]}
    assert grounds == {
        ("upgrade", "new_hire"): 1,
        ("upgrade", "periodic"): 1,
        ("upgrade", "group_promotion"): 1,
        ("retraining", "activity_change"): 1,
    }
    assert summary["state_plan"] is None  # Ryazan has no State Plan rule


def test_calendar_is_the_round_of_the_year_before(plan):
    calendar = {c["code"]: (c["date"], c["sources"][0]["clause"]) for c in plan["calendar"]}
    assert calendar == {
        "proposals_due": ("2010-09-01", "8.3"),
        "request_due": ("2010-09-15", "8.4"),
        "programme_draft_due": ("2010-10-01", "8.7"),
        "order_due": ("2010-11-01", "8.9"),
    }
    assert plan["warnings"] == []


def test_each_duty_is_what_evaluate_answers_for_that_person_on_the_first_day_of_the_year(plan):
    """The plan is not a second engine: a person's duties are the calculator's own answer, filtered to the year."""
    header, *rows = staff_rows()
    petrov = dict(zip(header, rows[1], strict=True))
    profile = {"service_start": "2001-03-01", "last_upgrade_end": "2008-05-16", "group_promotion_on": "2010-03-15"}
    profile |= {"studying_now": False, "reaches_age_limit_in_year": False, "promotion_candidate": True}
    assert petrov["ФИО"] == "Петров Сергей Иванович"
    answer = evaluate(profile, "ryazan", date(2011, 1, 1))
    expected = {(t["kind"], t["ground"], t["from"], t["deadline"], t["status"]) for t in answer["trainings"]}
    assert _duties(_person(plan, 3)) == expected


@pytest.mark.parametrize(
    ("deadline_source", "included"),
    [("2008-12-31", True), ("2009-01-01", False)],
    ids=["deadline-on-31-december", "deadline-on-1-january-next-year"],
)
def test_a_duty_belongs_to_the_year_up_to_its_last_day(deadline_source, included):
    last = date.fromisoformat(deadline_source)
    rows = [["ФИО", "Начало муниципальной службы", "Последнее повышение квалификации"], ["Тест", "01.01.2000", f"{last:%d.%m.%Y}"]]
    person = plan_file(to_csv(rows), "t.csv", "russia", 2011)["people"][0]
    assert (person["status"] == "planned") is included
    if included:
        assert _duties(person) == {("upgrade", "periodic", None, "2011-12-31", "upcoming")}
    else:
        assert person["next_deadline"] == "2012-01-01"


def test_a_new_hire_whose_window_opens_next_year_is_not_in_this_years_plan():
    rows = [["ФИО", "Начало муниципальной службы"], ["Осень", "01.10.2011"], ["Весна", "01.03.2011"]]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2011)
    autumn, spring = _person(plan, 2), _person(plan, 3)
    assert autumn["status"] == "not_due"  # from 01.04.2012 (6 months)
    assert _duties(spring) == {("upgrade", "new_hire", "2011-09-01", "2012-03-01", "upcoming")}


def test_an_edition_or_repeal_during_the_year_is_warned_about():
    rows = [["ФИО", "Начало муниципальной службы"], ["Тест", "01.01.2000"]]
    codes = {year: [w["code"] for w in plan_file(to_csv(rows), "t.csv", "ryazan", year)["warnings"]] for year in (2010, 2011, 2015, 2016)}
    # 01.01.2010: the 2009 edition, whose text is not in the base and whose start (the day after an unknown
    # publication) is uncertain until 27.01.2010; the edition of 28.01.2010 follows.
    assert codes[2010] == ["edition_text_unavailable", "entry_into_force_uncertain", "edition_changes_in_year"]
    assert codes[2011] == []
    assert codes[2015] == ["edition_changes_in_year"]  # repealed 21.05.2015
    assert "act_not_in_force" in codes[2016]


def test_kaluga_groups_of_25_and_the_state_plan_reserve_of_15_percent():
    rows = [["ФИО", "Начало муниципальной службы"]] + [[f"Служащий {i}", "01.02.2021"] for i in range(30)]
    plan = plan_file(to_csv(rows), "t.csv", "kaluga", 2023, quota=30)
    upgrade = next(k for k in plan["summary"]["by_kind"] if k["kind"] == "upgrade")
    assert (upgrade["people"], upgrade["group_limit"]["value"], upgrade["groups"]) == (30, 25, 2)
    assert upgrade["group_limit"]["sources"] == [{"act": "kaluga-28-standard", "clause": "p1s1-1.5"}]
    reserve = plan["summary"]["state_plan"]["minimum_reserve"]
    assert reserve["value"] == 5  # 15 % of 30 is 4.5: four is too few
    assert reserve["sources"] == [{"act": "kaluga-28-standard", "clause": "p2s2-1.1"}]
    for size, passed in ((4, False), (5, True)):
        answer = evaluate({"state_plan": {"quota": 30, "reserve": size}}, "kaluga", "2023-01-01")
        assert next(c["passed"] for c in answer["program_checks"] if c["code"] == "state_plan_reserve") is passed
    assert plan_file(to_csv(rows), "t.csv", "kaluga", 2023, quota=20)["summary"]["state_plan"]["minimum_reserve"]["value"] == 3
    assert plan_file(to_csv(rows), "t.csv", "kaluga", 2023)["summary"]["state_plan"] == {"quota": None, "minimum_reserve": None}


@pytest.mark.parametrize(
    "variant",
    ["comma", "bom", "cp1251", "tab", "xlsx"],
)
def test_the_same_list_saved_differently_gives_the_same_plan(plan, variant):
    rows = staff_rows()
    data = {
        "comma": lambda: to_csv(rows, delimiter=","),
        "bom": lambda: to_csv(rows, bom=True),
        "cp1251": lambda: to_csv(rows, encoding="cp1251"),
        "tab": lambda: to_csv(rows, delimiter="\t"),
        "xlsx": lambda: to_xlsx_like_excel(rows),
    }[variant]()
    other = plan_file(data, f"list.{'xlsx' if variant == 'xlsx' else 'csv'}", "ryazan", 2011)
    assert other["people"] == plan["people"]
    assert other["summary"] == plan["summary"]
    if variant == "xlsx":
        # Excel keeps an impossible date as text; the row is still reported the same way.
        assert other["skipped"] == plan["skipped"]
    if variant == "cp1251":
        assert any("Windows-1251" in n for n in other["file"]["notices"])


def test_headers_are_found_below_a_title_and_by_their_aliases():
    rows = [
        ["Список муниципальных служащих на 01.09.2010", ""],
        ["", ""],
        ["Фамилия, имя, отчество", "Дата поступления на муниципальную службу", "Дата последнего повышения квалификации", "Стаж"],
        ["Тест", "01.01.2000", "10.02.2009", "11 лет"],
    ]
    plan = plan_file(to_csv(rows), "t.csv", "russia", 2012)
    person = plan["people"][0]
    assert (person["row"], person["name"]) == (4, "Тест")
    assert _duties(person) == {("upgrade", "periodic", None, "2012-02-10", "upcoming")}
    notices = " ".join(plan["file"]["notices"])
    assert "строке 3" in notices and "«Стаж»" in notices


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "пуст"),
        ("Имя;Фамилия\nА;Б\n".encode(), "строка заголовков"),
        ("ФИО;Начало муниципальной службы;Дата поступления на службу\nА;01.01.2000;01.01.2000\n".encode(), "означают одно и то же"),
        (b"\x00\x01\x02binary", "двоичные"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "XLS"),
    ],
    ids=["empty", "no-header", "repeated-column", "binary", "old-xls"],
)
def test_a_file_that_cannot_be_read_says_why_in_russian(data, words):
    with pytest.raises(StaffFileError, match=words):
        plan_file(data, "list.csv", "ryazan", 2011)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"jurisdiction": "atlantis"}, "jurisdiction"), ({"year": "20x1"}, "year"), ({"year": 99}, "year"), ({"quota": -3}, "quota")],
)
def test_wrong_parameters_name_the_parameter(ryazan_csv, kwargs, field):
    arguments = {"jurisdiction": "ryazan", "year": 2011} | kwargs
    quota = arguments.pop("quota", None)
    with pytest.raises(PlanError, match=f"^{field}: "):
        plan_file(ryazan_csv, "list.csv", arguments["jurisdiction"], arguments["year"], quota=quota)


def test_progress_is_reported_as_rows_are_planned():
    rows = [["ФИО", "Начало муниципальной службы"]] + [[f"С{i}", "01.01.2000"] for i in range(1203)]
    seen: list[tuple[int, int]] = []
    plan_file(to_csv(rows), "t.csv", "russia", 2011, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(500, 1203), (1000, 1203), (1203, 1203)]


def test_the_plan_is_plain_json(plan):
    assert json.loads(json.dumps(plan, ensure_ascii=False)) == plan


def test_a_candidate_for_promotion_with_nothing_due_is_shown_apart_not_given_a_duty():
    rows = [
        ["ФИО", "Начало муниципальной службы", "Последнее повышение квалификации", "Кандидат на перевод на вышестоящую должность"],
        ["Кандидат", "01.01.2000", "01.06.2010", "да"],
    ]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2011)
    person = plan["people"][0]
    assert (person["status"], person["priority"], person["trainings"]) == ("not_due", True, [])
    assert plan["summary"]["priority_not_due"] == 1 and plan["summary"]["priority"] == 0
    assert "Кандидаты на перевод без обязанности в этом году: 1" in plan_text(plan)
    header, first = (row for row in csv.reader(io.StringIO(plan_csv(plan)[3:].decode()), delimiter=";"))
    assert first[header.index("Очерёдность")] == "кандидат на перевод"


def test_columns_the_plan_does_not_read_never_cost_a_row():
    """Clause 9.3 «б» puts the education level in such lists; the plan's rules do not read it, so nothing in it is judged."""
    rows = [
        ["ФИО", "Начало муниципальной службы", "Уровень образования", "Дата рождения", "Гражданство"],
        ["Тест", "01.01.2000", "высшее профессиональное", "1970", "гражданин РФ"],
    ]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2011)
    assert plan["skipped"] == [] and len(plan["people"]) == 1
    notice = next(n for n in plan["file"]["notices"] if "не проверяются" in n)
    assert "«Уровень образования»" in notice and "«Гражданство»" in notice


def test_each_person_is_counted_once_per_kind_and_an_upgrade_covers_upgrade_or_retraining():
    rows = [
        [
            "ФИО",
            "Начало муниципальной службы",
            "Последнее повышение квалификации",
            "Аттестация с рекомендацией обучения",
            "Смена вида деятельности",
        ],
        ["А", "01.01.2000", "01.02.2008", "01.06.2010", ""],  # periodic upgrade + attestation: one upgrade does both
        ["Б", "01.01.2000", "01.02.2010", "01.06.2010", ""],  # attestation only: the employer chooses the kind
        ["В", "01.01.2000", "01.02.2008", "", "01.05.2010"],  # periodic upgrade + retraining: both are owed
    ]
    summary = plan_file(to_csv(rows), "t.csv", "ryazan", 2011)["summary"]
    assert {k["kind"]: k["people"] for k in summary["by_kind"]} == {"upgrade": 2, "retraining": 1, "upgrade_or_retraining": 1}
    assert {(g["kind"], g["ground"]): g["duties"] for g in summary["by_ground"]} == {
        ("upgrade", "periodic"): 2,
        ("upgrade_or_retraining", "attestation"): 2,
        ("retraining", "activity_change"): 1,
    }


def test_a_title_with_a_comma_above_the_header_does_not_change_the_separator():
    text = "Список сотрудников, 2011 г.\nФИО;Начало муниципальной службы\nТест;01.01.2000\n"
    plan = plan_file(text.encode(), "t.csv", "russia", 2002)
    assert [p["name"] for p in plan["people"]] == ["Тест"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('ФИО;Начало муниципальной службы\n"Тест;01.01.2000\nДругой;01.01.2001\n'.encode(), "кавычка, открытая в строке 2"),
        (("ФИО;Начало муниципальной службы\n" + "x" * 200_000 + ";01.01.2000\n").encode(), "ячейка длиннее"),
    ],
    ids=["unclosed-quote", "huge-cell"],
)
def test_a_broken_csv_is_refused_with_the_line_not_half_read(data, words):
    with pytest.raises(StaffFileError, match=words):
        plan_file(data, "t.csv", "russia", 2011)


@pytest.mark.parametrize("cell", ["31.12.9999", "0¹.01.2005", "01.01.1850"])
def test_a_date_no_rule_can_count_from_is_a_bad_cell_not_a_failed_plan(cell):
    rows = [["ФИО", "Начало муниципальной службы"], ["Плохая", cell], ["Хорошая", "01.01.2000"]]
    plan = plan_file(to_csv(rows), "t.csv", "russia", 2011)
    assert [(s["row"], s["column"], s["value"]) for s in plan["skipped"]] == [(2, "Начало муниципальной службы", cell)]
    assert [p["name"] for p in plan["people"]] == ["Хорошая"]


@pytest.mark.parametrize(("year", "quota"), [("²⁰¹¹", None), ("2011", "9" * 5000), ("2011", "1¹")])
def test_odd_digits_in_the_parameters_are_refused_by_name(year, quota):
    with pytest.raises(PlanError):
        plan_file(to_csv([["ФИО", "Начало муниципальной службы"], ["Т", "01.01.2000"]]), "t.csv", "kaluga", year, quota=quota)


def test_excels_unicode_text_export_is_read():
    data = "ФИО\tНачало муниципальной службы\r\nТест\t01.01.2000\r\n".encode("utf-16")
    plan = plan_file(data, "t.txt", "russia", 2002)
    assert [p["name"] for p in plan["people"]] == ["Тест"]
    assert any("UTF-16" in n for n in plan["file"]["notices"])


def test_a_round_that_falls_after_the_act_was_repealed_is_warned_about():
    rows = [["ФИО", "Начало муниципальной службы"], ["Тест", "01.01.2000"]]
    messages = [w["message"] for w in plan_file(to_csv(rows), "t.csv", "ryazan", 2016)["warnings"]]
    # 01.11.2015 is a Sunday: the order's deadline (8.9) moves to Monday 02.11.2015 (art. 193 of the Civil Code)
    assert any(m.startswith("Сроки подготовки плана на 2016 год (01.09.2015, 15.09.2015, 01.10.2015, 02.11.2015)") for m in messages)
    assert not any("Сроки подготовки" in w["message"] for w in plan_file(to_csv(rows), "t.csv", "ryazan", 2011)["warnings"])


def test_a_servant_hired_before_the_regulation_is_planned_by_general_practice_not_by_its_clause():
    # Ryazan 132-I is in force from 27.02.2009 and has no retroactive effect: hired the day before, the
    # new-hire upgrade is the general practice's (first year, 3.3); hired that day, the regulation's (2.1.1).
    rows = [["ФИО", "Начало муниципальной службы"], ["Накануне", "26.02.2009"], ["В день", "27.02.2009"]]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2009)
    before, on_the_day = _person(plan, 2), _person(plan, 3)
    assert [(d["rule"], d["from"], d["deadline"]) for d in before["trainings"]] == [("russia.new_hire_upgrade", "2009-02-26", "2010-02-26")]
    assert [(d["rule"], d["from"], d["deadline"]) for d in on_the_day["trainings"]] == [
        ("ryazan.new_hire_upgrade", "2009-08-27", "2010-02-27")
    ]


def test_the_plan_and_the_answer_give_the_same_moved_dates_of_the_round():
    # The 2014 round (planning year 2014, prepared in 2013): 01.09.2013 and 15.09.2013 are Sundays,
    # so the proposals (8.3) and the request (8.4) are due on Monday 02.09 and 16.09 (art. 193 of the Civil Code).
    rows = [["ФИО", "Начало муниципальной службы"], ["Тест", "01.03.2012"]]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2014)
    answer = evaluate({}, "ryazan", date(2013, 1, 1))
    in_answer = {d["code"]: d["date"] for d in answer["dates"] if d.get("planning_year") == 2014}
    in_plan = {d["code"]: d["date"] for d in plan["calendar"]}
    assert in_plan == in_answer
    assert (in_plan["proposals_due"], in_plan["request_due"]) == ("2013-09-02", "2013-09-16")


def test_a_round_outside_the_production_calendar_is_shown_unmoved_and_warned_about():
    rows = [["ФИО", "Начало муниципальной службы"], ["Тест", "01.03.2012"]]
    plan = plan_file(to_csv(rows), "t.csv", "ryazan", 2029)  # the round of 2028: no calendar for 2028
    assert [d["date"] for d in plan["calendar"]] == ["2028-09-01", "2028-09-15", "2028-10-01", "2028-11-01"]
    warning = next(w for w in plan["warnings"] if w["code"] == "calendar_not_covered")
    assert "2028" in warning["message"]
    covered = plan_file(to_csv(rows), "t.csv", "ryazan", 2014)
    assert "calendar_not_covered" not in [w["code"] for w in covered["warnings"]]
