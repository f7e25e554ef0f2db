"""The strict build end to end: a real site from the real rules, and a failed build that changes nothing."""

from __future__ import annotations

import json

from kb_site.build import build_site
from kb_site.search import LUNR_RU, SEARCH_INDEX
from tests.site.conftest import ROOT


def test_the_site_has_a_page_for_every_act_and_search_in_russian(site):
    for act in (ROOT / "rules").glob("*/acts/*.yaml"):
        assert (site / "acts" / act.stem / "index.html").is_file(), act.stem
    worker_language = (site / LUNR_RU).read_text(encoding="utf-8")
    assert worker_language.count("kb-russian-search") == 1
    index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ru"]
    assert index["config"]["fields"]["title"]["boost"] == 10
    assert index["config"]["pipeline"] == []
    assert "«»" in index["config"]["separator"]


def test_clause_anchors_are_in_the_html(site):
    html = (site / "acts/ryazan-132-i/index.html").read_text(encoding="utf-8")
    assert 'id="p-5.2"' in html and 'id="p-2.1.1"' in html
    rule = (site / "rules/ryazan/upgrade_document/index.html").read_text(encoding="utf-8")
    assert 'href="../../../acts/ryazan-132-i/#p-5.2"' in rule


def test_no_page_asks_a_third_party_host(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for marker in ('src="http', "src='http", 'href="http'):
            for chunk in html.split(marker)[1:]:
                url = "http" + chunk.split('"')[0]
                # Links a reader may click (the repository) are fine; nothing is loaded from elsewhere.
                assert marker.startswith("href") or url.startswith("http://127.0.0.1"), (page, url)


def test_a_failed_build_leaves_the_previous_site_untouched(project_copy, tmp_path, capfd):
    target = tmp_path / "site"
    assert build_site(project_copy / "mkdocs.yml", target) == 0
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    stamp = (target / "index.html").stat().st_mtime_ns
    broken = project_copy / "rules/izobilnensky/rules/reserve.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  - id: [не закрыта\n", encoding="utf-8")
    assert build_site(project_copy / "mkdocs.yml", target) != 0
    err = capfd.readouterr().err
    assert "rules/izobilnensky/rules/reserve.yaml:" in err and "Traceback" not in err
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert (target / "index.html").stat().st_mtime_ns == stamp
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no half-built folder left
