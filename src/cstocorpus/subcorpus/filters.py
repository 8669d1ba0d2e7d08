"""The filters every command shares, and the one function that resolves them to what they
select: a set of documents and a set of passage languages.

Filters and their meaning (the same on ``search``, ``concordance``, ``export``, ``stats``,
``freq``, ``collocates``, ``ngrams``, ``keywords`` and ``dispersion``):

* ``--lang``: passages tagged with one of these languages (a passage-level filter);
* ``--doc``: these documents;
* ``--from`` / ``--to``: documents whose catalog ``published`` date (a partial ISO date is
  the span of days it names, see ``dates``) overlaps the range; a document without a date is
  left out whenever a range is given;
* ``--author``: documents with an author containing this text (case-insensitive);
* ``--tag``: documents with this tag (case-insensitive);
* ``--kind``: documents whose *source type* is this.  The source type is the format the
  source file was read as, the ``format`` of the document's entry in the index
  (``markdown``, ``text``, and every format ``add`` learns to read).  This module is the one
  place that definition lives (``source_kind``);
* ``--subcorpus NAME``: the filters of a named subcorpus in ``corpus/subcorpora.yaml``
  (``named``), applied together with any given on the command line.

Repeating an option (or separating values with commas) means any of them; different options
must all hold.  Everything is read from the document table stored with the index, so a
selection describes exactly what the index answers from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..models import CORPUS_LANGUAGES, UNDETERMINED
from .dates import DateError, DateSpan, date_span, range_span


class SelectionError(ValueError):
    """A filter the index cannot answer (unknown language, document, tag ...): one sentence."""


@dataclass(frozen=True)
class Filters:
    """What was asked for, as typed (values already split at commas)."""

    langs: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    subcorpus: str = ""

    def as_dict(self) -> dict:
        """The filters given, for JSON output (empty ones left out)."""
        out = {"lang": list(self.langs), "doc": list(self.docs), "from": self.date_from, "to": self.date_to,
               "author": list(self.authors), "tag": list(self.tags), "kind": list(self.kinds),
               "subcorpus": self.subcorpus}
        return {k: v for k, v in out.items() if v}


def filters(langs=(), docs=(), date_from="", date_to="", authors=(), tags=(), kinds=(), subcorpus="") -> Filters:
    """``Filters`` from option values as click gives them (repeated, maybe comma-separated)."""
    return Filters(
        langs=tuple(v.lower() for v in split_values(langs)),
        docs=tuple(split_values(docs)),
        date_from=(date_from or "").strip(),
        date_to=(date_to or "").strip(),
        authors=tuple(v for v in (a.strip() for a in authors) if v),  # names may hold commas
        tags=tuple(split_values(tags)),
        kinds=tuple(v.lower() for v in split_values(kinds)),
        subcorpus=(subcorpus or "").strip(),
    )


def split_values(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in str(value).split(",") if v.strip()]


@dataclass(frozen=True)
class Selection:
    """What a set of filters selects: passages in ``langs`` (empty: any language) of the
    documents ``docs`` (None: every document; empty: none)."""

    langs: tuple[str, ...] = ()
    docs: tuple[str, ...] | None = None
    asked: Filters = field(default_factory=Filters)
    notes: tuple[str, ...] = ()  # what a reader should know (documents left out for want of a date)

    @property
    def everything(self) -> bool:
        return not self.langs and self.docs is None

    @property
    def nothing(self) -> bool:
        return self.docs == ()

    def has_doc(self, doc_id: str) -> bool:
        return self.docs is None or doc_id in self._doc_set

    def has_lang(self, lang: str) -> bool:
        return not self.langs or lang in self.langs

    def has(self, doc_id: str, lang: str) -> bool:
        return self.has_doc(doc_id) and self.has_lang(lang)

    @property
    def _doc_set(self) -> frozenset[str]:
        cached = self.__dict__.get("_docs_cached")
        if cached is None:
            cached = frozenset(self.docs or ())
            object.__setattr__(self, "_docs_cached", cached)
        return cached

    def describe(self, omit: Iterable[str] = ()) -> str:
        """One phrase for output headers: ``all passages`` or what the filters kept
        (``omit``: filters the caller already says, e.g. ``("lang",)``)."""
        asked = {k: v for k, v in self.asked.as_dict().items() if k not in omit}
        if not asked:
            return "all passages"
        if "from" in asked or "to" in asked:
            start, end = asked.pop("from", ""), asked.pop("to", "")
            asked["published"] = f"{start or '…'} to {end or '…'}"
        parts = [f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in asked.items()]
        notes = list(self.notes)
        if self.docs is not None:
            notes.insert(0, f"{len(self.docs)} document{'s' * (len(self.docs) != 1)}")
        return "; ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")

    def as_dict(self) -> dict:
        return {"filters": self.asked.as_dict(), "langs": list(self.langs),
                "documents": None if self.docs is None else list(self.docs), "notes": list(self.notes)}


EVERYTHING = Selection()


def source_kind(document: dict) -> str:
    """A document's source type, what ``--kind`` compares: the format its file was read as."""
    return str(document.get("format") or "").lower()


def select(documents: dict[str, dict], languages: Iterable[str], asked: Filters,
           named: dict[str, Filters] | None = None, source: str = "") -> Selection:
    """Resolve ``asked`` against the index's document table (``documents``) and the
    languages it has passages in; ``named`` holds the subcorpora ``--subcorpus`` may name
    (read from the file ``source``).
    Raises ``SelectionError`` for a value the index cannot answer."""
    selection = _select(documents, languages, asked)
    if asked.subcorpus:
        named = named or {}
        if asked.subcorpus not in named:
            known = ", ".join(sorted(named)) or "none is defined"
            raise SelectionError(f"no subcorpus {asked.subcorpus!r} in {source or 'subcorpora.yaml'} "
                                 f"(defined: {known})")
        inner = _select(documents, languages, named[asked.subcorpus], f"subcorpus {asked.subcorpus}: ")
        selection = _both(selection, inner)
    return replace(selection, asked=asked)


def _select(documents: dict[str, dict], languages: Iterable[str], asked: Filters, where: str = "") -> Selection:
    known = set(CORPUS_LANGUAGES) | {UNDETERMINED} | set(languages)
    for lang in asked.langs:
        if lang not in known:
            raise SelectionError(f"{where}unknown language code {lang!r}: use one of {', '.join(sorted(known))}")
    for doc in asked.docs:
        if doc not in documents:
            raise SelectionError(f"{where}no document {doc!r} in the index: 'cstocorpus list' shows the documents")
    chosen = [d for d in documents if not asked.docs or d in asked.docs]
    notes: list[str] = []
    if asked.date_from or asked.date_to:
        chosen, undated = _in_range(documents, chosen, asked, where)
        if undated:
            notes.append(f"{undated} document{'s' * (undated != 1)} without a publication date left out")
    if asked.authors:
        _known(documents, "author", asked.authors, lambda d: d.get("authors") or (), _author_matches, where)
        chosen = [d for d in chosen if any(_author_matches(a, documents[d].get("authors") or ())
                                           for a in asked.authors)]
    if asked.tags:
        _known(documents, "tag", asked.tags, lambda d: d.get("tags") or (), _tag_matches, where)
        chosen = [d for d in chosen if any(_tag_matches(t, documents[d].get("tags") or ()) for t in asked.tags)]
    if asked.kinds:
        _known(documents, "kind", asked.kinds, lambda d: [source_kind(d)], lambda k, ks: k in ks, where)
        chosen = [d for d in chosen if source_kind(documents[d]) in asked.kinds]
    narrowed = bool(asked.docs or asked.date_from or asked.date_to or asked.authors or asked.tags or asked.kinds)
    docs = tuple(sorted(chosen)) if narrowed else None
    return Selection(tuple(sorted(set(asked.langs))), docs, asked, tuple(notes))


def _in_range(documents: dict[str, dict], chosen: list[str], asked: Filters, where: str):
    try:
        wanted = range_span(asked.date_from or None, asked.date_to or None)
    except DateError as exc:
        raise SelectionError(f"{where}{exc}") from None
    kept, undated = [], 0
    for doc_id in chosen:
        span = _published(documents[doc_id])
        if span is None:
            undated += 1
        elif span.overlaps(wanted):
            kept.append(doc_id)
    return kept, undated


def _published(document: dict) -> DateSpan | None:
    try:
        return date_span(str(document.get("published") or ""))
    except DateError:
        return None


def _author_matches(wanted: str, authors: Iterable[str]) -> bool:
    w = wanted.casefold()
    return any(w in a.casefold() for a in authors)


def _tag_matches(wanted: str, tags: Iterable[str]) -> bool:
    w = wanted.casefold()
    return any(w == t.casefold() for t in tags)


def _known(documents: dict[str, dict], what: str, values, of, matches, where: str) -> None:
    """A value that no document in the index has is a mistake (a typo, most often): say
    which values there are.  A combination of known values may still select nothing."""
    have = sorted({v for d in documents.values() for v in of(d) if v})
    for value in values:
        if not matches(value, have):
            listed = "; ".join(have) if have else "none is recorded"
            raise SelectionError(f"{where}no document in the index has the {what} {value!r} ({what}s: {listed})")


def _both(a: Selection, b: Selection) -> Selection:
    """What both selections select."""
    if a.langs and b.langs:
        langs = tuple(sorted(set(a.langs) & set(b.langs)))
        docs = a.docs if langs else ()
    else:
        langs, docs = a.langs or b.langs, a.docs
    if docs != ():
        if docs is None:
            docs = b.docs
        elif b.docs is not None:
            docs = tuple(sorted(set(docs) & set(b.docs)))
    return Selection(langs, docs, a.asked, a.notes + b.notes)
