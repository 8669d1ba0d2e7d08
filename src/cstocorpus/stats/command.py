"""The ``stats`` and ``freq`` commands (registered in ``cli.py``)."""

from __future__ import annotations

from pathlib import Path

import click

from ..cliutil import (
    EXIT_FAILED,
    UserError,
    filter_options,
    format_option,
    location_options,
    open_index,
    selection,
    user_errors,
)
from .. import service
from . import render
from .freq import BY, UNITS, frequency_list
from .store import select, stored_passages

PLOT_TOP = 10


def _plot_path(path: Path) -> Path:
    """Refuse a plot path that cannot work before the work starts."""
    if path.suffix.lower() != ".png":
        raise UserError(f"the plot is a PNG image: give a file name ending in .png, not {str(path)!r}")
    if path.is_dir():
        raise UserError(f"cannot write the plot to {path}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        problem = "is not a directory" if parent.exists() else "does not exist"
        raise UserError(f"cannot write the plot to {path}: {parent} {problem}")
    return path


#: ``--units``, shared with the word statistics (``wordstats.command``): the same choice everywhere.
units_option = click.option(
    "--units", type=click.Choice(UNITS), default="words", show_default=True,
    help="Count words (a compound is one word: หน่วยงาน, 外務省) or the analyzers' parts "
         "(หน่วย + งาน, 外務 + 省).")


@click.command()
@click.option("--plot", "plot_path", type=click.Path(path_type=Path), metavar="FILE.png",
              help="Also draw passages and tokens per language and each language's top lemmas "
                   "(stop words left out) into this PNG (1200 × 900 pixels).")
@filter_options
@location_options
@format_option()
def stats(plot_path, filters, corpus_dir, index_dir, fmt):
    """Corpus statistics per language and per document.

    \b
    For each language and each document: documents, passages, tokens, word types
    (distinct lowercased forms), lemma types, type/token ratio (word types / tokens)
    and share of the corpus's tokens; for a document in several languages, its mix:
    passages and tokens per language.  A passage counts for the language it is
    tagged with (as 'build' counts and 'search --lang' selects), with all its tokens.
    Tokens are words and numbers as the analyzers cut them; punctuation is not
    counted, nor are compounds beside their parts (the numbers 'freq --units
    parts' uses; 'freq' itself counts compounds as words).
    """
    if plot_path is not None:
        plot_path = _plot_path(plot_path)
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    result = service.corpus_statistics(index, chosen)
    if plot_path is not None:
        _write_plot(result, select(stored_passages(index), chosen), plot_path)
    if fmt == "json":
        click.echo(render.stats_json(result))
    elif fmt == "csv":
        click.echo(render.stats_csv(result), nl=False)
    else:
        click.echo(render.stats_table(result))


def _write_plot(result: dict, passages, path: Path) -> None:
    from .fonts import FontsMissing
    from .plot import render_png, write_png

    top = {row["lang"]: frequency_list([p for p in passages if p.lang == row["lang"]], "lemma", PLOT_TOP,
                                       langs=[row["lang"]])
           for row in result["languages"]}
    try:
        data = render_png(result, top)
    except FontsMissing as exc:
        click.echo(f"Error: cannot draw the plot: {exc}", err=True)
        raise SystemExit(EXIT_FAILED) from None
    try:
        write_png(data, path)
    except OSError as exc:
        raise UserError(f"cannot write the plot to {path}: {exc.strerror or exc}") from None
    click.echo(f"Plot written to {path}", err=True)


@click.command()
@filter_options
@click.option("--by", type=click.Choice(BY), default="lemma", show_default=True,
              help="Count lemmas (every form of a word together) or forms (lowercased, ё as е).")
@units_option
@click.option("--top", type=int, default=20, show_default=True, metavar="N",
              help="How many terms to list (1 or more).")
@click.option("--all", "keep_stopwords", is_flag=True,
              help="Keep stop words (left out by default: stopwords-iso for ru and ja, PyThaiNLP "
                   "for th, the stopwords package's list for en; numbers are never stop words).")
@location_options
@format_option()
def freq(filters, by, units, top, keep_stopwords, corpus_dir, index_dir, fmt):
    """Frequency list of words (lemmas or forms), most frequent first (ties in term order).

    \b
    count:       occurrences as a running word in the selected passages;
    per million: count / all running words of the selected passages (stop
                 words included) × 1,000,000;
    passages:    passages where it is a word, on its own or inside a longer
                 one: the total of 'cstocorpus search WORD --literal --lang XX';
    documents:   documents where it is;
    inside:      occurrences as a word of its own inside a longer word
                 (ร่วมมือ in ความร่วมมือ, 外務 in 外務省).
    Running words are the text's words as units: each stretch once, as the
    longest word it belongs to, so a compound is one word (Thai หน่วยงาน,
    Japanese 外務省, 一次) and its parts are not counted beside it.  With
    --units parts, the analyzers' pieces are counted instead (หน่วย + งาน,
    外務 + 省).  Punctuation is never counted.
    """
    with user_errors():
        service.at_least("--top", top, 1)
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.frequencies(index, chosen, by, top, keep_stopwords, units)
    if fmt == "json":
        click.echo(render.freq_json(result))
    elif fmt == "csv":
        click.echo(render.freq_csv(result), nl=False)
    else:
        click.echo(render.freq_table(result))

