"""Compile `rules/` (YAML) into the JSON bundle the engine reads, checking everything on the way.

Checks, each reported at its file, line and column, in Russian:
shapes (unknown or missing keys, wrong types), cross-references (acts,
clauses, editions, facts, rules replaced or refined), the meaning of
conditions (a choice value that does not exist, a date compared with a
number), document tables (gaps and overlaps), edition dates in order, and
the example cases: each must give its expected answer, and every rule and
every table row must be exercised by some case.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calculator.authoring.calendar_source import CALENDAR_DIR, load_calendar
from calculator.authoring.outcomes import AUTHORED
from calculator.authoring.shapes import Issue, check
from calculator.authoring.spec import Specs, build_specs
from calculator.authoring.yamlsource import Located, Node, SourceProblem, load_file, where
from calculator.bundle import BUNDLE_FORMAT, inputs_digest
from calculator.conditions import OPERATORS
from calculator.dates import parse_period
from calculator.facts import FACT_TYPES, FactDictionary
from calculator.files import Made, write_file
from calculator.planning.columns import ColumnSet
from calculator.rules import BUILT_IN_CODES, OUTCOME_TYPES

__all__ = ["Compiled", "LintFailed", "compile_rules", "save_bundle", "write_bundle"]


class LintFailed(Exception):
    """The rules have problems; `issues` says where and what."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s) in rules")


@dataclass
class Compiled:
    bundle: dict[str, Any]
    cases: list[dict[str, Any]]  # normalised example cases, with their location
    issues: list[Issue] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # What the site shows and the engine does not need: full act texts, jurisdiction
    # descriptions and where each act, rule and jurisdiction is written.
    catalog: dict[str, Any] = field(default_factory=dict)
    # For each case (same order as `cases`), the rules and table rows it exercised.
    traces: list[set[str]] = field(default_factory=list)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


class _Compiler:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[Issue] = []
        self.files: list[Path] = []
        self.facts: dict[str, dict[str, Any]] = {}
        self.fact_nodes: dict[str, Node] = {}  # where each fact is written, for messages
        self.codes: dict[str, Any] = {}
        self.acts: dict[str, dict[str, Any]] = {}
        self.act_nodes: dict[str, Node] = {}
        self.jurisdictions: dict[str, dict[str, Any]] = {}
        self.rule_nodes: dict[str, tuple[Node, str]] = {}
        self.case_nodes: list[tuple[Node, str]] = []
        self.answer_format: dict[str, Any] = {}

    # --- helpers ---------------------------------------------------------------
    def issue(self, at: Located | None, message: str, hint: str = "") -> None:
        self.issues.append(Issue(at, message, hint))

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def load(self, path: Path) -> Any:
        self.files.append(path)
        bare: list[Located] = []
        try:
            data = load_file(path, self.shown(path), within=self.root, bare_boolean_keys=bare)
        except SourceProblem as exc:
            self.issue(exc.at, exc.message, exc.hint)
            return None
        for at in bare:
            self.issue(
                at,
                "ключ без кавычек, который редактор в режиме YAML 1.1 прочтёт как true или false",
                'заключите его в кавычки, как в остальных файлах: "on": 2024-06-01',
            )
        return data

    # --- facts and codes ---------------------------------------------------------
    def load_dictionaries(self) -> Specs | None:
        facts_path, codes_path = self.root / "facts.yaml", self.root / "codes.yaml"
        for needed in (facts_path, codes_path):
            if not needed.exists():
                self.issue(Located(self.shown(needed), 1, 1), "нет обязательного файла", "восстановите его из репозитория проекта")
        if self.issues:
            return None
        facts_doc, codes_doc = self.load(facts_path), self.load(codes_path)
        if facts_doc is None or codes_doc is None:
            return None
        probe = build_specs({}, ())
        ok = check(facts_doc, probe.facts_file, where(facts_doc), self.issues) & check(
            codes_doc, probe.codes_file, where(codes_doc), self.issues
        )
        if not ok:
            return None
        self.codes = _iso(codes_doc)
        if not self.check_built_in_codes(codes_doc):
            return None
        self._flatten_facts(facts_doc["facts"], "")
        self.check_not_before()
        self.check_completed_by(codes_doc)
        self.check_columns(facts_doc["facts"])
        specs = build_specs(self.codes, tuple(self.facts))
        self.load_answer_format(specs)
        return specs

    def check_built_in_codes(self, codes_doc: Node) -> bool:
        """The codes the engine gives by itself need their Russian labels, or answers would break."""
        ok = True
        for group, codes in BUILT_IN_CODES.items():
            labels = codes_doc.get(group)
            missing = [code for code in codes if not isinstance(labels, dict) or code not in labels]
            if missing:
                ok = False
                self.issue(
                    where(codes_doc, group) if labels is not None else where(codes_doc),
                    f"в группе «{group}» нет кодов, которые калькулятор выдаёт сам: {', '.join(missing)}",
                    "верните их с русскими названиями: коды — часть публичного контракта (CONTRACT.md)",
                )
        return ok

    def check_columns(self, facts_doc: dict[str, Any]) -> None:
        """A staff-list header (label or column alias) must name one column only, or a plan would guess."""
        for header, first, second in ColumnSet(FactDictionary(self.facts)).clashes:
            node = facts_doc.get((second.fact.path if second.fact else "").split(".")[0])
            self.issue(
                where(node) if node is not None else None,
                f"заголовок столбца «{header}» означает и «{first.header}», и «{second.header}»",
                "измените label или column_aliases одного из фактов: заголовок в списке сотрудников должен быть однозначным",
            )

    def load_answer_format(self, specs: Specs) -> None:
        """rules/answer.yaml describes the answer for the site; optional for a bare rules folder."""
        path = self.root / "answer.yaml"
        if not path.exists():
            return
        doc = self.load(path)
        if doc is not None and check(doc, specs.answer_file, where(doc), self.issues):
            self.answer_format = _iso(doc)

    def _flatten_facts(self, facts: dict[str, Any], prefix: str) -> None:
        for name, spec in facts.items():
            path = prefix + name
            entry = {k: _iso(v) for k, v in spec.items() if k != "fields"}
            if spec["type"] == "object":
                children = spec.get("fields") or {}
                entry["fields"] = [f"{path}.{c}" for c in children]
                self.facts[path] = entry
                self._flatten_facts(children, f"{path}.")
            else:
                if spec["type"] == "choice" and not spec.get("choices"):
                    self.issue(where(spec), f"у факта «{path}» типа choice нет списка choices")
                self.facts[path] = entry
            self.fact_nodes[path] = spec

    def check_not_before(self) -> None:
        """`not_before` names another fact, which may be written later in the file: checked once, after all."""
        for path, entry in self.facts.items():
            other = entry.get("not_before")
            if other and other not in self.facts:
                self.issue(
                    where(self.fact_nodes[path], "not_before"),
                    f"факт «{path}»: not_before ссылается на неизвестный факт «{other}»",
                    "укажите факт типа date из этого же файла",
                )

    def check_completed_by(self, codes_doc: Node) -> None:
        """A training kind needs the date facts that mark it done, or a finished training would still be owed."""
        kinds = codes_doc.get("training_kinds")
        for kind, spec in (kinds or {}).items():
            names = spec.get("completed_by") if isinstance(spec, dict) else None
            if not names:
                self.issue(
                    where(kinds, kind),
                    f"у вида обучения «{kind}» нет completed_by: по каким фактам видно, что обучение пройдено",
                    "например: completed_by: [last_upgrade_end]",
                )
                continue
            for index, name in enumerate(names):
                if self.facts.get(name, {}).get("type") != "date":
                    self.issue(
                        where(spec["completed_by"], index) or where(spec, "completed_by"),
                        f"вид обучения «{kind}»: в completed_by «{name}» — не факт-дата из rules/facts.yaml",
                        "укажите дату окончания обучения из словаря фактов, например last_upgrade_end",
                    )

    # --- the tree ------------------------------------------------------------------
    def load_tree(self, specs: Specs) -> None:
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")) and p.name != CALENDAR_DIR):
            self.load_jurisdiction(folder, specs)
        for jid, spec in self.jurisdictions.items():
            parent = spec.get("extends")
            seen = {jid}
            while parent:
                if parent not in self.jurisdictions:
                    self.issue(
                        spec["_at"],
                        f"юрисдикция «{jid}» наслаивается на неизвестную «{parent}»",
                        f"известные: {', '.join(self.jurisdictions)}",
                    )
                    spec["extends"] = None
                    break
                if parent in seen:
                    self.issue(spec["_at"], f"юрисдикции наслаиваются по кругу: {' → '.join(seen)} → {parent}")
                    spec["extends"] = None
                    break
                seen.add(parent)
                parent = self.jurisdictions[parent].get("extends")

    def load_jurisdiction(self, folder: Path, specs: Specs) -> None:
        meta_path = folder / "jurisdiction.yaml"
        if not meta_path.exists():
            self.issue(
                Located(self.shown(folder), 1, 1),
                "в папке юрисдикции нет файла jurisdiction.yaml",
                "создайте его командой «python -m calculator new-jurisdiction»",
            )
            return
        meta = self.load(meta_path)
        if meta is None or not check(meta, specs.jurisdiction_file, where(meta), self.issues):
            return
        if meta["id"] != folder.name:
            self.issue(where(meta, "id"), f"id юрисдикции «{meta['id']}» не совпадает с именем папки «{folder.name}»")
        self.check_page_id(where(meta, "id"), "id юрисдикции", folder.name)
        jid = folder.name
        entry: dict[str, Any] = {
            "id": jid,
            "title": meta["title"],
            "extends": meta.get("extends"),
            "acts": [],
            "rules": [],
            "_at": where(meta),
            "_description": meta.get("description"),
        }
        self.jurisdictions[jid] = entry
        for path in sorted((folder / "acts").glob("*.yaml")):
            self.load_act(path, jid, specs)
        for path in sorted((folder / "rules").glob("*.yaml")):
            doc = self.load(path)
            if doc is not None and check(doc, specs.rules_file, where(doc), self.issues):
                for rule in doc["rules"]:
                    self.collect_rule(rule, jid)
        for path in sorted((folder / "cases").glob("*.yaml")):
            doc = self.load(path)
            if doc is not None and check(doc, specs.cases_file, where(doc), self.issues):
                self.case_nodes.extend((case, jid) for case in doc["cases"])

    def check_page_id(self, at: Located | None, what: str, value: str) -> None:
        """An id that names a file and a page of the site: not the name of a section's own page, not too long."""
        if value in RESERVED_IDS:
            self.issue(at, f"{what} «{value}» занят: так называется страница раздела сайта", "выберите другой id")
        elif len(value) > MAX_ID_CHARS:
            self.issue(at, f"{what} длиннее {MAX_ID_CHARS} знаков", "сократите id: он становится именем файла и адресом страницы")

    def load_act(self, path: Path, jid: str, specs: Specs) -> None:
        doc = self.load(path)
        if doc is None or not check(doc, specs.act_file, where(doc), self.issues):
            return
        act_id = doc["id"]
        if act_id != path.stem:
            self.issue(where(doc, "id"), f"id акта «{act_id}» не совпадает с именем файла «{path.name}»")
        self.check_page_id(where(doc, "id"), "id акта", act_id)
        if act_id in self.acts:
            self.issue(where(doc, "id"), f"акт «{act_id}» уже описан в другом файле")
            return
        clause_ids: dict[str, str] = {}
        for i, clause in enumerate(doc["clauses"]):
            if clause["id"] in clause_ids:
                self.issue(
                    where(doc["clauses"], i),
                    f"пункт «{clause['id']}» повторяется",
                    "у каждого пункта свой id; для повторяющихся номеров добавьте приставку раздела",
                )
            clause_ids[clause["id"]] = clause["label"]
        editions = doc["editions"]
        previous: datetime.date | None = None
        for i, edition in enumerate(editions):
            start = edition.get("from")
            if start is not None and previous is not None and start <= previous:
                self.issue(
                    where(editions, i),
                    f"редакции не по порядку дат: {start} не позже предыдущей ({previous})",
                    "перечисляйте редакции от ранней к поздней",
                )
            previous = start or previous
            self._check_uncertainty(edition, start, "начала действия")
            for j, change in enumerate(edition.get("changes") or []):
                if change["clause"] not in clause_ids:
                    self.issue(where(edition["changes"], j), f"изменение ссылается на несуществующий пункт «{change['clause']}»")
        if not any(e.get("text_available", True) for e in editions):
            self.issue(where(doc, "editions"), "ни у одной редакции нет текста (text_available: false у всех)")
        repealed = doc.get("repealed")
        if repealed and previous and repealed["on"] <= previous:
            self.issue(where(repealed, "on"), f"дата утраты силы {repealed['on']} не позже последней редакции ({previous})")
        if repealed:
            self._check_uncertainty(repealed, repealed["on"], "утраты силы")
        self.acts[act_id] = {
            "id": act_id,
            "title": doc["title"],
            "short_title": doc.get("short_title") or doc["title"],
            "status": doc["status"],
            "binding": doc["binding"],
            "repealed": _iso(repealed) if repealed else None,
            "editions": [_iso(dict(e)) | {"id": str(e["id"])} for e in editions],
            "clauses": clause_ids,
            "jurisdiction": jid,
        }
        self.act_nodes[act_id] = doc
        self.jurisdictions[jid]["acts"].append(act_id)

    def _check_uncertainty(self, node: dict[str, Any], earliest: datetime.date | None, what: str) -> None:
        """An uncertain start (or end) needs its reason for the warning and a window that begins at the earliest day."""
        until = node.get("uncertain_until")
        if until is None:
            if node.get("uncertainty"):
                self.issue(
                    where(node, "uncertainty"),
                    f"объяснение неопределённости даты {what} без uncertain_until",
                    "укажите последний день окна",
                )
            return
        if not node.get("uncertainty"):
            self.issue(
                where(node, "uncertain_until"),
                f"uncertain_until без uncertainty: ответ не сможет объяснить, почему дата {what} не установлена",
            )
        if earliest is not None and until < earliest:
            self.issue(
                where(node, "uncertain_until"), f"окно неопределённости ({until}) кончается раньше самой ранней даты {what} ({earliest})"
            )

    def collect_rule(self, rule: Node, jid: str) -> None:
        rid = rule["id"]
        if rid in self.rule_nodes:
            self.issue(where(rule, "id"), f"правило «{rid}» уже есть", "id правил не должны повторяться")
            return
        if not rid.startswith(jid + "."):
            self.issue(where(rule, "id"), f"id правила «{rid}» должен начинаться с «{jid}.»", "так по id видно, чья это норма")
        self.rule_nodes[rid] = (rule, jid)

    # --- rules: meaning ----------------------------------------------------------------
    def chain(self, jid: str) -> list[str]:
        result: list[str] = []
        cursor: str | None = jid
        while cursor:
            result.append(cursor)
            cursor = self.jurisdictions[cursor].get("extends")
        return result

    def compile_rules(self) -> None:
        for rule, jid in self.rule_nodes.values():
            compiled = self.compile_rule(rule, jid)
            if compiled is not None:
                self.jurisdictions[jid]["rules"].append(compiled)

    def compile_rule(self, rule: Node, jid: str) -> dict[str, Any] | None:
        errors_before = len(self.issues)
        kind = next(k for k in OUTCOME_TYPES if k in rule)
        act_id = rule["act"]
        chain = self.chain(jid)
        if act_id not in self.acts:
            self.issue(where(rule, "act"), f"неизвестный акт «{act_id}»", f"акты: {', '.join(self.acts) or 'нет'}")
            return None
        if self.acts[act_id]["jurisdiction"] not in chain:
            self.issue(where(rule, "act"), f"акт «{act_id}» не относится к юрисдикции «{jid}» и её базовым")
        for i, clause in enumerate(rule["clauses"]):
            self.check_clause(act_id, clause, where(rule["clauses"], i))
        editions = [str(e) for e in rule.get("editions") or []]
        known_editions = [e["id"] for e in self.acts[act_id]["editions"]]
        for i, edition in enumerate(editions):
            if edition not in known_editions:
                self.issue(
                    where(rule["editions"], i), f"у акта «{act_id}» нет редакции «{edition}»", f"редакции: {', '.join(known_editions)}"
                )
        for key in ("replaces", "refines"):
            target = rule.get(key)
            if target is None:
                continue
            owner = self.rule_nodes.get(target, (None, None))[1]
            if owner is None or owner not in chain[1:]:
                self.issue(where(rule, key), f"{key}: нет правила «{target}» в базовых юрисдикциях «{jid}»")
            elif key == "refines" and next(k for k in OUTCOME_TYPES if k in self.rule_nodes[target][0]) != kind:
                self.issue(where(rule, key), f"правило «{target}» другого типа: уточнять можно только правило того же типа ({kind})")
        if rule.get("when"):
            self.check_condition(rule["when"], where(rule, "when"))
        spec = rule[kind]
        AUTHORED[kind].check(self, spec, act_id)
        if len(self.issues) > errors_before:
            return None
        compiled: dict[str, Any] = _iso(
            {
                "id": rule["id"],
                "jurisdiction": jid,
                "type": kind,
                kind: self.normalise(spec),
                "act": act_id,
                "sources": [{"act": act_id, "clause": c} for c in rule["clauses"]],
                "editions": editions or None,
                "title": rule["title"],
                "explanation": rule["explanation"].strip(),
                "interpretation": rule["interpretation"].strip() if rule.get("interpretation") else None,
                "when": self.normalise(rule["when"]) if rule.get("when") else None,
                "replaces": rule.get("replaces"),
                "refines": rule.get("refines"),
                **({"working_days": rule["working_days"]} if rule.get("working_days") else {}),
            }
        )
        return compiled

    def check_clause(self, act_id: str, clause: str, at: Located | None) -> None:
        clauses = self.acts[act_id]["clauses"]
        if clause not in clauses:
            close = difflib.get_close_matches(clause, list(clauses), n=3, cutoff=0.5)
            hint = f"похожие: {', '.join(close)}" if close else "проверьте номер по тексту акта"
            self.issue(at, f"в акте «{act_id}» нет пункта «{clause}»", hint)

    def normalise(self, value: Any) -> Any:
        """Periods to {count, unit, text}; dates to ISO strings; positions dropped."""
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if key in ("plus", "minus", "term", "elapsed_over", "elapsed_at_least") and isinstance(item, str):
                    period = parse_period(item)
                    result[key] = {"count": period.count, "unit": period.unit, "text": period.text}
                else:
                    result[key] = self.normalise(item)
            return result
        if isinstance(value, list):
            return [self.normalise(v) for v in value]
        return _iso(value)

    def fact_type(self, path: str) -> str | None:
        fact = self.facts.get(path)
        return fact["type"] if fact else None

    def check_condition(self, cond: Any, at: Located | None) -> None:
        if not isinstance(cond, dict):
            return
        for joiner in ("all", "any"):
            for i, part in enumerate(cond.get(joiner) or []):
                self.check_condition(part, where(cond[joiner], i) or at)
        if "not" in cond:
            self.check_condition(cond["not"], where(cond, "not") or at)
        subject = cond.get("fact") or cond.get("age")
        if subject is None:
            return
        kind = self.fact_type(subject)
        op = next((k for k in cond if k in OPERATORS), None)
        if op is None or kind is None:
            return
        here = where(cond, op) or at
        if "age" in cond and kind != "date":
            self.issue(where(cond, "age"), f"возраст считается по дате, а «{subject}» — не дата")
            return
        operand_kind = OPERATORS[op]
        subject_kind = "number" if "age" in cond else kind
        if operand_kind in ("number", "range") and subject_kind not in ("number", "integer"):
            self.issue(here, f"операция «{op}» сравнивает числа, а «{subject}» — {_type_ru(kind)}")
        if operand_kind in ("date", "period") and subject_kind != "date":
            self.issue(here, f"операция «{op}» работает с датами, а «{subject}» — {_type_ru(kind)}")
        if operand_kind == "date":
            self.check_date_expr(cond[op], here)
        if op in ("is", "is_not", "in", "not_in"):
            values = cond[op] if isinstance(cond[op], list) else [cond[op]]
            self.check_values(subject, kind, values, here)
        if op == "not_below":
            other = cond[op]
            if kind != "choice" or self.facts.get(other, {}).get("choices") != self.facts[subject].get("choices"):
                self.issue(here, f"not_below сравнивает два факта с одинаковым списком значений: «{subject}» и «{other}»")
        if isinstance(cond[op], dict) and "of" in cond[op] and self.fact_type(cond[op]["of"]) not in ("number", "integer"):
            self.issue(here, f"процент можно взять только от числа, а «{cond[op]['of']}» — не число")

    def check_values(self, subject: str, kind: str, values: list[Any], at: Located | None) -> None:
        choices = self.facts[subject].get("choices") or {}
        for value in values:
            if value is None:
                continue
            if kind == "choice" and value not in choices:
                self.issue(at, f"у факта «{subject}» нет значения «{value}»", f"значения: {', '.join(choices)}")
            elif kind == "bool" and not isinstance(value, bool):
                self.issue(at, f"факт «{subject}» — да/нет, сравнивайте с true или false")
            elif kind == "country" and (not isinstance(value, str) or len(value) != 2 or not value.isupper()):
                self.issue(at, f"код страны — две латинские заглавные буквы, например RU; получено «{value}»")

    def check_date_expr(self, expr: Any, at: Located | None) -> None:
        if isinstance(expr, dict):
            if "first_known" in expr:
                for i, option in enumerate(expr["first_known"] or []):
                    self.check_date_expr(option, where(expr["first_known"], i) or at)
            for path in expr.get("latest_of") or []:
                if self.fact_type(path) != "date":
                    self.issue(where(expr, "latest_of") or at, f"«{path}» — не дата")
            path = expr.get("date")
            if isinstance(path, str) and path not in ("event", "on") and self.fact_type(path) != "date":
                self.issue(where(expr, "date") or at, f"«{path}» — не дата: от него нельзя отсчитывать срок")

    # --- the bundle ------------------------------------------------------------------------
    def catalog(self) -> dict[str, Any]:
        def file_of(node: Any) -> str | None:
            at = where(node)
            return at.file if at else None

        return {
            "acts": {aid: _iso(dict(node)) | {"file": file_of(node)} for aid, node in self.act_nodes.items()},
            "jurisdictions": {
                jid: {"id": jid, "title": spec["title"], "extends": spec.get("extends"), "description": spec.get("_description")}
                | {"file": spec["_at"].file if spec.get("_at") else None}
                for jid, spec in self.jurisdictions.items()
            },
            "rules": {rid: where(node) for rid, (node, _jid) in self.rule_nodes.items()},
            "answer": self.answer_format,
        }

    def bundle(self) -> dict[str, Any]:
        return {
            "format": BUNDLE_FORMAT,
            "inputs": inputs_digest(self.root),  # what the runtime checks a source checkout's bundle against
            "facts": self.facts,
            "codes": self.codes,
            "acts": self.acts,
            "jurisdictions": {jid: {k: v for k, v in spec.items() if not k.startswith("_")} for jid, spec in self.jurisdictions.items()},
        }


def _type_ru(kind: str) -> str:
    return FACT_TYPES[kind].name if kind in FACT_TYPES else kind


def compile_rules(root: Path, run_cases: bool = True) -> Compiled:
    """Compile and check everything under `root` (the `rules/` folder)."""
    compiler = _Compiler(root)
    if not root.is_dir():
        compiler.issue(Located(str(root), 1, 1), "папка с правилами не найдена")
        return Compiled({}, [], compiler.issues)
    specs = compiler.load_dictionaries()
    if specs is None:
        return Compiled({}, [], compiler.issues, compiler.files)
    compiler.load_tree(specs)
    compiler.compile_rules()
    bundle = compiler.bundle()
    bundle["calendar"] = load_calendar(root / CALENDAR_DIR, compiler.load, compiler.issues)
    cases = [_case_entry(node, jid) for node, jid in compiler.case_nodes]
    result = Compiled(bundle, cases, compiler.issues, compiler.files, compiler.catalog())
    if run_cases and not compiler.issues:
        from calculator.authoring.cases import check_cases

        issues, result.traces = check_cases(bundle, cases, compiler.rule_nodes)
        result.issues.extend(issues)
    return result


def _case_entry(node: Node, jid: str) -> dict[str, Any]:
    return {
        "name": node["name"],
        "jurisdiction": node.get("jurisdiction", jid),
        "on": node["on"].isoformat(),
        "profile": node["profile"],  # kept as nodes: positions help report bad profiles
        "expect": node.get("expect"),
        "error": node.get("error"),
        "at": where(node),
        "node": node,
    }


# Acts and jurisdictions become site pages acts/<id>.md, jurisdictions/<id>.md beside each section's index.md;
# an id also names a file, which the file system limits to 255 bytes.
RESERVED_IDS = frozenset({"index"})
MAX_ID_CHARS = 64

# A bundle written before starts with its format's key: `compile -o` replaces such a file without --force.
BUNDLE_FILE = Made("бандл правил", prefixes=(b'{"format":',))


def write_bundle(root: Path, out: Path, run_cases: bool = False, force: bool = False) -> Compiled:
    """Compile and write the bundle atomically (calculator/files.py); raise LintFailed (nothing written) on problems."""
    compiled = compile_rules(root, run_cases=run_cases)
    if compiled.issues:
        raise LintFailed(compiled.issues)
    save_bundle(compiled.bundle, out, compiled.files, force)
    return compiled


def save_bundle(bundle: dict[str, Any], out: Path, inputs: Iterable[Path] = (), force: bool = False) -> None:
    """Write a clean compilation's bundle atomically (a reader never sees half a file)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
    write_file(out, text.encode("utf-8"), made=BUNDLE_FILE, inputs=inputs, force=force)
