"""What reading a corpus of thousands of documents would otherwise redo on every command.

* **Catalog entries.**  The validated record of each catalog entry, by the sha256 of the
  entry's text (``catalog_text``) and the version of the code that validated it: an entry
  whose text did not change is not parsed again, one that changed is.
* **Source checksums.**  The sha256 of each source file, with the file's device, inode,
  size, modification and status-change times (nanoseconds) when it was hashed.  A file is
  hashed again when any of them differs.  Writing to a file always sets its status-change
  time (``ctime``) to the present, and no system call lets a program set it back, so an
  edit of the same size cannot keep the old stamp; ``git`` trusts the same stamp for its
  index.  A source edited behind the file system's back (a disk fault) is outside what this
  detects, as it is outside ``git status``.

One JSON file per corpus directory in the user's cache (``cache``).  Nothing the cache says
is believed beyond that: records are keyed by the exact text they came from, checksums by
the exact stamp of the file.
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import cache
from pathlib import Path

from .cache import cache_file, read_json, write_json

_FORMAT = 1
#: A file changed less than this long ago is never trusted by its stamp (``put_source``).
RACY_NS = 2_000_000_000


@cache
def validator_version() -> str:
    """A hash of the code that parses and validates catalog entries: a cached record made
    by other code (another version, a new field) is not used."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("catalog.py", "catalog_text.py", "corpus_cache.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:24]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_stamp(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


class CorpusCache:
    """The cache of one corpus directory; ``save`` writes it back if anything changed.
    Entries and checksums not used since it was loaded are dropped when it is saved, so it
    never holds more than the corpus."""

    _open: dict[Path, CorpusCache] = {}

    @classmethod
    def of(cls, corpus_dir: Path) -> CorpusCache:
        """The cache of ``corpus_dir``, read once per process."""
        key = Path(corpus_dir).resolve()
        found = cls._open.get(key)
        if found is None:
            found = cls._open[key] = cls(key)
        return found

    def __init__(self, corpus_dir: Path):
        self.path = cache_file("corpus", corpus_dir)
        data = read_json(self.path) or {}
        fresh = data.get("format") == _FORMAT and data.get("validator") == validator_version()
        self._entries: dict = data.get("entries", {}) if fresh else {}
        self._sources: dict = data.get("sources", {}) if fresh else {}
        self._used_entries: set[str] = set()
        self._used_sources: set[str] = set()
        self._changed = not fresh

    def record(self, key: str) -> dict | None:
        found = self._entries.get(key)
        if found is not None:
            self._used_entries.add(key)
        return found

    def put_record(self, key: str, record: dict) -> None:
        self._entries[key] = record
        self._used_entries.add(key)
        self._changed = True

    def source_sha256(self, relative: str, st: os.stat_result) -> str | None:
        """The file's sha256 if it was hashed with exactly this stamp."""
        found = self._sources.get(relative)
        self._used_sources.add(relative)
        if found and found[:-1] == file_stamp(st):
            return found[-1]
        return None

    def put_source(self, relative: str, st: os.stat_result, sha: str) -> None:
        """Remember ``sha`` for this stamp -- unless the file changed too recently: file
        times advance in clock ticks, so a second write in the same tick as the one
        before the hash would leave the stamp as it was (git's "racy clean" case).  Such a
        file is simply hashed again next time."""
        if st.st_ctime_ns > time.time_ns() - RACY_NS:
            return
        self._sources[relative] = [*file_stamp(st), sha]
        self._used_sources.add(relative)
        self._changed = True

    def save(self) -> None:
        """Write the cache back if anything changed.  Entries and checksums this process
        did not ask for are dropped -- of each kind, once it asked for any (loading the
        catalog asks for every entry, checking the sources for every file)."""
        entries = {k: v for k, v in self._entries.items() if k in self._used_entries} \
            if self._used_entries else self._entries
        sources = {k: v for k, v in self._sources.items() if k in self._used_sources} \
            if self._used_sources else self._sources
        if not self._changed and len(entries) == len(self._entries) and len(sources) == len(self._sources):
            return
        if write_json(self.path, {"format": _FORMAT, "validator": validator_version(),
                                  "entries": entries, "sources": sources}):
            self._entries, self._sources, self._changed = entries, sources, False
