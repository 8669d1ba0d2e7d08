"""The catalog: citation metadata for every source file, read from ``corpus/catalog.yaml``.

The catalog is the single place a citation comes from.  It is validated strictly on load
(ids that are safe as names, files that stay inside the corpus, dates in ISO form) because
a wrong citation in a thesis is worse than a refused build.  Every problem is a
``CatalogError`` of one sentence naming the file, the entry and the field; YAML's own date
type is switched off (``2024-02-30`` unquoted would otherwise fail inside the YAML parser),
and dates are checked here as real calendar dates instead (``check_date``).
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from . import catalog_text
from .corpus_cache import CorpusCache, text_key

CATALOG_NAME = "catalog.yaml"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_FIELDS = ("published", "accessed")
_LANG = re.compile(r"^[a-z]{2,3}$")
_STRING_FIELDS = (
    "title", "title_en", "publisher", "url", "published", "accessed", "original_language",
    "translation_note", "rights_note", "notes", "format", "encoding",
)
#: Source formats a catalog entry may name (empty: detected from the file).
FORMATS = ("markdown", "text", "html", "pdf", "docx")
_LIST_FIELDS = ("languages", "authors", "tags")


class CatalogError(Exception):
    """The catalog cannot be read or an entry is invalid; the message names which."""


@dataclass(frozen=True)
class DocumentRecord:
    """Citation metadata of one source document.  Empty strings mean "unknown"."""

    id: str
    file: str
    sha256: str
    format: str = ""
    encoding: str = ""  # empty: UTF-8 or UTF-16 with BOM; else a codec name, e.g. cp1251
    title: str = ""
    title_en: str = ""
    languages: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    publisher: str = ""
    url: str = ""
    published: str = ""
    accessed: str = ""
    tags: tuple[str, ...] = ()
    original_language: str = ""
    machine_translated: bool = False
    translation_note: str = ""
    rights_note: str = ""
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON values (tuples as lists), ``extra`` left out.  Written out
        rather than ``dataclasses.asdict``, which deep-copies and is slow for 10,000 records."""
        data = {name: getattr(self, name) for name in _FIELDS if name != "extra"}
        for i in _TUPLE_FIELDS:
            data[_FIELDS[i]] = list(data[_FIELDS[i]])
        return data


@dataclass(frozen=True)
class Catalog:
    root: Path  # the corpus directory
    documents: tuple[DocumentRecord, ...]
    #: The catalog's text cut into entries (``catalog_text``), when it could be: ``add`` and
    #: ``remove`` then edit one entry's text instead of rewriting the whole file.
    text: catalog_text.CatalogText | None = field(default=None, compare=False, repr=False)

    def path_of(self, record: DocumentRecord) -> Path:
        return self.root / record.file

    def get(self, doc_id: str) -> DocumentRecord | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    @property
    def cache(self) -> CorpusCache:
        return CorpusCache.of(self.root)


#: The catalog's YAML loader (safe, no timestamp type: see ``catalog_text.Loader``), for the
#: other files that hold dates (filters, subcorpora.yaml).
_Loader = catalog_text.Loader

#: DocumentRecord's fields in order, which of them hold tuples, and where ``extra`` is.
_FIELDS = tuple(f.name for f in fields(DocumentRecord))
_EXTRA = _FIELDS.index("extra")
_TUPLE_FIELDS = tuple(i for i, f in enumerate(fields(DocumentRecord)) if f.default == ())


def check_date(value: str, name: str, today: dt.date | None = None) -> str:
    """``value`` as a valid ISO 8601 calendar date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
    (a partial date says only what is known); ``ValueError`` with one sentence otherwise.
    ``name`` is the field ("published", "accessed"); an access date cannot be in the future."""
    value = value.strip()
    m = _DATE.fullmatch(value)
    if not m:
        raise ValueError(f"{name} {value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601)")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{name} {value!r} is not a real date: there is no month {month}")
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise ValueError(f"{name} {value!r} is not a real date: {calendar.month_name[month]} {year} "
                             f"has {days} days")
    if year < 1:
        raise ValueError(f"{name} {value!r} is not a real date: there is no year 0")
    normalized = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    if name == "accessed":
        today = today or dt.date.today()
        earliest = dt.date(year, month or 1, day or 1)
        if earliest > today:
            raise ValueError(f"accessed {value!r} is in the future (today is {today.isoformat()})")
    return normalized


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_catalog(corpus_dir: Path) -> Catalog:
    """Read and validate ``corpus_dir/catalog.yaml``."""
    path = corpus_dir / CATALOG_NAME
    if not corpus_dir.is_dir():
        raise CatalogError(f"corpus directory {corpus_dir} does not exist")
    if not path.is_file():
        raise CatalogError(f"{path} is missing: the corpus needs a catalog of its sources")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path} is not UTF-8 text (invalid byte at {exc.start})") from None
    except OSError as exc:
        raise CatalogError(f"{path} cannot be read ({exc.strerror or exc})") from None
    return parse_catalog(text, corpus_dir)


def parse_catalog(text: str, corpus_dir: Path) -> Catalog:
    """Validate the text of ``corpus_dir``'s catalog.  Entries whose text was validated
    before come from the cache (``corpus_cache``); only new and edited ones are parsed."""
    cache = CorpusCache.of(corpus_dir)
    path = corpus_dir / CATALOG_NAME
    pieces = catalog_text.split(text)
    records = None
    if pieces is not None:
        try:
            records = _entry_records(pieces, corpus_dir, path, cache)
        except catalog_text.EntryNotAlone:
            records = None
    if records is None:
        records = [_record(entry, corpus_dir, f"{path}, entry {number}")
                   for number, entry in enumerate(_whole(text, path), start=1)]
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise CatalogError(f"{path}: document id {record.id!r} appears twice")
        seen.add(record.id)
    cache.save()
    return Catalog(corpus_dir, tuple(records), pieces)


def _whole(text: str, path: Path) -> list:
    """The entries of the catalog parsed as one YAML document."""
    try:
        data = catalog_text.parse_whole(text)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise CatalogError(f"{path} is not valid YAML{where}") from None
    entries = (data or {}).get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path} must have a 'documents:' list")
    return entries


def _entry_records(pieces: catalog_text.CatalogText, corpus_dir: Path, path: Path,
                   cache: CorpusCache) -> list[DocumentRecord]:
    try:
        header = catalog_text.parse_header(pieces.header)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        raise catalog_text.EntryNotAlone from None
    if not isinstance(header, dict) or header.get("documents", "") is not None:
        raise catalog_text.EntryNotAlone
    records = []
    for number, entry in enumerate(pieces.entries, start=1):
        key = text_key(entry)
        cached = cache.record(key)
        if cached is not None:
            records.append(_from_cache(cached))
            continue
        record = _record(catalog_text.parse_entry(entry), corpus_dir, f"{path}, entry {number}")
        cache.put_record(key, _to_cache(record))
        records.append(record)
    return records


def _to_cache(record: DocumentRecord) -> list:
    """The record as JSON values, in field order (``extra`` made JSON: dates become text)."""
    values = [getattr(record, name) for name in _FIELDS]
    values[_EXTRA] = json.loads(json.dumps(values[_EXTRA], default=str))
    return values


def _from_cache(values: list) -> DocumentRecord:
    values = list(values)
    for i in _TUPLE_FIELDS:
        values[i] = tuple(values[i])
    return DocumentRecord(*values)


def _record(entry: Any, corpus_dir: Path, where: str) -> DocumentRecord:
    try:
        return _checked_record(entry, corpus_dir, where)
    except CatalogError:
        raise
    except (ValueError, TypeError, OSError) as exc:  # e.g. a NUL byte in a path
        raise CatalogError(f"{where} cannot be read ({exc})") from None


def _checked_record(entry: Any, corpus_dir: Path, where: str) -> DocumentRecord:
    if not isinstance(entry, dict):
        raise CatalogError(f"{where} is not a mapping")
    doc_id = str(entry.get("id") or "")
    if not _ID.match(doc_id):
        raise CatalogError(
            f"{where}: id {doc_id!r} must be letters, digits, '.', '_' or '-' (no paths)"
        )
    file = str(entry.get("file") or "")
    resolved = (corpus_dir / file).resolve()
    if not file or corpus_dir.resolve() not in resolved.parents:
        raise CatalogError(f"{where} ({doc_id}): file {file!r} must be a path inside the corpus")
    sha = str(entry.get("sha256") or "")
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise CatalogError(f"{where} ({doc_id}): sha256 must be 64 lowercase hex digits")

    values: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = entry.get(name)
        values[name] = "" if value is None else str(value).strip()
    for name in _LIST_FIELDS:
        value = entry.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise CatalogError(f"{where} ({doc_id}): {name} must be a list")
        values[name] = tuple(str(v).strip() for v in value if str(v).strip())
    for name in DATE_FIELDS:
        if values[name]:
            try:
                values[name] = check_date(values[name], name)
            except ValueError as exc:
                raise CatalogError(f"{where} ({doc_id}): {exc}") from None
    for lang in values["languages"] + ((values["original_language"],) if values["original_language"] else ()):
        if not _LANG.match(lang):
            raise CatalogError(f"{where} ({doc_id}): {lang!r} is not a language code like 'ru'")
    if values["format"] not in ("", *FORMATS):
        raise CatalogError(f"{where} ({doc_id}): format {values['format']!r} is not one of {', '.join(FORMATS)}")
    if values["encoding"]:
        try:
            codecs.lookup(values["encoding"])
        except LookupError:
            raise CatalogError(
                f"{where} ({doc_id}): encoding {values['encoding']!r} is not a known codec") from None

    machine_translated = entry.get("machine_translated", False)
    if machine_translated is None:
        machine_translated = False
    if not isinstance(machine_translated, bool):  # "false" in quotes is a string, and truthy
        raise CatalogError(f"{where} ({doc_id}): machine_translated must be true or false without quotes, "
                           f"not {machine_translated!r}")
    known = {"id", "file", "sha256", "machine_translated", *_STRING_FIELDS, *_LIST_FIELDS}
    extra = {k: v for k, v in entry.items() if k not in known}
    return DocumentRecord(
        id=doc_id,
        file=file,
        sha256=sha,
        machine_translated=machine_translated,
        extra=extra,
        **values,
    )
