"""``catalog.yaml`` as text: its header and one piece of text per document entry.

A catalog of 10,000 documents is about 10 MB of YAML; parsing it takes seconds even with
libyaml, and every command reads the catalog.  So the text is cut into its entries -- each
``documents:`` list item, from its ``- `` line to the next one -- and each entry is parsed
on its own, only when its text was not seen before (``corpus_cache`` keeps the validated
record of each entry text by its hash).  ``add`` appends an entry's text and ``remove`` cuts
one out, without re-reading the others.

The cut is made only where it is safe: the ``documents:`` key at the top level, its items in
block style at one indentation, nothing at a smaller indentation after them.  A YAML block
scalar or a multi-line string inside an entry is indented more than the entry's ``- ``, so a
line starting with ``- `` at the items' indentation always starts an item.  Anything else (a
flow-style list, other keys after the list, an alias to another entry, a syntax error) is
read as one whole document instead (``split`` returns None, or ``parse_entry`` raises
``EntryNotAlone``), with the same result and errors, only slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (with libyaml's parser when PyYAML was built with it: five times
    faster) without its timestamp type: ``published: 2024-05-01`` stays the string it is,
    and ``catalog.check_date`` says what is wrong with ``2024-02-30`` in one sentence
    instead of the parser failing on it."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_DOCUMENTS_KEY = re.compile(r"documents:[ \t]*(?:#[^\n]*)?\n")
_FIRST_CONTENT_LINE = re.compile(r"^( *)(?=[^ \t\n#])", re.MULTILINE)


class EntryNotAlone(Exception):
    """An entry's text does not parse on its own: read the catalog as one document."""


@dataclass(frozen=True)
class CatalogText:
    header: str  # everything up to the first entry: comments, other keys, ``documents:``
    entries: tuple[str, ...]  # the text of each list item, in order
    indent: int  # columns before each item's ``-``

    def join(self) -> str:
        return self.header + "".join(self.entries)


def _line_starts_of(text: str, prefix: str) -> list[int]:
    """Where lines starting with ``prefix`` start (a literal search: fast on 10 MB)."""
    found = [0] if text.startswith(prefix) else []
    i = text.find("\n" + prefix)
    while i >= 0:
        found.append(i + 1)
        i = text.find("\n" + prefix, i + 1)
    return found


def split(text: str) -> CatalogText | None:
    """The catalog's header and entries, or None where a cut would not be safe."""
    keys = [m for m in (_DOCUMENTS_KEY.match(text, i) for i in _line_starts_of(text, "documents:")) if m]
    if len(keys) != 1 or len(_line_starts_of(text, "documents:")) != 1:
        return None
    body_start = keys[0].end()
    first = _FIRST_CONTENT_LINE.search(text, body_start)
    if first is None:
        return None
    indent = len(first.group(1))
    # Only lines indented no deeper than the items matter: each must start an item.
    shallow = re.compile(rf"\n( {{0,{indent}}})(?=[^ \t\n#])")
    starts = [first.start()]
    for line in shallow.finditer(text, first.end()):
        dash = line.end()
        if len(line.group(1)) != indent or text[dash] != "-" or text[dash + 1:dash + 2] not in (" ", "\n", ""):
            return None  # another key after the list, or a flow style we do not cut
        starts.append(line.start() + 1)
    if text[first.end()] != "-" or text[first.end() + 1:first.end() + 2] not in (" ", "\n", ""):
        return None
    bounds = starts + [len(text)]
    entries = tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
    return CatalogText(text[:starts[0]], entries, indent)


def parse_header(header: str):
    """The header's YAML (``documents:`` with nothing under it reads as None)."""
    return yaml.load(header, Loader=Loader)


def parse_entry(entry: str):
    """The mapping of one entry's text; ``EntryNotAlone`` if it does not parse by itself
    (the whole catalog is then parsed instead, which gives the real error and line)."""
    try:
        data = yaml.load(entry, Loader=Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        raise EntryNotAlone from None
    if not isinstance(data, list) or len(data) != 1:
        raise EntryNotAlone
    return data[0]


def parse_whole(text: str):
    return yaml.load(text, Loader=Loader)


def indented(entry: str, indent: int) -> str:
    """An entry rendered at indentation 2 (``manage.catalog_file``), moved to ``indent``."""
    if indent == 2:
        return entry
    lines = entry.splitlines(keepends=True)
    if indent > 2:
        return "".join(" " * (indent - 2) + line if line.strip() else line for line in lines)
    cut = 2 - indent
    return "".join(line[cut:] if line[:cut].isspace() else line for line in lines)
