"""Reading and checking corpus/glossary.yaml.

The glossary is data a researcher edits by hand and reviews in a diff, so every mistake is
reported with the concept it is in, and nothing half-read is used.

A concept has names in each language (the first English one is its label), optionally a
word ``family`` per language (more words it is found by: ``extremist`` for extremism),
optionally ``short`` forms per language (the head word a text uses for the concept once it
has named it: ``Treaty`` for the Collective Security Treaty),
SKOS-style links to other concepts (``broader``, ``narrower``, ``related``; a link may be
written on either end, and the loader completes the other) and names ``scoped`` to one
document.  The format is documented in the header of corpus/glossary.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cstocorpus.models import CORPUS_LANGUAGES

GLOSSARY_FILE = "glossary.yaml"
KINDS = frozenset({"organization", "body", "state", "former_state", "capital", "city", "person",
                   "document", "term", "region"})
#: The links a concept may have, SKOS's: ``narrower`` concepts are followed by a search.
LINKS = ("broader", "narrower", "related")
#: Every key a concept entry may have.
CONCEPT_KEYS = frozenset({"id", "kind", "family", "short", "scoped", "note", *LINKS, *CORPUS_LANGUAGES})
SCOPE_KEYS = frozenset({"doc", "note", *CORPUS_LANGUAGES})
_ID = re.compile(r"[a-z0-9_]+")


class GlossaryError(ValueError):
    """A glossary that cannot be used; the message names the file and the concept."""


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    names: dict[str, tuple[str, ...]]  # language → aliases, the first one the label
    scoped: tuple[tuple[str, str, tuple[str, ...]], ...] = field(default=())  # (doc, lang, aliases)
    family: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language → words of its family
    broader: tuple[str, ...] = ()  # concept ids, both directions merged by ``load_glossary``
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    short: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language → short forms (head words)

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

    def get(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)


def load_glossary(corpus_dir: Path) -> Glossary:
    """The glossary of a corpus; an empty one when the corpus has no glossary file."""
    path = Path(corpus_dir) / GLOSSARY_FILE
    if not path.exists():
        return Glossary.empty()
    data, duplicates = read_yaml(path)
    if duplicates:
        raise GlossaryError(f"{path}: {duplicates[0]}")
    return glossary_from_data(data, path)


def read_yaml(path: Path):
    """The parsed YAML of ``path`` and the duplicate keys found in it, each a sentence with its
    line.  PyYAML keeps the last of two equal keys of one mapping without a word, so a
    repeated ``concepts:`` or ``en:`` would silently drop what came first."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read {path}: {exc}") from None
    duplicates: list[str] = []

    # libyaml's parser when PyYAML has it: every build reads the glossary, and it grows
    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:  # an unhashable key: PyYAML itself refuses it below
                    continue
                line = key_node.start_mark.line + 1
                if first != line:
                    duplicates.append(f"line {line}: the key {key!r} appears a second time in one "
                                      f"mapping (first at line {first}); only one is kept")
            return super().construct_mapping(node, deep)

    try:
        data = yaml.load(text, Loader=Loader)  # noqa: S506 -- a (C)SafeLoader subclass
    except yaml.YAMLError as exc:
        raise GlossaryError(f"cannot read {path}: {exc}") from None
    return data, duplicates


def glossary_from_data(data, path: Path | str = GLOSSARY_FILE) -> Glossary:
    """The checked glossary of the parsed YAML ``data`` (``path`` names it in messages)."""
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise GlossaryError(f"{path} must have a 'concepts' list")
    concepts, seen = [], set()
    for n, entry in enumerate(data["concepts"], 1):
        concept = _concept(path, n, entry)
        if concept.id in seen:
            raise GlossaryError(f"{path}: concept {concept.id!r} appears twice")
        seen.add(concept.id)
        concepts.append(concept)
    return Glossary(_linked(path, concepts))


def _concept(path, n: int, entry) -> Concept:
    where = f"{path}: concept {n}"
    if not isinstance(entry, dict):
        raise GlossaryError(f"{where} is not a mapping")
    ident = entry.get("id")
    if not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise GlossaryError(f"{where} needs an id of lowercase letters, digits and _")
    where = f"{path}: concept {ident!r}"
    unknown = sorted(set(entry) - CONCEPT_KEYS, key=str)
    if unknown:
        raise GlossaryError(f"{where} has an unknown key {unknown[0]!r}; "
                            f"the keys are {', '.join(sorted(CONCEPT_KEYS))}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise GlossaryError(f"{where} has kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    names = {lang: _aliases(where, lang, entry.get(lang)) for lang in CORPUS_LANGUAGES if entry.get(lang)}
    if not names:
        raise GlossaryError(f"{where} has no names")
    family = _family(where, entry.get("family"))
    short = _family(where, entry.get("short"), "short")
    scoped = []
    for scope in entry.get("scoped") or []:
        if not isinstance(scope, dict) or not isinstance(scope.get("doc"), str):
            raise GlossaryError(f"{where}: each 'scoped' entry needs a 'doc'")
        extra = sorted(set(scope) - SCOPE_KEYS, key=str)
        if extra:
            raise GlossaryError(f"{where}: a 'scoped' entry has an unknown key {extra[0]!r}")
        for lang in CORPUS_LANGUAGES:
            if scope.get(lang):
                scoped.append((scope["doc"], lang, _aliases(where, lang, scope[lang])))
    links = {link: _ids(where, link, entry.get(link)) for link in LINKS}
    return Concept(ident, kind, names, tuple(scoped), family, **links, short=short)


def _family(where: str, value, key: str = "family") -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not set(value) <= set(CORPUS_LANGUAGES):
        raise GlossaryError(f"{where}: '{key}' must map languages ({', '.join(CORPUS_LANGUAGES)}) "
                            "to lists of words")
    return {lang: _aliases(where, f"{key}: {lang}", words) for lang, words in value.items() if words}


def _ids(where: str, link: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and _ID.fullmatch(v) for v in values):
        raise GlossaryError(f"{where}: '{link}' must be a list of concept ids")
    return tuple(dict.fromkeys(values))


def _aliases(where: str, lang: str, value) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise GlossaryError(f"{where}: '{lang}' must be a list of names")
    return tuple(v.strip() for v in values)


def _linked(path, concepts: list[Concept]) -> tuple[Concept, ...]:
    """The concepts with each link completed in both directions (``a narrower b`` is
    ``b broader a``; ``related`` goes both ways), after checking every link: it must name
    another known concept, and ``broader`` must never lead back to where it started."""
    ids = {c.id for c in concepts}
    broader: dict[str, dict[str, None]] = {c.id: {} for c in concepts}
    related: dict[str, dict[str, None]] = {c.id: {} for c in concepts}
    for c in concepts:
        for link in LINKS:
            for other in getattr(c, link):
                if other == c.id:
                    raise GlossaryError(f"{path}: concept {c.id!r} lists itself as {link}")
                if other not in ids:
                    raise GlossaryError(f"{path}: concept {c.id!r} has {link} {other!r}, which is no concept")
        for other in c.broader:
            broader[c.id][other] = None
        for other in c.narrower:
            broader[other][c.id] = None
        for other in c.related:
            related[c.id][other] = None
            related[other][c.id] = None
    for c in concepts:
        both = set(related[c.id]) & (set(broader[c.id]) | {n for n, up in broader.items() if c.id in up})
        if both:
            raise GlossaryError(f"{path}: concepts {c.id!r} and {sorted(both)[0]!r} are linked as both "
                                "related and broader/narrower; choose one")
    _check_no_cycle(path, broader)
    narrower: dict[str, dict[str, None]] = {c.id: {} for c in concepts}
    for child, parents in broader.items():
        for parent in parents:
            narrower[parent][child] = None
    return tuple(Concept(c.id, c.kind, c.names, c.scoped, c.family, tuple(broader[c.id]),
                         tuple(narrower[c.id]), tuple(related[c.id]), c.short) for c in concepts)


def _check_no_cycle(path, broader: dict[str, dict[str, None]]) -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for parent in broader[node]:
            if state.get(parent) == 1:
                loop = trail[trail.index(parent):] + [node, parent]  # ``parent`` is on the trail
                raise GlossaryError(f"{path}: the broader links go round in a circle: {' → '.join(loop)}")
            if parent not in state:
                visit(parent, trail + [node])
        state[node] = 2

    for node in broader:
        if node not in state:
            visit(node, [])
