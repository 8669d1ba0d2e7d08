"""Edit ``corpus/catalog.yaml`` in place without losing a researcher's comments or layout.

The catalog is written by hand as well as by ``add``/``remove``, so an edit changes the text
of the entries it adds or drops and nothing else: comments, quoting and order are kept.  Every edit holds the corpus lock, so two commands cannot both
read the old catalog and each drop the other's entry, and replaces the file atomically (a
crash leaves the old catalog or the new one, never half of one).  The edited text is
validated by ``catalog.parse_catalog``, as every build will read it, before it replaces the
file.  ``add`` appends an entry's text (laid out by ruamel.yaml) and ``remove`` cuts one out
(``catalog_text``): the other entries are neither parsed nor rewritten, so a catalog of
thousands stays fast.  A catalog that cannot be cut into entries is edited through
ruamel.yaml's round-trip mode instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..catalog import CATALOG_NAME, Catalog, CatalogError, load_catalog, parse_catalog
from ..catalog_text import indented
from ..locking import exclusive

LOCK = ".lock"
#: Field order of a new entry: the order of the seed entries.
FIELD_ORDER = (
    "id", "file", "sha256", "format", "encoding", "title", "title_en", "languages", "authors",
    "publisher", "url", "published", "accessed", "tags", "original_language",
    "machine_translated", "translation_note", "rights_note", "notes",
)


class CorpusBusyError(Exception):
    """Another command is changing the catalog."""


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long titles
    yaml.indent(mapping=2, sequence=4, offset=2)  # the catalog's own layout
    return yaml


@contextmanager
def corpus_lock(corpus_dir: Path) -> Iterator[None]:
    """Hold the corpus's single-editor lock; raise CorpusBusyError at once if it is taken."""
    busy = CorpusBusyError(
        f"another cstocorpus command is changing the catalog in {corpus_dir}; try again when it is done")
    with exclusive(corpus_dir / LOCK, busy):
        yield


def new_entry(fields: dict) -> CommentedMap:
    """A catalog entry with the fields in the usual order; ``fields`` maps a name to a value,
    or to ``(value, comment)`` to say where the value came from."""
    entry = CommentedMap()
    for name in FIELD_ORDER:
        if name not in fields:
            continue
        value = fields[name]
        comment = None
        if isinstance(value, tuple):
            value, comment = value
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        elif isinstance(value, str) and _needs_quotes(value):
            value = DoubleQuotedScalarString(value)  # as the hand-written entries quote
        entry[name] = value
        if comment:
            entry.yaml_add_eol_comment(comment, name)
    return entry


def _needs_quotes(value: str) -> bool:
    """Empty strings and dates, which YAML would otherwise read as null or a date object."""
    return value == "" or value[:1].isdigit()


def append_entries(catalog: Catalog, entries: list[CommentedMap]) -> Catalog:
    """Add ``entries`` (``new_entry``) at the end of the catalog's ``documents:`` list.

    Their text is appended to the file as it is: nothing else in it is read again or
    rewritten, so adding to a catalog of 10,000 documents costs what adding to one of ten
    does.  Call under ``corpus_lock``."""
    pieces = catalog.text
    if pieces is None:  # a catalog we do not cut into entries: rewrite it through ruamel
        return edit_catalog(catalog.root, lambda documents: documents.extend(entries))
    text = pieces.join()
    if not text.endswith("\n"):
        text += "\n"
    blank = "" if text.endswith("\n\n") else "\n"
    added = "\n".join(indented(_render(entry), pieces.indent) for entry in entries)
    return _replace(catalog.root, text + blank + added)


def drop_entry(catalog: Catalog, doc_id: str) -> Catalog:
    """Take ``doc_id``'s entry out of the catalog: its text (from its ``- `` line to the next
    entry's) is cut, the rest of the file is kept byte for byte.  Call under ``corpus_lock``."""
    pieces = catalog.text
    index = next((i for i, record in enumerate(catalog.documents) if record.id == doc_id), None)
    if pieces is None or index is None:
        return edit_catalog(catalog.root, lambda documents: _drop(documents, doc_id))
    entries = list(pieces.entries)
    removed = entries.pop(index)
    if index == len(entries) and entries:  # the new last entry ends as the file did
        ending = len(removed) - len(removed.rstrip("\n"))
        entries[-1] = entries[-1].rstrip("\n") + "\n" * ending
    return _replace(catalog.root, pieces.header + "".join(entries))


def _drop(documents, doc_id: str) -> None:
    for i, entry in enumerate(documents):
        if str(entry.get("id")) == doc_id:
            del documents[i]
            return


def _render(entry: CommentedMap) -> str:
    """An entry's YAML text as an item of a list indented by 2, as ``new_entry`` laid it out."""
    out = StringIO()
    _yaml().dump({"documents": [entry]}, out)
    return out.getvalue().split("\n", 1)[1]


def edit_catalog(corpus_dir: Path, change) -> Catalog:
    """Apply ``change(entries)`` (a function that edits the ``documents`` list in place) to the
    catalog through ruamel.yaml's round trip, validate the result and replace the file
    atomically; return the new catalog.  Only for catalogs ``catalog_text`` does not cut into
    entries (it reads and writes the whole file).  Call under ``corpus_lock``."""
    path = corpus_dir / CATALOG_NAME
    yaml = _yaml()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except Exception as exc:  # ruamel's own errors, or a value its types refuse: load_catalog said more
        load_catalog(corpus_dir)
        raise CatalogError(f"{path} cannot be edited ({type(exc).__name__}: {str(exc).splitlines()[0]})") from None
    change(data["documents"])
    out = StringIO()
    yaml.dump(data, out)
    return _replace(corpus_dir, out.getvalue())


def _replace(corpus_dir: Path, text: str) -> Catalog:
    """Validate ``text`` as the catalog of ``corpus_dir`` (as every build will read it), then
    make it the catalog file atomically, keeping the file's permissions."""
    catalog = parse_catalog(text, corpus_dir)
    path = corpus_dir / CATALOG_NAME
    fd, tmp = tempfile.mkstemp(prefix=".catalog.", suffix=".yaml", dir=corpus_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.chmod(tmp, _mode_of(path))
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return catalog


def _mode_of(path: Path) -> int:
    """The permissions ``path`` has (a new file: what the umask gives a new file)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new_file_mode()


def new_file_mode() -> int:
    """The permissions a file created now gets, 0666 less the umask (``mkstemp`` makes 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
