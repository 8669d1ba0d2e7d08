"""The corpus in columns, stored with each index generation: every token's lemma and form as
a number, the passages' boundaries, documents and languages, so that word statistics
(collocates, n-grams, keywords, dispersion) are counted with numpy over arrays instead of by
reading every stored passage.  The layout of a CWB-style corpus (a lexicon, and one integer
per token for each positional attribute), written by the build from the very tokens it
stores with each passage: the numbers always agree with ``freq`` and ``search``.

Files in the generation directory::

    columns.json         lexicon (sorted), documents, languages, per passage: id, document,
                         language, ordinal
    columns-lemma.npy    int32 per token: the lemma's number in the lexicon
    columns-form.npy     int32 per token: the (search-key) form's number
    columns-gap.npy      uint8 per token: 1 when punctuation stands between it and the token
                         before it in its passage (n-grams do not cross it)
    columns-offsets.npy  int64 per passage + 1: where each passage's tokens start
    columns-stop.npy     uint8 per lexicon entry: 1 for a stop word (``stats.stopwords``, as
                         ``freq`` leaves them out), decided at build time, when the analyzers
                         the Japanese list needs are loaded anyway
    columns-units-{lemma,form,gap,offsets}.npy
                         the same for the passages' running words (``stats.running``: each
                         stretch once, as the longest word unit it belongs to, so ``外務省``
                         and ``หน่วยงาน`` are one word each), the stream ``freq`` counts
    columns-units-of.npy int32 per token: the number, in its passage, of the running word it
                         is part of (a hit's token position read as a word position)

The tokens are the *parts* stream (``stream("parts")``, the analyzers' pieces), the running
words the *words* stream (``stream("words")``); both are numbered in the one lexicon.

Passages are in document order (the catalog's) and by ordinal, the lexicon in code-point
order, so the same corpus always gives the same bytes; an incremental build copies the
tokens of the documents it keeps from the previous generation's columns (renumbered into
the new lexicon) and gives the same files a full build would.
"""

from __future__ import annotations

import copy
import json
import tempfile
from array import array
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import IO

import numpy as np

from ..stats.running import running_units, unit_of_tokens
from ..stats.stopwords import is_stopword
from .fields import StoredJSON

META = "columns.json"
STREAM = ("lemma", "form", "gap", "offsets")
UNITS = ("words", "parts")
ARRAYS = (*STREAM, "stop", *(f"units-{name}" for name in STREAM), "units-of")
VERSION = 2  # 2: the running words (``units-*``) beside the tokens


def array_path(generation: Path, name: str) -> Path:
    return generation / f"columns-{name}.npy"


#: Every file the columns are kept in: rewritten whole by each generation, never linked from
#: the previous one (``integrity.link_verified`` skips them).
COLUMN_FILES = (META, *(f"columns-{name}.npy" for name in ARRAYS))


def _gaps(text: str, tokens: list) -> list[int]:
    """1 where the text between a token and the one before holds anything but spaces."""
    out, prev = [], None
    for start, end, *_ in tokens:
        out.append(int(prev is not None and not text[prev:start].isspace() and prev != start))
        prev = end
    return out


#: The columns with a value per token (or running word): those a long document sets aside.
PER_TOKEN = ("lemma", "form", "gap", "w_lemma", "w_form", "w_gap", "unit_of")
#: Tokens of one document held in memory; beyond, its per-token columns go on to temporary
#: files (a 50 MB source has some 5 million tokens, 20 bytes each in all the columns).
FLUSH_TOKENS = 1 << 20


class _Doc:
    """One document's passages as the build adds them (terms as provisional numbers)."""

    __slots__ = ("passages", "lemma", "form", "gap", "lengths", "w_lemma", "w_form", "w_gap", "w_lengths",
                 "unit_of", "set_aside")

    def __init__(self) -> None:
        self.passages: list[tuple[str, str, int]] = []  # (passage id, lang, ordinal)
        self.lemma, self.form, self.gap, self.lengths = array("i"), array("i"), array("B"), array("q")
        # The running words (``w_``), and each token's running word.
        self.w_lemma, self.w_form, self.w_gap, self.w_lengths = array("i"), array("i"), array("B"), array("q")
        self.unit_of = array("i")
        self.set_aside: dict[str, IO[bytes]] = {}  # per-token columns moved to temporary files

    def flush_if_long(self, spill_dir: Path | None) -> None:
        """Move the per-token columns to the end of their temporary files once they are long."""
        if len(self.lemma) < FLUSH_TOKENS:
            return
        for name in PER_TOKEN:
            f = self.set_aside.get(name)
            if f is None:
                f = self.set_aside[name] = tempfile.TemporaryFile(dir=spill_dir)
            values = getattr(self, name)
            values.tofile(f)
            del values[:]

    def column(self, name: str, dtype) -> list[np.ndarray]:
        """One column of the document: what was set aside, then what is in memory."""
        parts = []
        f = self.set_aside.get(name)
        if f is not None:
            f.flush()
            f.seek(0)
            parts.append(np.fromfile(f, dtype=dtype))
        held = getattr(self, name)
        if len(held) or not parts:
            parts.append(np.frombuffer(held, dtype=dtype))
        return parts

    def close(self) -> None:
        for f in self.set_aside.values():
            f.close()
        self.set_aside = {}


class ColumnsWriter:
    """Collects the columns while the build streams passages to the engine, then writes them."""

    def __init__(self, previous: Path | None = None, spill_dir: Path | None = None) -> None:
        self.terms: dict[str, int] = {}  # term -> provisional number, in order of first sight
        self.docs: dict[str, _Doc] = {}
        self.spill_dir = spill_dir  # where a long document's columns wait (the new generation)
        self.previous = Columns(previous) if previous is not None and (previous / META).exists() else None

    def _number(self, term: str) -> int:
        n = self.terms.get(term)
        if n is None:
            n = self.terms[term] = len(self.terms)
        return n

    def add(self, fields: dict) -> None:
        """One passage's index fields (``fields.passage_fields``), in document order."""
        tokens, compounds = (json.loads(v.text) if isinstance(v, StoredJSON) else (v or [])
                             for v in (fields["tokens"], fields.get("units")))
        units = running_units(tokens, compounds)
        doc = self.docs.get(fields["doc_id"])
        if doc is None:
            doc = self.docs[fields["doc_id"]] = _Doc()
        doc.passages.append((fields["passage_id"], fields["lang"], fields["ordinal"]))
        number = self._number
        doc.lemma.extend(number(t[2]) for t in tokens)
        doc.form.extend(number(t[3]) for t in tokens)
        doc.gap.extend(_gaps(fields["text"], tokens))
        doc.lengths.append(len(tokens))
        words = [u for u, _ in units]
        doc.w_lemma.extend(number(u[2]) for u in words)
        doc.w_form.extend(number(u[3]) for u in words)
        doc.w_gap.extend(_gaps(fields["text"], words))
        doc.w_lengths.append(len(words))
        doc.unit_of.extend(unit_of_tokens(tokens, units))
        doc.flush_if_long(self.spill_dir)

    def keep(self, doc_id: str) -> None:
        """A document kept as it is from the previous generation: its columns are copied."""
        if self.previous is None:
            raise ValueError("no previous columns to keep a document from")
        old = self.previous
        lo, hi = old.doc_passages(doc_id)
        remap = self._previous_numbers()
        doc = self.docs[doc_id] = _Doc()
        doc.passages = [(old.passage_ids[i], old.langs[old.passage_lang[i]], int(old.passage_ordinal[i]))
                        for i in range(lo, hi)]
        for prefix, stream in (("", old), ("w_", old.stream("words"))):
            t_lo, t_hi = int(stream.offsets[lo]), int(stream.offsets[hi])
            getattr(doc, prefix + "lemma").frombytes(remap[stream.lemma[t_lo:t_hi]].astype(np.int32).tobytes())
            getattr(doc, prefix + "form").frombytes(remap[stream.form[t_lo:t_hi]].astype(np.int32).tobytes())
            getattr(doc, prefix + "gap").frombytes(np.asarray(stream.gap[t_lo:t_hi], dtype=np.uint8).tobytes())
            getattr(doc, prefix + "lengths").frombytes(
                np.diff(stream.offsets[lo:hi + 1]).astype(np.int64).tobytes())
        t_lo, t_hi = int(old.offsets[lo]), int(old.offsets[hi])
        doc.unit_of.frombytes(np.asarray(old.unit_of[t_lo:t_hi], dtype=np.int32).tobytes())

    def _previous_numbers(self) -> np.ndarray:
        cached = getattr(self, "_remap", None)
        if cached is None:
            cached = self._remap = np.array([self._number(t) for t in self.previous.lexicon], dtype=np.int64)
        return cached

    def write(self, generation: Path, doc_order: Iterable[str]) -> None:
        """Write the columns of the documents ``doc_order`` names, in that order."""
        order = [d for d in doc_order if d in self.docs]
        lexicon = sorted(self.terms)
        renumber = np.empty(len(self.terms), dtype=np.int32)
        for final, term in enumerate(lexicon):
            renumber[self.terms[term]] = final
        langs = sorted({lang for d in order for _, lang, _ in self.docs[d].passages})
        lang_number = {lang: n for n, lang in enumerate(langs)}
        passages = {"id": [], "doc": [], "lang": [], "ordinal": []}
        for n, doc_id in enumerate(order):
            for pid, lang, ordinal in self.docs[doc_id].passages:
                passages["id"].append(pid)
                passages["doc"].append(n)
                passages["lang"].append(lang_number[lang])
                passages["ordinal"].append(ordinal)

        def joined(name: str, dtype) -> np.ndarray:
            """One column of every document: one at a time, never all of them in memory."""
            parts = [part for d in order for part in self.docs[d].column(name, dtype)]
            if len(parts) == 1:  # one document held in memory: no copy of its column
                return parts[0]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        # An incremental generation starts as hard links to the previous one's files
        # (``location.link_engine_files``): replace them, never write into them.
        for name in (*ARRAYS, META):
            (generation / (META if name == META else array_path(generation, name).name)).unlink(missing_ok=True)
        for prefix, name in (("", ""), ("w_", "units-")):
            lengths = joined(prefix + "lengths", np.int64)
            offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
            np.cumsum(lengths, out=offsets[1:])
            np.save(array_path(generation, name + "lemma"), renumber[joined(prefix + "lemma", np.int32)],
                    allow_pickle=False)
            np.save(array_path(generation, name + "form"), renumber[joined(prefix + "form", np.int32)],
                    allow_pickle=False)
            np.save(array_path(generation, name + "gap"), joined(prefix + "gap", np.uint8), allow_pickle=False)
            np.save(array_path(generation, name + "offsets"), offsets, allow_pickle=False)
        np.save(array_path(generation, "units-of"), joined("unit_of", np.int32), allow_pickle=False)
        stop = np.fromiter((is_stopword(t) for t in lexicon), dtype=np.uint8, count=len(lexicon))
        np.save(array_path(generation, "stop"), stop, allow_pickle=False)
        meta = {"version": VERSION, "documents": order, "languages": langs, "lexicon": lexicon,
                "passages": passages}
        (generation / META).write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n",
                                       encoding="utf-8")
        for doc in self.docs.values():
            doc.close()


class Columns:
    """The columns of one generation, read on demand (arrays memory-mapped): the tokens
    (``units="parts"``, as opened) or the running words (``stream("words")``)."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.units = "parts"
        self._prefix = ""
        self._streams: dict[str, Columns] = {"parts": self}
        meta = json.loads((generation / META).read_text(encoding="utf-8"))
        if meta.get("version") != VERSION:
            raise ValueError(f"columns version {meta.get('version')!r}, expected {VERSION}")
        self.documents: list[str] = meta["documents"]
        self.langs: list[str] = meta["languages"]
        self.lexicon: list[str] = meta["lexicon"]
        passages = meta["passages"]
        self.passage_ids: list[str] = passages["id"]
        self.passage_doc = np.asarray(passages["doc"], dtype=np.int32)
        self.passage_lang = np.asarray(passages["lang"], dtype=np.int32)
        self.passage_ordinal = np.asarray(passages["ordinal"], dtype=np.int32)

    def stream(self, units: str) -> Columns:
        """The same passages and lexicon, counted as running words (``"words"``: compounds
        as units, what ``freq`` counts) or as tokens (``"parts"``: the analyzers' pieces)."""
        if units not in UNITS:
            raise ValueError(f"units must be one of {UNITS}, not {units!r}")
        found = self._streams.get(units)
        if found is None:
            found = copy.copy(self)
            for name in ("lemma", "form", "gap", "offsets", "token_passage", "_doc_ranges"):
                found.__dict__.pop(name, None)
            found.units, found._prefix = units, "units-"
            self._streams[units] = found
        return found

    def _array(self, name: str) -> np.ndarray:
        return np.load(array_path(self.generation, name), mmap_mode="r", allow_pickle=False)

    @cached_property
    def lemma(self) -> np.ndarray:
        return self._array(self._prefix + "lemma")

    @cached_property
    def form(self) -> np.ndarray:
        return self._array(self._prefix + "form")

    @cached_property
    def gap(self) -> np.ndarray:
        return self._array(self._prefix + "gap")

    @cached_property
    def unit_of(self) -> np.ndarray:
        """For each token, the number in its passage of the running word it is part of."""
        return self._array("units-of")

    @cached_property
    def stop(self) -> np.ndarray:
        """1 for each lexicon entry that is a stop word."""
        return np.asarray(self._array("stop"), dtype=bool)

    @cached_property
    def offsets(self) -> np.ndarray:
        return np.asarray(self._array(self._prefix + "offsets"))

    @cached_property
    def term_number(self) -> dict[str, int]:
        return {t: n for n, t in enumerate(self.lexicon)}

    @cached_property
    def _doc_ranges(self) -> dict[str, tuple[int, int]]:
        bounds = np.flatnonzero(np.diff(self.passage_doc, prepend=-1, append=-1))
        return {self.documents[self.passage_doc[lo]]: (int(lo), int(hi)) for lo, hi in zip(bounds[:-1], bounds[1:])}

    def doc_passages(self, doc_id: str) -> tuple[int, int]:
        """The range of passage numbers of one document."""
        return self._doc_ranges[doc_id]

    @property
    def tokens(self) -> int:
        return int(self.offsets[-1])

    @cached_property
    def token_passage(self) -> np.ndarray:
        """The passage number of every token."""
        return np.repeat(np.arange(len(self.passage_ids), dtype=np.int32), np.diff(self.offsets))
