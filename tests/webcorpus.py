"""A small corpus for the web tests whose texts and catalog are hostile: markup, attribute
breakers and ``javascript:`` URLs in the title, the authors, the URL and the passages, all
written for these tests.  Pages must show every one of them as text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"onmouseover="alert(1)'
JS_URL = "javascript:alert(document.cookie)"
DOC_ID = "900_hostile"

TEXT = f"""# Заявление ОДКБ {SCRIPT}

Организация Договора о коллективной безопасности (ОДКБ) провела учения. {SCRIPT} Текст после.

The CSTO statement quoted {ATTRIBUTE} and a link {JS_URL} in its text.

ODKB <img src=x onerror=alert(2)> collective security exercises.
"""


def make_web_corpus(target: Path) -> Path:
    """Write the hostile corpus into ``target`` (a new directory) and return it."""
    (target / "sources").mkdir(parents=True)
    data = TEXT.encode("utf-8")
    (target / "sources" / "hostile.md").write_bytes(data)
    entry = {
        "id": DOC_ID, "file": "sources/hostile.md", "sha256": hashlib.sha256(data).hexdigest(),
        "format": "markdown", "title": f"Hostile {SCRIPT} title {ATTRIBUTE}", "title_en": f"English {SCRIPT}",
        "languages": ["ru", "en"], "authors": [f"Author {ATTRIBUTE}", f"<b>Bold</b> {SCRIPT}"],
        "publisher": f"Publisher {SCRIPT}", "url": JS_URL, "published": "2024-01-02", "accessed": "",
        "tags": ["hostile"],
    }
    (target / "catalog.yaml").write_text("documents:\n  - " + json.dumps(entry, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    return target
