"""Reading and checking corpus/glossary.yaml.

The glossary is data a researcher edits by hand and reviews in a diff, so every mistake is
reported with the concept it is in, and nothing half-read is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cstocorpus.models import CORPUS_LANGUAGES

GLOSSARY_FILE = "glossary.yaml"
KINDS = frozenset({"organization", "body", "state", "former_state", "capital", "city", "person",
                   "document", "term"})
_ID = re.compile(r"[a-z0-9_]+")


class GlossaryError(ValueError):
    """A glossary that cannot be used; the message names the file and the concept."""


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    names: dict[str, tuple[str, ...]]  # language → aliases, the first one the label
    scoped: tuple[tuple[str, str, tuple[str, ...]], ...] = field(default=())  # (doc, lang, aliases)

    @property
    def label(self) -> str:
        """The name shown to users: the English label, else the first name there is."""
        for lang in ("en", *CORPUS_LANGUAGES):
            if self.names.get(lang):
                return self.names[lang][0]
        return self.id


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]

    @classmethod
    def empty(cls) -> Glossary:
        return cls(())


def load_glossary(corpus_dir: Path) -> Glossary:
    """The glossary of a corpus; an empty one when the corpus has no glossary file."""
    path = Path(corpus_dir) / GLOSSARY_FILE
    if not path.exists():
        return Glossary.empty()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GlossaryError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise GlossaryError(f"{path} must have a 'concepts' list")
    concepts, seen = [], set()
    for n, entry in enumerate(data["concepts"], 1):
        concept = _concept(path, n, entry)
        if concept.id in seen:
            raise GlossaryError(f"{path}: concept {concept.id!r} appears twice")
        seen.add(concept.id)
        concepts.append(concept)
    return Glossary(tuple(concepts))


def _concept(path: Path, n: int, entry) -> Concept:
    where = f"{path}: concept {n}"
    if not isinstance(entry, dict):
        raise GlossaryError(f"{where} is not a mapping")
    ident = entry.get("id")
    if not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise GlossaryError(f"{where} needs an id of lowercase letters, digits and _")
    where = f"{path}: concept {ident!r}"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise GlossaryError(f"{where} has kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    names = {lang: _aliases(where, lang, entry.get(lang)) for lang in CORPUS_LANGUAGES if entry.get(lang)}
    if not names:
        raise GlossaryError(f"{where} has no names")
    scoped = []
    for scope in entry.get("scoped") or []:
        if not isinstance(scope, dict) or not isinstance(scope.get("doc"), str):
            raise GlossaryError(f"{where}: each 'scoped' entry needs a 'doc'")
        for lang in CORPUS_LANGUAGES:
            if scope.get(lang):
                scoped.append((scope["doc"], lang, _aliases(where, lang, scope[lang])))
    return Concept(ident, kind, names, tuple(scoped))


def _aliases(where: str, lang: str, value) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise GlossaryError(f"{where}: '{lang}' must be a list of names")
    return tuple(v.strip() for v in values)
