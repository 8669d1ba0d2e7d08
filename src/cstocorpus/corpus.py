"""The corpus directory: catalog entries paired with their source files, checked before use.

A source file whose bytes no longer match the catalog's sha256, or that cannot be read, is
reported with its path and left out; the rest of the corpus is still built.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog, DocumentRecord, sha256_of
from .models import ParsedDocument
from .sources import DocumentError, read_document

SOURCES_DIR = "sources"


@dataclass(frozen=True)
class DocumentProblem:
    """Why one source file was left out of the build."""

    doc_id: str
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class SourceDocument:
    """A catalog record with its parsed source; ``metadata`` is what citations use."""

    record: DocumentRecord
    path: Path
    parsed: ParsedDocument
    metadata: dict[str, Any] = field(default_factory=dict)


def checked_files(catalog: Catalog) -> Iterator[tuple[DocumentRecord, Path] | DocumentProblem]:
    """Every catalog document whose file exists and still has the recorded sha256, in
    catalog order, or the problem that keeps it out.  Nothing is parsed yet: an incremental
    build parses only the documents that changed.  A file whose stamp (inode, size, times)
    is the one it had when last hashed is not read again (``corpus_cache``)."""
    for record, path, problem in _checked(catalog):
        yield DocumentProblem(record.id, Path(path), problem) if problem else (record, Path(path))


def file_problems(catalog: Catalog) -> dict[str, DocumentProblem]:
    """``checked_files``' problems only, by document id (``list`` needs nothing else)."""
    return {r.id: DocumentProblem(r.id, Path(path), problem) for r, path, problem in _checked(catalog) if problem}


def _checked(catalog: Catalog) -> Iterator[tuple[DocumentRecord, str, str]]:
    """(record, path, problem or "") of each catalog document, paths as text: thousands of
    ``pathlib`` joins would cost more than the checks."""
    cache = catalog.cache
    inside = _Containment(catalog.root)
    root = os.fspath(catalog.root)
    for record in catalog.documents:
        path = os.path.join(root, record.file)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            yield record, path, "file listed in the catalog is missing"
            continue
        if not inside(path):
            yield record, path, "file is outside the corpus (through a symbolic link)"
            continue
        actual = cache.source_sha256(record.file, st)
        if actual is None:
            try:
                actual = sha256_of(Path(path))
            except OSError as exc:
                yield record, path, f"file cannot be read ({exc.strerror or exc})"
                continue
            cache.put_source(record.file, st, actual)  # unless the stamp is too recent to trust
        if actual != record.sha256:
            yield record, path, (
                f"sha256 is {actual[:12]}…, not {record.sha256[:12]}… as the catalog records: "
                "sources are kept as received, so update the catalog if the change is intended")
            continue
        yield record, path, ""
    cache.save()


class _Containment:
    """Whether a path, symbolic links followed, is inside the corpus directory.  The
    catalog checked each entry's path when it read it; a link made since is caught here.
    Each directory is resolved once: a file that is not a link is where its directory is."""

    def __init__(self, root: Path):
        self.root = os.path.realpath(root)
        self.directories: dict[str, bool] = {}

    def __call__(self, path: str) -> bool:
        directory = os.path.dirname(path)
        ok = self.directories.get(directory)
        if ok is None:
            real = os.path.realpath(directory)
            ok = self.directories[directory] = real == self.root or real.startswith(self.root + os.sep)
        if not ok:
            return False
        if os.path.islink(path):
            real = os.path.realpath(path)
            return real.startswith(self.root + os.sep)
        return True


def parse_source(record: DocumentRecord, path: Path) -> SourceDocument | DocumentProblem:
    """Read and parse one checked file with the format and encoding its catalog entry gives."""
    try:
        parsed = read_document(path, record.format or None, encoding=record.encoding or None)
    except DocumentError as exc:
        return DocumentProblem(record.id, path, exc.reason)
    return SourceDocument(record, path, parsed, citation_metadata(record, parsed.metadata))


def read_sources(catalog: Catalog) -> Iterator[SourceDocument | DocumentProblem]:
    """Every catalog document in catalog order, parsed, or the problem that kept it out."""
    for item in checked_files(catalog):
        yield item if isinstance(item, DocumentProblem) else parse_source(*item)


def content_fingerprint(record: DocumentRecord) -> str:
    """What decides a document's passages: its bytes and how they are read.  Other catalog
    fields only change citations, so editing them never makes a build re-analyze the text."""
    return f"{record.sha256}:{record.format}:{record.encoding}"


def uncataloged_files(catalog: Catalog) -> list[Path]:
    """Files under corpus/sources that no catalog entry names (they are not indexed)."""
    sources = catalog.root / SOURCES_DIR
    if not sources.is_dir():
        return []
    root = os.fspath(catalog.root)
    listed = {os.path.normpath(os.path.join(root, r.file)) for r in catalog.documents}
    found = []
    for directory, _, names in os.walk(sources):
        for name in names:
            path = os.path.join(directory, name)
            if name.startswith(".") or path in listed or not os.path.isfile(path):
                continue
            found.append(path)
    if found:  # a name seen another way (a link, "a/../b"): compare where they lead
        resolved = {os.path.realpath(p) for p in listed}
        found = [p for p in found if os.path.realpath(p) not in resolved]
    return sorted(Path(p) for p in found)


def text_metadata(own: dict[str, Any] | None) -> dict[str, Any]:
    """What a text says about itself that citations use (front matter or a title line), as
    plain JSON values: the index keeps it so unchanged documents need no parsing."""
    own = own or {}
    found: dict[str, Any] = {}
    if own.get("title"):
        found["title"] = str(own["title"])
    if isinstance(own.get("tags"), list):
        found["tags"] = [str(t) for t in own["tags"]]
    if isinstance(own.get("pages"), list):  # a PDF's line → page map, for citations by page
        found["pages"] = [[int(first), str(label)] for first, label in own["pages"]]
    return found


def citation_metadata(record: DocumentRecord, own: dict[str, Any] | None) -> dict[str, Any]:
    """The catalog record, with what the text says about itself (``own``: a parsed
    document's ``metadata``, or ``text_metadata`` of it) filling empty fields."""
    data = record.to_dict()
    own = text_metadata(own)
    if not data["title"] and own.get("title"):
        data["title"] = own["title"]
    if not data["tags"] and own.get("tags"):
        data["tags"] = own["tags"]
    if own.get("pages"):
        data["pages"] = own["pages"]
    return data
