"""Markup written into rule files (titles, clause text, interpretations) is shown as text on every generated page."""

from __future__ import annotations

import re

from kb_site.build import build_site

CLOSE_TITLE = "Кыргызстан </title><script>window.__pwned=1</script>"
IMAGE = "<img src=x onerror=window.__pwned=2>"
LINK = '<a href="javascript:window.__pwned=3">ссылка</a>'


def _plant(project, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hostile_text_in_rule_files_never_becomes_markup(project_copy):
    _plant(project_copy, "rules/kyrgyzstan/jurisdiction.yaml", "title: Кыргызская Республика (рекомендации)", f'title: "{CLOSE_TITLE}"')
    _plant(
        project_copy,
        "rules/russia/rules/training.yaml",
        "    title: Повышение квалификации не реже одного раза в три года",
        f"    title: 'Раз в три года {IMAGE}'",
    )
    _plant(project_copy, "rules/russia/rules/training.yaml", "    interpretation: >-\n", f"    interpretation: >-\n      {LINK}\n")
    _plant(
        project_copy,
        "rules/russia/acts/russia-general-practice.yaml",
        '  - id: "3.3"\n    label: ""\n    heading: null\n',
        '  - id: "3.3"\n    label: ""\n    heading: "<script>window.__pwned=4</script>"\n',
    )
    assert build_site(project_copy / "mkdocs.yml", project_copy / "site") == 0
    pages = {path: path.read_text(encoding="utf-8") for path in (project_copy / "site").rglob("*.html")}
    for path, html in pages.items():
        for planted in ("<script>window.__pwned", IMAGE, '<a href="javascript:'):
            assert planted not in html, f"{path.relative_to(project_copy)}: {planted}"
    title = re.search(r"<title>(.*?)</title>", pages[project_copy / "site/jurisdictions/kyrgyzstan/index.html"], re.S)
    assert title and title.group(1).startswith("Кыргызстан &lt;/title&gt;&lt;script&gt;")


def test_the_title_element_is_rewritten_only_where_material_wrote_it():
    from kb_site.title import escape_title

    page = "<head><title>A </title><script>x</script> - Сайт</title></head>"
    heading = "A &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"  # the heading as HTML, as Material holds page.title
    assert (
        escape_title(page, heading, None, "Сайт", False)
        == "<head><title>A &lt;/title&gt;&lt;script&gt;x&lt;/script&gt; - Сайт</title></head>"
    )
    meta = "<head><title>B <b> - Сайт</title></head>"
    assert escape_title(meta, "ignored", "B <b>", "Сайт", False) == "<head><title>B &lt;b&gt; - Сайт</title></head>"
    home = "<head><title>Сайт</title></head>"
    assert escape_title(home, "Главная", None, "Сайт", True) == home
