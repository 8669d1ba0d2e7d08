"""The ``collocates``, ``ngrams``, ``keywords`` and ``dispersion`` commands (registered in
``cli.py``): thin layers over the functions of this package."""

from __future__ import annotations

from pathlib import Path

import click

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
from .. import service
from ..stats.command import units_option
from . import render
from .collocates import MEASURES
from .keywords import SORTS
from .view import BY

all_option = click.option(
    "--all", "keep_stopwords", is_flag=True,
    help="Keep stop words (left out by default, as 'freq' leaves them out: stopwords-iso for ru "
         "and ja, PyThaiNLP for th, the stopwords package's list for en).")


def _echo(fmt: str, table, as_json, as_csv, *args) -> None:
    if fmt == "json":
        click.echo(as_json(*args))
    elif fmt == "csv":
        click.echo(as_csv(*args), nl=False)
    else:
        click.echo(table(*args))


def _checked(*checks) -> None:
    """Refuse a bad option before the index is opened (the library checks them again)."""
    with user_errors():
        for check, *args in checks:
            check(*args)


@click.command()
@click.argument("word", nargs=-1, required=True)
@filter_options
@click.option("--window", default="5L5R", show_default=True, metavar="NLMR",
              help="Words on the left and right of the node, e.g. 5L5R, 3L0R.")
@click.option("--by", type=click.Choice(BY), default="lemma", show_default=True,
              help="Count lemmas (every form together) or forms.")
@units_option
@click.option("--measure", type=click.Choice(MEASURES), default="logdice", show_default=True,
              help="Sort by logDice, log-likelihood (ll), MI or t-score; all four are shown.")
@click.option("--min-freq", type=int, default=3, show_default=True,
              help="A collocate's least frequency in the selected passages of its language.")
@click.option("--min-cooc", type=int, default=2, show_default=True,
              help="A collocate's least number of co-occurrences with the node.")
@click.option("--top", type=int, default=30, show_default=True, help="Collocates listed per language (0: all).")
@all_option
@location_options
@format_option()
def collocates(word, filters, window, by, units, measure, min_freq, min_cooc, top, keep_stopwords, corpus_dir,
               index_dir, fmt):
    """Collocates of WORD: the words near it more often than chance, per language.

    \b
    WORD (a word or a phrase) is analyzed as 'search' analyzes it, so any form finds its lemma.
    For each language it occurs in: co-occurrences within the window (inside a passage, each
    position once even where windows overlap), the collocate's frequency, the count expected
    by chance, and logDice, log-likelihood (G2), MI and t-score (Evert's window-based
    contingency table).  Only attracted collocates (more often than expected) are listed.
    """
    _checked((service.read_window, window), (service.at_least, "--min-freq", min_freq, 1),
             (service.at_least, "--min-cooc", min_cooc, 1), (service.at_least, "--top", top, 0),
             (service.node, " ".join(word), by, units))
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.collocates(index, chosen, " ".join(word), window, by, measure, min_freq, min_cooc, top,
                                    keep_stopwords, units)
    _echo(fmt, render.collocates_table, render.collocates_json, render.collocates_csv, result, chosen)


@click.command()
@filter_options
@click.option("--n", "sizes", default="2-4", show_default=True, metavar="N[-M]",
              help="N-gram sizes: one (3) or a range (2-4).")
@click.option("--containing", metavar="WORD", help="Only n-grams holding this word or phrase (any form of it "
                                                   "with --by lemma).")
@click.option("--by", type=click.Choice(BY), default="form", show_default=True,
              help="N-grams of forms (as written, lowercased) or of lemmas.")
@units_option
@click.option("--min-freq", type=int, default=2, show_default=True, help="Least frequency of an n-gram.")
@click.option("--top", type=int, default=50, show_default=True, help="N-grams listed per language (0: all).")
@all_option
@location_options
@format_option()
def ngrams(filters, sizes, containing, by, units, min_freq, top, keep_stopwords, corpus_dir, index_dir, fmt):
    """Recurring n-grams (clusters) per language, with frequency and range.

    \b
    An n-gram is n words in a row inside one passage, not across punctuation.
    Range: in how many documents and passages it occurs.  By default n-grams that
    begin or end with a stop word are left out (--all keeps them).
    """
    _checked((service.ngram_sizes, sizes), (service.at_least, "--min-freq", min_freq, 1), (service.at_least, "--top", top, 0),
             *([(service.node, containing, by, units)] if containing else []))
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.ngrams(index, chosen, sizes, containing, by, min_freq, top, keep_stopwords,
                                units)
    _echo(fmt, render.ngrams_table, render.ngrams_json, render.ngrams_csv, result, chosen)


@click.command()
@filter_options
@click.option("--reference", default="rest", show_default=True, metavar="rest|corpus|SUBCORPUS",
              help="Compare with the rest of the corpus in the same language, the whole corpus in it, "
                   "or a named subcorpus of corpus/subcorpora.yaml.")
@click.option("--by", type=click.Choice(BY), default="lemma", show_default=True, help="Lemmas or forms.")
@units_option
@click.option("--sort", type=click.Choice(SORTS), default="g2", show_default=True,
              help="Order keywords by G2, log ratio, %DIFF or BIC (all are shown).")
@click.option("--min-freq", type=int, default=3, show_default=True,
              help="Least frequency where the word is key (the target for positive keywords, the reference "
                   "for negative ones).")
@click.option("--max-p", type=click.FloatRange(0, 1, min_open=True), default=0.05, show_default=True,
              help="Only keywords with G2 this significant (0.05: G2 ≥ 3.84; 1 lists all).")
@click.option("--top", type=int, default=30, show_default=True,
              help="Keywords listed per language and direction (0: all).")
@all_option
@location_options
@format_option()
def keywords(filters, reference, by, units, sort, min_freq, max_p, top, keep_stopwords, corpus_dir, index_dir, fmt):
    """Keywords of a subcorpus: words it uses more (positive) or less (negative) than a reference.

    \b
    The target is what the filters select (--doc, --tag, --from/--to, --subcorpus, ...);
    the reference is, by default, the rest of the corpus in the same language.  For each
    word: frequencies (and per million), log-likelihood G2 with its p, log ratio, %DIFF
    and BIC.
    """
    _checked((service.at_least, "--min-freq", min_freq, 1), (service.at_least, "--top", top, 0))
    index = open_index(index_dir)
    target = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.keywords(index, target, corpus_dir, reference, by, sort, min_freq, max_p, top,
                                  keep_stopwords, units)
    _echo(fmt, render.keywords_table, render.keywords_json, render.keywords_csv, result, target)


@click.command()
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--plot", "plot_path", type=click.Path(path_type=Path), metavar="FILE.png|FILE.svg",
              help="Also draw the hits through each document (one row per document) into this PNG or SVG.")
@literal_option
@units_option
@location_options
@format_option()
def dispersion(query, filters, plot_path, literal, units, corpus_dir, index_dir, fmt):
    """Where QUERY's hits fall through each document: range, Gries's DP, and a plot.

    QUERY is read as by 'search' (and 'concordance': the same hits).  Per document: hits,
    tokens, hits per 10,000 tokens, passages with a hit, DP over its passages; for the
    selection: range and DP over documents and over passages.
    """
    fmt_plot = _plot_format(plot_path) if plot_path is not None else None
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.dispersion(index, " ".join(query), chosen, literal, units)
    if plot_path is not None:
        _write_plot(result, plot_path, fmt_plot)
    if fmt == "json":
        click.echo(render.dispersion_json(result))
    elif fmt == "csv":
        click.echo(render.dispersion_csv(result), nl=False)
    else:
        click.echo(render.dispersion_table(result))


def _plot_format(path: Path) -> str:
    from ..export.command import _check_output

    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("png", "svg"):
        raise UserError(f"the plot is a PNG or SVG image: give a file name ending in .png or .svg, not {str(path)!r}")
    _check_output(path)
    return suffix


def _write_plot(result, path: Path, fmt: str) -> None:
    from ..stats.fonts import FontsMissing
    from .plot import render as render_plot

    try:
        data = render_plot(result, fmt)
    except FontsMissing as exc:
        click.echo(f"Error: cannot draw the plot: {exc}", err=True)
        raise SystemExit(EXIT_FAILED) from None
    tmp = path.with_name(f".{path.name}.tmp")
    try:  # drawn first, then written beside the target and renamed: never a half-written plot
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write the plot to {path}: {exc.strerror or exc}") from None
    click.echo(f"Plot written to {path}", err=True)
