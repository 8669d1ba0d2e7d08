"""``cstocorpus glossary list|show|search|suggest|coverage|check`` (registered in ``cli.py``).

Every subcommand reads corpus/glossary.yaml as it is now (an edit shows at once, before any
rebuild) and counts passages in the index with the queries search runs.  When the index was
built with another version of the glossary, a note on stderr says that ``search`` still uses
that one until the next ``build``.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import click

from ..cliutil import EXIT_FAILED, UserError, format_option, location_options, open_index
from ..index.reader import CorpusIndex, IndexUnavailable
from ..models import CORPUS_LANGUAGES
from ..output import to_json
from ..query import QuerySyntaxError, parse
from ..query.compiler import compile_query
from ..query.reading import units
from . import render
from .analyzed import AnalyzedGlossary
from .check import check_glossary
from .coverage import ENTITIES_FILE, TOP, entity_coverage, load_entities, suggestions, word_coverage
from .exclusions import EXCLUSIONS_FILE, load_exclusions
from .load import GLOSSARY_FILE, KINDS, Glossary, GlossaryError, load_glossary, read_yaml
from .reach import concept_passages, concept_reach

lang_option = click.option("--lang", "langs", multiple=True, type=click.Choice(CORPUS_LANGUAGES),
                           help="Only words of this language (by script: Latin words in a Thai text are "
                                "English); repeatable.")


def _glossary(corpus_dir: Path) -> tuple[Glossary, AnalyzedGlossary]:
    try:
        glossary = load_glossary(corpus_dir)
    except GlossaryError as exc:
        raise UserError(f"{exc} (run 'cstocorpus glossary check' for every problem)") from None
    if not glossary.concepts:
        raise UserError(f"{Path(corpus_dir) / GLOSSARY_FILE} has no concepts")
    return glossary, AnalyzedGlossary.build(glossary)


def _exclusions(corpus_dir: Path):
    try:
        return load_exclusions(corpus_dir)
    except GlossaryError as exc:
        raise UserError(str(exc)) from None


def _index(index_dir: Path, analyzed: AnalyzedGlossary) -> CorpusIndex:
    index = open_index(index_dir)
    _warn_if_stale(index, analyzed)
    return index


def _warn_if_stale(index: CorpusIndex, analyzed: AnalyzedGlossary) -> None:
    same = json.dumps(index.glossary.to_json(), sort_keys=True) == json.dumps(analyzed.to_json(), sort_keys=True)
    if not same:
        click.echo("Note: the index was built with another version of the glossary; these counts use the file "
                   "as it is now, 'search' uses the built one until you run 'cstocorpus build'.", err=True)


@click.group()
def glossary():
    """Inspect, check and grow the glossary (corpus/glossary.yaml).

    \b
    list      every concept: kind, names per language, links, passages found
    show      one concept: names, family, links, scoped names, passages by reason
    search    which concepts a text names, as search reads a query
    suggest   frequent corpus words no concept covers: the to-do list
    coverage  how much of the frequent words and named entities is covered
    check     every problem of the file, one sentence each (exit 1 if any)
    """


@glossary.command("list")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(KINDS)), help="Only concepts of this kind; repeatable.")
@location_options
@format_option()
def list_concepts(kinds, corpus_dir, index_dir, fmt):
    """Every concept with its kind, label, names per language, links and the passages an
    unquoted search for it finds (its names, family and narrower concepts)."""
    raw, analyzed = _glossary(corpus_dir)
    index = _index(index_dir, analyzed)
    chosen = [c for c in raw.concepts if not kinds or c.kind in kinds]
    passages = {c.id: concept_passages(index, analyzed, c.id) for c in chosen}
    click.echo(render.list_output(render.list_rows(chosen, passages), fmt), nl=fmt != "csv")


@glossary.command()
@click.argument("concept_id")
@location_options
@format_option(("table", "json"))
def show(concept_id, corpus_dir, index_dir, fmt):
    """Everything about one concept: names per language, its word family (listed, and derived
    by rule), broader/narrower/related concepts, scoped names with their notes, and the
    passages it reaches per language, by reason and per name."""
    raw, analyzed = _glossary(corpus_dir)
    concept = raw.get(concept_id)
    if concept is None:
        close = difflib.get_close_matches(concept_id.lower(), [c.id for c in raw.concepts], n=3, cutoff=0.7) or [
            c.id for c in raw.concepts if concept_id.lower() in c.id or concept_id.lower() in c.label.lower()]
        hint = f"; did you mean {', '.join(close[:5])}?" if close else "; 'cstocorpus glossary list' lists them"
        raise UserError(f"no concept {concept_id!r} in the glossary{hint}")
    try:
        index = _index(index_dir, analyzed)
    except UserError:
        index = None
    written = {(lang, w) for lang, words in concept.family.items() for w in words}
    reach = concept_reach(index, analyzed, concept.id, written) if index is not None else None
    data = render.show_data(concept, reach, _notes(Path(corpus_dir) / GLOSSARY_FILE, concept.id))
    if fmt == "json":
        click.echo(to_json(data))
    else:
        click.echo(render.show_table(data, {c.id: c.label for c in raw.concepts}))


def _notes(path: Path, concept_id: str) -> dict:
    """The concept's own ``note`` (key "") and each scoped entry's, keyed (doc, lang, names)."""
    data, _ = read_yaml(path)
    entry = next((e for e in data["concepts"] if isinstance(e, dict) and e.get("id") == concept_id), {})
    notes = {"": " ".join(str(entry.get("note") or "").split())}
    for scope in entry.get("scoped") or []:
        for lang in CORPUS_LANGUAGES:
            names = scope.get(lang)
            if names:
                names = [names] if isinstance(names, str) else names
                notes[(scope["doc"], lang, tuple(n.strip() for n in names))] = str(scope.get("note") or "")
    return notes


@glossary.command()
@click.argument("text", nargs=-1, required=True)
@location_options
@format_option(("table", "json"))
def search(text, corpus_dir, index_dir, fmt):
    """Which concepts TEXT names, read exactly as 'cstocorpus search' reads a query: the
    longest runs of words that are a name, a family word or a distinctive part of a name;
    an ambiguous part is shown with the concepts it may mean."""
    _, analyzed = _glossary(corpus_dir)
    query = " ".join(text)
    try:
        compiled = compile_query(parse(query), analyzed)
    except QuerySyntaxError as exc:
        raise UserError(f"cannot read the text: {exc}") from None
    found = []
    for u in units(compiled.tree):
        found.append({"text": u.text, "read_as": "concept" if u.concept else u.how, "how": u.how,
                      "concepts": [{"id": c, "label": analyzed.label(c)} for c in u.concepts],
                      "ambiguous": [{"id": c, "label": analyzed.label(c)} for c in u.ambiguous]})
    if fmt == "json":
        click.echo(to_json({"text": query, "units": found}))
        return
    for f in found:
        if f["concepts"]:
            names = ", ".join(f"{c['label']} ({c['id']})" for c in f["concepts"])
            click.echo(f"{f['text']}  → {names}  [{f['how']}]")
        elif f["ambiguous"]:
            names = ", ".join(f"{c['label']} ({c['id']})" for c in f["ambiguous"])
            click.echo(f"{f['text']}  → ambiguous: part of {names}; not followed")
        else:
            click.echo(f"{f['text']}  → no concept ({f['how']})")


@glossary.command()
@lang_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="How many words to list per language.")
@location_options
@format_option()
def suggest(langs, top, corpus_dir, index_dir, fmt):
    """The glossary's to-do list: per language, the frequent words of the corpus that no
    concept covers (not a name, family word or part of a name, nor inside one where they
    occur) and that corpus/not_cross_language.yaml does not list, those with the most
    uncovered occurrences first.  Stop words (the lists 'freq' uses), numbers and
    punctuation are never listed."""
    from ..stats.store import stored_passages
    from .uncovered import word_uses

    _, analyzed = _glossary(corpus_dir)
    index = _index(index_dir, analyzed)
    uses = word_uses(stored_passages(index), analyzed, langs)
    found = suggestions(uses, analyzed, _exclusions(corpus_dir), top)
    for lang in langs:
        found.setdefault(lang, [])
    click.echo(render.suggest_output(found, fmt), nl=fmt != "csv")


@glossary.command()
@lang_option
@click.option("--top", type=click.IntRange(min=1), default=TOP, show_default=True, metavar="N",
              help="How many of each language's most frequent content words to judge.")
@click.option("--entities", "entities_file", type=click.Path(dir_okay=False, path_type=Path),
              default=str(ENTITIES_FILE), show_default=True,
              help="The named entities of the texts, per document and kind (skipped if the file is missing).")
@location_options
@format_option()
def coverage(langs, top, entities_file, corpus_dir, index_dir, fmt):
    """How much of the corpus the glossary covers: of each language's N most frequent content
    words, how many reach a concept, lie only inside glossary names, are listed as not
    cross-language, or remain; and how many of the named entities read off the texts
    belong to a concept."""
    from ..stats.store import stored_passages
    from .uncovered import word_uses

    _, analyzed = _glossary(corpus_dir)
    index = _index(index_dir, analyzed)
    exclusions = _exclusions(corpus_dir)
    uses = word_uses(stored_passages(index), analyzed, langs)
    words = word_coverage(uses, analyzed, exclusions, top, langs)
    entities = None
    if entities_file.is_file():
        try:
            listed = load_entities(entities_file)
        except GlossaryError as exc:
            raise UserError(str(exc)) from None
        entities = entity_coverage(listed, analyzed, exclusions)
    elif entities_file != ENTITIES_FILE:
        raise UserError(f"no named-entity list at {entities_file}")
    click.echo(render.coverage_output(render.coverage_data(words, entities, top), fmt), nl=fmt != "csv")


@glossary.command()
@click.option("--unmatched", is_flag=True, help="Also list every name that matches nothing in the corpus.")
@location_options
@format_option(("table", "json"))
def check(unmatched, corpus_dir, index_dir, fmt):
    """Every problem of the glossary, one sentence each; exit 1 if there is any.

    \b
    Problems: keys written twice, entries the loader refuses, ids used twice,
    links to no concept, circles of broader links, one name in two concepts
    (per language, compared as search compares names), scoped names that do
    not occur in their document, and mistakes in corpus/not_cross_language.yaml.
    Reported, not problems: names that match nothing in the corpus, per
    language (the standard name may be right before the texts use it).
    """
    try:
        index = CorpusIndex(index_dir)
    except IndexUnavailable:
        index = None
    try:
        exclusions = load_exclusions(corpus_dir)
    except GlossaryError as exc:
        from .exclusions import Exclusions
        exclusions = Exclusions(problems=(str(exc),))
    report = check_glossary(corpus_dir, index, exclusions)
    if fmt == "json":
        click.echo(to_json(report.as_dict()))
    else:
        for note in report.notes:
            click.echo(f"Note: {note}")
        for problem in report.problems:
            click.echo(problem)
        total = sum(len(v) for v in report.unmatched.values())
        if total:
            per = ", ".join(f"{lang} {len(v)}" for lang, v in sorted(report.unmatched.items()))
            click.echo(f"{total} names match nothing in the corpus ({per})"
                       + ("" if unmatched else "; --unmatched lists them"))
            if unmatched:
                for lang, names in sorted(report.unmatched.items()):
                    for concept, name in names:
                        click.echo(f"  {lang}  {name}  ({concept})")
        n = len(report.problems)
        click.echo(f"{report.concepts} concepts checked: " + (f"{n} problem{'s' if n != 1 else ''}" if n else "no problems")
                   + f" (exclusions: {EXCLUSIONS_FILE})")
    if report.problems:
        raise SystemExit(EXIT_FAILED)
