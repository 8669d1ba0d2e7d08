"""What an incremental build may keep from the previous generation, and what it must redo.

The previous generation is a starting point only if it was built here and is intact (its
signature and every file are checked, ``manifest``: its files are about to be linked into a
new signed generation), with the same engine and the same code (``pipeline``).  Then a document is kept when its content
fingerprint is unchanged; every other document is analyzed again, and documents that left
the catalog, or whose file is now refused, are deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import DocumentRecord
from ..corpus import content_fingerprint
from .location import DOCUMENTS, GLOSSARY, IndexLocation
from .manifest import GenerationProblem, SignedGeneration, current_generation
from .pipeline import pipeline_fingerprint


@dataclass
class PreviousGeneration:
    signed: SignedGeneration
    documents: dict[str, dict]

    @property
    def path(self) -> Path:
        return self.signed.path

    @property
    def manifest(self) -> dict:
        return self.signed.manifest

    def unchanged(self, documents: dict[str, dict], glossary_json) -> bool:
        """Whether a new generation would hold exactly what this one holds."""
        try:
            old_glossary = json.loads((self.path / GLOSSARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return _same_json(documents, self.documents) and _same_json(old_glossary, glossary_json)


def _same_json(a, b) -> bool:
    """Whether ``a`` and ``b`` are the same JSON (a tuple equals a list): ``==`` first, which
    is fast and almost always right when they are."""
    return a == b or json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@dataclass
class Plan:
    reused: list[tuple[DocumentRecord, Path]] = field(default_factory=list)
    to_analyze: list[tuple[DocumentRecord, Path]] = field(default_factory=list)


def previous_generation(location: IndexLocation, engine: str) -> tuple[PreviousGeneration | None, str]:
    """The current generation if a build may start from it, else None and why not."""
    try:
        signed = current_generation(location)
    except GenerationProblem as exc:
        if exc.kind == "layout":
            raise
        return None, _why(exc)
    if signed is None:
        return None, "there was no index yet"
    manifest = signed.manifest
    if signed.engine != engine:
        return None, f"the previous index was built with the {signed.engine} engine"
    if manifest.get("pipeline") != pipeline_fingerprint():
        return None, "cstocorpus or its analysis libraries changed since the previous build"
    try:
        signed.check_files()
        documents = json.loads((signed.path / DOCUMENTS).read_text(encoding="utf-8"))
    except GenerationProblem as exc:
        return None, _why(exc)
    except (OSError, ValueError):
        return None, "the previous index is incomplete"
    if not isinstance(documents, dict) or not all(
            isinstance(d, dict) and "fingerprint" in d for d in documents.values()):
        return None, "the previous index does not record what its documents were built from"
    return PreviousGeneration(signed, documents), ""


def _why(problem: GenerationProblem) -> str:
    """Why a full build is made, in a few words."""
    return {
        "elsewhere": "the previous index was not built on this account",
        "version": "the previous index has another format version",
        "incomplete": "the previous index is incomplete",
    }.get(problem.kind) or f"the previous index {str(problem).split(': run ')[0]}"


def plan_update(checked: list[tuple[DocumentRecord, Path]], previous: dict[str, dict]) -> Plan:
    """Split the readable catalog documents into those kept as they are and those to analyze."""
    plan = Plan()
    for record, path in checked:
        old = previous.get(record.id)
        same = old is not None and old.get("fingerprint") == content_fingerprint(record)
        (plan.reused if same else plan.to_analyze).append((record, path))
    return plan
