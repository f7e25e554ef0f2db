"""Build the site without ever leaving a half-built one.

MkDocs writes into its site folder as it goes, so a build that fails halfway
(a broken rule file, a dead link under --strict) would leave a mix of old and
new pages. Here the build goes into a fresh folder beside the target and only
a complete, strict build replaces the previous site, in two renames.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["build_site"]


def build_site(config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> int:
    """Run `mkdocs build --strict` into a temporary folder and swap it in; return the exit code."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config_file), "--site-dir", str(fresh)]
    try:
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            print(f"Сайт не собран; прежняя версия в {site_dir} не тронута.", file=sys.stderr)
            return result.returncode
        _swap(fresh, site_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    print(f"Сайт собран: {site_dir}")
    return 0


def _swap(fresh: Path, site_dir: Path) -> None:
    """Put `fresh` where `site_dir` is; the old site is removed only after the new one is in place."""
    retired = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    fresh.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
