"""``cstocorpus evaluate-search``: score search on a judged relevance set (= ``make eval-search``)."""

from __future__ import annotations

from pathlib import Path

import click

from cstocorpus.cliutil import UserError, format_option, literal_option, location_options, open_index
from cstocorpus.searcheval import report
from cstocorpus.searcheval.judged import JudgedSetError, load_judged
from cstocorpus.searcheval.measure import evaluate_search

DEFAULT_JUDGED = Path("eval/search/judged-dev.yaml")


@click.command("evaluate-search")
@click.argument("judged", required=False, type=click.Path(dir_okay=False, path_type=Path))
@literal_option
@location_options
@format_option(("table", "json"))
def evaluate_search_command(judged, literal, corpus_dir, index_dir, fmt):
    """Score search against a judged relevance set (default: eval/search/judged-dev.yaml).

    \b
    Every concept's query in each language is searched as a user would (all hits, only
    the judged documents), then scored: recall (relevant passages found), other-language
    recall (relevant passages in another language than the query's), and precision@10
    (relevant passages among the first ten hits); per query, per query language and
    overall (pooled over passages; the mean over queries in brackets).
    """
    path = judged or DEFAULT_JUDGED
    if not path.exists():
        raise UserError(f"no judged set at {path}; give its path (format: eval/search/README.md)")
    try:
        judged_set = load_judged(path)
    except JudgedSetError as exc:
        raise UserError(str(exc)) from None
    index = open_index(index_dir)
    ev = evaluate_search(index, judged_set, literal=literal)
    click.echo(report.as_json(ev) if fmt == "json" else report.table(ev), nl=fmt == "json")
