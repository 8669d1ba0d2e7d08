"""What an incremental build may keep from the previous generation, and what it must redo.

The previous generation is a starting point only if it was built here (its signature is
checked: its files are about to be linked into a new signed generation), with the same
engine and the same code (``pipeline``).  Then a document is kept when its content
fingerprint is unchanged; every other document is analyzed again, and documents that left
the catalog, or whose file is now refused, are deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import DocumentRecord
from ..corpus import content_fingerprint
from .location import DOCUMENTS, GLOSSARY, MANIFEST, IndexLocation
from .pipeline import pipeline_fingerprint
from .schema import FORMAT_NAME, FORMAT_VERSION
from .signature import verify


@dataclass
class PreviousGeneration:
    path: Path
    manifest: dict
    documents: dict[str, dict]

    def unchanged(self, documents: dict[str, dict], glossary_json) -> bool:
        """Whether a new generation would hold exactly what this one holds."""
        try:
            old_glossary = json.loads((self.path / GLOSSARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        same_docs = json.dumps(documents, sort_keys=True) == json.dumps(self.documents, sort_keys=True)
        return same_docs and json.dumps(old_glossary, sort_keys=True) == json.dumps(glossary_json, sort_keys=True)


@dataclass
class Plan:
    reused: list[tuple[DocumentRecord, Path]] = field(default_factory=list)
    to_analyze: list[tuple[DocumentRecord, Path]] = field(default_factory=list)


def previous_generation(location: IndexLocation, engine: str) -> tuple[PreviousGeneration | None, str]:
    """The current generation if a build may start from it, else None and why not."""
    path = location.current()
    if path is None:
        return None, "there was no index yet"
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        documents = json.loads((path / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, "the previous index is incomplete"
    if manifest.get("format") != FORMAT_NAME or manifest.get("version") != FORMAT_VERSION:
        return None, "the previous index has another format version"
    if manifest.get("engine", "whoosh") != engine:
        return None, f"the previous index was built with the {manifest.get('engine', 'whoosh')} engine"
    if manifest.get("pipeline") != pipeline_fingerprint():
        return None, "cstocorpus or its analysis libraries changed since the previous build"
    if not verify(path, manifest.get("signature", "")):
        return None, "the previous index was not built here"
    if not isinstance(documents, dict) or not all(
            isinstance(d, dict) and "fingerprint" in d for d in documents.values()):
        return None, "the previous index does not record what its documents were built from"
    return PreviousGeneration(path, manifest, documents), ""


def plan_update(checked: list[tuple[DocumentRecord, Path]], previous: dict[str, dict]) -> Plan:
    """Split the readable catalog documents into those kept as they are and those to analyze."""
    plan = Plan()
    for record, path in checked:
        old = previous.get(record.id)
        same = old is not None and old.get("fingerprint") == content_fingerprint(record)
        (plan.reused if same else plan.to_analyze).append((record, path))
    return plan
