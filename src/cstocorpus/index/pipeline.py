"""A fingerprint of everything that turns a source file into indexed passages.

An incremental build may keep a document's passages from the previous index only if they
would come out the same today.  That holds when the document's bytes and reading options are
unchanged (``corpus.content_fingerprint``) *and* the code, its data files and the analysis
libraries are the ones that built the previous index.  This module hashes the latter: the
package's own files and the versions of the libraries that read, split and lemmatize text.
Any difference makes the next build a full one.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: Distributions whose behaviour is part of the passages and terms in an index.
LIBRARIES = (
    "markdown-it-py", "PyYAML", "regex", "langdetect", "pymorphy3", "pymorphy3-dicts-ru",
    "sudachipy", "sudachidict-core", "pythainlp", "nlpo3", "simplemma", "anyascii",
    "charset-normalizer", "whoosh-reloaded", "tantivy",
)
_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def pipeline_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    return digest.hexdigest()[:32]
