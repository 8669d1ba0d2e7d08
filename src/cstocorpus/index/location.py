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


class IndexLayoutError(Exception):
    """Something in the index directory is not what cstocorpus put there (e.g. ``CURRENT``
    made a directory); the message says what, and to move it away."""


class IndexLocation:
    def __init__(self, root: Path):
        self.root = Path(root)

    def current(self) -> Path | None:
        """The generation directory searches should open, or None if nothing was built;
        ``IndexLayoutError`` if ``CURRENT`` is not a file (nothing would ever replace it)."""
        pointer = self.root / CURRENT
        try:
            name = pointer.read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        except IsADirectoryError:
            raise IndexLayoutError(f"{pointer} is a directory, not the file cstocorpus keeps there: "
                                   "move it out of the way, then run 'cstocorpus build'") from None
        except OSError as exc:
            raise IndexLayoutError(f"{pointer} cannot be read ({exc.strerror or exc})") from None
        if not name.startswith(PREFIX) or "/" in name or name != Path(name).name:
            return None
        path = self.root / name
        return path if path.is_dir() else None

    def _generations(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(PREFIX))

    @contextmanager
    def build_lock(self, wait: float = 0.0, on_wait=None):
        """Hold the single-writer lock; raise IndexBusyError if another build has it, at once
        or after ``wait`` seconds (``on_wait()`` is called when the waiting starts)."""
        self.root.mkdir(parents=True, exist_ok=True)
        busy = IndexBusyError(f"another build is writing the index in {self.root}; wait for it to finish")
        with exclusive(self.root / LOCK, busy, wait, on_wait):
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


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
