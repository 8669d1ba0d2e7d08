"""Named subcorpora: ``corpus/subcorpora.yaml``, so that a comparison can be repeated, reviewed
and cited (``--subcorpus mfa-statements``).

The file maps each name to the same filters the command line has, spelled as the options
are (``lang``, ``doc``, ``from``, ``to``, ``author``, ``tag``, ``kind``), plus a
``description``::

    subcorpora:
      mfa-statements:
        description: Foreign-ministry statements quoted in the Japanese page
        lang: [ru]
        doc: [000_3d49c9bf8a994c0c]

It is read with ``yaml.safe_load`` and checked strictly; every problem is one sentence that
names the file, the subcorpus and the key.  Whether the values exist in the index (a
document id, a tag) is checked when the subcorpus is used, against that index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..catalog import _Loader as DateKeepingLoader
from .dates import DateError, date_span
from .filters import Filters, filters

FILE_NAME = "subcorpora.yaml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: Keys of a subcorpus, each a command-line filter (``description`` aside).
LIST_KEYS = ("lang", "doc", "author", "tag", "kind")
DATE_KEYS = ("from", "to")


class SubcorpusFileError(ValueError):
    """``subcorpora.yaml`` cannot be used; the message names the file, subcorpus and key."""


@dataclass(frozen=True)
class NamedSubcorpus:
    name: str
    description: str
    filters: Filters


def load_subcorpora(corpus_dir: Path) -> dict[str, NamedSubcorpus]:
    """The subcorpora defined in ``corpus_dir/subcorpora.yaml`` (none if there is no file)."""
    path = corpus_dir / FILE_NAME
    if not path.is_file():
        return {}
    try:
        # The catalog's loader: a SafeLoader that keeps dates as written, for ``date_span`` to check.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=DateKeepingLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise SubcorpusFileError(f"{path} is not valid YAML{where}") from None
    if data is None:
        return {}
    entries = data.get("subcorpora") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise SubcorpusFileError(f"{path} must have a 'subcorpora:' mapping of names to filters")
    out = {}
    for name, spec in entries.items():
        name = str(name)
        where = f"{path}, subcorpus {name!r}"
        if not _NAME.match(name):
            raise SubcorpusFileError(f"{where}: a name is lowercase letters, digits, '-' and '_'")
        out[name] = _subcorpus(name, spec, where)
    return out


def _subcorpus(name: str, spec, where: str) -> NamedSubcorpus:
    if not isinstance(spec, dict):
        raise SubcorpusFileError(f"{where} must be a mapping of filters (lang, doc, from, to, author, tag, kind)")
    unknown = sorted(str(k) for k in spec if k not in (*LIST_KEYS, *DATE_KEYS, "description"))
    if unknown:
        raise SubcorpusFileError(f"{where}: unknown key {unknown[0]!r} (use description, "
                                 f"{', '.join(LIST_KEYS)}, from, to)")
    values: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        value = spec.get(key) or []
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise SubcorpusFileError(f"{where}: {key} must be a value or a list of values")
        values[key] = tuple(str(v) for v in value)
    dates = {}
    for key in DATE_KEYS:
        value = spec.get(key)
        text = "" if value is None else str(value).strip()
        if text:
            try:
                date_span(text, key)
            except DateError as exc:
                raise SubcorpusFileError(f"{where}: {exc}") from None
        dates[key] = text
    if not any(values.values()) and not any(dates.values()):
        raise SubcorpusFileError(f"{where} has no filter: give at least one of lang, doc, from, to, author, tag, kind")
    description = spec.get("description") or ""
    if not isinstance(description, str):
        raise SubcorpusFileError(f"{where}: description must be text")
    chosen = filters(langs=values["lang"], docs=values["doc"], date_from=dates["from"], date_to=dates["to"],
                     authors=values["author"], tags=values["tag"], kinds=values["kind"])
    return NamedSubcorpus(name, description.strip(), chosen)
