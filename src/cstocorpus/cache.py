"""A private cache directory for what is slow to recompute and cheap to check.

Two things live here: the parsed, validated catalog entries and the sha256 of each source
file (``corpus_cache``), and the state of index generations whose files were verified
(``index.integrity``).  Everything in it can be deleted at any time: it is only ever a
shortcut to a result the program would compute again.  It lives in the user's own cache
directory, not in the corpus or the index, so a corpus or an index received from someone
else cannot bring a cache with it, and a read-only corpus or index still has one.

``$CSTOCORPUS_CACHE_DIR``, else ``$XDG_CACHE_HOME/cstocorpus``, else ``~/.cache/cstocorpus``;
created private (0700).  A cache that cannot be written is simply not kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

CACHE_ENV = "CSTOCORPUS_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cstocorpus"


def cache_file(kind: str, subject: Path) -> Path:
    """Where the cache of ``kind`` about ``subject`` (a directory) is kept: one file per
    directory, named by a hash of its absolute path."""
    key = hashlib.sha256(str(Path(subject).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache_dir() / kind / f"{key}.json"


def read_json(path: Path) -> dict | None:
    """The cached object, or None if there is none or it is unreadable (never an error)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict) -> bool:
    """Replace the cached object atomically; False if the cache cannot be written."""
    try:
        make_private_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def make_private_dirs(path: Path) -> None:
    """Create ``path`` and missing parents readable by this user only (0700), whatever the
    umask; an existing directory is left as it is."""
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(directory, 0o700)  # mkdir's mode is masked by the umask
