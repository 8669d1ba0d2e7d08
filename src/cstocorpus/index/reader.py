"""Open the current index generation for searching and for reading stored passages.

Only an index this program wrote, on this account, and intact is opened (``manifest``): the
manifest's signature and every file's checksum are checked before Whoosh unpickles anything
or Tantivy reads a file.  The manifest names the engine that wrote the index (``engine``);
searches go through it.  Anything an engine raises while it opens or reads the index (a
``zlib.error``, an ``UnpicklingError``, Tantivy's ``ValueError`` or a Rust panic) becomes
``IndexUnavailable``, one sentence naming the index and what to do.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Callable
from pathlib import Path

from ..glossary import AnalyzedGlossary
from ..query.model import Query
from .columns import Columns
from .engine import EngineUnavailable, Page, engine_module
from .location import DOCUMENTS, GLOSSARY, IndexLocation
from .manifest import GenerationProblem, SignedGeneration, current_generation
from .shards import ClusterError, read_cluster


#: Compiled queries a ``CorpusIndex`` keeps (``compiled``); the oldest goes first.
COMPILED_KEPT = 512


class IndexUnavailable(Exception):
    """There is no usable index where one was expected; the message says what to do."""


def signed_generation(root: Path) -> SignedGeneration:
    """The current generation, its manifest checked (not yet its files)."""
    try:
        found = current_generation(IndexLocation(root))
    except GenerationProblem as exc:
        raise IndexUnavailable(f"the index in {root} {exc}") from None
    if found is None:
        raise IndexUnavailable(f"no index in {root}: run 'cstocorpus build' first")
    return found


def checked(root: Path, generation: SignedGeneration, only: tuple[str, ...] | None = None) -> None:
    try:
        generation.check_files(only)
    except GenerationProblem as exc:
        raise IndexUnavailable(f"the index in {root} {exc}") from None


def indexed_documents(root: Path) -> dict[str, dict]:
    """What the current generation holds of each document (``documents.json``), its manifest
    and that file checked, without opening the engine: ``list`` needs nothing more."""
    generation = signed_generation(root)
    checked(root, generation, (DOCUMENTS,))
    return _read_json(root, generation.path / DOCUMENTS)


def _read_json(root: Path, path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise IndexUnavailable(f"the index in {root} is incomplete ({path.name} cannot be read): "
                               "run 'cstocorpus build' again") from None


def _engine_errors(method):
    """Turn whatever the engine raises into ``IndexUnavailable`` naming the index; calls
    take turns on an engine that is not thread-safe (``_turns``)."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            with self._turns:
                return method(self, *args, **kwargs)
        except (KeyboardInterrupt, SystemExit, GeneratorExit, IndexUnavailable, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001 -- Tantivy's PanicException is a BaseException
            if type(exc).__name__ in ("NetworkError", "NetworkTimeoutError"):  # Xapian's, from a remote shard
                raise IndexUnavailable(f"the index in {self.root} cannot be searched: a shard server stopped "
                                       f"answering ({' '.join(str(exc).split())[:200]}): check the servers the "
                                       "cluster file names") from exc
            raise damaged(self.root, exc) from exc
    return wrapper


def damaged(root: Path, exc: BaseException) -> IndexUnavailable:
    detail = " ".join(str(exc).split())[:200]
    return IndexUnavailable(
        f"the index in {root} cannot be read ({type(exc).__name__}{': ' + detail if detail else ''}): "
        "it may be damaged; run 'cstocorpus build --full' to build it again from the corpus")


class CorpusIndex:
    """``cluster``: a cluster file (``shards``) saying where the shards of a sharded Xapian
    index are served; they are searched there, as one, and only the generation's other files
    are needed here (each remote shard's UUID is checked instead of its files).
    ``allow_partial``: shards that cannot be reached are left out and named in ``missing_shards``."""

    def __init__(self, root: Path, cluster: Path | None = None, allow_partial: bool = False):
        self.root = Path(root)
        self._cluster = None
        signed = signed_generation(root)
        if cluster is not None:
            try:
                self._cluster = read_cluster(cluster)
            except ClusterError as exc:
                raise IndexUnavailable(str(exc)) from None
            if signed.engine != "xapian":
                raise IndexUnavailable(f"the index in {root} was built with the {signed.engine} engine, not in "
                                       "shards, so a cluster file does not apply: build it with --engine xapian --shards N")
            files = signed.manifest.get("files")
            checked(root, signed, tuple(n for n in files if "/" not in n) if isinstance(files, dict) else None)
        else:
            checked(root, signed)
        self._allow_partial = allow_partial
        generation = signed.path
        self.manifest = signed.manifest
        self.engine_name = signed.engine
        self.generation = generation
        self.documents: dict[str, dict] = _read_json(root, generation / DOCUMENTS)
        self._columns: Columns | None = None
        glossary = generation / GLOSSARY
        try:
            self.glossary = AnalyzedGlossary.from_json(
                json.loads(glossary.read_text(encoding="utf-8")) if glossary.exists() else [])
        except (OSError, ValueError, TypeError, KeyError):
            raise IndexUnavailable(f"the index in {root} is incomplete: run 'cstocorpus build' again") from None
        self.engine = None
        #: Held around every engine call when the engine's reader is not thread-safe (Whoosh);
        #: a thread-safe one (Tantivy) serves concurrent requests side by side.
        self._turns: threading.RLock | contextlib.nullcontext = threading.RLock()
        self._columns_lock = threading.Lock()
        self._compiled: dict[tuple[str, bool], object] = {}
        self._compiled_lock = threading.Lock()
        self.engine = self._open_engine()
        if getattr(self.engine, "THREAD_SAFE", False):
            self._turns = contextlib.nullcontext()

    def _open_engine(self):
        try:
            module = engine_module(self.engine_name)
        except EngineUnavailable as exc:
            raise IndexUnavailable(f"the index in {self.root} cannot be searched here: {exc}") from None
        return self._engine_reader(module)

    @_engine_errors
    def _engine_reader(self, module):
        if self._cluster is None:
            return module.Reader(self.generation)
        try:
            return module.Reader(self.generation, self._cluster, self._allow_partial)
        except ClusterError as exc:
            raise IndexUnavailable(f"the index in {self.root} cannot be searched: {exc}") from None

    @property
    def missing_shards(self) -> list[str]:
        """The shards left out of every search (``allow_partial``), each with its address."""
        return list(getattr(self.engine, "missing", None) or ())

    @property
    def ix(self):
        """The engine's own index object (a Whoosh or Tantivy index, a Xapian database)."""
        return self.engine.ix

    @_engine_errors
    def search(self, query: Query, limit: int | None) -> Page:
        """Passages matching ``query`` (``limit=None``: all), best first, and their exact number.
        A limit beyond the number of passages means all of them (an engine may allocate room
        for ``limit`` hits before it searches)."""
        if limit is not None:
            limit = min(limit, max(1, int(self.manifest.get("passages") or 0)))
        return self.engine.search(query, limit)

    @_engine_errors
    def count(self, query: Query) -> int:
        """The exact number of passages matching ``query``, found without ranking them."""
        return self.engine.count(query)

    @_engine_errors
    def count_soon(self, query: Query) -> Callable[[], int]:
        """``count(query)``, started now where the engine can work alongside this thread;
        call the result for the number."""
        return functools.partial(self._resolve, self.engine.count_soon(query))

    @_engine_errors
    def _resolve(self, pending: Callable[[], int]) -> int:
        return pending()

    @property
    def columns(self) -> Columns:
        """The corpus in columns (``columns``): every token's lemma and form as numbers, for
        word statistics; read on first use."""
        if self._columns is None:
            with self._columns_lock:  # read once, however many requests ask at the same time
                if self._columns is None:
                    try:
                        self._columns = Columns(self.generation)
                    except (OSError, ValueError, KeyError):
                        raise IndexUnavailable(f"the index in {self.generation.parent} is incomplete: "
                                               "run 'cstocorpus build' again") from None
        return self._columns

    @_engine_errors
    def all_stored(self) -> list[dict]:
        """The stored fields of every passage, in no particular order."""
        return self.engine.all_stored()

    def compiled(self, text: str, literal: bool = False):
        """``text`` read and compiled against this index's glossary (``query.compiler``), the
        last ``COMPILED_KEPT`` kept: a server asked for the same query again (the next page, a
        concordance after the passages) reads it once.  ``QuerySyntaxError`` as ``parse``."""
        key = (text, literal)
        found = self._compiled.get(key)
        if found is None:
            from ..query import parse
            from ..query.compiler import compile_query
            from ..query.context import documents_naming

            found = compile_query(parse(text), self.glossary, literal=literal, naming=documents_naming(self))
            with self._compiled_lock:
                while self._compiled and len(self._compiled) >= COMPILED_KEPT:
                    self._compiled.pop(next(iter(self._compiled)))
                self._compiled[key] = found
        return found

    def languages(self) -> list[str]:
        return sorted(self.manifest.get("languages", {}))

    @_engine_errors
    def passage(self, passage_id: str) -> dict | None:
        return self.engine.passage(passage_id)

    @_engine_errors
    def neighbours(self, doc_id: str, ordinal: int, before: int, after: int) -> list[dict]:
        """Passages ``before`` above and ``after`` below ``ordinal`` in its document, in order."""
        found = self.engine.neighbours(doc_id, max(1, ordinal - before), ordinal + after)
        return [f for f in found if f["ordinal"] != ordinal]

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
