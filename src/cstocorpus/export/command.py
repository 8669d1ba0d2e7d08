"""The ``cstocorpus export`` command: matching passages as cited excerpts, in six formats.

Registered in ``cli.py`` with ``cli.add_command(export)``.  The counts (how many passages
matched, how many were written) always go to stderr, so a cut made by ``--limit`` is never
silent; ``-o FILE`` is written atomically (a temporary file beside it, then a rename), so an
interrupted export never leaves half a file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import click

from .. import service
from ..cliutil import (
    EXIT_FAILED,
    UserError,
    filter_options,
    format_option,
    literal_option,
    location_options,
    open_index,
    selection,
    user_errors,
)
from ..service import EXPORT_FORMATS as FORMATS
from ..service import export_writer as writer  # noqa: F401 (the formats' writers, as tests name them)
from .excerpts import CONTEXTS


@click.command()
@click.argument("query", nargs=-1, required=True)
@format_option(FORMATS, default="md",
               help="md: blockquotes with their citations, to paste; csv, jsonl: one excerpt per record; "
                    "bibtex, ris, csl-json: one entry per source document, its excerpts as notes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write to FILE (replaced atomically) instead of standard output.")
@click.option("--context", type=click.Choice(CONTEXTS), default="sentence", show_default=True,
              help="Quote the sentence(s) holding the hits, or the whole passage.")
@click.option("--limit", type=click.IntRange(min=0), default=0,
              help="Write only the N best passages; by default (or 0) every matching passage.")
@filter_options
@literal_option
@location_options
def export(query, fmt, output, context, limit, filters, literal, corpus_dir, index_dir):
    """Write matching passages as cited excerpts.

    Every passage matching QUERY (read as by 'cstocorpus search') is written, unless --limit
    says otherwise.  Each excerpt has its hits marked, its passage id, language, section and
    offsets, and a citation rendered from the catalog with CSL (Chicago notes and
    bibliography).  How many passages matched and how many were written is printed on stderr.
    """
    from .writers import counts_sentence

    destination = _check_output(output)
    index = open_index(index_dir)
    try:
        chosen = selection(index, filters, corpus_dir)
        with user_errors():
            text, result = service.export(index, " ".join(query), chosen, fmt, limit=limit or None,
                                          context=context, literal=literal)
    finally:
        index.close()

    if destination is None:
        click.echo(text, nl=False)
        click.echo(counts_sentence(result), err=True)
        return
    try:
        write_atomically(destination, text)
    except OSError as exc:
        click.echo(f"Error: cannot write {destination}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(counts_sentence(result, f"to {destination}"), err=True)


def _check_output(path: Path | None) -> Path | None:
    """Refuse an output path that cannot be written before any work is done (exit 2)."""
    if path is None or str(path) == "-":
        return None
    parent = path.parent
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a directory")
    if not parent.is_dir():
        raise UserError(f"cannot write {path}: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: no permission to create files in {parent}")
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"cannot write {path}: the file is read-only")
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
