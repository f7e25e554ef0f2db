"""Build side: reading, checking and compiling `rules/` (needs PyYAML; never used in the browser)."""
