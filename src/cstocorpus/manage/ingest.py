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

from ..catalog import _ID, Catalog
from ..corpus import SOURCES_DIR
from ..langid import identify
from ..models import ParsedDocument
from ..sources import DocumentError, guess_encoding, read_document

#: A language is listed for a new document when at least this share of its letters is in it.
MIN_LANGUAGE_SHARE = 0.05
_NUMBERED = re.compile(r"^(\d{3,})_")


class AddError(Exception):
    """One file cannot be added; the message names it and says why."""


@dataclass
class NewSource:
    """A file ready to be copied into the corpus, with its catalog fields."""

    path: Path  # where the researcher's file is
    doc_id: str
    sha256: str
    target: str  # path of the copy, relative to the corpus directory
    fields: dict  # catalog fields: value, or (value, comment)
    notes: list[str] = field(default_factory=list)  # what was detected, for the user


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
    fields["languages"] = _languages(parsed, options.get("languages"))
    fields["authors"] = list(options.get("authors") or [])
    for name in ("publisher", "url", "published", "accessed"):
        fields[name] = options.get(name) or ""
    fields["tags"] = list(options.get("tags") or [])
    fields["original_language"] = options.get("original_language") or ""
    fields["machine_translated"] = bool(options.get("machine_translated"))
    fields["translation_note"] = options.get("translation_note") or ""
    return NewSource(path, doc_id, sha, target, fields, notes)


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


def _title(parsed: ParsedDocument, given: str | None):
    if given:
        return given
    own = str((parsed.metadata or {}).get("title") or "").strip()
    if own:
        source = "the text's front matter" if parsed.format == "markdown" else "the text's first line"
        return own, f"from {source}"
    first = parsed.blocks[0] if parsed.blocks else None
    if first is not None and first.kind in ("title", "heading") and first.line_start == 1:
        return first.text.strip(), "from the text's first heading"
    return ""


def _languages(parsed: ParsedDocument, given) -> object:
    if given:
        return list(given)
    letters: Counter = Counter()
    for block in parsed.blocks:
        lang = identify(block.text)
        if lang != "und":
            letters[lang] += sum(ch.isalpha() for ch in block.text)
    total = sum(letters.values())
    found = [lang for lang, n in letters.most_common() if total and n / total >= MIN_LANGUAGE_SHARE]
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
            fh.write(new.path.read_bytes())
            fh.flush()
            os.fsync(fh.fileno())
        if sha256_bytes(Path(tmp).read_bytes()) != new.sha256:
            raise AddError(f"{new.path}: changed while it was being added; try again")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
