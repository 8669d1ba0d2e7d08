"""What every ``cstocorpus`` command shares: exit codes, the one-sentence user error, the
``--corpus``/``--index`` and ``--format`` options, and opening the index.

A module of its own so that commands defined elsewhere (``export``, ``stats``) use the
same options and errors as those in ``cli.py`` without importing it.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from .index.reader import CorpusIndex, IndexUnavailable
from .models import CORPUS_LANGUAGES, UNDETERMINED
from .output import FORMATS

EXIT_FAILED = 1
EXIT_USAGE = 2


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one sentence, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


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
    """``--lang`` and ``--doc``, the filters of every command that searches."""
    @click.option("--lang", "langs", multiple=True, metavar="CODE",
                  help="Only passages in this language (ru, th, ja, en, ...); repeat or comma-separate.")
    @click.option("--doc", "docs", multiple=True, metavar="DOC_ID",
                  help="Only passages of this document; repeatable.")
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        return command(*args, **kwargs)
    return wrapper


literal_option = click.option(
    "--literal", is_flag=True,
    help="Only the query's own words (and their lemmas): no glossary names in other languages, "
         "no transliterations.")


def checked_filters(index: CorpusIndex, langs, docs) -> tuple[list[str], list[str]]:
    """The ``--lang``/``--doc`` values, split at commas; an unknown one is a ``UserError``."""
    langs = [v.lower() for v in _split_values(langs)]
    known = set(CORPUS_LANGUAGES) | {UNDETERMINED} | set(index.languages())
    for lang in langs:
        if lang not in known:
            raise UserError(f"unknown language code {lang!r}: use one of {', '.join(sorted(known))}")
    docs = _split_values(docs)
    for doc in docs:
        if doc not in index.documents:
            raise UserError(f"no document {doc!r} in the index: 'cstocorpus build' lists what it indexed")
    return langs, docs


def _split_values(values) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def open_index(index_dir: Path) -> CorpusIndex:
    try:
        return CorpusIndex(index_dir)
    except IndexUnavailable as exc:
        raise UserError(str(exc)) from None


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
