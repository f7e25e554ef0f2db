"""The Content-Security-Policy of every page, as a <meta> tag (GitHub Pages sends no headers of a site's own).

Only the site's own origin may provide scripts, styles, images, fonts, workers and data; no
plugin, frame or form may point elsewhere. Material needs a few inline scripts (its scope,
the colour palette, tabbed blocks): each is allowed by the hash of its exact text, collected
from every page of the build, so instant navigation between pages never meets a script the
first page's policy did not allow. `'wasm-unsafe-eval'` lets Pyodide compile WebAssembly.
Inline styles stay allowed: the theme sets `style` attributes and they run no code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["META_MARK", "content_security_policy", "inline_script_hashes", "protect_pages"]

META_MARK = 'http-equiv="Content-Security-Policy"'
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions for the page's executable inline scripts (a `type="application/json"` block is data)."""
    return {"'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'" for text in _INLINE_SCRIPT.findall(html)}


def content_security_policy(script_hashes: Iterable[str]) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def protect_pages(site_dir: Path) -> int:
    """Put the policy at the top of <head> of every HTML page of the built site; returns how many pages got it."""
    pages = [p for p in site_dir.rglob("*.html") if p.is_file()]
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    meta = f'<meta {META_MARK} content="{content_security_policy(hashes)}">'
    done = 0
    for page, text in texts.items():
        if META_MARK in text or "<head>" not in text:
            continue
        # First in <head>: a policy governs only what the browser parses after it.
        page.write_text(text.replace("<head>", f"<head>\n{meta}", 1), encoding="utf-8")
        done += 1
    return done
