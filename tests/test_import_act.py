"""`import-act` on the project's five source texts, in three formats and three encodings, and on bad input.

The hand-made act files in rules/*/acts are the reference: the import must find the same clause
ids with the same texts (whitespace normalised as tests/test_acts_match_sources.py does), the same
editions and the same repeal. Where the hand-made file made a choice no text can show (a paragraph
split into sentences, a table rendered as paragraphs, an OCR error mended), the difference is named
below and must be exactly that.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.authoring.compiler import compile_rules
from calculator.authoring.importing import Refused, import_act
from calculator.cli import main
from tests.act_formats import write_docx, write_html
from tests.conftest import ROOT, RULES
from tests.test_acts_match_sources import ACT_FILES, SOURCES_DIR, normalise

RYAZAN = SOURCES_DIR / "001-ryazan-2009-N132-I.txt"

# Clauses where the hand-made file differs from the text on purpose (see each file's notes and mends).
HAND_CHOICES: dict[str, dict[str, Any]] = {
    "russia-general-practice": {"missing": {"3.1", "3.2", "3.3"}, "extra": {"3"}, "text": set()},
    "ryazan-132-i": {"missing": set(), "extra": set(), "text": {"preamble"}},  # «Ґ1тавом» mended by hand only
    "kaluga-28-standard": {"missing": set(), "extra": set(), "text": {"p2s1-4.1"}},  # the reports table
    "izobilnensky-78-reserve": {"missing": set(), "extra": set(), "text": set()},
    "kyrgyzstan-round-table-2023": {"missing": set(), "extra": set(), "text": set()},
}


def clause_text(clause: dict[str, Any]) -> str:
    return normalise(f"{clause.get('heading') or ''} {clause.get('text') or ''}")


def imported(path: Path, act_id: str = "imported") -> dict[str, Any]:
    data = yaml.safe_load(import_act(path, act_id).yaml)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("act_file", ACT_FILES, ids=lambda p: p.stem)
def test_import_finds_the_clauses_of_the_hand_made_act(act_file: Path) -> None:
    hand = yaml.safe_load(act_file.read_text(encoding="utf-8"))
    made = imported(SOURCES_DIR / hand["source"], hand["id"])
    choices = HAND_CHOICES[hand["id"]]
    expected = {c["id"]: c for c in hand["clauses"]}
    found = {c["id"]: c for c in made["clauses"]}
    assert set(expected) - set(found) == choices["missing"]
    assert set(found) - set(expected) == choices["extra"]
    differ = {i for i in expected.keys() & found.keys() if clause_text(expected[i]) != clause_text(found[i])}
    assert differ == choices["text"]
    # The clause order is the text's order.
    common = [i for i in found if i in expected]
    assert common == [i for i in expected if i in found]


def test_the_ocr_error_is_reported_not_mended() -> None:
    result = import_act(RYAZAN, "ryazan-test")
    preamble = next(c for c in result.act["clauses"] if c["id"] == "preamble")
    assert "руководствуясь Ґ1тавом муниципального" in preamble["text"]
    report = result.report()
    assert "строка 25: «Ґ1тавом»" in report
    assert "«Ґ1тавом»" in result.report(markdown=True)


def test_a_paragraph_split_into_sentences_by_hand_is_one_clause_of_the_text() -> None:
    made = imported(SOURCES_DIR / "000-russia-general-practice.txt")
    three = next(c for c in made["clauses"] if c["id"] == "3")
    hand = yaml.safe_load((RULES / "russia/acts/russia-general-practice.yaml").read_text(encoding="utf-8"))
    sentences = [c for c in hand["clauses"] if c["id"] in ("3.1", "3.2", "3.3")]
    assert clause_text(three) == normalise(" ".join(c["text"] for c in sentences))


@pytest.mark.parametrize("act_file", ACT_FILES, ids=lambda p: p.stem)
def test_editions_and_repeal_are_read_from_the_text(act_file: Path) -> None:
    hand = yaml.safe_load(act_file.read_text(encoding="utf-8"))
    made = imported(SOURCES_DIR / hand["source"], hand["id"])
    assert [e["from"] for e in made["editions"]] == [e["from"] for e in hand["editions"]]
    assert made.get("repealed", {}).get("on") == hand.get("repealed", {}).get("on")
    assert made["adopted"] == hand["adopted"]
    assert made["number"] == hand["number"]
    if hand["status"] == "repealed":
        assert made["status"] == "repealed"
    # Only the last edition is the received text; earlier ones are marked as not available.
    assert all(e.get("text_available") is False for e in made["editions"][:-1])


def test_editions_of_other_acts_cited_in_the_heading_are_not_the_acts_own() -> None:
    """Izobilnensky's preamble cites a Governor's decree "(с изменениями, внесенными … от 04 июня 2009 г. N 343, …)"."""
    made = imported(SOURCES_DIR / "003-izobilnensky-2010-N199-reserve.txt")
    dates = {e["from"].isoformat() for e in made["editions"]}
    assert dates == {"2009-02-25", "2009-06-24", "2010-06-21"}
    assert "2009-06-04" not in dates


def test_navigation_and_publisher_notes_are_removed_and_listed() -> None:
    kyrgyz = import_act(SOURCES_DIR / "002-kyrgyzstan-2023-resolution.txt", "kg")
    text = " ".join(c["text"] + (c["heading"] or "") for c in kyrgyz.act["clauses"])
    assert "Главная страница" not in text and "Похожие материалы" not in text and "№9 (155)" not in text
    report = kyrgyz.report()
    assert "строка 4: шапка и навигация сайта: «- Главная страница /»" in report
    assert "список материалов сайта: «Похожие материалы:»" in report
    garant = import_act(SOURCES_DIR / "003-izobilnensky-2010-N199-reserve.txt", "iz")
    text = " ".join(c["text"] for c in garant.act["clauses"])
    assert "ГАРАНТ" not in text and "фактически утратило силу" not in text
    assert "примечание справочной системы о статусе акта" in garant.report()


def test_numbering_gaps_and_repeats_are_kept_and_reported() -> None:
    result = import_act(SOURCES_DIR / "004-kaluga-2022-N28-standard.txt", "kaluga-test")
    ids = [c["id"] for c in result.act["clauses"]]
    assert "p1s1-4.5" in ids and "p1s1-4.7" in ids and "p1s1-4.6" not in ids
    assert "p1s2-4" in ids and "p1s2-2" not in ids
    report = result.report()
    assert "после пункта 4.5 идёт 4.7: номера пропущены" in report
    assert "после пункта 1.6 идёт 4: номера пропущены" in report
    assert "заголовок «Часть 2» повторяется" in report
    # The reports table of Part 2, Section 1, 4.1 is kept as text and pointed at.
    assert "Таблицы: строки с ячейками через табуляцию" in report and "строки 172, 173, 174, 176, 177" in report


def test_a_date_or_a_cited_clause_at_the_start_of_a_line_is_not_a_clause(tmp_path: Path) -> None:
    text = (
        "ПОЛОЖЕНИЕ\nо наставничестве (утв. постановлением администрации от 01.02.2020 N 5)\n"
        "1. Общие положения\n1.1. Наставник назначается приказом, изданным в соответствии с законом от\n"
        "17.10.2007 N 136-ОЗ и пунктом\n4.2 Положения о персонале.\n1.2. Срок наставничества один год.\n"
        "2. Порядок\n2.1. Наставник составляет план.\n"
    )
    source = tmp_path / "mentoring.txt"
    source.write_text(text, encoding="utf-8")
    result = import_act(source, "mentoring")
    assert [c["id"] for c in result.act["clauses"]] == ["approval", "1", "1.1", "1.2", "2", "2.1"]
    first = next(c for c in result.act["clauses"] if c["id"] == "1.1")
    assert first["text"].endswith("от 17.10.2007 N 136-ОЗ и пунктом 4.2 Положения о персонале.")
    assert "строка 6: строка начинается с «4.2», но это не продолжение нумерации: оставлена в тексте пункта 1.1" in result.report()


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings_of_copied_text_import_to_the_same_act(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / f"ryazan-{encoding}.txt"
    source.write_bytes(RYAZAN.read_text(encoding="utf-8").replace("Ґ1тавом", "Уставом").encode(encoding))
    reference = tmp_path / "ryazan.txt"
    reference.write_text(RYAZAN.read_text(encoding="utf-8").replace("Ґ1тавом", "Уставом"), encoding="utf-8")
    assert imported(source)["clauses"] == imported(reference)["clauses"]


@pytest.mark.parametrize("name", ["001-ryazan-2009-N132-I.txt", "004-kaluga-2022-N28-standard.txt"])
def test_docx_and_html_versions_import_to_the_same_act(tmp_path: Path, name: str) -> None:
    source = SOURCES_DIR / name
    from_text = import_act(source, "act").yaml
    for made in (write_docx(source, tmp_path / "act.docx"), write_html(source, tmp_path / "act.html")):
        assert import_act(made, "act").yaml.replace(made.name, source.name) == from_text, made.suffix


def test_html_keeps_the_document_and_drops_the_site(tmp_path: Path) -> None:
    page = write_html(RYAZAN, tmp_path / "page.html")
    result = import_act(page, "act")
    everything = " ".join(f"{c['heading'] or ''} {c['text']}" for c in result.act["clauses"])
    for chrome in ("Главная", "Контакты", "все права защищены", "счётчик", "counter", "Популярное"):
        assert chrome not in everything
    assert result.review.kind == "HTML"


# --- the command line --------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "calculator", "import-act", *args], capture_output=True, text=True, cwd=ROOT, check=False)
    return done.returncode, done.stdout, done.stderr


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/readme.txt", "Фотографии с заседания думы")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "пуст"),
        ("blank.txt", b"  \n\n\t\n", "пуст"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "двоичный"),
        ("act.docx", _zip_of_text(), "ZIP-архив, но не документ Word (DOCX)"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "архив повреждён"),
        (
            "letter.txt",
            "Добрый день!\nВысылаю вам протокол заседания.\nПросим рассмотреть его до пятницы.\nС уважением, Иванова.\n".encode(),
            "не найдено пунктов акта",
        ),
        ("act.rtf", b"{\\rtf1\\ansi \\b \\u1055?\\b0}", "RTF"),
    ],
)
def test_bad_input_is_refused_in_russian_and_nothing_is_written(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_bytes(content)
    target = tmp_path / "out" / "act.yaml"
    code, out, err = run(str(source), "--id", "bad-act", "-o", str(target))
    assert code == 2
    assert expected in err and err.startswith("Акт не импортирован:")
    assert "Traceback" not in err + out
    assert not target.exists() and not target.parent.exists()


def test_missing_file_and_bad_id_are_refused(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nothing.txt"), "--id", "x")
    assert code == 2 and "не найден" in err
    code, _, err = run(str(RYAZAN), "--id", "Рязань 132")
    assert code == 2 and "--id: ожидается id акта" in err


def test_the_command_writes_act_and_report_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "acts" / "ryazan-copy.yaml"
    report = tmp_path / "report.md"
    code, out, err = run(str(RYAZAN), "--id", "ryazan-copy", "-o", str(target), "--report", str(report))
    assert code == 0, err
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["id"] == "ryazan-copy"
    assert "Отчёт об импорте акта" in out and f"Акт записан: {target}" in out
    assert report.read_text(encoding="utf-8").startswith("# Отчёт об импорте акта")
    target.write_text("# мои правки\n", encoding="utf-8")
    code, _, err = run(str(RYAZAN), "--id", "ryazan-copy", "-o", str(target))
    assert code == 2 and "уже есть. Укажите другое имя или добавьте --force" in err
    assert target.read_text(encoding="utf-8") == "# мои правки\n"
    code, _, err = run(str(RYAZAN), "--id", "ryazan-copy", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_the_command_never_writes_over_its_input(tmp_path: Path) -> None:
    source = tmp_path / "act.txt"
    shutil.copy(RYAZAN, source)
    before = source.read_bytes()
    code, _, err = run(str(source), "--id", "act", "-o", str(source), "--force")
    assert code == 2 and "входной файл той же команды" in err
    code, _, err = run(str(source), "--id", "act", "-o", str(tmp_path / "act.yaml"), "--report", str(source), "--force")
    assert code == 2 and "входной файл той же команды" in err
    assert source.read_bytes() == before
    # Refused because of the report: the act is not written either.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["act.txt"]


def test_without_output_the_act_goes_to_stdout_and_the_report_to_stderr() -> None:
    code, out, err = run(str(SOURCES_DIR / "000-russia-general-practice.txt"), "--id", "overview")
    assert code == 0
    assert yaml.safe_load(out)["id"] == "overview"
    assert "нумерация введена импортом" in err
    assert "ссылочная пометка после предложения" in err


# --- an imported act in the rules and on the site -----------------------------------------------


def test_an_imported_act_passes_lint_and_its_clauses_are_linked_on_the_site(tmp_path: Path) -> None:
    from calculator.authoring.scaffold import new_jurisdiction
    from kb_site.build import build_site

    for name in ("docs", "rules"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    rules = tmp_path / "rules"
    import datetime

    new_jurisdiction(rules, "novograd", "Город Новоград", "russia", datetime.date(2024, 3, 15), act_id="novograd-regulation")
    # The methodologist's act, imported from its text, replaces the scaffold's placeholder act.
    (rules / "novograd/acts/novograd-regulation.yaml").unlink()
    page = write_html(SOURCES_DIR / "004-kaluga-2022-N28-standard.txt", tmp_path / "standard.html")
    assert main(["import-act", str(page), "--id", "novograd-28", "-o", str(rules / "novograd/acts/novograd-28.yaml")]) == 0
    training = rules / "novograd/rules/training.yaml"
    training.write_text(
        training.read_text(encoding="utf-8")
        .replace("act: novograd-regulation", "act: novograd-28")
        .replace('clauses: ["2"]', 'clauses: ["p1s1-6.2"]'),
        encoding="utf-8",
    )
    compiled = compile_rules(rules)
    assert not compiled.issues, [i.message for i in compiled.issues]
    assert "novograd-28" in compiled.bundle["acts"]

    assert build_site(tmp_path / "mkdocs.yml", tmp_path / "site") == 0
    act_page = (tmp_path / "site/acts/novograd-28/index.html").read_text(encoding="utf-8")
    made = yaml.safe_load((rules / "novograd/acts/novograd-28.yaml").read_text(encoding="utf-8"))
    for clause in made["clauses"]:
        assert f'id="p-{clause["id"]}"' in act_page, clause["id"]
    rule_page = (tmp_path / "site/rules/novograd/periodic_upgrade/index.html").read_text(encoding="utf-8")
    assert "acts/novograd-28/#p-p1s1-6.2" in rule_page


def test_the_library_call_refuses_with_the_same_reason(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("Уважаемые жители!\nЗаседание думы переносится на вторник.\n", encoding="utf-8")
    with pytest.raises(Refused, match="не найдено пунктов акта"):
        import_act(notice, "notice")


def test_a_jurisdiction_that_does_not_exist_is_named() -> None:
    code, _, err = run(str(RYAZAN), "--id", "ryazan-copy", "--jurisdiction", "novograd-nowhere")
    assert code == 2
    assert "юрисдикции «novograd-nowhere» нет" in err and "new-jurisdiction novograd-nowhere" in err
    assert not (RULES / "novograd-nowhere").exists()


SOURCE_LINES = {path.name: path.read_text(encoding="utf-8").splitlines() for path in sorted(SOURCES_DIR.glob("0*.txt"))}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_piece_of_a_source_is_imported_into_a_valid_act_or_refused(tmp_path: Path, data: st.DataObject) -> None:
    """Pieces of the real texts, in any order, some lines cut short: an act the schema accepts, or a refusal."""
    import json

    import jsonschema

    lines = SOURCE_LINES[data.draw(st.sampled_from(sorted(SOURCE_LINES)))]
    picked = data.draw(st.lists(st.sampled_from(lines), max_size=60))
    cut = [line[: data.draw(st.integers(0, len(line)))] if data.draw(st.booleans()) else line for line in picked]
    source = tmp_path / "piece.txt"
    source.write_text("\n".join(cut), encoding="utf-8")
    try:
        result = import_act(source, "piece")
    except Refused as exc:
        assert str(exc)
        return
    act = yaml.safe_load(result.yaml)
    ids = [c["id"] for c in act["clauses"]]
    assert len(ids) == len(set(ids))
    schema = json.loads((ROOT / "schema" / "act.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(act, default=str)), schema)
    assert result.report(markdown=True).startswith("# Отчёт об импорте акта")


def test_a_page_whose_menus_are_plain_divs_keeps_only_the_document(tmp_path: Path) -> None:
    """Many municipal sites mark their menus and footers by class, not by <nav> and <footer>."""
    body = "".join(f"<p>{line}</p>" for line in RYAZAN.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body>'
        '<div id="top-menu"><a href="/">Главная</a> <a href="/duma">Городская Дума</a></div>'
        '<div class="breadcrumbs">Главная / Документы / Решения</div>'
        f'<div class="content"><div class="doc-header"></div>{body}</div>'
        '<div class="site-footer">Телефон приёмной: 8 (800) 000-00-00</div>'
        '<div class="share-buttons">Поделиться ВКонтакте</div></body></html>',
        encoding="utf-8",
    )
    from_page = import_act(page, "act")
    from_text = import_act(RYAZAN, "act")
    assert from_page.act["clauses"] == from_text.act["clauses"]


CONSULTANT_STYLE = """\
СОВЕТ ДЕПУТАТОВ ГОРОДА НОВОГРАДА
РЕШЕНИЕ
от 10 марта 2015 г. N 20
ОБ УТВЕРЖДЕНИИ ПОЛОЖЕНИЯ О НАСТАВНИЧЕСТВЕ
(в ред. решений Совета депутатов города Новограда от 12.05.2016 N 31, от 20.12.2018 N 77)
Совет депутатов решил:
1. Утвердить Положение о наставничестве.
2. Решение вступает в силу со дня опубликования.
Глава города Новограда И.И. Иванов
ПОЛОЖЕНИЕ О НАСТАВНИЧЕСТВЕ
(утв. решением Совета депутатов города Новограда от 10 марта 2015 г. N 20)
1. Общие положения
1.1. Наставник назначается из числа опытных муниципальных служащих.
(п. 1.1 в ред. решения Совета депутатов города Новограда от 20.12.2018 N 77)
1.2. Наставничество длится не более одного года.
Наставник отчитывается руководителю ежеквартально.
(абзац введен решением Совета депутатов города Новограда от 12.05.2016 N 31)
1.3. Утратил силу. - Решение Совета депутатов города Новограда от 20.12.2018 N 77.
"""


def test_notes_under_clauses_become_editions_with_the_clauses_they_changed(tmp_path: Path) -> None:
    """A reference system's export: "(в ред. решений …)" in the heading, "(п. 1.1 в ред. …)" under clauses."""
    source = tmp_path / "mentoring.txt"
    source.write_text(CONSULTANT_STYLE, encoding="utf-8")
    act = imported(source, "novograd-20")
    assert (act["adopted"].isoformat(), act["number"], act["form"]) == ("2015-03-10", "20", "Решение Совета депутатов города Новограда")
    assert act["status"] == "in_force" and "repealed" not in act  # clause 1.3 lost force, not the act
    editions = {e["id"]: e for e in act["editions"]}
    assert list(editions) == ["2015-03-10", "2016-05-12", "2018-12-20"]
    assert editions["2016-05-12"]["by"] == "Решение Совета депутатов города Новограда от 12.05.2016 N 31"
    assert editions["2016-05-12"]["changes"] == [
        {"clause": "1.2", "change": "added", "summary": "Введён (примечание к пункту 1.2 в тексте)."}
    ]
    assert [(c["clause"], c["change"]) for c in editions["2018-12-20"]["changes"]] == [("1.1", "amended"), ("1.3", "removed")]
    assert [c["id"] for c in act["clauses"]] == [
        "preamble",
        "decision.1",
        "decision.2",
        "signature",
        "regulation",
        "1",
        "1.1",
        "1.2",
        "1.3",
    ]


@pytest.mark.parametrize(
    ("words", "days", "publication"),
    [
        ("3. Настоящее решение вступает в силу на следующий день после дня его официального опубликования.", 1, True),
        ("2. Настоящее постановление вступает в силу со дня его подписания.", 0, False),
        ("5. Настоящий приказ вступает в силу со дня его официального опубликования (обнародования).", 0, True),
        ("4. Настоящее решение вступает в силу после его официального опубликования.", 1, True),
        ("6. Настоящее распоряжение вступает в силу с 1 января 2024 года.", None, False),
        ("7. Контроль за исполнением настоящего решения возложить на комитет.", None, False),
    ],
)
def test_the_start_of_force_is_the_earliest_day_the_acts_words_allow(words: str, days: int | None, publication: bool) -> None:
    from calculator.authoring.importing.status import entry_into_force

    found = entry_into_force([(1, "1. Утвердить Положение."), (2, words)])
    if days is None:
        assert found is None  # a fixed date or no such clause: the adoption day stands, and the report says so
    else:
        assert found is not None and (found.days_after_adoption, found.publication, found.line) == (days, publication, 2)


def test_an_act_in_force_after_its_publication_starts_the_next_day_and_asks_for_review(tmp_path: Path) -> None:
    text = (
        "РЕШЕНИЕ\nот 12 марта 2021 г. N 7\n\nОБ ОБУЧЕНИИ МУНИЦИПАЛЬНЫХ СЛУЖАЩИХ\n\n"
        "1. Утвердить Положение об обучении муниципальных служащих.\n"
        "2. Настоящее решение вступает в силу на следующий день после дня его официального опубликования.\n\n"
        "ПОЛОЖЕНИЕ\n\n1. Общие положения\n1.1. Служащие проходят обучение.\n1.2. Обучение оплачивает наниматель.\n"
    )
    source = tmp_path / "act.txt"
    source.write_text(text, encoding="utf-8")
    result = import_act(source, "test-act")
    first = result.act["editions"][0]
    assert str(first["from"]) == "2021-03-13" and "не ранее 13.03.2021" in first["summary"]
    assert "дата опубликования в тексте не указана" in result.report()
