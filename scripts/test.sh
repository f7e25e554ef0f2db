#!/usr/bin/env bash
# Sets everything up and runs every check: rules lint, ruff, mypy (strict), tsc, the site build, all tests
# (including tests/browser against the built site in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
# Browser tests fail (not skip) when no Chromium can be started: CI must not pass by testing nothing.
export KB_REQUIRE_BROWSER=1
echo "== Проверка правил (lint)"
.venv/bin/python -m calculator lint
echo "== Стиль кода (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== Типы (mypy --strict)"
.venv/bin/mypy calculator kb_site
# The site's JavaScript, type-checked from its JSDoc (TypeScript from package-lock.json, never fetched):
# the page scripts with the DOM's types (calculator.js not yet under noImplicitAny), what runs in
# workers with a worker's.
echo "== Типы JavaScript (tsc)"
node_modules/.bin/tsc -p tsconfig.json
node_modules/.bin/tsc -p tsconfig.calculator.json
node_modules/.bin/tsc -p tsconfig.worker.json
# pytest also builds the site strictly (tests/site: links and anchors are checked) and serves it
# to the browser tests, so there is no separate build step here.
echo "== Тесты (pytest)"
.venv/bin/python -m pytest "$@"
