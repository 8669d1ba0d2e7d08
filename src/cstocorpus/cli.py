"""The ``cstocorpus`` command line.

Exit codes: 0 success; 1 the work failed or was only partly done (e.g. a source file was
refused); 2 the user must change something (bad query, unknown language, no index yet).
Errors are one sentence on stderr, never a traceback for a user mistake.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import service
from .citation import section_label
from .cliutil import (
    CommandGroup,
    UserError,
    filter_options,
    format_option,
    literal_option,
    location_options,
    open_index,
    selection,
    use_color,
    user_errors,
)
from .evaluation import EVAL_LANGUAGES, evaluate_file, language_of_file
from .evaluation import report as evaluation_report
from .evaluation.conllu import ConlluError
from .concordance.command import concordance as concordance_command
from .export.command import export as export_command
from .build_command import build as build_command
from .manage.command import add as add_command
from .manage.command import list_documents as list_command
from .manage.command import remove as remove_command
from .output import (
    kwic,
    search_csv,
    search_json,
    search_table,
    to_json,
)
from .glossary.command import glossary as glossary_command
from .searcheval.command import evaluate_search_command
from .stats.command import freq as freq_command
from .stats.command import stats as stats_command
from .wordstats.command import collocates as collocates_command
from .wordstats.command import dispersion as dispersion_command
from .wordstats.command import keywords as keywords_command
from .wordstats.command import ngrams as ngrams_command
from .web.command import serve as serve_command


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cstocorpus")
def cli():
    """Search a multilingual (Russian, Thai, Japanese, English) corpus about the CSTO.

    Build the index from corpus/ with 'cstocorpus build', then 'cstocorpus search QUERY'.
    """


@cli.command()
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many hits to print; 0 prints all. The total is always exact.")
@literal_option
@click.option("--explain", is_flag=True,
              help="Also print every name each part of the query was searched under, its language and why.")
@click.option("--cluster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              envvar="CSTOCORPUS_CLUSTER", show_envvar=True,
              help="A sharded Xapian index (build --shards): search its shards where this file says "
                   "xapian-tcpsrv serves them ('shard-N HOST:PORT' lines), as one index.")
@click.option("--allow-partial", is_flag=True,
              help="With --cluster: leave out shards that cannot be reached, and name them, instead of stopping.")
@location_options
@format_option()
def search(query, filters, limit, literal, explain, cluster, allow_partial, corpus_dir, index_dir, fmt):
    """Search passages.  QUERY words are ANDed; use "quoted phrases", OR, NOT or -word, word*.

    Each word is analyzed like the text in its own script's language, so a Russian form finds
    every form of its lemma (безопасностью finds безопасности).  Matching is case-insensitive
    and ё matches е.  Runs of words that are a glossary name are read as its concept, without
    quotes (Council of Foreign Ministers, Устав ОДКБ), and so are a distinctive part of a name
    (Secretary General) and any word of a concept's family (extremist, ผู้ก่อการร้าย).  A
    concept is searched under all its names in every language (Armenia finds Армения,
    アルメニア, อาร์เมเนีย), its word family and its narrower concepts; a name also by its
    spelling in another script (Медведев finds Medvedev).  A "quoted" name is its exact
    wording, then its other names only.  Passages with the query's own words come first (tier
    1), then those found through other names (tier 2); each result says how the query was
    read and each hit what matched and why.  --literal searches only the words as written.
    """
    index = open_index(index_dir, cluster, allow_partial)
    chosen = selection(index, filters, corpus_dir)
    with user_errors():
        result = service.search(index, " ".join(query), chosen, limit=limit or None, literal=literal,
                                explain=explain)
    if result.missing_shards:
        click.echo(f"Warning: partial results, {len(result.missing_shards)} shard"
                   f"{'s' if len(result.missing_shards) != 1 else ''} could not be reached and "
                   f"{'were' if len(result.missing_shards) != 1 else 'was'} left out: "
                   f"{', '.join(result.missing_shards)}; the total counts only the shards searched.", err=True)
    if fmt == "json":
        click.echo(search_json(result))
    elif fmt == "csv":
        click.echo(search_csv(result), nl=False)
    else:
        click.echo(search_table(result, use_color()))


@cli.command()
@click.argument("passage_id")
@click.option("--context", type=click.IntRange(min=0, max=50), default=1, show_default=True,
              help="How many neighbouring passages to show before and after.")
@location_options
@format_option(("table", "json"))
def show(passage_id, context, corpus_dir, index_dir, fmt):
    """Print one passage with its neighbours and its full citation."""
    index = open_index(index_dir)
    with user_errors():
        shown = service.passage(index, passage_id, context)
    if fmt == "json":
        click.echo(to_json(shown))
        return
    passage, before, after = shown["passage"], shown["before"], shown["after"]
    doc, cite = shown["document"], shown["citation"]
    for p in before:
        click.echo(f"  ¶ {p['ordinal']} [{p['lang']}] " + kwic(p["text"], [], False))
    click.echo(click.style(f"▶ ¶ {passage['ordinal']} [{passage['lang']}] {passage['passage_id']}", bold=True))
    click.echo(passage["text"])
    for p in after:
        click.echo(f"  ¶ {p['ordinal']} [{p['lang']}] " + kwic(p["text"], [], False))
    click.echo("")
    click.echo(f"Citation: {cite['text']}")
    fields = [
        ("Document", passage["doc_id"]), ("Title", doc.get("title", "")), ("Title (en)", doc.get("title_en", "")),
        ("Section", section_label(passage.get("section"))), ("Lines", "{}–{}".format(*passage["lines"])),
        ("Location", cite["location"]),
        ("Span", "{}–{} (normalized document text)".format(*passage["span"])),
        ("Quoted source", passage.get("source_url", "")), ("URL", doc.get("url", "")),
        ("Authors", "; ".join(doc.get("authors") or [])), ("Publisher", doc.get("publisher", "")),
        ("Published", doc.get("published", "")), ("Accessed", doc.get("accessed", "")),
        ("File", doc.get("file", "")), ("sha256", doc.get("sha256", "")),
        ("Translation", doc.get("translation_note", "")), ("Rights", doc.get("rights_note", "")),
    ]
    for name, value in fields:
        if value:
            click.echo(f"{name + ':':<15}{value}")


@cli.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(EVAL_LANGUAGES), default=None,
              help="Language of the files; by default taken from each file name (th_, ja_, ru_, en_).")
@click.option("--no-speed", is_flag=True, help="Skip the speed measurement (and the raw-library runs).")
@format_option()
def evaluate(files, lang, no_speed, fmt):
    """Score tokens, lemmas and language ID against CoNLL-U gold FILES.

    \b
    Per file: word-boundary and word precision/recall/F1 of the segmentation;
    lemma accuracy (Japanese on words segmented as in the gold, Russian and English
    on the gold words; lowercased, ё folded), overall and without punctuation and
    numbers; language-identification accuracy on the sentences (those with letters)
    and on 1- and 3-word items cut from them (seeded: the same file gives the same
    items); speed of one pass (analyzers loaded, caches empty) and of a second
    pass (caches full), each next to the raw library doing the same work (nlpo3
    alone, Sudachi mode A alone, pymorphy3's first parse, simplemma).
    """
    plan = []
    for path in files:
        file_lang = lang or language_of_file(path)
        if file_lang is None:
            raise UserError(f"cannot tell the language of {path} from its name; "
                            f"give --lang ({', '.join(EVAL_LANGUAGES)})")
        plan.append((path, file_lang))
    reports = []
    with click.progressbar(plan, label="Evaluating", file=sys.stderr, hidden=not sys.stderr.isatty(),
                           item_show_func=lambda item: item[0].name if item else "") as bar:
        for path, file_lang in bar:
            try:
                reports.append(evaluate_file(path, file_lang, speed=not no_speed))
            except ConlluError as exc:
                raise UserError(str(exc)) from None
    if fmt == "json":
        click.echo(evaluation_report.as_json(reports))
    elif fmt == "csv":
        click.echo(evaluation_report.as_csv(reports), nl=False)
    else:
        click.echo(evaluation_report.table(reports), nl=False)


cli.add_command(build_command)
cli.add_command(add_command)
cli.add_command(remove_command)
cli.add_command(list_command)
cli.add_command(concordance_command)
cli.add_command(export_command)
cli.add_command(stats_command)
cli.add_command(freq_command)
cli.add_command(evaluate_search_command)
cli.add_command(glossary_command)
cli.add_command(collocates_command)
cli.add_command(ngrams_command)
cli.add_command(keywords_command)
cli.add_command(dispersion_command)
cli.add_command(serve_command)


def main() -> None:
    try:
        cli(prog_name="cstocorpus")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
