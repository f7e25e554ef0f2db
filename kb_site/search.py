"""Russian search for Material: stemmed query words, «ё» folded to «е».

Material's search with `lang: ru` keeps an unstemmed index and adds `*` to
every query word, so «квалификация» never finds «квалификации». The fix runs
inside Material's search worker: the worker loads `lunr.ru.min.js` before it
builds the index, so a small script appended to that file can wrap lunr's
query parser (stem each Cyrillic word with lunr's own Russian stemmer, drop
function words such as «в», «для», «как») and its pipeline (fold ё → е in the
index and the query).
The page text itself is not changed: results still show «ё».
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["LUNR_RU", "SEARCH_INDEX", "patch_search_worker"]

# Where Material puts the Russian language support for its search worker.
LUNR_RU = Path("assets/javascripts/lunr/min/lunr.ru.min.js")
SEARCH_INDEX = Path("search/search_index.json")
_MARKER = "/* kb-russian-search */"


def patch_search_worker(site_dir: Path) -> bool:
    """Append the Russian query handling to the worker's language file; False if there is none."""
    target = site_dir / LUNR_RU
    if not target.is_file():
        return False
    current = target.read_text(encoding="utf-8")
    if _MARKER in current:
        return True
    script = files("kb_site").joinpath("assets/search_ru.js").read_text(encoding="utf-8")
    target.write_text(current.rstrip() + "\n" + _MARKER + "\n" + script, encoding="utf-8")
    return True
