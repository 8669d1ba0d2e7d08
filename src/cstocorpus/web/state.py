"""The index a running server reads: opened once, opened again when ``cstocorpus build``
points ``CURRENT`` at a new generation, so a rebuild never stops the server and the new
generation is served as soon as it is current."""

from __future__ import annotations

import threading
from pathlib import Path

from ..index.location import IndexLocation
from ..index.reader import CorpusIndex


class IndexHolder:
    """The current ``CorpusIndex`` of ``index_dir``.  The previous one is not closed when a
    new generation appears: a request still reading it finishes on it (a build keeps the
    previous generation's files)."""

    def __init__(self, index_dir: Path, corpus_dir: Path):
        self.index_dir = Path(index_dir)
        self.corpus_dir = Path(corpus_dir)
        self._index: CorpusIndex | None = None
        self._lock = threading.Lock()
        #: Held while a request reads the index: the engines' readers were written for one
        #: command at a time, so requests take turns on them.
        self.reading = threading.RLock()

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
