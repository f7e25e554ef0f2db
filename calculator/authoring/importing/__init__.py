"""`import-act`: an act file from a regulation as published (text, DOCX, HTML), with a review report.

reading → cleaning (notes and navigation out, listed) → status (heading, editions, repeal)
→ structure (clause tree) → review (suspicious words, the report) → act (the YAML file).
"""

from __future__ import annotations

from calculator.authoring.importing.act import Imported, import_act
from calculator.authoring.importing.reading import Refused

__all__ = ["Imported", "Refused", "import_act"]
