"""The planning page as built: its form, the data its script reads, and the staff list templates."""

from __future__ import annotations

import html
import json
import re

from calculator.bundle import Bundle
from calculator.planning import template_csv, template_xlsx


def _widget(site) -> str:
    page = (site / "plan/index.html").read_text(encoding="utf-8")
    match = re.search(r'<div class="kb-plan" id="kb-plan" data-kb-plan data-catalog="([^"]*)">', page)
    assert match, "the planning widget is on plan/"
    return page, json.loads(html.unescape(match.group(1)))


def test_the_page_offers_every_jurisdiction_and_asks_for_a_quota_only_where_a_rule_needs_one(site, knowledge):
    page, data = _widget(site)
    options = re.findall(r'<option value="([^"]+)"', page.split('id="kb-plan-jurisdiction"')[1].split("</select>")[0])
    assert options == list(knowledge.jurisdictions)
    assert data["quota"] == ["kaluga"]  # the State Plan reserve is a Kaluga rule (p2s2-1.1)
    assert 'data-field="kb-plan-quota" hidden' in page
    assert "Файл не покидает ваш компьютер" in page


def test_the_templates_on_the_site_are_the_commands_templates(site, knowledge):
    bundle = Bundle.from_raw(knowledge.bundle)
    assert (site / "assets/kb/staff-template.xlsx").read_bytes() == template_xlsx(bundle)
    assert (site / "assets/kb/staff-template.csv").read_bytes() == template_csv(bundle)
    page, _ = _widget(site)
    assert 'href="../assets/kb/staff-template.xlsx" download' in page


def test_the_page_loads_the_engine_early_like_the_calculator_page(site):
    page, _ = _widget(site)
    head = page.split("</head>")[0]
    assert re.search(r'<script async src="[^"]*assets/kb/calculator\.js"></script>', head)
    assert re.search(r'<script src="[^"]*assets/kb/plan\.js"></script>', page)
