"""Bytes → text, refusing files that would give silently wrong passages.

Without an explicit encoding only what the bytes prove is decoded: UTF-8 (BOM optional) and
UTF-16/UTF-32 with a BOM.  Anything else is refused with the byte offset and, when
``guess_encoding`` is confident, the encoding to pass: a guess is never used silently.

Also home of ``DocumentError``: every reader starts here, so the error lives at the bottom of
the import graph and the readers can raise it without importing the package ``__init__``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from cstocorpus.sources.encodings import guess_encoding

_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # before UTF-16: FF FE 00 00 starts both
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C0 and C1 controls but tab and newline (CR is folded into newlines first) and DEL.  They
# become spaces: a terminal would obey them when a passage is shown, and one character for
# one keeps every column and line of the text.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Control bytes that do not occur in text in any encoding (NUL is reported on its own).
_BINARY_BYTES = re.compile(b"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
# A character that is visible: not whitespace, not a control or format character.
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# ISO-2022-JP is 7-bit, so it decodes as UTF-8; its escape sequences give it away.
_ISO_2022_JP_ESCAPE = re.compile("\x1b(?:\\$[@B]|\\([BJ])")


class DocumentError(Exception):
    """A source file that cannot be read; ``str(e)`` is ``"<path>: <reason>"``."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def check_encoding(name: str) -> str:
    """Python's name for the text encoding ``name``; ``ValueError`` if there is none."""
    try:
        codec = codecs.lookup(name)
        b"A".decode(codec.name)  # LookupError for bytes-to-bytes codecs such as base64
    except UnicodeDecodeError:
        pass  # a text encoding (utf-16 needs two bytes)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    return codec.name


def how_to_pass(encoding: str) -> str:
    """The end of a refusal: how to read the file with ``encoding``."""
    return (f"pass --encoding {encoding} to 'cstocorpus add', "
            f"or set \"encoding: {encoding}\" in its catalog entry")


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Decode ``data`` strictly; newlines come back as ``\\n`` only, controls as spaces.

    ``encoding`` None: UTF-8 (BOM optional), or UTF-16/UTF-32 with a BOM.  Readers count lines
    by splitting on ``\\n``, so ``\\r\\n`` and ``\\r`` are folded here.
    """
    if not data:
        raise DocumentError(path, "file is empty")
    if encoding is not None:
        try:
            codec = check_encoding(encoding)
        except ValueError as e:
            raise DocumentError(path, str(e)) from None
        text = _strict(data, codec, path, f"invalid {encoding}", " (the encoding given for this file)")
        text = text.removeprefix("\ufeff")
        if "\0" in text:
            raise DocumentError(path, f"binary content (NUL character in the text decoded as {encoding})")
    elif data.startswith(_UTF32_BOMS):
        text = _strict(data, "utf-32", path, "invalid UTF-32")  # the codec drops the BOM
    elif data.startswith(_UTF16_BOMS):
        text = _strict(data, "utf-16", path, "invalid UTF-16")
        if "\0" in text:
            raise DocumentError(path, "binary content (NUL character in UTF-16 text)")
    else:
        text = _utf8(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _VISIBLE.search(text):
        raise DocumentError(path, "file contains no text")
    return _CONTROLS.sub(" ", text) if _CONTROLS.search(text) else text


def _utf8(data: bytes, path: Path) -> str:
    nul = data.find(b"\0")
    if nul >= 0:
        guess = guess_encoding(data)
        if guess:
            raise DocumentError(path, f"NUL byte at byte {nul} (it looks like {guess} without a "
                                      f"byte order mark); {how_to_pass(guess)}")
        raise DocumentError(path, f"binary content (NUL byte at byte {nul})")
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise DocumentError(path, _not_utf8(data, skip + e.start)) from None
    escape = _ISO_2022_JP_ESCAPE.search(text)
    if escape:
        at = skip + len(text[: escape.start()].encode("utf-8"))
        raise DocumentError(path, f"ISO-2022-JP escape sequence at byte {at} "
                                  f"(it looks like iso-2022-jp); {how_to_pass('iso-2022-jp')}")
    return text


def _not_utf8(data: bytes, offset: int) -> str:
    """Why ``data`` is not UTF-8 (first bad byte at ``offset``), and what to do."""
    where = f"invalid UTF-8 at byte {offset}"
    sample = data[:65536]
    if len(_BINARY_BYTES.findall(sample)) * 100 > len(sample):
        return f"binary content ({where}, and control bytes that text does not have)"
    if data.startswith(codecs.BOM_UTF8) or _damaged_utf8(data):
        return f"{where} in a file that is otherwise UTF-8: it is probably damaged there"
    guess = guess_encoding(data)
    if guess:
        return f"{where} (it looks like {guess}); {how_to_pass(guess)}"
    return f"{where}; if the file uses another encoding, {how_to_pass('NAME')}"


def _damaged_utf8(data: bytes) -> bool:
    """Mostly valid multi-byte UTF-8 with a few bad bytes: damage, not another encoding.

    Legacy encodings form a valid multi-byte UTF-8 sequence only now and then.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - (len(data) - len(data.translate(None, bytes(range(128)))))
    return (non_ascii - bad) >= 50 * bad


def _strict(data: bytes, encoding: str, path: Path, what: str, note: str = "") -> str:
    """Decode or name the first bad byte, counted from the start of the file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise DocumentError(path, f"{what} at byte {e.start}{note}") from None
