"""Sign each index generation's manifest so that only indexes built on this account are opened.

Whoosh stores its schema, segment list, postings and stored fields as pickles, and unpickling
can run code: opening an index received from elsewhere, or one someone edited, must never
happen.  The builder records the size and sha256 of every file of a generation in its
``manifest.json`` (``integrity``) and signs the manifest with an HMAC keyed by a secret that
never leaves this account (``~/.config/cstocorpus/index.key``, or ``$CSTOCORPUS_KEY_FILE``).
The reader checks the signature, then the files against the manifest, before an engine reads
anything.  So the signature covers everything that is read: the manifest itself (engine,
languages, document count), documents.json, glossary.json and every engine file.

The manifest names the key it was signed with (``key_id``, a hash of the key, which reveals
nothing of it), so that an index signed on another account ("built elsewhere") can be told
from one whose manifest was changed after it was built ("damaged"): both are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from ..cache import make_private_dirs

KEY_ENV = "CSTOCORPUS_KEY_FILE"
#: Why a manifest's signature is not accepted (``check``).
NO_KEY, OTHER_KEY, ALTERED = "no key", "other key", "altered"


def key_path() -> Path:
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "cstocorpus" / "index.key"


def load_key(create: bool) -> bytes | None:
    """This account's key (32 random bytes, in a file only its owner can read); made the
    first time an index is built, in a directory only its owner can enter."""
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
    make_private_dirs(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(os.urandom(32))
    return path.read_bytes()


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"cstocorpus index key id\0" + key).hexdigest()[:16]


def canonical(data) -> bytes:
    """One byte string for a JSON value, however it was laid out on disk."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def mac(key: bytes, data) -> str:
    return hmac.new(key, canonical(data), hashlib.sha256).hexdigest()


def sign(manifest: dict) -> dict:
    """``manifest`` with ``key_id`` and ``signature`` (an HMAC of everything else in it)."""
    key = load_key(create=True)
    signed = {k: v for k, v in manifest.items() if k != "signature"}
    signed["key_id"] = key_id(key)
    signed["signature"] = mac(key, signed)
    return signed


def check(manifest: dict) -> str | None:
    """None if this account signed ``manifest`` as it is; else ``NO_KEY`` (no key here yet),
    ``OTHER_KEY`` (signed with another account's key) or ``ALTERED`` (changed since)."""
    key = load_key(create=False)
    if key is None:
        return NO_KEY
    if manifest.get("key_id") != key_id(key):
        return OTHER_KEY
    expected = mac(key, {k: v for k, v in manifest.items() if k != "signature"})
    signature = manifest.get("signature")
    return None if isinstance(signature, str) and hmac.compare_digest(expected, signature) else ALTERED
