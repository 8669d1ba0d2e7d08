"""Edit ``corpus/catalog.yaml`` in place without losing a researcher's comments or layout.

The catalog is written by hand as well as by ``add``/``remove``, so edits go through
ruamel.yaml's round-trip mode (comments, quoting and order are kept; an unedited catalog is
written back byte for byte).  Every edit holds the corpus lock, so two commands cannot both
read the old catalog and each drop the other's entry, and replaces the file atomically (a
crash leaves the old catalog or the new one, never half of one).  The edited text is loaded
with ``catalog.load_catalog``'s own validation before it replaces the file.
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

from ..catalog import CATALOG_NAME, Catalog, CatalogError, load_catalog
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


def edit_catalog(corpus_dir: Path, change) -> Catalog:
    """Apply ``change(entries)`` (a function that edits the ``documents`` list in place) to the
    catalog, validate the result and replace the file atomically; return the new catalog.
    Call under ``corpus_lock``."""
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
    text = out.getvalue()
    fd, tmp = tempfile.mkstemp(prefix=".catalog.", suffix=".yaml", dir=corpus_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        _validate(corpus_dir, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return load_catalog(corpus_dir)


def _validate(corpus_dir: Path, candidate: Path) -> None:
    """Load the edited catalog the way every build will, before it replaces the old one."""
    with tempfile.TemporaryDirectory(dir=corpus_dir, prefix=".check.") as tmp:
        os.link(candidate, Path(tmp) / CATALOG_NAME)
        try:
            load_catalog(Path(tmp))
        except CatalogError as exc:
            # Paths in the message are the temporary copy's; the entry number and reason are what matter.
            raise CatalogError(str(exc).replace(str(Path(tmp) / CATALOG_NAME), str(corpus_dir / CATALOG_NAME))) from None
