"""Source readers: turn a corpus file into a ``ParsedDocument`` of markup-free blocks.

Every block carries the 1-based line range of the original file it came from, so any
passage built from it can be cited and checked against the source.  A file that cannot give
correct passages (binary, another format, an undeclared encoding, broken front matter) is
refused with a ``DocumentError`` whose reason is one sentence saying why and what to do.
"""

from __future__ import annotations

from pathlib import Path

from cstocorpus.models import ParsedDocument
from cstocorpus.sources.decoding import DocumentError, check_encoding, decode
from cstocorpus.sources.detect import detect_format
from cstocorpus.sources.encodings import guess_encoding
from cstocorpus.sources.formats import binary_format, markup_format
from cstocorpus.sources.markdown_doc import read_markdown
from cstocorpus.sources.plaintext_doc import read_text

__all__ = ["DocumentError", "check_encoding", "guess_encoding", "read_document"]

FORMATS = ("markdown", "text")


def read_document(path: Path, fmt: str | None = None, encoding: str | None = None) -> ParsedDocument:
    """Read, decode and parse one source file.

    ``fmt`` None means detect it; an HTML page (by name or by its first tag) is then refused,
    while ``fmt="markdown"`` reads it with the Markdown reader.  ``encoding`` None means UTF-8,
    or UTF-16/UTF-32 with a byte order mark; otherwise the file is decoded strictly with it.
    Raises ``DocumentError`` for files that cannot be read, decoded or parsed.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror or e})") from e
    refusal = binary_format(data, path) if data else None
    if refusal:
        raise DocumentError(path, refusal)
    text = decode(data, path, encoding)
    refusal = None if fmt else markup_format(text, path)
    if refusal:
        raise DocumentError(path, refusal)
    if (fmt or detect_format(path, text)) == "markdown":
        parsed = read_markdown(text, path)
    else:
        parsed = read_text(text)
    if not parsed.blocks:
        raise DocumentError(path, "file has no text outside its markup and front matter")
    return parsed
