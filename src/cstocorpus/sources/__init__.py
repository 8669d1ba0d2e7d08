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
from cstocorpus.sources.detect import declared_charset, detect_format
from cstocorpus.sources.encodings import guess_encoding
from cstocorpus.sources.formats import binary_format, container_format, markup_format
from cstocorpus.sources.markdown_doc import read_markdown
from cstocorpus.sources.plaintext_doc import read_text

__all__ = ["DocumentError", "check_encoding", "guess_encoding", "read_document"]

FORMATS = ("markdown", "text", "html", "pdf", "docx")


def read_document(path: Path, fmt: str | None = None, encoding: str | None = None) -> ParsedDocument:
    """Read, decode and parse one source file.

    ``fmt`` None means detect it: PDF and Word files by their bytes, an HTML page by its name
    or its first tag, Markdown by its name or front matter; ``fmt="markdown"`` reads an HTML
    page with the Markdown reader instead.  ``encoding`` None means UTF-8,
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
    container = container_format(data, path) if data else None
    if container and fmt not in (None, container):
        what = "a PDF file" if container == "pdf" else "a Word document (.docx)"
        raise DocumentError(path, f"{what}, not {fmt}: set its format to {container} or leave it empty")
    if fmt in ("pdf", "docx") or (fmt is None and container):
        parsed = _read_container(fmt or container, data, path)
    else:
        refusal = binary_format(data, path) if data else None
        if refusal:
            raise DocumentError(path, refusal)
        if encoding is None and fmt in (None, "html") and not _utf(data):
            charset = declared_charset(data)
            encoding = charset if charset and charset.replace("-", "") != "utf8" else None
        text = decode(data, path, encoding)
        refusal = None if fmt else markup_format(text, path)
        if refusal:
            raise DocumentError(path, refusal)
        fmt = fmt or detect_format(path, text)
        if fmt == "markdown":
            parsed = read_markdown(text, path)
        elif fmt == "html":
            from cstocorpus.sources.html_doc import read_html

            parsed = read_html(text, path)
            if not parsed.blocks:
                raise DocumentError(path, "no main text found in the HTML page (only navigation, "
                                          "headers and footers, or nothing)")
        else:
            parsed = read_text(text)
    if not parsed.blocks:
        raise DocumentError(path, "file has no text outside its markup and front matter")
    return parsed


def _utf(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 or starts with a UTF-16/32 byte order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_container(fmt: str, data: bytes, path: Path) -> ParsedDocument:
    """PDF and Word files: binary containers with their own readers (loaded when needed)."""
    if not data:
        raise DocumentError(path, "file is empty")
    if fmt == "pdf":
        from cstocorpus.sources.pdf_doc import read_pdf

        parsed = read_pdf(data, path)
    else:
        from cstocorpus.sources.docx_doc import read_docx

        parsed = read_docx(data, path)
    if not parsed.blocks:
        raise DocumentError(path, f"the {'PDF' if fmt == 'pdf' else 'Word document'} has no text")
    return parsed
