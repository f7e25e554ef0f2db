"""The page's <title>, escaped.

Material writes `{{ page.title | striptags }}` into <title>. The title is the page's heading as
HTML, so text from a rule file arrives there escaped («&lt;/title&gt;»), and `striptags`
unescapes it again: a title such as `X </title><script>…` from a YAML file would close the
<title> element and run. The plugin rewrites that one element with the text escaped once more.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

__all__ = ["escape_title"]


def escape_title(output: str, title: str | None, meta_title: str | None, site_name: str, is_homepage: bool) -> str:
    """`output` with its <title> as Material renders it replaced by the same text, escaped; unchanged if not found."""
    if meta_title:
        shown = meta_title
    elif title and not is_homepage:
        shown = Markup(title).striptags()
    else:
        return output  # the site's name alone: it comes from mkdocs.yml, not from rule files
    rendered = f"<title>{shown} - {site_name}</title>"
    safe = f"<title>{escape(shown, quote=False)} - {escape(site_name, quote=False)}</title>"
    return output.replace(rendered, safe, 1)
