"""Every built page carries the Content-Security-Policy, first in <head>, allowing exactly its inline scripts."""

from __future__ import annotations

import re

from kb_site.csp import inline_script_hashes


def test_every_page_has_the_policy_first_and_it_allows_its_inline_scripts(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(policies) == 1, page
        head = html.split("<head>", 1)[1]
        assert head.lstrip().startswith('<meta http-equiv="Content-Security-Policy"'), page
        allowed = set(re.findall(r"'sha256-[^']+'", policies[0]))
        assert inline_script_hashes(html) <= allowed, page
        assert "'unsafe-inline'" not in policies[0].split("script-src", 1)[1].split(";", 1)[0]
        assert "https:" not in policies[0] and "*" not in policies[0]


def test_the_preview_server_is_left_without_the_policy_for_its_live_reload(project_copy):
    from mkdocs.commands.build import build

    from tests.site.conftest import real_config

    config = real_config(project_copy / "mkdocs.yml", site_dir=str(project_copy / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    assert "Content-Security-Policy" not in (project_copy / "site/index.html").read_text(encoding="utf-8")
