"""The knowledge-base site: a MkDocs plugin that builds pages from `rules/`.

Public API: the plugin and its config (registered as `kb` in `mkdocs.plugins`).
"""

from kb_site.config import KnowledgeBaseConfig
from kb_site.plugin import KnowledgeBasePlugin

__all__ = ["KnowledgeBaseConfig", "KnowledgeBasePlugin"]
