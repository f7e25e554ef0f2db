"""The planning page's form, rendered at build time: where, which year, the staff list, and the place for the plan.

The page reads the file in the browser and hands it to the same Python as
`python -m calculator plan` (`calculator.browser.plan`, in the calculator's worker):
nothing is uploaded. The templates of the staff list are written at build time by
`calculator.planning`, so their headers are always the ones the plan reads.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from calculator.bundle import Bundle
from calculator.dates import FIRST_YEAR, LAST_YEAR
from calculator.planning import template_csv, template_xlsx
from calculator.planning.limits import has_state_plan_rule
from kb_site.browser.manifest import ASSETS_DIR, Asset

__all__ = ["PLAN_MARKER", "TEMPLATE_CSV", "TEMPLATE_XLSX", "plan_assets", "render_planner"]

PLAN_MARKER = "<!-- kb:plan -->"
TEMPLATE_XLSX = f"{ASSETS_DIR}/staff-template.xlsx"
TEMPLATE_CSV = f"{ASSETS_DIR}/staff-template.csv"


def plan_assets(bundle: Bundle) -> list[Asset]:
    """The staff list templates, from the same code the command's `plan --template` uses."""
    return [Asset(TEMPLATE_XLSX, content=template_xlsx(bundle)), Asset(TEMPLATE_CSV, content=template_csv(bundle))]


def render_planner(bundle: Bundle, data: dict[str, Any], default_jurisdiction: str, templates: tuple[str, str]) -> str:
    """The widget: data for the script (clause links, which jurisdictions ask for a quota), the form and the result area."""
    data = {**data, "quota": [jid for jid in bundle.jurisdictions if has_state_plan_rule(bundle, jid)]}
    payload = escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    options = "".join(
        f'<option value="{escape(jid)}"{" selected" if jid == default_jurisdiction else ""}>{escape(j.title)}</option>'
        for jid, j in bundle.jurisdictions.items()
    )
    year = date.today().year + 1
    xlsx, csv = (escape(t, quote=True) for t in templates)
    return "\n".join(
        [
            f'<div class="kb-plan" id="kb-plan" data-kb-plan data-catalog="{payload}">',
            '<noscript><p class="kb-calc__noscript"><strong>Странице нужен JavaScript.</strong> '
            "Без него план можно составить в командной строке: python -m calculator plan СПИСОК.xlsx "
            "--jurisdiction ID --year ГГГГ.</p></noscript>",
            '<p class="kb-plan__privacy" role="note"><strong>Файл не покидает ваш компьютер.</strong> Его читает программа '
            "на Python, работающая прямо в вашем браузере; на сервер ничего не отправляется и нигде не сохраняется. "
            "Закройте страницу — и данных больше нет.</p>",
            '<form class="kb-calc__form kb-plan__form" id="kb-plan-form" novalidate autocomplete="off" aria-labelledby="kb-plan-form-title">',
            '<h2 id="kb-plan-form-title">Список и параметры</h2>',
            '<div class="kb-calc__errors" id="kb-plan-errors" role="alert" tabindex="-1" hidden></div>',
            _field(
                "kb-plan-jurisdiction",
                "Чьи правила применить",
                "От юрисдикции зависят основания, исключения, очерёдность и численность групп.",
                f'<select id="kb-plan-jurisdiction" name="jurisdiction" aria-describedby="kb-plan-jurisdiction-hint">{options}</select>',
            ),
            _field(
                "kb-plan-year",
                "Плановый год",
                "Расчётный период — календарный год. План на год готовится в предыдущем году (заявка — до 15 сентября).",
                f'<input type="number" id="kb-plan-year" name="year" inputmode="numeric" min="{FIRST_YEAR + 1}" max="{LAST_YEAR}" step="1" value="{year}" '
                'required aria-describedby="kb-plan-year-hint kb-plan-year-error">',
                error=True,
            ),
            _field(
                "kb-plan-quota",
                "Квота по Государственному плану, человек",
                "Необязательно. Квота региона на обучение управленческих кадров: по ней считается минимальный резерв кандидатов.",
                '<input type="number" id="kb-plan-quota" name="quota" inputmode="numeric" min="0" step="1" '
                'aria-describedby="kb-plan-quota-hint kb-plan-quota-error">',
                error=True,
                hidden=True,
            ),
            _field(
                "kb-plan-file",
                "Список сотрудников",
                "Файл CSV (разделитель «;» или «,», UTF-8 или Windows-1251) или книга Excel XLSX; первая строка — заголовки, как в шаблоне.",
                '<input type="file" id="kb-plan-file" name="file" accept=".csv,.xlsx,text/csv,'
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required '
                'aria-describedby="kb-plan-file-hint kb-plan-file-error">',
                error=True,
            ),
            f'<p class="kb-plan__templates">Шаблон списка с заголовками и двумя примерами: <a href="{xlsx}" download>XLSX</a> · '
            f'<a href="{csv}" download>CSV</a>.</p>',
            '<button type="submit" class="md-button" id="kb-plan-submit">Составить план</button>',
            "</form>",
            '<section class="kb-plan__result" aria-labelledby="kb-plan-result-title">',
            '<h2 id="kb-plan-result-title">План</h2>',
            '<div class="kb-calc__status" id="kb-plan-status" role="status" aria-live="polite">'
            '<span class="kb-calc__status-text">Выберите файл со списком сотрудников.</span>'
            '<progress class="kb-calc__progress" max="1" value="0" hidden></progress></div>',
            '<div class="kb-calc__tools" id="kb-plan-tools" hidden>'
            '<button type="button" class="md-button" data-action="xlsx">Скачать план (XLSX)</button> '
            '<button type="button" class="md-button" data-action="csv">Скачать план (CSV)</button> '
            '<button type="button" class="md-button" data-action="print">Распечатать сводку</button></div>',
            '<div class="kb-plan__answer" id="kb-plan-answer"></div>',
            "</section>",
            "</div>",
        ]
    )


def _field(field: str, label: str, hint: str, control: str, *, error: bool = False, hidden: bool = False) -> str:
    parts = [
        f'<div class="kb-calc__field" data-field="{field}"{" hidden" if hidden else ""}>',
        f'<label class="kb-calc__label" for="{field}">{escape(label)}</label>',
        f'<p class="kb-calc__hint" id="{field}-hint">{escape(hint)}</p>',
    ]
    if error:
        parts.append(f'<p class="kb-calc__error" id="{field}-error" hidden></p>')
    parts += [control, "</div>"]
    return "\n".join(parts)
