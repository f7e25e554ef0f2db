"""Rules read aloud: conditions, dates and outcomes in plain Russian.

The site never shows a condition as YAML to a servant: `{fact: program.kind,
is: upgrade}` becomes «Вид программы» — повышение квалификации. Labels come
from the fact dictionary and the code lists, so renaming a label in
`rules/facts.yaml` renames it everywhere. All output is Markdown-safe.
"""

from __future__ import annotations

import datetime
from typing import Any

from kb_site.markup import cell, text

__all__ = ["Wording"]

_COMPARISONS = {
    "over": "больше",
    "at_least": "не меньше",
    "under": "меньше",
    "at_most": "не больше",
    "before": "раньше",
    "on_or_before": "не позже",
    "after": "позже",
    "on_or_after": "не раньше",
}


class Wording:
    """Turns compiled rule data into Russian phrases, using the bundle's labels."""

    def __init__(self, facts: dict[str, Any], codes: dict[str, Any]) -> None:
        self.facts = facts
        self.codes = codes

    # --- small values --------------------------------------------------------------
    @staticmethod
    def text(value: Any) -> str:
        """Any text from the rules, safe in Markdown."""
        return text(value)

    @staticmethod
    def cell(value: Any) -> str:
        """Text safe inside a Markdown table cell."""
        return cell(value)

    def fact(self, path: str) -> str:
        label = (self.facts.get(path) or {}).get("label") or path
        return f"«{text(label)}»"

    def code(self, group: str, code: str | None) -> str:
        if code is None:
            return "нет"
        label = (self.codes.get(group) or {}).get(code, code)
        return text(label["label"] if isinstance(label, dict) else label)

    @staticmethod
    def day(iso: str | None) -> str:
        return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "дата не указана"

    @staticmethod
    def number(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace(".", ",")

    def value(self, path: str, value: Any) -> str:
        if value is None:
            return "не указано"
        if isinstance(value, bool):
            return "да" if value else "нет"
        fact = self.facts.get(path) or {}
        if fact.get("choices") and value in fact["choices"]:
            return text(fact["choices"][value])
        if fact.get("type") == "date" and isinstance(value, str):
            return self.day(value)
        if isinstance(value, int | float):
            return self.number(value)
        return text(value)

    def amount(self, operand: Any) -> str:
        if isinstance(operand, dict) and "percent" in operand:
            return f"{self.number(operand['percent'])} % от {self.fact(operand['of'])}"
        return self.number(operand)

    # --- dates -----------------------------------------------------------------------
    def date(self, expr: Any) -> str:
        if expr is None:
            return "не установлен"
        if expr == "event":
            return "дата события"
        if expr == "on":
            return "дата расчёта"
        if isinstance(expr, str):
            return self.day(expr)
        if "first_known" in expr:
            return "первая известная из: " + "; ".join(self.date(o) for o in expr["first_known"])
        if "latest_of" in expr:
            dates = [self.fact(p) for p in expr["latest_of"]]
            return dates[0] if len(dates) == 1 else "самая поздняя из дат " + ", ".join(dates)
        base = expr["date"]
        start = self.date(base) if base in ("event", "on") else self.fact(base)
        for key, sign in (("plus", "+"), ("minus", "−")):
            if key in expr:
                return f"{start} {sign} {text(expr[key]['text'])}"
        return start

    # --- conditions --------------------------------------------------------------------
    def condition(self, cond: dict[str, Any] | None, depth: int = 0) -> list[str]:
        """Markdown list lines (nested by indentation) for a condition."""
        if not cond:
            return []
        pad = "    " * depth
        for joiner, heading in (("all", "все условия вместе:"), ("any", "хотя бы одно из условий:")):
            if joiner in cond:
                lines = [f"{pad}- {heading}"]
                for part in cond[joiner]:
                    lines += self.condition(part, depth + 1)
                return lines
        if "not" in cond:
            return [f"{pad}- неверно, что:", *self.condition(cond["not"], depth + 1)]
        return [f"{pad}- {self.atom(cond)}"]

    def condition_inline(self, cond: dict[str, Any] | None) -> str:
        """The same condition on one line, for table cells."""
        if not cond:
            return "всегда"
        for joiner, word in (("all", " и "), ("any", " или ")):
            if joiner in cond:
                parts = [self.condition_inline(p) for p in cond[joiner]]
                return "(" + word.join(parts) + ")" if len(parts) > 1 else parts[0]
        if "not" in cond:
            return f"неверно, что {self.condition_inline(cond['not'])}"
        return self.atom(cond)

    def atom(self, cond: dict[str, Any]) -> str:
        if "age" in cond:
            subject, path = f"возраст (полных лет, по {self.fact(cond['age'])})", None
        else:
            path = cond["fact"]
            subject = self.fact(path)
        op = next(k for k in cond if k not in ("fact", "age"))
        operand = cond[op]
        if op in ("is", "is_not"):
            shown = self.value(path, operand) if path else self.number(operand)
            return f"{subject} — {'не ' if op == 'is_not' else ''}{shown}"
        if op in ("in", "not_in"):
            listed = ", ".join(self.value(path, v) if path else self.number(v) for v in operand)
            return f"{subject} — {'ни одно из' if op == 'not_in' else 'одно из'}: {listed}"
        if op == "known":
            return f"{subject} {'указано' if operand else 'не указано'}"
        if op == "between":
            return f"{subject} — от {self.number(operand[0])} до {self.number(operand[1])} включительно"
        if op in ("over", "at_least", "under", "at_most"):
            return f"{subject} {_COMPARISONS[op]} {self.amount(operand)}"
        if op in ("before", "on_or_before", "after", "on_or_after"):
            return f"{subject} {_COMPARISONS[op]} {self.date(operand)}"
        if op in ("elapsed_over", "elapsed_at_least"):
            more = "больше" if op == "elapsed_over" else "не меньше"
            return f"с даты {subject} прошло {more} {text(operand['text'])}"
        if op == "not_below":
            return f"{subject} не ниже {self.fact(operand)}"
        return f"{subject}: {text(op)} {text(operand)}"

    def bounds(self, row: dict[str, Any], unit: str = "ч") -> str:
        """A document table row's hour range, e.g. «от 18 до 72 ч включительно»."""
        low = f"от {self.number(row['at_least'])}" if "at_least" in row else f"более {self.number(row['over'])}" if "over" in row else ""
        high = f"до {self.number(row['at_most'])}" if "at_most" in row else f"менее {self.number(row['under'])}" if "under" in row else ""
        shown = " ".join(part for part in (low, high) if part)
        if not shown:
            return "любой объём"
        return f"{shown} {unit}" + (" включительно" if "at_most" in row else "")
