"""The ``cstocorpus concordance`` command (registered in ``cli.py``): a thin layer over
``concordance.concordance``."""

from __future__ import annotations

import click

from ..cliutil import (
    filter_options,
    format_option,
    literal_option,
    location_options,
    open_index,
    selection,
    use_color,
    user_errors,
)
from .. import service
from . import render
from .sorting import BY


@click.command()
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--context", "context", default="5w", show_default=True, metavar="SIZE",
              help="Context on each side: words (5w) or characters (40c); cut only between words.")
@click.option("--sort", "sort", default="score", show_default=True, metavar="KEYS",
              help="score, position (document order), document, hit, L1–L5 or R1–R5 (the word that "
                   "far left or right of the hit); several comma-separated, e.g. R1,R2.")
@click.option("--by", type=click.Choice(BY), default="form", show_default=True,
              help="Sort words by their form (lowercased) or by their lemma.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many lines of the sorted concordance.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="How many lines to print; 0 prints all. The totals are always exact.")
@literal_option
@location_options
@format_option(render.FORMATS, help="Output format: an aligned table, or JSON/CSV/TSV with full citations.")
def concordance(query, filters, context, sort, by, offset, limit, literal, corpus_dir, index_dir, fmt):
    """Concordance (KWIC): every occurrence of QUERY with its left and right context.

    QUERY is read as by 'cstocorpus search' (same operators, same cross-language names,
    same 'matched' reasons).  One line per occurrence: the left context, the hit and the
    right context, aligned in a terminal for every script, and the line's citation
    (document, paragraph, source line).  Context stays inside the hit's passage.
    """
    with user_errors():  # a bad --context or --sort is refused before the index is opened
        service.concordance_options(context, sort)
    index = open_index(index_dir)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.concordance(index, " ".join(query), chosen, context, sort, by, offset, limit or None,
                                     literal=literal)
    if fmt == "table":
        click.echo(render.table(result, use_color()))
    else:
        click.echo(render.RENDER[fmt](result), nl=False)
