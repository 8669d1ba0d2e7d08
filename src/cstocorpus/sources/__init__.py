"""Source readers: turn a corpus file into a ``ParsedDocument`` of markup-free blocks.

Every block carries the 1-based line range of the original file it came from, so any
passage built from it can be cited and checked against the source.
"""

from __future__ import annotations

from pathlib import Path

from cstocorpus.models import ParsedDocument
from cstocorpus.sources.decoding import DocumentError, decode
from cstocorpus.sources.detect import detect_format
from cstocorpus.sources.markdown_doc import read_markdown
from cstocorpus.sources.plaintext_doc import read_text

__all__ = ["DocumentError", "read_document"]

FORMATS = ("markdown", "text")


def read_document(path: Path, fmt: str | None = None) -> ParsedDocument:
    """Read, decode and parse one source file; ``fmt`` None means detect it.

    Raises ``DocumentError`` for files that cannot be read, decoded or parsed.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror or e})") from e
    text = decode(data, path)
    if (fmt or detect_format(path, text)) == "markdown":
        return read_markdown(text, path)
    return read_text(text)
