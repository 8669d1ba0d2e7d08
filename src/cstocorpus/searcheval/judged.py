"""Reading a judged relevance set (format: ``eval/search/README.md``).

Judgments are keyed by ``(doc, line)``, the first source-file line of a relevant passage, so
they survive changes to passage ids; a judged line inside a passage's line range makes that
passage relevant (a reader that later joins lines still meets its judgments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cstocorpus.models import CORPUS_LANGUAGES


class JudgedSetError(ValueError):
    """A judged set that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class JudgedConcept:
    id: str
    kind: str
    queries: dict[str, str]  # language → the query a researcher would type
    relevant: frozenset[tuple[str, int]]  # (doc, first source line)
    criterion: str = ""


@dataclass(frozen=True)
class JudgedSet:
    path: str
    concepts: tuple[JudgedConcept, ...]
    documents: dict[str, str] = field(default_factory=dict)  # doc id → sha256 of the judged file


def load_judged(path: Path | str) -> JudgedSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise JudgedSetError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise JudgedSetError(f"{path} must have a 'concepts' list")
    documents = (data.get("corpus") or {}).get("documents") or {}
    if not isinstance(documents, dict):
        raise JudgedSetError(f"{path}: 'corpus.documents' must map document ids to sha256 values")
    concepts, seen = [], set()
    for n, entry in enumerate(data["concepts"], 1):
        concept = _concept(path, n, entry)
        if concept.id in seen:
            raise JudgedSetError(f"{path}: concept {concept.id!r} appears twice")
        seen.add(concept.id)
        concepts.append(concept)
    return JudgedSet(str(path), tuple(concepts), {str(k): str(v) for k, v in documents.items()})


def _concept(path: Path, n: int, entry) -> JudgedConcept:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise JudgedSetError(f"{path}: concept {n} needs an 'id'")
    where = f"{path}: concept {entry['id']!r}"
    queries = entry.get("queries")
    if not isinstance(queries, dict) or not queries:
        raise JudgedSetError(f"{where} needs 'queries' by language")
    for lang, q in queries.items():
        if lang not in CORPUS_LANGUAGES or not isinstance(q, str) or not q.strip():
            raise JudgedSetError(f"{where}: queries must map {', '.join(CORPUS_LANGUAGES)} to query text")
    relevant = set()
    for item in entry.get("relevant") or []:
        if not isinstance(item, dict) or not isinstance(item.get("doc"), str) or not isinstance(item.get("line"), int):
            raise JudgedSetError(f"{where}: each relevant passage needs a 'doc' and a 'line' number")
        relevant.add((item["doc"], item["line"]))
    if not relevant:
        raise JudgedSetError(f"{where} has no relevant passage")
    return JudgedConcept(entry["id"], str(entry.get("kind", "")), {k: v.strip() for k, v in queries.items()},
                         frozenset(relevant), str(entry.get("criterion", "")).strip())
