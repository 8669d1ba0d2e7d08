"""Turn a file a researcher hands to ``cstocorpus add`` into a catalog entry and a source copy.

Nothing here guesses silently.  What the text says about itself (front matter, a title
line) and what was detected (languages, a legacy encoding) is written into the catalog with
a comment saying so, so the researcher can see and correct it; unknown fields stay empty.
The file is copied byte for byte: the corpus keeps sources exactly as received.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import _ID, Catalog, check_date
from ..corpus import SOURCES_DIR
from ..langid import identify
from ..models import ParsedDocument
from ..sources import DocumentError, guess_encoding, read_document
from .catalog_file import new_file_mode

#: A language is listed for a new document when at least this share of its letters is in it.
MIN_LANGUAGE_SHARE = 0.05
_NUMBERED = re.compile(r"^(\d{3,})_")


class AddError(Exception):
    """One file cannot be added; the message names it and says why."""


@dataclass
class NewSource:
    """A file ready to be copied into the corpus, with its catalog fields."""

    path: Path | str  # where the researcher's file is (or the URL it was downloaded from)
    doc_id: str
    sha256: str
    target: str  # path of the copy, relative to the corpus directory
    fields: dict  # catalog fields: value, or (value, comment)
    notes: list[str] = field(default_factory=list)  # what was detected, for the user
    source: Path | None = None  # the file to copy, when ``path`` is a URL: its download


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(path: Path, catalog: Catalog, taken_ids: set[str], options: dict) -> NewSource:
    """Read and check ``path`` as a new source; raise ``AddError`` if it cannot be added.

    ``options`` are the ``add`` command's metadata options (None/empty when not given);
    ``taken_ids`` are ids already used, including those added earlier in the same command.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AddError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    sha = sha256_bytes(data)
    for record in catalog.documents:
        if record.sha256 == sha:
            raise AddError(f"{path}: already in the corpus as {record.id} (same sha256), not added again")

    parsed, detected = _read(path, data, options.get("format") or None, options.get("encoding") or "")
    encoding = options.get("encoding") or detected or ""
    notes = [f"decoded as {detected} (detected; check the text, or pass --encoding)"] if detected else []

    doc_id = options.get("doc_id") or _next_id(sha, taken_ids)
    if not _ID.match(doc_id) or doc_id in (".", ".."):
        raise AddError(f"{path}: id {doc_id!r} must be letters, digits, '.', '_' or '-' (no paths)")
    if doc_id in taken_ids:
        raise AddError(f"{path}: id {doc_id!r} is already in the catalog")
    suffix = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,10}", path.suffix.lower()) else ".txt"
    target = f"{SOURCES_DIR}/{doc_id}{suffix}"

    fields: dict = {"id": doc_id, "file": target, "sha256": sha, "format": options.get("format") or parsed.format}
    if encoding:
        fields["encoding"] = (encoding, None if options.get("encoding") else "detected; check the text")
    fields["title"] = _title(parsed, options.get("title"))
    if options.get("title_en"):
        fields["title_en"] = options["title_en"]
    own = document_metadata(parsed.metadata)
    origin = f"from {_ORIGIN.get(parsed.format, 'the text')}"
    fields["languages"] = _languages(parsed, options.get("languages"), own.get("language"), origin)
    fields["authors"] = list(options.get("authors") or []) or _found(own.get("authors"), origin, [])
    for name in ("publisher", "url", "published", "accessed"):
        fields[name] = options.get(name) or _found(own.get(name), origin, "")
    fields["tags"] = list(options.get("tags") or []) or _found(own.get("tags"), origin, [])
    fields["original_language"] = options.get("original_language") or ""
    fields["machine_translated"] = bool(options.get("machine_translated"))
    fields["translation_note"] = options.get("translation_note") or ""
    if options.get("download_note"):
        fields["notes"] = (options["download_note"], "recorded by add")
    return NewSource(options.get("display") or path, doc_id, sha, target, fields, notes, source=path)


def _read(path: Path, data: bytes, fmt: str | None, encoding: str) -> tuple[ParsedDocument, str | None]:
    """Parse the file as every build will.  A file that is not UTF-8 (and has no
    ``--encoding``) is read with the encoding the detector names, returned second."""
    try:
        return read_document(path, fmt, encoding=encoding or None), None
    except DocumentError as exc:
        first = exc
    guess = guess_encoding(data) if not encoding else None
    if guess:
        try:
            return read_document(path, fmt, encoding=guess), guess
        except DocumentError:
            pass
    raise AddError(str(first)) from None


def _next_id(sha: str, taken: set[str]) -> str:
    """``NNN_<first 16 hex digits of sha256>``, numbered after the highest id so far, as the
    seed documents are."""
    numbers = [int(m.group(1)) for i in taken if (m := _NUMBERED.match(i))]
    return f"{max(numbers, default=-1) + 1:03d}_{sha[:16]}"


#: Where a format's metadata comes from, for the catalog comment.
_ORIGIN = {"markdown": "the text's front matter", "text": "the text's first line",
           "html": "the page's metadata", "pdf": "the PDF's metadata", "docx": "the Word file's properties"}


def _found(value, origin: str, empty):
    return (value, origin) if value else empty


def document_metadata(meta: dict | None) -> dict:
    """Catalog fields from what a document says about itself (front matter, HTML meta and
    Open Graph tags and JSON-LD, PDF document information, Word core properties).  Only
    values that pass the catalog's checks are kept: a date that is not a real date, or a
    URL that is not absolute, is left out rather than half-believed."""
    meta = meta or {}
    found: dict = {}
    authors = meta.get("authors", meta.get("author"))
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r";", authors)]
    if isinstance(authors, list):
        found["authors"] = [str(a).strip() for a in authors if str(a).strip()]
    for key in ("date", "published"):
        if meta.get(key) and "published" not in found:
            try:
                found["published"] = check_date(str(meta[key])[:10], "published")
            except ValueError:
                pass
    for key in ("url", "canonical_url"):
        if isinstance(meta.get(key), str) and re.match(r"https?://\S+$", meta[key].strip()):
            found["url"] = meta[key].strip()
            break
    for key in ("site", "publisher"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            found["publisher"] = meta[key].strip()
            break
    tags = meta.get("tags", meta.get("categories"))
    if isinstance(tags, str):
        tags = [t.strip() for t in re.split(r"[,;]", tags)]
    if isinstance(tags, list):
        found["tags"] = [str(t).strip() for t in tags if str(t).strip()]
    lang = meta.get("language", meta.get("lang"))
    if isinstance(lang, str) and re.match(r"[A-Za-z]{2,3}(?:[-_]|$)", lang.strip()):
        found["language"] = re.split(r"[-_]", lang.strip())[0].lower()
    return found


def _title(parsed: ParsedDocument, given: str | None):
    if given:
        return given
    own = str((parsed.metadata or {}).get("title") or "").strip()
    if own:
        return own, f"from {_ORIGIN.get(parsed.format, 'the text')}"
    first = parsed.blocks[0] if parsed.blocks else None
    if first is not None and first.kind in ("title", "heading") and first.line_start == 1:
        return first.text.strip(), "from the text's first heading"
    return ""


def _languages(parsed: ParsedDocument, given, declared: str | None = None, origin: str = "") -> object:
    if given:
        return list(given)
    letters: Counter = Counter()
    for block in parsed.blocks:
        lang = identify(block.text)
        if lang != "und":
            letters[lang] += sum(ch.isalpha() for ch in block.text)
    total = sum(letters.values())
    found = [lang for lang, n in letters.most_common() if total and n / total >= MIN_LANGUAGE_SHARE]
    if declared and declared in found:  # the document's own word for its main language
        return [declared, *(lang for lang in found if lang != declared)], f"{declared} {origin}; others detected"
    return (found, "detected; main language first") if found else []


def copy_source(new: NewSource, corpus_dir: Path) -> None:
    """Copy the file into the corpus atomically; an identical copy already there is kept."""
    target = corpus_dir / new.target
    if target.exists():
        if sha256_bytes(target.read_bytes()) == new.sha256:
            return  # left by an earlier add that stopped before writing the catalog
        raise AddError(f"{new.path}: {target} already exists with other content")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".add.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write((new.source or Path(new.path)).read_bytes())
            fh.flush()
            os.chmod(tmp, new_file_mode())  # as if created by an ordinary write (mkstemp: 0600)
            os.fsync(fh.fileno())
        if sha256_bytes(Path(tmp).read_bytes()) != new.sha256:
            raise AddError(f"{new.path}: changed while it was being added; try again")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
