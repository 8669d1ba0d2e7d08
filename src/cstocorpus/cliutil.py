"""What every ``cstocorpus`` command shares: exit codes, the one-sentence user error, the
``--corpus``/``--index`` and ``--format`` options, and opening the index.

A module of its own so that commands defined elsewhere (``export``, ``stats``) use the
same options and errors as those in ``cli.py`` without importing it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import click

from .index.reader import CorpusIndex, IndexUnavailable
from .output import FORMATS
from .service import NotFound, RequestError, select
from .subcorpus import Filters, Selection, filters

EXIT_FAILED = 1
EXIT_USAGE = 2


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one sentence, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class CommandGroup(click.Group):
    """The ``cstocorpus`` group: an index found unreadable in the middle of a command (a
    damaged file, an engine error) is the same one sentence as one found so on opening, and
    an error of the system (a full disk, a read-only directory) one sentence too."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (IndexUnavailable, RequestError, NotFound) as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:  # a full disk, a read-only or vanished directory: one sentence, exit 1
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            ctx.exit(EXIT_FAILED)


def location_options(command):
    """``--corpus`` and ``--index`` on every command, with environment variables as defaults."""
    @click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                  default="corpus", envvar="CSTOCORPUS_CORPUS", show_default=True, show_envvar=True,
                  help="Corpus directory (sources and catalog.yaml).")
    @click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
                  default="index", envvar="CSTOCORPUS_INDEX", show_default=True, show_envvar=True,
                  help="Index directory.")
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        return command(*args, **kwargs)
    return wrapper


def format_option(choices=FORMATS, default="table",
                  help="Output format: a human table, or JSON/CSV for other programs."):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help=help)


def filter_options(command):
    """The filters of every command that reads passages, passed on as one ``filters`` argument
    (a ``subcorpus.Filters``); ``selection`` resolves it.  Their meaning is defined once, in
    ``subcorpus.filters``."""
    @click.option("--lang", "f_langs", multiple=True, metavar="CODE",
                  help="Only passages in this language (ru, th, ja, en, ...); repeat or comma-separate.")
    @click.option("--doc", "f_docs", multiple=True, metavar="DOC_ID",
                  help="Only this document; repeat or comma-separate.")
    @click.option("--from", "f_from", metavar="DATE",
                  help="Only documents published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD; a partial "
                       "date counts if it overlaps the range; undated documents are left out).")
    @click.option("--to", "f_to", metavar="DATE", help="Only documents published on or before DATE (as --from).")
    @click.option("--author", "f_authors", multiple=True, metavar="TEXT",
                  help="Only documents with an author containing TEXT (case-insensitive); repeatable.")
    @click.option("--tag", "f_tags", multiple=True, metavar="TAG",
                  help="Only documents with this catalog tag (case-insensitive); repeat or comma-separate.")
    @click.option("--kind", "f_kinds", multiple=True, metavar="KIND",
                  help="Only documents of this source type, the format the source was read as "
                       "(markdown, text, ...); repeat or comma-separate.")
    @click.option("--subcorpus", "f_subcorpus", metavar="NAME",
                  help="Only the named subcorpus of corpus/subcorpora.yaml (with any other filter given).")
    @functools.wraps(command)
    def wrapper(*args, f_langs, f_docs, f_from, f_to, f_authors, f_tags, f_kinds, f_subcorpus, **kwargs):
        kwargs["filters"] = filters(f_langs, f_docs, f_from, f_to, f_authors, f_tags, f_kinds, f_subcorpus)
        return command(*args, **kwargs)
    return wrapper


def selection(index: CorpusIndex, asked: Filters, corpus_dir: Path | None) -> Selection:
    """What the filters select in ``index``; a filter it cannot answer is a ``UserError``."""
    with user_errors():
        return select(index, asked, corpus_dir)


@contextlib.contextmanager
def user_errors():
    """The library's ``RequestError`` and ``NotFound`` (``service``) as the CLI's one-sentence
    ``UserError``: for the commands that are also run on their own, outside the group."""
    try:
        yield
    except (RequestError, NotFound) as exc:
        raise UserError(str(exc)) from None


literal_option = click.option(
    "--literal", is_flag=True,
    help="Only the query's own words (and their lemmas): no glossary names in other languages, "
         "no transliterations.")


def open_index(index_dir: Path, cluster: Path | None = None, allow_partial: bool = False) -> CorpusIndex:
    try:
        return CorpusIndex(index_dir, cluster=cluster, allow_partial=allow_partial)
    except IndexUnavailable as exc:
        raise UserError(str(exc)) from None


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
