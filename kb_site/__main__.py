"""`python -m kb_site build [--site-dir site] [--config-file mkdocs.yml]`: the strict, swap-in build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb_site.build import build_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb_site", description="Сборка сайта базы знаний.")
    commands = parser.add_subparsers(dest="command", required=True, title="команды")
    build = commands.add_parser("build", help="собрать сайт (--strict) во временную папку и заменить ею прежнюю")
    build.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="файл настроек MkDocs (по умолчанию mkdocs.yml)")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="куда положить сайт (по умолчанию site)")
    args = parser.parse_args(argv)
    return build_site(args.config_file, args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
