"""`new-jurisdiction`: a municipality's folder with an act, a rule and an example, ready to edit.

The files are written from templates with Russian comments on every key, so
a methodologist learns the format by reading them. The rule the scaffold
writes restates the parent's periodic qualification upgrade on the new act's
clause (a `refines`, so the answer cites both acts); without a parent it is
a rule of its own. The example's expected answer is computed by the engine
from the new files and the command then runs the whole lint: what it leaves
behind passes at once, or nothing is left behind.
"""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.authoring.cases import run_case
from calculator.authoring.compiler import MAX_ID_CHARS, RESERVED_IDS, Compiled, compile_rules
from calculator.authoring.report import first_issues
from calculator.authoring.spec import ID
from calculator.bundle import Bundle
from calculator.files import write_file

__all__ = ["ScaffoldError", "Scaffolded", "new_jurisdiction"]


class ScaffoldError(Exception):
    """The municipality cannot be created; the message says why, in Russian."""


@dataclass(frozen=True, slots=True)
class Scaffolded:
    folder: Path
    files: tuple[Path, ...]
    act_id: str
    rule_id: str
    compiled: Compiled  # the whole rules folder with the new jurisdiction, checked


_JURISDICTION = """\
# yaml-language-server: $schema=../../schema/jurisdiction.schema.json
# Юрисдикция «{title}». Создано командой new-jurisdiction; акт действует с {since}.
# Что означает каждый ключ — на странице «Как устроены правила» сайта.

# id — как имя папки: строчные латинские буквы, цифры, дефис, «_». Не меняйте его
# после публикации: по нему строятся адреса страниц и ссылки на расчёт.
id: {slug}

# title — название, как его увидят на сайте и в калькуляторе.
title: {title_yaml}

# extends — на какую юрисдикцию наслаиваются правила: где ваши акты молчат,
# действуют её правила. null — юрисдикция сама по себе.
extends: {extends_yaml}

# description — одна строка о том, какие акты здесь собраны.
description: {description_yaml}
"""

_ACT = """\
# yaml-language-server: $schema=../../../schema/act.schema.json
# Акт юрисдикции «{title}»: реквизиты, редакции и текст по пунктам.
# ЗАМЕНИТЕ реквизиты и пункты ниже на текст вашего акта. id акта совпадает с
# именем файла: переименовывая акт, переименуйте и файл, и ссылки act: в правилах.

id: "{act_id}"
# title — полное название, как в тексте акта; short_title — для меню и ссылок.
title: {act_title_yaml}
short_title: {act_short_yaml}
# form — вид акта и орган; issuer — кто принял; number — номер; adopted — дата принятия.
form: "Постановление администрации"
issuer: null
number: null
adopted: {since}
# status: in_force (действует), repealed (утратил силу — тогда добавьте
# repealed: {{on: ГГГГ-ММ-ДД, by: "каким актом"}}), reference (справочный материал),
# recommendation (рекомендации). binding: false — нормы необязательны.
status: in_force
binding: true

# editions — редакции акта от ранней к поздней. id — дата редакции в кавычках;
# from — с какого дня она действует; by — каким актом введена.
# Новую редакцию добавляйте ниже, с changes — какие пункты и как изменены
# (added, amended, removed); ответы до её даты останутся прежними.
# Как это сделать — на странице «Как изменить правило».
editions:
  - id: "{since}"
    from: {since}
    by: null
    summary: "Первоначальная редакция."

# clauses — текст акта по пунктам. id — постоянный номер пункта (цифры, точки,
# латинские буквы); label — номер, как он напечатан; text — текст пункта.
clauses:
  - id: "1"
    label: "1."
    heading: "Общие положения"
    text: |-
      ЗАМЕНИТЕ: настоящее Положение определяет порядок профессионального развития муниципальных служащих ({title}).
  - id: "2"
    label: "2."
    heading: null
    text: |-
      ЗАМЕНИТЕ: муниципальные служащие проходят повышение квалификации не реже одного раза в три года.
"""

_RULES = """\
# yaml-language-server: $schema=../../../schema/rules.schema.json
# Правила юрисдикции «{title}». Каждое правило ссылается на акт и пункты,
# из которых следует, и должно проверяться хотя бы одним примером (cases/).

rules:
  # id — «{slug}.» и короткое имя латиницей; по нему строится адрес страницы правила.
  - id: {rule_id}
    # title — одна строка: что правило устанавливает.
    title: Повышение квалификации не реже одного раза в три года
    # act и clauses — акт и пункты, на которых правило основано; ответ калькулятора
    # сошлётся на них.
    act: {act_id}
    clauses: ["2"]
{link_block}    # explanation — объяснение для служащего простыми словами; оно будет и на
    # странице правила, и в ответе калькулятора.
    explanation: >-
      Повышение квалификации проходят не реже одного раза в три года. Срок
      считается от окончания последнего повышения квалификации, а если его не
      было — от начала муниципальной службы.
    # duty — обязанность пройти обучение. deadline — крайний срок: событие (event)
    # плюс срок («3 года», «6 месяцев», «30 дней»).
{duty_block}"""

_REFINES = """\
    # refines — уточняет правило базовой юрисдикции: берутся его ключи, а те, что
    # указаны здесь, заменяют их. replaces — заменить правило целиком.
    refines: {base_rule}
"""

_DUTY_REFINING = """\
    duty:
      deadline: {date: event, plus: 3 года}
"""

_DUTY_OWN = """\
    duty:
      kind: upgrade            # вид обучения: upgrade, retraining…
      ground: periodic         # основание: periodic — периодическое
      recurring: true          # повторяется после каждого прохождения
      event:                   # от чего отсчитывать: первая известная дата из списка
        first_known:
          - latest_of: [last_upgrade_end]
          - date: service_start
      from: null
      deadline: {date: event, plus: 3 года}
"""

_CASES = """\
# yaml-language-server: $schema=../../../schema/cases.schema.json
# Примеры юрисдикции «{title}»: анкета, дата расчёта и ожидаемый ответ.
# lint проверяет, что калькулятор отвечает именно так. Ожидаемый ответ ниже
# посчитан при создании заготовки — сверьте его с текстом акта.

cases:
  # name — что проверяет пример, одной фразой.
  - name: {case_name_yaml}
    # on — дата расчёта; profile — анкета (поля — в справочнике фактов на сайте).
    "on": {since}
    profile:
      service_start: {service_start}
      last_upgrade_end: {last_upgrade_end}
    # expect — ожидаемый ответ: сравниваются только названные ключи; список
    # trainings должен совпасть по числу обязанностей.
    expect:
      trainings:
{trainings}"""


def _q(value: str | None) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    if value is None:
        return "null"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _periodic_rule(compiled: Compiled, parent: str) -> str | None:
    """The parent's periodic upgrade duty (its own or inherited), to refine."""
    jurisdictions = compiled.bundle["jurisdictions"]
    cursor: str | None = parent
    while cursor:
        for rule in jurisdictions[cursor]["rules"]:
            duty = rule.get("duty") or {}
            if rule["type"] == "duty" and duty.get("kind") == "upgrade" and duty.get("ground") == "periodic" and duty.get("recurring"):
                return str(rule["id"])
        cursor = jurisdictions[cursor].get("extends")
    return None


_OWN_FAULT = "заготовка не прошла проверку (это ошибка программы — сообщите разработчикам)"


def _checked(root: Path, problem: str, run_cases: bool) -> Compiled:
    """The compiled rules folder, or ScaffoldError naming `problem` and the first issues."""
    compiled = compile_rules(root, run_cases=run_cases)
    if compiled.issues:
        raise ScaffoldError(f"{problem}:\n{first_issues(compiled.issues)}")
    return compiled


def _check_request(root: Path, slug: str, title: str, extends: str | None, act_id: str) -> Compiled:
    for what, value in (("идентификатор", slug), ("id акта", act_id)):
        if len(value) > MAX_ID_CHARS:
            raise ScaffoldError(f"{what} длиннее {MAX_ID_CHARS} знаков: он становится именем файла и адресом страницы; сократите его")
        if value in RESERVED_IDS:
            raise ScaffoldError(f"{what} «{value}» занят: так называется страница раздела сайта; выберите другой")
    if not re.fullmatch(ID, slug):
        raise ScaffoldError(
            f"идентификатор «{slug}» не подходит: нужны строчные латинские буквы, цифры, «-» или «_», в начале — буква (например, novograd)"
        )
    if not re.fullmatch(ID, act_id):
        raise ScaffoldError(f"id акта «{act_id}» не подходит: строчные латинские буквы, цифры, «-» или «_», в начале — буква")
    if not title.strip():
        raise ScaffoldError('укажите название: --title "Город Новоград"')
    if not root.is_dir():
        raise ScaffoldError(f"папка правил «{root}» не найдена")
    if (root / slug).exists():
        raise ScaffoldError(f"папка «{root / slug}» уже есть: выберите другой идентификатор или удалите её")
    compiled = _checked(root, "в правилах уже есть ошибки — сначала исправьте их (python -m calculator lint)", run_cases=False)
    known = compiled.bundle["jurisdictions"]
    if extends is not None and extends not in known:
        raise ScaffoldError(f"нет юрисдикции «{extends}», на которую наслаиваться; есть: {', '.join(known)}")
    if any(act_id in j["acts"] for j in known.values()):
        raise ScaffoldError(f"акт «{act_id}» уже есть: укажите другой id акта (--act)")
    return compiled


def new_jurisdiction(root: Path, slug: str, title: str, extends: str | None, since: datetime.date, act_id: str | None = None) -> Scaffolded:
    """Write rules/<slug>/ and check it with the whole lint; on any problem remove it and raise."""
    act_id = act_id or f"{slug}-regulation"
    compiled = _check_request(root, slug, title, extends, act_id)
    base_rule = _periodic_rule(compiled, extends) if extends else None
    rule_id = f"{slug}.periodic_upgrade"
    # A servant who joined five years ago, last upgraded two years ago: one periodic duty is due next year.
    service_start = since.replace(year=since.year - 5, day=min(since.day, 28))
    last_upgrade_end = since.replace(year=since.year - 2, day=min(since.day, 28))
    fields = {
        "slug": slug,
        "title": title,
        "since": since.isoformat(),
        "title_yaml": _q(title),
        "extends_yaml": extends or "null",
        "description_yaml": _q(f"Акты и правила: {title}."),
        "act_id": act_id,
        "act_title_yaml": _q(f"Положение о профессиональном развитии муниципальных служащих ({title})"),
        "act_short_yaml": _q(f"Положение о профессиональном развитии ({title})"),
        "rule_id": rule_id,
        "service_start": service_start.isoformat(),
        "last_upgrade_end": last_upgrade_end.isoformat(),
        "case_name_yaml": _q(f"Последнее повышение квалификации {last_upgrade_end:%d.%m.%Y} — следующее не позднее чем через три года"),
    }
    folder = root / slug
    files = {
        folder / "jurisdiction.yaml": _JURISDICTION.format(**fields),
        folder / "acts" / f"{act_id}.yaml": _ACT.format(**fields),
        folder / "rules" / "training.yaml": _RULES.format(
            **fields,
            link_block=_REFINES.format(base_rule=base_rule) if base_rule else "",
            duty_block=_DUTY_REFINING if base_rule else _DUTY_OWN,
        ),
    }
    cases_path = folder / "cases" / "training.yaml"
    try:
        # The folder is new (refused above if it existed): every file in it is this command's own.
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, content.encode("utf-8"), force=True)
        cases_path.parent.mkdir(parents=True, exist_ok=True)
        # First with no expectation, so the engine can answer the example with the new rules.
        write_file(cases_path, _CASES.format(**fields, trainings="        []\n").encode("utf-8"), force=True)
        write_file(cases_path, _CASES.format(**fields, trainings=_expected_trainings(root, slug)).encode("utf-8"), force=True)
        final = _checked(root, _OWN_FAULT, run_cases=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Scaffolded(folder, (*files, cases_path), act_id, rule_id, final)


def _expected_trainings(root: Path, slug: str) -> str:
    """The example's trainings as the engine answers them with the new files, as YAML flow lines."""
    compiled = _checked(root, _OWN_FAULT, run_cases=False)
    case = next(c for c in compiled.cases if c["jurisdiction"] == slug)
    answer: dict[str, Any] | None = run_case(Bundle.from_raw(compiled.bundle), case).answer
    lines = []
    for duty in (answer or {}).get("trainings", []):
        shown = ", ".join(f"{key}: {duty[key] if duty[key] is not None else 'null'}" for key in ("kind", "ground", "deadline", "status"))
        lines.append(f"        - {{{shown}}}\n")
    return "".join(lines) or "        []\n"
