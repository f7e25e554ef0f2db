"""The engine against the contract: answer shape, sources, layering, editions, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

import calculator
from calculator.engine import evaluate_with
from calculator.facts import InputError
from tests.conftest import ROOT

CONTRACT_KEYS = ["jurisdiction", "on", "trainings", "plan_exclusions", "abroad_priority", "document", "reserve", "warnings"]


def run(bundle, profile, jurisdiction="ryazan", on="2010-06-01"):
    return evaluate_with(bundle, profile, jurisdiction, on)


def test_answer_has_the_contract_keys_in_order(bundle):
    answer = run(bundle, {"service_start": "2009-03-01"})
    assert list(answer)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert answer["jurisdiction"] == "ryazan" and answer["on"] == "2010-06-01"


def test_contract_example_periodic_upgrade(bundle):
    training = run(bundle, {"service_start": "2005-01-10", "last_upgrade_end": "2008-04-10"})["trainings"]
    periodic = [t for t in training if t["ground"] == "periodic"]
    assert periodic == [periodic[0]]
    assert {k: periodic[0][k] for k in ("kind", "from", "deadline", "status")} == {
        "kind": "upgrade",
        "from": None,
        "deadline": "2011-04-10",
        "status": "upcoming",
    }
    assert periodic[0]["sources"] == [{"act": "ryazan-132-i", "clause": "5.1"}]


def test_every_conclusion_carries_sources_that_resolve(bundle):
    profile = {
        "service_start": "2009-01-12",
        "attestation_training_on": "2010-02-01",
        "studying_now": True,
        "position_since": "2009-01-12",
        "program": {"kind": "upgrade", "classroom_hours": 100},
    }
    for jid in bundle.jurisdictions:
        answer = run(bundle, profile, jid)
        items = answer["trainings"] + ([answer["document"]] if answer["document"] else [])
        if answer["reserve"]:
            items += answer["reserve"]["blockers"] + answer["reserve"]["advisories"]
        items += answer["explanations"]["plan_exclusions"] + answer["program_checks"] + answer["dates"]
        for item in items:
            assert item["sources"], item
            for source in item["sources"]:
                assert source["clause"] in bundle.acts[source["act"]].clauses


def test_local_rule_refines_the_baseline_and_cites_both(bundle):
    answer = run(bundle, {"service_start": "2010-01-11", "probation_end": "2010-04-11"})
    hire = next(t for t in answer["trainings"] if t["ground"] == "new_hire")
    assert hire["from"] == "2010-04-11"  # Ryazan 2.1.1: after probation
    assert hire["deadline"] == "2011-01-11"  # russia 3.3: within the first year
    assert {s["act"] for s in hire["sources"]} == {"ryazan-132-i", "russia-general-practice"}
    baseline = run(bundle, {"service_start": "2010-01-11", "probation_end": "2010-04-11"}, "russia")
    assert next(t for t in baseline["trainings"] if t["ground"] == "new_hire")["from"] == "2010-01-11"


def test_group_promotion_only_from_the_2010_edition(bundle):
    profile = {"service_start": "2005-01-10", "last_upgrade_end": "2008-01-10"}
    before = run(bundle, {**profile, "group_promotion_on": "2009-06-01"}, on="2009-12-01")
    after = run(bundle, {**profile, "group_promotion_on": "2010-03-01"}, on="2010-06-01")
    assert "group_promotion" not in [t["ground"] for t in before["trainings"]]
    assert "group_promotion" in [t["ground"] for t in after["trainings"]]


def test_repealed_act_still_answers_with_a_warning(bundle):
    answer = run(bundle, {"service_start": "2012-01-10"}, on="2016-01-01")
    assert answer["trainings"]
    assert [w["code"] for w in answer["warnings"]] == ["act_not_in_force"]
    assert answer["warnings"][0]["act"] == "ryazan-132-i"


def test_recommendations_have_no_eligibility(bundle):
    reserve = run(bundle, {"has_training_document": False}, "kyrgyzstan", "2024-01-01")["reserve"]
    assert reserve["eligible"] is None
    assert [a["code"] for a in reserve["advisories"]] == ["training_document_recommended"]


def test_jurisdictions_without_reserve_rules_give_null(bundle):
    for jid in ("russia", "ryazan", "kaluga"):
        assert run(bundle, {}, jid)["reserve"] is None


def test_all_problems_are_reported_with_their_paths(bundle):
    with pytest.raises(InputError) as caught:
        run(bundle, {"program": {"classroom_hours": -1, "kind": "lecture"}, "birth_date": "2010-13-45", "sevice_start": "2010-01-01"})
    paths = {p.path for p in caught.value.problems}
    assert paths == {"program.classroom_hours", "program.kind", "birth_date", "sevice_start"}
    assert "service_start" in str(caught.value)  # did-you-mean


@pytest.mark.parametrize(
    ("jurisdiction", "on", "path"),
    [("moscow", "2010-01-01", "jurisdiction"), ("ryazan", "2010-13-45", "on"), ("ryazan", 20100101, "on")],
)
def test_bad_jurisdiction_or_date(bundle, jurisdiction, on, path):
    with pytest.raises(InputError) as caught:
        run(bundle, {}, jurisdiction, on)
    assert [p.path for p in caught.value.problems] == [path]


def test_public_api_matches_the_command_line(tmp_path):
    profile = {"service_start": "2009-08-31", "program": {"kind": "retraining", "classroom_hours": 501}}
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "evaluate", "--jurisdiction", "ryazan", "--on", "2010-06-01", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == calculator.evaluate(profile, "ryazan", date(2010, 6, 1))


@pytest.mark.parametrize(
    ("stdin", "args", "needle"),
    [
        ("{not json", [], "не JSON"),
        ('{"program": {"classroom_hours": "сорок"}}', [], "program.classroom_hours"),
        ("{}", ["--on", "2010-13-45"], "on:"),
        ("{}", ["--jurisdiction", "atlantis"], "jurisdiction"),
        ('{"leave": "vacation"}', [], "leave"),
        ("[1, 2]", [], "JSON-объектом"),
    ],
)
def test_command_line_bad_input_exits_2_without_traceback(stdin, args, needle):
    base = ["--jurisdiction", "ryazan", "--on", "2010-06-01"]
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "evaluate", *base, *args, "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert needle in done.stderr
    assert "Traceback" not in done.stderr


def test_the_browser_entry_answers_like_evaluate_and_reports_like_the_command():
    from calculator.browser import handle

    request = {"profile": {"service_start": "2010-01-11"}, "jurisdiction": "russia", "on": "2010-06-01"}
    assert json.loads(handle(json.dumps(request)))["answer"] == calculator.evaluate(**request)
    bad = json.loads(handle(json.dumps({"profile": {"program": {"total_hours": -1}}, "jurisdiction": "russia", "on": "2010-13-45"})))
    assert bad["problems"] == [
        {"path": "on", "message": "ожидается дата расчёта в виде ГГГГ-ММ-ДД, например 2010-06-01; получено: «2010-13-45»"},
        {"path": "program.total_hours", "message": "ожидается неотрицательное число; получено: -1"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "evaluate", "--jurisdiction", "russia", "--on", "2010-13-45", "-"],
        input='{"program": {"total_hours": -1}}',
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad["error"] + "\n" == done.stderr
    assert "не JSON" in json.loads(handle("{"))["error"]


def test_the_browser_entry_reads_a_scripts_marked_values_as_values_no_field_accepts():
    from calculator.browser import JAVASCRIPT_MARK, handle

    mark = json.dumps(JAVASCRIPT_MARK)  # as JSON text: the mark's key begins with a NUL character

    def asked(profile: str, on: str = '"2010-06-01"') -> dict:
        return json.loads(handle(f'{{"profile": {profile}, "jurisdiction": "izobilnensky", "on": {on}}}'))

    # The page's mark for a JavaScript NaN or Infinity reads as the JSON word the command reads.
    for word in ("NaN", "Infinity", "-Infinity"):
        marked = asked(f'{{"program": {{"classroom_hours": {{{mark}: "{word}"}}}}}}')
        assert marked == asked(f'{{"program": {{"classroom_hours": {word}}}}}')
        assert marked["problems"][0]["path"] == "program.classroom_hours"
    # Any other mark is refused by its field, in the field's words, shown by the name the page gave it.
    refused = asked(f'{{"birth_date": {{{mark}: "объект Date"}}, "leave": {{{mark}: "undefined"}}}}')
    assert [(p["path"], p["message"].split("; получено: ")[1]) for p in refused["problems"]] == [
        ("birth_date", "объект Date"),
        ("leave", "undefined"),
    ]
    assert refused["problems"][1]["message"].startswith("ожидается одно из значений: maternity")
    on = asked("{}", on=f'{{{mark}: "объект Date"}}')
    assert on["problems"] == [
        {"path": "on", "message": "ожидается дата расчёта в виде ГГГГ-ММ-ДД, например 2010-06-01; получено: объект Date"}
    ]
    # An object with other keys beside it is an object, as given.
    other = asked(f'{{"application": {{{mark}: "x", "documents_complete": true}}}}')
    assert [p["path"].startswith("application.") and "такого поля нет" in p["message"] for p in other["problems"]] == [True]


def test_hours_fallback_is_stated_as_an_assumption(bundle):
    exact = run(bundle, {"program": {"kind": "upgrade", "classroom_hours": 72}})["document"]
    assumed = run(bundle, {"program": {"kind": "upgrade", "total_hours": 72}})
    assert exact["code"] == assumed["document"]["code"] == "short_term_upgrade_certificate"
    assert "assumption" not in exact
    assert "Всего часов" in assumed["document"]["assumption"]
    assert "program.classroom_hours" in [m["fact"] for m in assumed["missing"]]


def test_a_reader_that_closes_the_pipe_gets_no_error_message():
    """`evaluate … | head -c 1`: the calculator stops quietly, without «Внутренняя ошибка»."""
    process = subprocess.Popen(
        [sys.executable, "-m", "calculator", "evaluate", "--jurisdiction", "ryazan", "--on", "2010-06-01", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the answer is written
    _out, err = process.communicate(b'{"service_start": "2009-08-31", "program": {"kind": "upgrade", "classroom_hours": 72}}', timeout=60)
    assert process.returncode == 141
    assert err.decode() == ""
