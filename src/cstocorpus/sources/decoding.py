"""Bytes → text, refusing files that would give silently wrong passages.

Also home of ``DocumentError``: every reader starts here, so the error lives at the bottom of
the import graph and the readers can raise it without importing the package ``__init__``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DocumentError(Exception):
    """A source file that cannot be read; ``str(e)`` is ``"<path>: <reason>"``."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16 with BOM; newlines come back as ``\\n`` only.

    Readers count lines by splitting on ``\\n``, so ``\\r\\n`` and ``\\r`` are folded here.
    """
    if not data:
        raise DocumentError(path, "file is empty")
    if data.startswith(_UTF16_BOMS):
        text = _strict(data, "utf-16", 0, path)  # the codec reads and drops the BOM
        if "\0" in text:  # e.g. UTF-32, whose little-endian BOM starts like UTF-16's
            raise DocumentError(path, "binary content (NUL character in UTF-16 text)")
    else:
        nul = data.find(b"\0")
        if nul >= 0:
            raise DocumentError(path, f"binary content (NUL byte at byte {nul})")
        skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        text = _strict(data[skip:], "utf-8", skip, path)
    if not text.strip():
        raise DocumentError(path, "file contains no text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str, offset: int, path: Path) -> str:
    """Decode or name the first bad byte, counted from the start of the file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        name = "UTF-8" if encoding == "utf-8" else "UTF-16"
        raise DocumentError(path, f"invalid {name} at byte {e.start + offset}") from None
