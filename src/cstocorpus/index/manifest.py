"""Read the current generation's manifest and decide whether its index may be read.

Shared by everything that reads an index (``reader``: search, show, export, stats, list) and by
the build (``incremental``: may the previous generation be the start of the next one?).  The
checks, in order: ``CURRENT`` names a generation; its ``manifest.json`` is JSON of our format
and version; its signature is this account's and covers the manifest as it is
(``signature``); the generation's files are the ones the manifest lists, byte for byte
(``integrity``).  Each failure is a ``GenerationProblem`` whose message completes the
sentence "the index in DIR ...".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import integrity, signature
from .engine import DEFAULT_ENGINE, ENGINES
from .location import MANIFEST, IndexLayoutError, IndexLocation
from .schema import FORMAT_NAME, FORMAT_VERSION

#: What to do about a generation that cannot be read: the build replaces it.
REBUILD = "run 'cstocorpus build' to build it again from the corpus"


class GenerationProblem(Exception):
    """The generation may not be read; ``str()`` completes "the index in DIR ..."."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind  # "layout", "incomplete", "version", "elsewhere", "damaged"


@dataclass(frozen=True)
class SignedGeneration:
    path: Path
    manifest: dict
    digest: str  # sha256 of manifest.json's bytes: remembered stamps belong to exactly it

    @property
    def engine(self) -> str:
        return self.manifest.get("engine", DEFAULT_ENGINE)

    def check_files(self, only: tuple[str, ...] | None = None) -> None:
        """Raise ``GenerationProblem`` unless the files (or those named) are as built."""
        try:
            integrity.verify(self.path, self.manifest.get("files"), self.digest, only)
        except integrity.IntegrityError as exc:
            raise GenerationProblem(f"is damaged ({exc}): {REBUILD}", "damaged") from None
        except OSError as exc:
            raise GenerationProblem(f"cannot be read ({exc.strerror or exc}, in {self.path.name})", "damaged") from None


def current_generation(location: IndexLocation) -> SignedGeneration | None:
    """The current generation with a manifest this account signed, or None if nothing was
    built; ``GenerationProblem`` if it may not be read.  Its files are not checked yet
    (``SignedGeneration.check_files``)."""
    try:
        path = location.current()
    except IndexLayoutError as exc:
        raise GenerationProblem(f"is damaged: {exc}", "layout") from None
    if path is None:
        return None
    try:
        raw = (path / MANIFEST).read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError):
        raise GenerationProblem(f"is incomplete (no readable {path.name}/{MANIFEST}): {REBUILD}",
                                "incomplete") from None
    if not isinstance(manifest, dict):
        raise GenerationProblem(f"is damaged ({path.name}/{MANIFEST} is not what a build writes): {REBUILD}",
                                "damaged")
    if manifest.get("format") != FORMAT_NAME or manifest.get("version") != FORMAT_VERSION:
        raise GenerationProblem("was written by another version of cstocorpus: run 'cstocorpus build'", "version")
    problem = signature.check(manifest)
    if problem in (signature.NO_KEY, signature.OTHER_KEY):
        raise GenerationProblem(
            "was not built on this account (it is signed with another key), and an index from elsewhere "
            f"is never opened: {REBUILD}", "elsewhere")
    if problem == signature.ALTERED:
        raise GenerationProblem(
            f"is damaged ({path.name}/{MANIFEST} was changed after the index was built: its signature "
            f"no longer matches): {REBUILD}", "damaged")
    if manifest.get("engine", DEFAULT_ENGINE) not in ENGINES:
        raise GenerationProblem(
            f"uses an engine this version does not know ({manifest.get('engine')!r}): run 'cstocorpus build'",
            "version")
    return SignedGeneration(path, manifest, integrity.manifest_digest(raw))
