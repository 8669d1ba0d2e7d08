"""The index a running server reads: opened once, opened again when ``cstocorpus build``
points ``CURRENT`` at a new generation, so a rebuild never stops the server and the new
generation is served as soon as it is current."""

from __future__ import annotations

import threading
from pathlib import Path

from ..index.location import IndexLocation
from ..index.reader import CorpusIndex


class IndexHolder:
    """The current ``CorpusIndex`` of ``index_dir``, shared by every request: opened (and its
    files verified) once per generation, never per request; a request only reads ``CURRENT``
    to see whether a build made another generation current.  Requests run side by side on a
    thread-safe engine (Tantivy) and take turns on one that is not (Whoosh: ``CorpusIndex``).
    The previous index is not closed when a new generation appears: a request still reading
    it finishes on it (a build keeps the previous generation's files)."""

    def __init__(self, index_dir: Path, corpus_dir: Path):
        self.index_dir = Path(index_dir)
        self.corpus_dir = Path(corpus_dir)
        self._index: CorpusIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> CorpusIndex:
        """The index of the current generation (``IndexUnavailable`` when there is none)."""
        current = IndexLocation(self.index_dir).current()
        held = self._index
        if held is not None and current is not None and held.generation == current:
            return held
        with self._lock:
            held = self._index
            if held is None or current is None or held.generation != current:
                self._index = CorpusIndex(self.index_dir)
            return self._index
