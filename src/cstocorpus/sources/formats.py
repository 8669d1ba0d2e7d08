"""Files that cstocorpus does not read, named so the refusal says what to do; and the two
binary containers it does read (PDF, Word .docx), told apart by their bytes.

Without this a PDF or a Word file fails as "invalid UTF-8", which sends the user hunting for
an encoding.  A dozen magic numbers are enough for what lands in a corpus folder, so they are
listed here rather than pulling in a file-type library (python-magic needs libmagic).

HTML pages are read by the HTML reader (main text only); XML that is not HTML is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

_CONVERT = "convert it to text or Markdown first"
_EXTRACT = "extract the text from it first"

# (leading bytes, what the file is, what to do)
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%!PS", "a PostScript file", _CONVERT),
    (b"{\\rtf", "an RTF document", _CONVERT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls or .ppt)", _CONVERT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _CONVERT),
    (b"\xff\xd8\xff", "a JPEG image", _CONVERT),
    (b"GIF87a", "a GIF image", _CONVERT),
    (b"GIF89a", "a GIF image", _CONVERT),
    (b"II*\x00", "a TIFF image", _CONVERT),
    (b"MM\x00*", "a TIFF image", _CONVERT),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (b"(\xb5/\xfd", "a Zstandard-compressed file", "decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _EXTRACT),
    (b"Rar!\x1a\x07", "a RAR archive", _EXTRACT),
    (b"SQLite format 3\x00", "an SQLite database", _EXTRACT),
    (b"\x7fELF", "an executable program", "remove it from the catalog"),
    (b"MZ\x90\x00", "a Windows executable program", "remove it from the catalog"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound file", b"AVI ": "an AVI video"}
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Members that tell what an Office Open XML file is.
_OOXML = {
    "word/document.xml": "a Word document (.docx)",  # read: see container_format
    "xl/workbook.xml": "an Excel workbook (.xlsx)",
    "ppt/presentation.xml": "a PowerPoint presentation (.pptx)",
}
_ODF = "application/vnd.oasis.opendocument."

# Names that say the same when the bytes did not (e.g. a truncated download).
_SUFFIXES = {
    ".pdf": "a PDF file, but its bytes do not start as one (%PDF-): it may be damaged or incomplete;",
    ".ps": "a PostScript file",
    ".rtf": "an RTF document",
    ".doc": "an old Word document (.doc)",
    ".docx": "a Word document, but its bytes are not a .docx package: it may be damaged or incomplete;",
    ".odt": "an OpenDocument text",
    ".epub": "an EPUB e-book",
    ".xls": "an Excel workbook",
    ".xlsx": "an Excel workbook",
    ".ods": "an OpenDocument spreadsheet",
    ".ppt": "a PowerPoint presentation",
    ".pptx": "a PowerPoint presentation",
    ".png": "a PNG image",
    ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image",
    ".gif": "a GIF image",
    ".tif": "a TIFF image",
    ".tiff": "a TIFF image",
    ".webp": "a WebP image",
    ".zip": "a ZIP archive",
    ".gz": "a gzip-compressed file",
    ".tgz": "a gzip-compressed file",
    ".bz2": "a bzip2-compressed file",
    ".xz": "an xz-compressed file",
    ".7z": "a 7-Zip archive",
    ".rar": "a RAR archive",
}
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_XML_START = re.compile(r"\s*<\?xml[\s?]", re.IGNORECASE)


def container_format(data: bytes, path: Path) -> str | None:
    """``"pdf"`` or ``"docx"`` when the bytes are one of the binary formats cstocorpus reads."""
    if data.startswith(b"%PDF-") or (path.suffix.lower() == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(_ZIP) and _zip_kind(data) == _OOXML["word/document.xml"]:
        return "docx"
    return None


def _refusal(what: str, advice: str) -> str:
    return f"{what}, which cstocorpus does not read: {advice}"


def binary_format(data: bytes, path: Path) -> str | None:
    """Why ``data`` cannot be a text source, if its leading bytes or its name say so."""
    for magic, what, advice in _SIGNATURES:
        if data.startswith(magic):
            return _refusal(what, advice)
    if _BZIP2.match(data):
        return _refusal("a bzip2-compressed file", "decompress it first")
    if data.startswith(b"RIFF") and data[8:12] in _RIFF:
        return _refusal(_RIFF[data[8:12]], _CONVERT)
    if data.startswith(_ZIP):
        what = _zip_kind(data)
        return _refusal(what, _EXTRACT if what == "a ZIP archive" else _CONVERT)
    what = _SUFFIXES.get(path.suffix.lower())
    if what and what.endswith(";"):
        return f"named {path.suffix} as {what[:-1]}"
    if what:
        return _refusal(f"{what} by its name ({path.suffix})", _CONVERT)
    return None


def _zip_kind(data: bytes) -> str:
    """Office files, e-books and OpenDocument files are ZIP archives; name the kind."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for member, what in _OOXML.items():
                if member in names:
                    return what
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype == "application/epub+zip":
                    return "an EPUB e-book"
                if mimetype == _ODF + "text":
                    return "an OpenDocument text (.odt)"
                if mimetype.startswith(_ODF):
                    return "an OpenDocument file"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        pass  # damaged or encrypted: still a ZIP archive
    return "a ZIP archive"


def markup_format(text: str, path: Path) -> str | None:
    """Why decoded ``text`` is not read without an explicit format: an HTML page or XML."""
    head = text[:4096]
    if path.suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(head):
        return None  # the HTML reader's
    if _XML_START.match(head) and not re.search(r"<html[\s>]", head, re.IGNORECASE):
        return _refusal("an XML document", _CONVERT)
    return None
