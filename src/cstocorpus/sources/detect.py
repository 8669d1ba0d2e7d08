"""Which reader a source file needs, from its name or its first lines."""

from __future__ import annotations

from pathlib import Path

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_FENCE = "---"


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the ``---`` line closing a front matter block that opens on line 1, if any."""
    if not lines or lines[0].rstrip() != _FENCE:
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == _FENCE:
            return i
    return None


def detect_format(path: Path, text: str) -> str:
    """``"markdown"`` for ``.md``/``.markdown`` or Jekyll-style front matter, else ``"text"``.

    The corpus stores pages as ``.txt``, so the front matter is the reliable sign of Markdown.
    """
    if path.suffix.lower() in _MARKDOWN_SUFFIXES:
        return "markdown"
    if front_matter_end(text.split("\n")) is not None:
        return "markdown"
    return "text"
