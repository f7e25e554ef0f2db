#!/usr/bin/env bash
# Builds the site into site/ (strict; a failed build leaves the previous site/ as it was).
# SITE_URL and REPO_URL, when set, become the site's address and its edit links.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m kb_site build --site-dir "${SITE_DIR:-site}"
