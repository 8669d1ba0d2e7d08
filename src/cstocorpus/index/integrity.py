"""Every file of an index generation is checked against the sha256 the build recorded.

**At build time** ``file_table`` hashes every file of the new generation (files carried over
by hard link from a verified previous generation keep the hash recorded for them) and the
table goes into the signed manifest (``signature``).

**At open** ``verify`` compares the generation with the table: the same names (a file added,
such as a second Whoosh TOC, or one missing, is refused), the same sizes, the same content.
Hashing a large index on every search would cost seconds (sha256 runs at about 0.7 GB/s
here), so a file is hashed once and its *stamp* remembered: device, inode, size,
modification and status-change time in nanoseconds.  Any write to a file sets its
status-change time (``ctime``) to the present, and no system call sets it back (only
changing the system clock does, which takes root, who can read the key anyway); replacing a
file gives it another inode or ctime.  So a file whose stamp is the one it had when its
content matched has not been written since, and is not read again.  A stamp taken less than
``RACY_NS`` after the file last changed is not remembered: timestamps advance in clock ticks,
and a second write in the same tick would keep it (git's "racy clean" case).

The stamps live in the user's cache (``cache``), one file per index directory, each
generation's entry with an HMAC under the same key as the manifest, so a stamp cannot be
forged by whoever can write the cache but not read the key.

What this does not catch: a change below the file system (a failing disk, a bit flip in
storage) after a file was verified leaves its stamp as it was.  The first open of every new
generation hashes it in full, and ``build --full`` writes a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..cache import cache_file, read_json, write_json
from .signature import load_key, mac

#: Files an engine creates and may leave behind, empty, never read for their content.
ENGINE_LOCKS = ("MAIN_WRITELOCK", ".tantivy-meta.lock", ".tantivy-writer.lock", "flintlock")
MANIFEST = "manifest.json"
#: A stamp this recent (nanoseconds) is not remembered (see the module's docstring).
RACY_NS = 1_000_000_000
#: At the end of a build, wait for recently linked files to stop being racy (at most
#: ``RACY_NS``) when hashing them at the first search would take longer than this many bytes.
SETTLE_BYTES = 256 * 2**20


class IntegrityError(Exception):
    """A generation's files are not what its manifest records; the message says which."""


def generation_files(generation: Path) -> list[str]:
    """The names of the files the manifest covers: all but itself and the engines' locks.
    A sharded Xapian index keeps each shard in a directory of its own (``shard-0/``...): its
    files are named with it (``shard-0/postlist.glass``)."""
    names = []
    for path in generation.iterdir():
        if path.is_dir() and not path.is_symlink():
            names.extend(f"{path.name}/{p.name}" for p in path.iterdir() if p.name not in ENGINE_LOCKS)
        elif path.name not in (MANIFEST, *ENGINE_LOCKS):
            names.append(path.name)
    return sorted(names)


def link_verified(previous: Path, generation: Path, table: dict, digest: str,
                  skip: tuple[str, ...] = ()) -> dict[str, tuple[list, list]]:
    """Give a new generation the previous one's engine files as hard links (a copy where the
    file system has none), and return what is known of them: for each file whose stamp,
    just before the link, is the one remembered when its content was verified, its manifest
    entry and its stamp just after the link (linking changes the ctime; nothing else may).

    Both engines write new files and replace their lists by rename, never changing a file in
    place, so the previous generation stays exactly as it was (and searchable) while the new
    one is updated; linking costs no copy however large the index is."""
    known = VerifiedStamps(previous.parent).files(previous.name, digest)
    carried: dict[str, tuple[list, list]] = {}
    for name in generation_files(previous):
        path = previous / name
        if not path.is_file() or name in skip:
            continue
        target = generation / name
        target.parent.mkdir(exist_ok=True)  # a shard's directory
        before = os.stat(path)
        try:
            os.link(path, target)
        except OSError:  # a file system without hard links
            shutil.copy2(path, target)
            continue
        after = os.stat(target)
        if name in table and known.get(name) == stamp(before) and stamp(after)[:4] == stamp(before)[:4]:
            carried[name] = (table[name], stamp(after))
    return carried


def file_table(generation: Path, carried: dict[str, tuple[list, list]] | None = None
               ) -> tuple[dict[str, list], dict[str, list]]:
    """``{name: [size, sha256]}`` of every file of ``generation``, and the stamps the files
    had while they were hashed (or, carried over by ``link_verified`` and untouched since,
    when they were linked).  A file that changed while it was hashed has no stamp."""
    carried = carried or {}
    table: dict[str, list] = {}
    stamps: dict[str, list] = {}
    to_hash: list[tuple[str, os.stat_result]] = []
    for name in generation_files(generation):
        path = generation / name
        if path.is_symlink() or not path.is_file():
            raise IntegrityError(f"{path} is not a regular file")
        st = os.stat(path)
        if name in carried and carried[name][1] == stamp(st):
            table[name], stamps[name] = list(carried[name][0]), stamp(st)
        else:
            to_hash.append((name, st))
    for (name, st), digest in zip(to_hash, _hash_all([generation / n for n, _ in to_hash]), strict=True):
        table[name] = [st.st_size, digest]
        if stamp(os.stat(generation / name)) == stamp(st):
            stamps[name] = stamp(st)
    return dict(sorted(table.items())), stamps


def _hash(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _hash_all(paths: list[Path]) -> list[str]:
    """sha256 of each file; large ones two at a time (hashlib lets go of the GIL)."""
    if len(paths) < 2 or sum(p.stat().st_size for p in paths) < 32 * 2**20:
        return [_hash(p) for p in paths]
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return list(pool.map(_hash, paths))


def stamp(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


class VerifiedStamps:
    """The remembered stamps of the verified files of one index directory's generations."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.path = cache_file("index", self.root)
        self.key = load_key(create=False)
        data = read_json(self.path) or {}
        self.entries: dict = data.get("generations", {}) if isinstance(data.get("generations"), dict) else {}

    def _payload(self, name: str, entry: dict) -> dict:
        return {"root": str(self.root), "generation": name, "manifest": entry.get("manifest"),
                "files": entry.get("files")}

    def files(self, generation: str, manifest_digest: str) -> dict[str, list]:
        """The stamps remembered for ``generation`` with exactly this manifest, if genuine."""
        entry = self.entries.get(generation)
        if not isinstance(entry, dict) or self.key is None or entry.get("manifest") != manifest_digest:
            return {}
        if entry.get("mac") != mac(self.key, self._payload(generation, entry)):
            return {}
        files = entry.get("files")
        return files if isinstance(files, dict) else {}

    def remember(self, generation: str, manifest_digest: str, files: dict[str, list]) -> None:
        if self.key is None:
            return
        entry = {"manifest": manifest_digest, "files": dict(sorted(files.items()))}
        entry["mac"] = mac(self.key, self._payload(generation, entry))
        existing = {n: e for n, e in self.entries.items() if (self.root / n).is_dir()}
        existing[generation] = entry
        self.entries = existing
        write_json(self.path, {"generations": existing})


def manifest_digest(manifest_bytes: bytes) -> str:
    return hashlib.sha256(manifest_bytes).hexdigest()


def verify(generation: Path, table: dict, digest: str, only: tuple[str, ...] | None = None) -> None:
    """Raise ``IntegrityError`` unless the files of ``generation`` (or just those named in
    ``only``) are those of ``table`` (the signed manifest's ``files``; ``digest``: the
    manifest's sha256).  Files whose stamp was remembered are not read again."""
    if not isinstance(table, dict) or not table:
        raise IntegrityError(f"{generation.name}/{MANIFEST} does not list its files")
    if only is None:
        present = set(generation_files(generation))
        extra = sorted(present - set(table))
        if extra:
            raise IntegrityError(f"{generation.name} holds a file its build did not write, {extra[0]}")
    names = sorted(table) if only is None else list(only)
    stamps = VerifiedStamps(generation.parent)
    known = stamps.files(generation.name, digest)
    now = time.time_ns()
    verified = dict(known)
    to_hash: list[tuple[str, os.stat_result]] = []
    for name in names:
        entry = table.get(name)
        if not (isinstance(entry, list) and len(entry) == 2):
            raise IntegrityError(f"{generation.name}/{MANIFEST} does not list {name}")
        try:
            st = os.stat(generation / name)
        except OSError:
            raise IntegrityError(f"{generation.name}/{name} is missing") from None
        if st.st_size != entry[0]:
            raise IntegrityError(f"{generation.name}/{name} has {st.st_size:,} bytes, not the {entry[0]:,} it was built with")
        if known.get(name) != stamp(st):
            to_hash.append((name, st))
    digests = _hash_all([generation / name for name, _ in to_hash])
    for (name, st), found in zip(to_hash, digests, strict=True):
        if found != table[name][1]:
            raise IntegrityError(f"{generation.name}/{name} does not match the checksum recorded when it was built")
        if stamp(os.stat(generation / name)) == stamp(st) and st.st_ctime_ns < now - RACY_NS:
            verified[name] = stamp(st)
        else:
            verified.pop(name, None)
    if verified != known:
        stamps.remember(generation.name, digest, verified)


def remember_built(generation: Path, digest: str, stamps: dict[str, list]) -> None:
    """After a build, remember the stamps ``file_table`` took of the files it vouched for.
    Recent ones cannot be trusted yet (``RACY_NS``); if they hold many bytes (files just
    linked), wait until they can -- at most ``RACY_NS`` -- rather than leave the first search
    to hash them again.  A file whose stamp changed meanwhile is left to be hashed."""
    def settled(now: int) -> dict[str, list]:
        found = {}
        for name, old in stamps.items():
            try:
                current = stamp(os.stat(generation / name))
            except OSError:
                continue
            if current == old and old[4] < now - RACY_NS:
                found[name] = old
        return found

    now = time.time_ns()
    racy = [s for s in stamps.values() if s[4] >= now - RACY_NS]
    if sum(s[2] for s in racy) > SETTLE_BYTES:
        time.sleep(max(0.0, (max(s[4] for s in racy) + RACY_NS - now) / 1e9) + 0.01)
        now = time.time_ns()
    VerifiedStamps(generation.parent).remember(generation.name, digest, settled(now))
