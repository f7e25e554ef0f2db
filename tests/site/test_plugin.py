"""The kb plugin, driven through MkDocs' own config and hooks, as mkdocs build calls them."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from kb_site.build import build_site
from kb_site.links import act_page, clause_anchor, jurisdiction_page, rule_page
from tests.site.conftest import ROOT, real_config


def _run_hooks(config):
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return config, files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPO_URL", "https://github.com/example/kb")
        config = real_config(ROOT / "mkdocs.yml", site_dir=str(tmp_path_factory.mktemp("site")))
    return _run_hooks(config)


def test_every_act_rule_and_jurisdiction_gets_a_page(built, knowledge):
    _config, files = built
    expected = [act_page(a) for a in knowledge.acts] + [rule_page(r) for r in knowledge.rules]
    expected += [jurisdiction_page(j) for j in knowledge.jurisdictions]
    missing = [uri for uri in expected if files.get_file_from_path(uri) is None]
    assert not missing
    assert len(knowledge.rules) >= 60 and len(knowledge.acts) == 5


def test_nav_placeholders_become_the_generated_pages(built, knowledge):
    config, _files = built

    def flat(nav):
        for item in nav:
            if isinstance(item, dict):
                for value in item.values():
                    yield from flat(value) if isinstance(value, list) else [value]
            else:
                yield item

    entries = list(flat(config.nav))
    assert not [e for e in entries if isinstance(e, str) and e.startswith("kb:")]
    for rid in knowledge.rules:
        assert rule_page(rid) in entries


def test_edit_links_open_the_yaml_behind_the_page(built):
    config, files = built
    act = files.get_file_from_path(act_page("ryazan-132-i"))
    rule = files.get_file_from_path(rule_page("ryazan.upgrade_document"))
    assert act.edit_uri == "../rules/ryazan/acts/ryazan-132-i.yaml"
    assert rule.edit_uri == "../rules/ryazan/rules/documents.yaml"
    assert config.edit_uri == "edit/main/docs/"


def test_without_a_repository_there_are_no_broken_edit_links(tmp_path, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    config, _files = _run_hooks(real_config(ROOT / "mkdocs.yml", site_dir=str(tmp_path)))
    assert config.repo_url is None and config.edit_uri is None


def test_every_citation_on_a_rule_page_names_an_existing_clause(built, knowledge):
    _config, files = built
    for rid, rule in knowledge.rules.items():
        markdown = files.get_file_from_path(rule_page(rid)).content_string
        for source in rule["sources"]:
            target = f"{Path(act_page(source['act'])).name}#{clause_anchor(source['clause'])}"
            assert target in markdown, (rid, target)
            act = files.get_file_from_path(act_page(source["act"])).content_string
            assert f"#{clause_anchor(source['clause'])} }}" in act, (rid, source)


def test_a_broken_rule_file_stops_the_build_with_the_located_lint_message(project_copy):
    rules_file = project_copy / "rules/ryazan/rules/documents.yaml"
    rules_file.write_text(
        rules_file.read_text(encoding="utf-8").replace('clauses: ["5.2", "5.4", "5.5"]', 'clauses: ["5.2", "5.44"]'), encoding="utf-8"
    )
    config = real_config(project_copy / "mkdocs.yml")
    with pytest.raises(PluginError) as failure:
        config.plugins.on_config(config)
    message = str(failure.value)
    assert "rules/ryazan/rules/documents.yaml:7:" in message
    assert "нет пункта «5.44»" in message
    assert "Traceback" not in message


def test_an_unknown_default_jurisdiction_is_refused(project_copy):
    config_file = project_copy / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("default_jurisdiction: ryazan", "default_jurisdiction: atlantis"), encoding="utf-8"
    )
    config = real_config(config_file)
    with pytest.raises(PluginError, match="atlantis"):
        config.plugins.on_config(config)


def test_a_docs_file_may_not_shadow_a_generated_page(project_copy):
    (project_copy / "docs/compare.md").write_text("# Рукописная копия\n", encoding="utf-8")
    config = real_config(project_copy / "mkdocs.yml")
    config = config.plugins.on_config(config)
    with pytest.raises(PluginError, match=r"compare\.md"):
        config.plugins.on_files(get_files(config), config=config)


def test_a_large_federation_gets_a_compact_navigation(project_copy):
    """Above nav_full_limit jurisdictions the nav holds the index pages only, and the strict build still passes."""
    config_file = project_copy / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "default_jurisdiction: ryazan", "default_jurisdiction: ryazan\n      nav_full_limit: 2"
        ),
        encoding="utf-8",
    )
    config, files = _run_hooks(real_config(config_file))
    text = repr(config.nav)
    assert "rules/index.md" in text and "acts/index.md" in text
    assert "rules/ryazan/" not in text and "acts/ryazan-132-i.md" not in text
    assert files.get_file_from_path("rules/ryazan/upgrade_document.md") is not None
    assert build_site(config_file, project_copy / "site") == 0  # pages outside the nav are not a strict-mode warning
    assert (project_copy / "site/rules/ryazan/upgrade_document/index.html").is_file()
