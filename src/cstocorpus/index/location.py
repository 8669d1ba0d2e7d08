"""Where an index lives on disk, and how a new one replaces the old one atomically.

Layout of an index directory::

    index/
      CURRENT        name of the generation searches open (replaced with os.replace)
      .lock          held (flock) by the one build allowed at a time
      gen-000007/    one engine's files (Whoosh or Tantivy), manifest.json (names the engine),
                     documents.json, glossary.json
      gen-000006/    the previous generation, kept so a search already open can finish

A build writes a new ``gen-*`` directory and only then points ``CURRENT`` at it, so a crash
at any moment leaves the previous index intact and searchable.  Directories that are neither
current nor previous (leftovers of a crashed build) are removed by the next build.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..locking import exclusive

CURRENT = "CURRENT"
#: The files the builder writes into every generation, beside the engine's own.
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
GLOSSARY = "glossary.json"
LOCK = ".lock"
PREFIX = "gen-"


class IndexBusyError(Exception):
    """Another build holds the index lock."""


class IndexLocation:
    def __init__(self, root: Path):
        self.root = Path(root)

    def current(self) -> Path | None:
        """The generation directory searches should open, or None if nothing was built."""
        try:
            name = (self.root / CURRENT).read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        if not name.startswith(PREFIX) or "/" in name or name != Path(name).name:
            return None
        path = self.root / name
        return path if path.is_dir() else None

    def _generations(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(PREFIX))

    @contextmanager
    def build_lock(self):
        """Hold the single-writer lock; raise IndexBusyError at once if another build has it."""
        self.root.mkdir(parents=True, exist_ok=True)
        busy = IndexBusyError(f"another build is writing the index in {self.root}; wait for it to finish")
        with exclusive(self.root / LOCK, busy):
            yield

    def new_generation(self) -> Path:
        """Create an empty directory for the next generation (call under the build lock)."""
        self._remove_leftovers()
        numbers = [int(p.name[len(PREFIX):]) for p in self._generations() if p.name[len(PREFIX):].isdigit()]
        path = self.root / f"{PREFIX}{max(numbers, default=0) + 1:06d}"
        path.mkdir()
        return path

    def publish(self, generation: Path) -> None:
        """Point CURRENT at ``generation`` atomically, then drop generations older than the previous."""
        previous = self.current()
        tmp = self.root / f"{CURRENT}.tmp"
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(generation.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / CURRENT)
        _fsync_dir(self.root)
        self._prune({generation.name} | ({previous.name} if previous else set()))

    def _remove_leftovers(self) -> None:
        """Drop crashed builds: keep the current generation and the one before it."""
        current = self.current()
        if current is None:
            self._prune(set())
            return
        older = [p.name for p in self._generations() if p.name < current.name]
        self._prune({current.name, *older[-1:]})  # a reader may still use the previous one

    def _prune(self, keep: set[str]) -> None:
        for path in self._generations():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


#: Engine lock files: they belong to one writer and are never carried into a new generation.
ENGINE_LOCKS = ("MAIN_WRITELOCK", ".tantivy-meta.lock", ".tantivy-writer.lock")


def link_engine_files(previous: Path, generation: Path) -> None:
    """Give a new generation the previous one's engine files, as hard links.

    Both engines write new files and replace their lists by rename, never changing a file
    in place, so the previous generation stays exactly as it was (and searchable) while the
    new one is updated; linking costs no copy however large the index is.
    """
    for path in sorted(previous.iterdir()):
        if not path.is_file() or path.name in (MANIFEST, DOCUMENTS, GLOSSARY, *ENGINE_LOCKS):
            continue
        try:
            os.link(path, generation / path.name)
        except OSError:  # a file system without hard links
            shutil.copy2(path, generation / path.name)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
