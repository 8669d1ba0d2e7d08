"""``cstocorpus add``, ``remove`` and ``list``: change the corpus, then update the index.

Each changing command holds the corpus lock while it edits the catalog, then runs the same
incremental build as ``cstocorpus build`` (``--no-build`` leaves that for later).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from .. import service
from ..build_command import run_build
from ..catalog import FORMATS, CatalogError, check_date, load_catalog
from ..cliutil import EXIT_FAILED, UserError, format_option, location_options, user_errors
from ..output import rows_csv, to_json
from ..sources import check_encoding
from ..stats.render import table
from .catalog_file import CorpusBusyError, append_entries, corpus_lock, new_entry
from .fetch import FetchError, fetch, is_url
from .ingest import AddError, NewSource, copy_source, prepare
from .listing import COLUMNS
from .removal import RemoveError, remove_document

_no_build = click.option("--no-build", is_flag=True, help="Change the catalog only; build the index later.")
_wait = click.option("--wait", type=click.FloatRange(min=0, max=24 * 3600), default=30, show_default=True,
                     metavar="SECONDS", help="If another build is writing the index, wait this long for it "
                                             "before updating the index (the catalog changes at once).")


def _catalog(corpus_dir: Path):
    try:
        return load_catalog(corpus_dir)
    except CatalogError as exc:
        raise UserError(str(exc)) from None


#: What ``add DIR`` picks up without ``--glob``: every format cstocorpus reads.
DEFAULT_GLOBS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xhtml", "*.pdf", "*.docx")


def _expand(arguments, globs) -> list[str | Path]:
    """FILE, DIR and URL arguments → the files (and URLs) to add, folders walked in name order."""
    out: list[str | Path] = []
    for arg in arguments:
        path = Path(arg)
        if is_url(arg):
            out.append(arg)
        elif path.is_dir():
            found = {p for pattern in (globs or DEFAULT_GLOBS) for p in path.rglob(pattern)
                     if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)}
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|DIR|URL...")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Files to add from a folder (repeatable, e.g. '*.pdf'); default: every format cstocorpus reads.")
@click.option("--id", "doc_id", help="Document id (one FILE only); default NNN_<sha256 prefix>.")
@click.option("--title", help="Title as in the source (default: its front matter or first line).")
@click.option("--title-en", help="English translation of the title.")
@click.option("--author", "authors", multiple=True, help="An author; repeatable.")
@click.option("--publisher")
@click.option("--url", help="Where the source was found.")
@click.option("--published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--accessed", help="Date accessed: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Language of the text (ISO 639-1), main one first; repeatable. Default: detected.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeatable.")
@click.option("--original-language", metavar="CODE", help="Language the text was translated from.")
@click.option("--machine-translated", is_flag=True, help="The text is a machine translation.")
@click.option("--translation-note", help="How the text was translated, and what to watch for.")
@click.option("--source-format", type=click.Choice(list(FORMATS)),
              help="Source format (default: detected from the bytes, the name and the front matter).")
@click.option("--encoding", help="Text encoding, e.g. cp1251, tis-620, shift_jis (default: UTF-8, "
                                 "or the legacy encoding a detector names).")
@_no_build
@_wait
@location_options
@format_option()
def add(files, globs, doc_id, title, title_en, authors, publisher, url, published, accessed, languages, tags,
        original_language, machine_translated, translation_note, source_format, encoding, no_build, wait,
        corpus_dir, index_dir, fmt):
    """Copy sources into the corpus, catalog them and update the index.

    FILE: text, Markdown, HTML, PDF or Word (.docx). DIR: every such file under it (--glob to
    choose). URL: downloaded, the bytes kept as received, the final URL and the access date
    recorded. Each source is copied byte for byte into corpus/sources/ and gets a catalog
    entry with the metadata given here; what is not given comes from the document itself
    (front matter, page metadata, PDF and Word properties) or is detected, marked so in the
    catalog. A source already in the corpus (same sha256) is reported, not added twice; one
    that cannot be read is reported in one line and the others are still added (exit 1).
    """
    sources = _expand(files, globs)
    if not sources:
        raise UserError(f"no files to add in {', '.join(map(str, files))}"
                        + (f" matching {', '.join(globs)}" if globs else ""))
    if doc_id and len(sources) > 1:
        raise UserError("--id names one document: give one FILE with it")
    try:
        published = published and check_date(published, "published")
        accessed = accessed and check_date(accessed, "accessed")
    except ValueError as exc:
        raise UserError(f"--{exc}") from None
    if encoding:
        try:
            encoding = check_encoding(encoding)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    options = dict(doc_id=doc_id, title=title, title_en=title_en, authors=authors, publisher=publisher,
                   url=url, published=published, accessed=accessed, languages=[v.lower() for v in languages],
                   tags=tags, original_language=original_language, machine_translated=machine_translated,
                   translation_note=translation_note, format=source_format, encoding=encoding)
    _catalog(corpus_dir)  # a broken catalog is a user error before anything is read
    failed = 0
    added: list[NewSource] = []
    try:
        with corpus_lock(corpus_dir), tempfile.TemporaryDirectory(prefix="cstocorpus-add-") as downloads:
            catalog = load_catalog(corpus_dir)  # as it is now that we hold the lock
            taken = {r.id for r in catalog.documents}
            for path in sources:
                these = options
                try:
                    if isinstance(path, str):
                        path, these = _download(path, options, Path(downloads))
                    new = prepare(path, catalog, taken, these)
                    if any(n.sha256 == new.sha256 for n in added):
                        raise AddError(f"{path}: the same file was given twice, added once")
                except (AddError, FetchError) as exc:
                    message = str(exc)
                    if these.get("display"):  # name the URL, not the temporary download
                        message = message.replace(str(path), these["display"])
                    click.echo(f"Not added: {message}", err=True)
                    failed += 1
                    continue
                added.append(new)
                taken.add(new.doc_id)
            for new in added:
                copy_source(new, corpus_dir)
            if added:
                catalog = append_entries(catalog, [new_entry(n.fields) for n in added])
    except CorpusBusyError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    except (AddError, CatalogError) as exc:  # the catalog is unchanged
        raise UserError(str(exc)) from None
    except OSError as exc:  # a read-only corpus, a full disk: the catalog is unchanged
        _cannot_change(corpus_dir, exc)
    for new in added:
        click.echo(f"Added {new.path} as {new.doc_id} ({new.target})", err=True)
        for note in new.notes:
            click.echo(f"  {new.doc_id}: {note}", err=True)
    if len(sources) > 1:
        click.echo(f"{len(added)} of {len(sources)} sources added"
                   + (f"; {failed} not added (above)." if failed else "."), err=True)
    code = 0
    if added and not no_build:
        code = run_build(catalog, index_dir, fmt, wait=wait,
                         changed=f"the corpus changed ({', '.join(n.doc_id for n in added)} added)")
    elif fmt == "json":
        click.echo(to_json({"added": [n.doc_id for n in added]}))
    if failed or code:
        sys.exit(EXIT_FAILED)
    return


@click.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@click.option("--delete-file", is_flag=True,
              help="Delete the source file too (default: move it to corpus/removed/).")
@_no_build
@_wait
@location_options
@format_option()
def remove(doc_ids, delete_file, no_build, wait, corpus_dir, index_dir, fmt):
    """Remove documents from the catalog and the index.

    The source file is moved to corpus/removed/, where no build looks, unless
    --delete-file is given: the corpus copy may be the only one.
    """
    _catalog(corpus_dir)
    try:
        with corpus_lock(corpus_dir):
            catalog = load_catalog(corpus_dir)
            for doc_id in doc_ids:
                catalog, moved = remove_document(catalog, doc_id, delete_file)
                where = f"; its file is now {moved}" if moved else ""
                click.echo(f"Removed {doc_id} from the catalog{where}", err=True)
    except CorpusBusyError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    except (RemoveError, CatalogError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        _cannot_change(corpus_dir, exc)
    if not no_build:
        code = run_build(catalog, index_dir, fmt, wait=wait,
                         changed=f"the corpus changed ({', '.join(doc_ids)} removed)")
        if code:
            sys.exit(code)


def _cannot_change(corpus_dir: Path, exc: OSError) -> None:
    where = f" ({exc.filename})" if exc.filename else ""
    click.echo(f"Error: cannot change the corpus in {corpus_dir}: {exc.strerror or exc}{where}", err=True)
    sys.exit(EXIT_FAILED)


@click.command("list")
@location_options
@format_option(choices=("table", "json", "csv"))
def list_documents(corpus_dir, index_dir, fmt):
    """List the corpus's documents: metadata, passages indexed, and status.

    Status: indexed; not indexed or changed since build (the next build analyzes it);
    refused (the file is missing or no longer matches its sha256; see 'problem'); or removed,
    still indexed (it left the catalog while another build ran: the next build drops it).
    """
    with user_errors():
        rows, warning = service.documents(corpus_dir, index_dir)
    if warning:
        click.echo(f"Warning: {warning}", err=True)
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        flat = [{**r, "languages": " ".join(r["languages"]), "authors": "; ".join(r["authors"])} for r in rows]
        click.echo(rows_csv(flat, COLUMNS), nl=False)
    else:
        header = ("id", "languages", "passages", "status", "title")
        body = [(r["id"], "+".join(r["languages"]), "" if r["passages"] is None else f"{r['passages']:,}",
                 r["status"], _short(r["title"], 60)) for r in rows]
        click.echo("\n".join(table(header, body, "llrll")))
        click.echo(f"\n{len(rows)} documents, {sum(r['passages'] or 0 for r in rows):,} passages indexed.")


def _download(url: str, options: dict, directory: Path) -> tuple[Path, dict]:
    """Fetch ``url``; the options for its catalog entry, with what the download told."""
    got = fetch(url, directory)
    these = dict(options)
    these["url"] = options.get("url") or got.final_url
    these["accessed"] = options.get("accessed") or got.accessed
    if got.charset and not options.get("encoding") and got.charset.replace("-", "") not in ("utf8", "usascii"):
        try:
            these["encoding"] = check_encoding(got.charset)
        except ValueError:
            pass  # a charset Python does not know: the bytes are still checked as UTF-8
    if got.content_type == "text/html" and not options.get("format"):
        these["format"] = "html"
    note = f"Downloaded from {url}"
    if got.redirects:
        note += ", redirected via " + " → ".join([*got.redirects[1:], got.final_url])
    these["download_note"] = note + f" on {got.accessed} ({got.content_type or 'no content type'})."
    these["display"] = url
    return got.path, these


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
