"""The corpus directory: catalog entries paired with their source files, checked before use.

A source file whose bytes no longer match the catalog's sha256, or that cannot be read, is
reported with its path and left out; the rest of the corpus is still built.
"""

from __future__ import annotations

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
    build parses only the documents that changed."""
    for record in catalog.documents:
        path = catalog.path_of(record)
        if not path.is_file():
            yield DocumentProblem(record.id, path, "file listed in the catalog is missing")
            continue
        actual = sha256_of(path)
        if actual != record.sha256:
            yield DocumentProblem(
                record.id, path,
                f"sha256 is {actual[:12]}…, not {record.sha256[:12]}… as the catalog records: "
                "sources are kept as received, so update the catalog if the change is intended",
            )
            continue
        yield record, path


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
    listed = {catalog.path_of(r).resolve() for r in catalog.documents}
    return sorted(
        p for p in sources.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.resolve() not in listed
    )


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
