"""Build the site without ever leaving a half-built one, and without ever removing a folder the build did not make.

MkDocs writes into its site folder as it goes, so a build that fails halfway
(a broken rule file, a dead link under --strict) would leave a mix of old and
new pages. Here the build goes into a fresh folder beside the target and only
a complete, strict build replaces the previous site, in two renames.

Replacing a folder removes it, so the target is checked first: it must be absent,
empty, or a site this command built (it carries the marker file `SITE_MARKER`). It
may never be the current folder, the project's root, `docs/` or a folder inside it
(MkDocs' own «site inside docs» guard, which the temporary folder would bypass), nor
a folder holding the sources (`mkdocs.yml`, `docs/`, `rules/`) or a `.git`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["SITE_MARKER", "SiteDirRefused", "build_site", "check_site_dir"]

SITE_MARKER = ".kb-site-build"
_MARKER_TEXT = "Эту папку собрала команда «python -m kb_site build»: следующая сборка заменит её целиком.\n"
_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(#.*)?$", re.MULTILINE)


class SiteDirRefused(ValueError):
    """The site folder given would destroy something that is not a previous build; the message is Russian."""


def _docs_dir(config_file: Path) -> Path:
    """`docs_dir` of mkdocs.yml (read as text: the file holds tags only MkDocs resolves), relative to the file."""
    try:
        found = _DOCS_DIR.search(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    return (config_file.parent / (found.group(1).strip() if found else "docs")).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_site_dir(site_dir: Path, config_file: Path) -> None:
    """Raise SiteDirRefused unless replacing `site_dir` (resolved) can only remove an earlier build of the site."""
    config_file = config_file.resolve()
    root, docs = config_file.parent, _docs_dir(config_file)
    if site_dir == Path.cwd().resolve():
        raise SiteDirRefused(f"«{site_dir}» — текущая папка; сайт собирается в отдельную папку, например site")
    if _inside(site_dir, docs):
        raise SiteDirRefused(
            f"«{site_dir}» — папка страниц docs/ или папка внутри неё (MkDocs этого не допускает); укажите, например, site"
        )
    sources = [config_file, docs, root / "rules"]
    if site_dir == root or any(_inside(source, site_dir) for source in sources):
        raise SiteDirRefused(f"в «{site_dir}» лежат исходные файлы проекта (mkdocs.yml, docs/, rules/); укажите для сайта отдельную папку")
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise SiteDirRefused(f"«{site_dir}» — файл, а не папка")
    if (site_dir / ".git").exists():
        raise SiteDirRefused(f"в «{site_dir}» есть .git: это хранилище, а не собранный сайт")
    if not (site_dir / SITE_MARKER).is_file() and any(site_dir.iterdir()):
        raise SiteDirRefused(
            f"папка «{site_dir}» не пуста и собрана не этой командой (в ней нет файла {SITE_MARKER}): "
            "укажите пустую или новую папку, или удалите эту сами"
        )


def _normal_folder(path: Path) -> None:
    """mkdtemp makes a folder only its owner can read; a site is served by another user (a web server)."""
    mask = os.umask(0o022)
    os.umask(mask)
    path.chmod(0o777 & ~mask)


def build_site(config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> int:
    """Run `mkdocs build --strict` into a temporary folder and swap it in; return the exit code (2: the folder refused)."""
    site_dir = site_dir.resolve()
    try:
        check_site_dir(site_dir, config_file)
    except SiteDirRefused as exc:
        print(f"Сайт не собран: {exc}.", file=sys.stderr)
        return 2
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config_file), "--site-dir", str(fresh)]
    try:
        _normal_folder(fresh)
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            print(f"Сайт не собран; прежняя версия в {site_dir} не тронута.", file=sys.stderr)
            return result.returncode
        (fresh / SITE_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        _swap(fresh, site_dir, fresh.with_name(fresh.name.replace(".new-", ".old-")))
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    print(f"Сайт собран: {site_dir}")
    return 0


def _swap(fresh: Path, site_dir: Path, retired: Path) -> None:
    """Put `fresh` where `site_dir` is; the old site is removed only after the new one is in place.

    `retired` is named after the fresh folder's unique name, so no folder of the user's is taken for it.
    """
    if site_dir.exists():
        site_dir.rename(retired)
    fresh.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
