"""Every pickle Whoosh reads goes through one unpickler that only builds Whoosh's own objects.

Whoosh keeps its schema and segment list (the TOC), each segment's term and postings
information, postings blocks, column headers and stored fields as pickles, and unpickling
can call any function the pickle names: a tampered index file could run code.  Generations
are signed and their files checked against the checksums recorded at build time before
Whoosh opens them (``integrity``), so a tampered file should never get this far; this is the
second wall.  ``RestrictedUnpickler`` resolves only the globals in ``ALLOWED`` -- the classes
Whoosh writes into an index of our schema, found by recording every global the unpickler was
asked for while the test suite built and searched indexes -- and refuses anything else with
``pickle.UnpicklingError``, which the reader reports as a damaged index.

The same unpickler reads back the runs Whoosh's writer sorts on disk when its memory pool is
full (``whoosh.externalsort``): they are pickles too, written by this process a moment
before, and they need nothing beyond the same allow-list.

Whoosh calls ``pickle.load``/``loads`` from several modules, each holding its own reference
(``whoosh.compat``'s ``load``/``loads`` imported by name, ``pickle`` itself in
``whoosh.index``).  ``install()`` replaces each of those references with the restricted
versions; ``unrestricted_references()`` finds any left (a test checks there are none, so a
new Whoosh version that reads pickles elsewhere fails the tests rather than running code).
The TOC loaders of Whoosh 1.x/2.x indexes (``whoosh.legacy``, with their own unpickler) are
removed: we never write those formats.
"""

from __future__ import annotations

import io
import pickle
import sys
import types

#: (module, name) of every global an index of ours names (as written in the pickle, before
#: Python 2 names are mapped to Python 3's): the schema's classes, the segment's,
#: ``int`` and ``defaultdict`` in segment information, and ``_codecs.encode``, which is how a
#: protocol-2 pickle (postings blocks) writes a ``bytes`` value (resolved to a function that
#: only turns text into Latin-1 bytes, which is all such a pickle asks of it).
ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("_codecs", "encode"),
    ("__builtin__", "bytes"),  # b"" in a protocol-2 pickle (the writer's sorted runs, below)
    ("builtins", "bytes"),
    ("builtins", "int"),
    ("__builtin__", "long"),  # Python 2's name, which a protocol-2 pickle of an int may use
    ("collections", "defaultdict"),
    ("whoosh.fields", "Schema"),
    ("whoosh.fields", "ID"),
    ("whoosh.fields", "NUMERIC"),
    ("whoosh.fields", "STORED"),
    ("whoosh.fields", "TEXT"),
    ("whoosh.formats", "Existence"),
    ("whoosh.formats", "Frequency"),
    ("whoosh.formats", "Positions"),
    ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("whoosh.columns", "NumericColumn"),
    ("whoosh.codec.whoosh3", "W3Codec"),
    ("whoosh.codec.whoosh3", "W3Segment"),
    ("cstocorpus.index.pretokenized", "PretokenizedTokenizer"),
})


def _bytes(*args) -> bytes:
    """``bytes`` as protocol-2 pickles use it (``bytes()``, ``bytes(b"...")``) and not as
    ``bytes(10**12)``, which would only fill the memory."""
    if not args:
        return b""
    if len(args) == 1 and isinstance(args[0], (bytes, bytearray)):
        return bytes(args[0])
    raise pickle.UnpicklingError("the index asks bytes() for something other than bytes")


def _latin1_bytes(text: str, encoding: str = "latin1", errors: str = "strict") -> bytes:
    """``_codecs.encode`` as protocol-2 pickles use it for ``bytes``, and nothing more."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1") or errors != "strict":
        raise pickle.UnpicklingError("the index asks _codecs.encode for something other than bytes")
    return text.encode("latin1")


class RestrictedUnpickler(pickle.Unpickler):
    """``pickle.Unpickler`` (the C one) that resolves only ``allowed`` globals."""

    allowed: frozenset = ALLOWED

    def find_class(self, module: str, name: str):
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"the index names {module}.{name}, which is not a Whoosh index class")
        if (module, name) == ("_codecs", "encode"):
            return _latin1_bytes
        if name == "bytes":
            return _bytes
        return super().find_class(module, name)


class _DataOnly(RestrictedUnpickler):
    allowed = frozenset()


def load(file):
    return RestrictedUnpickler(file).load()


def loads(data: bytes, *args, **kwargs):
    return RestrictedUnpickler(io.BytesIO(data)).load()


def loads_data(data: bytes):
    """Unpickle plain data (lists, numbers, strings): no global at all is resolved."""
    return _DataOnly(io.BytesIO(data)).load()


#: What ``whoosh.index`` and ``whoosh.filedb.fileindex`` see as ``pickle``.
_PICKLE_NAMESPACE = types.SimpleNamespace(
    loads=loads, load=load, dumps=pickle.dumps, dump=pickle.dump,
    PicklingError=pickle.PicklingError, UnpicklingError=pickle.UnpicklingError,
    Unpickler=RestrictedUnpickler, Pickler=pickle.Pickler, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL,
)
#: Names under which Whoosh modules hold an unpickling function, and what replaces each.
_REPLACEMENTS = {"loads": loads, "load": load, "load_pickle": load, "depickle": loads,
                 "pickle": _PICKLE_NAMESPACE}
_WHOOSH_MODULES = (
    "whoosh.compat", "whoosh.index", "whoosh.formats", "whoosh.columns", "whoosh.filedb.structfile",
    "whoosh.filedb.misc", "whoosh.filedb.fileindex", "whoosh.filedb.compound", "whoosh.filedb.filetables",
    "whoosh.codec.whoosh3", "whoosh.codec.whoosh2", "whoosh.codec.plaintext", "whoosh.automata.fst",
    "whoosh.multiproc", "whoosh.util.loading", "whoosh.legacy", "whoosh.externalsort",
)
_installed = False


def install() -> None:
    """Route every unpickling reference in Whoosh's modules through ``RestrictedUnpickler``."""
    global _installed
    if _installed:
        return
    import importlib

    for name in _WHOOSH_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a module another Whoosh version lacks
            continue
        _patch(module)
    import whoosh.index

    whoosh.index.toc_loaders = {}  # Whoosh 1.x/2.x TOCs: read with an unrestricted unpickler
    _installed = True


def _patch(module) -> None:
    for attr, replacement in _REPLACEMENTS.items():
        current = getattr(module, attr, None)
        if current is None:
            continue
        if attr == "pickle" and current is not pickle:
            continue
        if attr != "pickle" and getattr(current, "__module__", None) not in ("pickle", "_pickle"):
            continue
        setattr(module, attr, replacement)


def unrestricted_references() -> list[str]:
    """Every ``pickle`` module or ``pickle.load``/``loads`` still referenced by a loaded
    Whoosh module (after ``install``: none)."""
    found = []
    for name, module in sorted(sys.modules.items()):
        if not (name == "whoosh" or name.startswith("whoosh.")) or module is None:
            continue
        for attr, value in vars(module).items():
            if any(value is x for x in (pickle, pickle.load, pickle.loads, pickle.Unpickler)):
                found.append(f"{name}.{attr}")
    if getattr(sys.modules.get("whoosh.index"), "toc_loaders", {}):
        found.append("whoosh.index.toc_loaders")
    return found
