"""``cstocorpus build``: bring the index up to date, with a progress bar and a summary.

``run_build`` is shared with ``add`` and ``remove``, which update the index the same way
after changing the catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .catalog import Catalog, CatalogError, load_catalog
from .cluster import ClusterError
from .cluster.address import scheduler_address
from .cliutil import EXIT_FAILED, UserError, format_option, location_options
from .glossary import GlossaryError
from .index.builder import BuildReport, build_index, current_engine
from .index.engine import DEFAULT_ENGINE, ENGINES, EngineUnavailable
from .index.location import IndexBusyError, IndexLayoutError, IndexLocation
from .index.manifest import GenerationProblem
from .index.parallel import MAX_WORKERS
from .index.shards import MAX_SHARDS
from .output import rows_csv, to_json
from .service import build_summary


@click.command()
@click.option("--full", is_flag=True,
              help="Analyze every document again instead of only new and changed ones.")
@click.option("--workers", type=click.IntRange(min=1, max=MAX_WORKERS), default=None,
              help=f"Analysis processes (default: one per core; small corpora use one; at most {MAX_WORKERS}).")
@click.option("--cluster", metavar="tcp://HOST:PORT", default=None,
              help="Analyze on the workers of this Dask scheduler instead of local processes "
                   "(README, 'Scaling out'); sources are read and the index written here, and it is "
                   "the index a local build makes. Needs cstocorpus[cluster].")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Index engine: whoosh (pure Python), tantivy (much faster on large corpora) or xapian "
                   "(can be split into shards searched as one; needs cstocorpus[xapian]). "
                   f"Default: the current index's engine, else {DEFAULT_ENGINE}. The other "
                   "commands use whichever the index was built with.")
@click.option("--shards", type=click.IntRange(min=1, max=MAX_SHARDS), default=None,
              help="With --engine xapian: split the index into N shards by document id, each servable by "
                   "xapian-tcpsrv and searched as one (search --cluster). Default: as the current index, else 1.")
@location_options
@format_option()
def build(full: bool, workers: int | None, cluster: str | None, engine: str | None, shards: int | None,
          corpus_dir: Path, index_dir: Path, fmt: str):
    """Bring the index up to date with the catalog's sources.

    Only new and changed documents are analyzed (a changed file, format or encoding); an
    edit to other catalog fields only updates the citations.  A full build happens with
    --full, with another --engine, or when cstocorpus itself changed.  The new index
    replaces the old one only when it is complete, so a crash or Ctrl-C leaves the old one
    searchable; a source that cannot be read is reported with its path and left out (exit
    code 1), the others are still built.
    """
    if cluster is not None:
        if workers is not None:
            raise click.UsageError("--workers and --cluster cannot be used together: the cluster's "
                                   "workers do the analysis")
        try:
            cluster = scheduler_address(cluster)
        except ClusterError as exc:
            raise click.BadParameter(str(exc), param_hint="--cluster") from None
    try:
        catalog = load_catalog(corpus_dir)
    except CatalogError as exc:
        raise UserError(str(exc)) from None
    code = run_build(catalog, index_dir, fmt, full=full, workers=workers, engine=engine, shards=shards,
                     cluster=cluster)
    if code:
        sys.exit(code)


def run_build(catalog: Catalog, index_dir: Path, fmt: str, full: bool = False,
              workers: int | None = None, engine: str | None = None,
              wait: float = 0.0, changed: str | None = None, shards: int | None = None,
              cluster: str | None = None) -> int:
    """Build, print the summary in ``fmt``; return the exit code (0, or 1 if a document was
    left out or another build holds the index).  ``add`` and ``remove`` pass ``changed``
    (what they just did to the corpus) and ``wait``: another build running is waited for
    that long, and if it is still running they say plainly that the corpus changed and the
    next build will bring the index up to date."""
    engine = engine or current_engine(IndexLocation(index_dir))
    if shards is not None and shards != 1 and engine != "xapian":
        raise UserError(f"--shards needs --engine xapian: the {engine} engine writes one index")
    bar = None

    def on_total(total: int):
        nonlocal bar
        if total:
            # Measured in bytes of source files: they are read one at a time, so the number
            # of passages is only known at the end.
            bar = click.progressbar(length=total, label="Analyzing sources", file=sys.stderr).__enter__()

    def on_wait():
        click.echo(f"Another build is writing the index in {index_dir}; waiting up to {wait:g} s for it "
                   "to finish …", err=True)

    try:
        report = build_index(catalog, IndexLocation(index_dir), progress=lambda n: bar and bar.update(n),
                             on_total=on_total, workers=workers, engine=engine, full=full, wait=wait,
                             on_wait=on_wait, shards=shards, cluster=cluster)
    except (GlossaryError, EngineUnavailable) as exc:
        raise UserError(str(exc)) from None
    except IndexLayoutError as exc:
        raise UserError(f"the index in {index_dir} is damaged: {exc}") from None
    except GenerationProblem as exc:
        raise UserError(f"the index in {index_dir} {exc}") from None
    except IndexBusyError as exc:
        if changed:
            click.echo(f"Error: {changed}, but another build is still writing the index in {index_dir}"
                       f"{f' after {wait:g} s' if wait else ''}, so the index does not show it yet: run "
                       "'cstocorpus build' when that build is done, and it brings the index up to date.", err=True)
        else:
            click.echo(f"Error: {exc}", err=True)
        return EXIT_FAILED
    except ClusterError as exc:
        if bar is not None:  # the error on a line of its own, not after the bar
            bar.__exit__(None, None, None)
            bar = None
        click.echo(f"Error: {exc}", err=True)
        return EXIT_FAILED
    except OSError as exc:
        click.echo(f"Error: cannot write the index in {index_dir}: {exc.strerror or exc}", err=True)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _print_report(report, index_dir, engine, fmt)
    return EXIT_FAILED if report.problems else 0


def _print_report(report: BuildReport, index_dir: Path, engine: str, fmt: str) -> None:
    for problem in report.problems:
        click.echo(f"Skipped {problem}", err=True)
    for path in report.uncataloged:
        click.echo(f"Not in the catalog, not indexed: {path}", err=True)
    summary = build_summary(report, index_dir, engine)
    if fmt == "json":
        click.echo(to_json(summary))
        return
    if fmt == "csv":
        rows = [{"lang": k, "passages": v} for k, v in summary["languages"].items()]
        click.echo(rows_csv(rows, ("lang", "passages")), nl=False)
        return
    langs = ", ".join(f"{k} {v}" for k, v in summary["languages"].items())
    if report.generation is None:
        click.echo(f"The index in {index_dir} is up to date: {report.passages} passages from "
                   f"{report.documents} documents ({langs}).")
        return
    shards = f", in {report.shards} shards" if report.shards > 1 else ""
    click.echo(f"Indexed {report.passages} passages from {report.documents} documents "
               f"into {index_dir} ({langs}){shards}.")
    if report.incremental:
        click.echo(f"Incremental: {len(report.analyzed)} documents analyzed, {report.reused} unchanged, "
                   f"{len(report.removed)} removed.")
    elif report.why_full not in ("", "--full", "there was no index yet"):
        click.echo(f"Full build: {report.why_full}.")
