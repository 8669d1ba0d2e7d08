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
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
        data = asdict(self)
        data.pop("extra")
        for name in _LIST_FIELDS:
            data[name] = list(data[name])
        return data


@dataclass(frozen=True)
class Catalog:
    root: Path  # the corpus directory
    documents: tuple[DocumentRecord, ...]

    def path_of(self, record: DocumentRecord) -> Path:
        return self.root / record.file

    def get(self, doc_id: str) -> DocumentRecord | None:
        return next((d for d in self.documents if d.id == doc_id), None)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without its timestamp type: ``published: 2024-05-01`` stays the
    string it is, and ``check_date`` says what is wrong with ``2024-02-30`` in one sentence
    instead of the parser failing on it."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path} is not UTF-8 text (invalid byte at {exc.start})") from None
    except OSError as exc:
        raise CatalogError(f"{path} cannot be read ({exc.strerror or exc})") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise CatalogError(f"{path} is not valid YAML{where}") from None
    entries = (data or {}).get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path} must have a 'documents:' list")

    records: list[DocumentRecord] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        record = _record(entry, corpus_dir, f"{path}, entry {number}")
        if record.id in seen:
            raise CatalogError(f"{path}: document id {record.id!r} appears twice")
        seen.add(record.id)
        records.append(record)
    return Catalog(corpus_dir, tuple(records))


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

    known = {"id", "file", "sha256", "machine_translated", *_STRING_FIELDS, *_LIST_FIELDS}
    extra = {k: v for k, v in entry.items() if k not in known}
    return DocumentRecord(
        id=doc_id,
        file=file,
        sha256=sha,
        machine_translated=bool(entry.get("machine_translated", False)),
        extra=extra,
        **values,
    )
