"""Sign each index generation so that only indexes built on this account are ever opened.

Whoosh stores its schema (and segment list) as a pickle, and unpickling runs code: opening an
index received from elsewhere would run whatever its author put there.  The builder therefore
writes an HMAC of the generation's files, keyed by a secret that never leaves this account,
and the reader checks it *before* Whoosh reads anything.  An index copied from another machine
fails the check and must be rebuilt from the corpus, which is cheap and always possible.

The TOC files (the pickles Whoosh loads first) and the JSON files (Tantivy's segment list
``meta.json`` among them) are hashed in full; other files by name and size, so that checking a
large index stays instant.  Tantivy unpickles nothing, but its index is signed and checked the
same way: only what this account built is opened.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

KEY_ENV = "CSTOCORPUS_KEY_FILE"
#: Lock files the engines create and may leave behind (empty; they hold no index data).
_IGNORED = {"manifest.json", "MAIN_WRITELOCK", ".tantivy-meta.lock", ".tantivy-writer.lock"}


def key_path() -> Path:
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "cstocorpus" / "index.key"


def _key(create: bool) -> bytes | None:
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(os.urandom(32))
    return path.read_bytes()


def _digest(generation: Path, key: bytes) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for path in sorted(generation.iterdir()):
        if path.name in _IGNORED or not path.is_file():
            continue
        mac.update(path.name.encode() + b"\0" + str(path.stat().st_size).encode() + b"\0")
        if path.suffix in (".toc", ".json"):
            mac.update(path.read_bytes())
    return mac.hexdigest()


def sign(generation: Path) -> str:
    return _digest(generation, _key(create=True))


def verify(generation: Path, signature: str) -> bool:
    key = _key(create=False)
    return key is not None and hmac.compare_digest(_digest(generation, key), signature or "")
