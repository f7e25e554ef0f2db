#!/usr/bin/env bash
# Creates .venv and installs the pinned tools and the project (editable), the npm packages
# (package-lock.json) and Chromium for the browser tests. Safe and quick to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# 3.11.5: the oldest Python the locked tools accept (pymdown-extensions 13); the calculator itself needs 3.11.
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))'; then
  echo "Нужен Python 3.11.5 или новее (найден: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# A file's (or files') sha256, for the stamps that make a re-run skip what is already installed.
hash_of() {
  "$PYTHON" -c 'import hashlib, sys; h = hashlib.sha256()
for name in sys.argv[1:]: h.update(open(name, "rb").read())
print(h.hexdigest())' "$@"
}

# Python packages, exactly as locked in requirements-dev.lock (scripts/lock.py writes it from
# requirements-dev.txt): every package pinned, every file checked against its sha256. pip and
# setuptools come from the lock too, so the venv's own pip (whatever the Python shipped) only
# verifies and installs. Wheels only: an sdist would be built with tools that nobody locked.
# The project is then built by the locked setuptools (--no-build-isolation), not by one that pip
# would fetch for an isolated build. Only when the lock or pyproject.toml changed since the last install.
if ! grep -q -e '--hash=sha256:' requirements-dev.lock 2>/dev/null; then
  echo "Нет замка зависимостей requirements-dev.lock с хэшами: создайте его (.venv/bin/python scripts/lock.py) и повторите." >&2
  exit 1
fi
pip_hash="$(hash_of requirements-dev.lock pyproject.toml)"
pip_stamp=.venv/.requirements.sha256
if [ ! -f "$pip_stamp" ] || [ "$(cat "$pip_stamp")" != "$pip_hash" ]; then
  echo "Устанавливаю пакеты Python из requirements-dev.lock (pip, хэши sha256)…"
  if ! .venv/bin/python -m pip install --quiet --require-hashes --only-binary=:all: -r requirements-dev.lock; then
    echo "Не удалось установить пакеты Python из requirements-dev.lock (сообщение pip выше)." >&2
    echo "  «THESE PACKAGES DO NOT MATCH THE HASHES»: скачанный файл не тот, что в замке (зеркало, прокси или подмена);" >&2
    echo "  «No matching distribution»: для этой платформы или версии Python нет колеса (wheel) — см. заголовок замка." >&2
    echo "  После правки requirements-dev.txt пересоберите замок: .venv/bin/python scripts/lock.py" >&2
    exit 1
  fi
  if ! .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .; then
    echo "Не удалось установить сам проект (pip install -e . с setuptools из замка): сообщение pip выше." >&2
    exit 1
  fi
  echo "$pip_hash" >"$pip_stamp"
fi
.venv/bin/python -m calculator compile

# Installs Debian packages when this is possible without a question: as root, or with sudo
# that needs no password. Returns 1 (and installs nothing) otherwise.
apt_install() {
  local sudo=()
  if ! command -v apt-get >/dev/null 2>&1; then
    return 1
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      return 1
    fi
  fi
  echo "Устанавливаю пакеты Debian: $* (apt-get)…"
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# npm packages (axe-core for accessibility tests, the Pyodide runtime), exactly as locked.
# npm ci runs only when package-lock.json changed since the last install.
if [ -f package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm || true
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "Не найден npm (Node.js 18+): установите Node.js и повторите bash scripts/setup.sh." >&2
    exit 1
  fi
  lock_hash="$(hash_of package-lock.json)"
  stamp=node_modules/.package-lock.sha256
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
    echo "Устанавливаю пакеты npm (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_hash" >"$stamp"
  fi
fi

# Chromium for the browser tests (tests/browser). Debian's package is used when present;
# Playwright's own browser is the fallback on machines where it was installed.
# KB_SKIP_BROWSER=1 skips this (a build-only job, or a CI that installs Playwright's browser).
if [ "${KB_SKIP_BROWSER:-}" != 1 ] && [ ! -x /usr/bin/chromium ]; then
  if ! apt_install chromium; then
    if ! .venv/bin/python -c 'import os, sys; from playwright.sync_api import sync_playwright
with sync_playwright() as p: sys.exit(not os.path.exists(p.chromium.executable_path))' 2>/dev/null; then
      echo "Внимание: нет Chromium для браузерных тестов (/usr/bin/chromium), а установить его не удалось:" >&2
      echo "  нужны права root (или sudo без пароля) и apt-get. Установите сами:" >&2
      echo "  sudo apt-get install chromium   или   .venv/bin/playwright install chromium" >&2
      echo "  Без браузера bash scripts/test.sh завершится ошибкой на tests/browser." >&2
    fi
  fi
fi
