"""The data that flows through the pipeline, one type per stage.

source file → ``ParsedDocument`` (``Block`` list) → ``Passage`` (normalized, language-tagged)
→ ``Token`` list → index → hit.  Types are plain frozen dataclasses so that every stage is
easy to test on its own and the same corpus always gives equal values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: The corpus languages.  Anything else is tagged with the detected code or ``UNDETERMINED``.
CORPUS_LANGUAGES: tuple[str, ...] = ("ru", "th", "ja", "en")
UNDETERMINED = "und"


@dataclass(frozen=True)
class Block:
    """One unit of text found by a source reader, before normalization.

    ``text`` has no markup left (no tags, no front matter), but is otherwise as written in
    the source, so it can be shown to a reader and checked against the file.
    """

    kind: str  # "title" | "heading" | "paragraph" | "list_item"
    text: str
    line_start: int  # 1-based line of the original file where the block starts
    line_end: int  # 1-based line where it ends (inclusive)
    section: tuple[str, ...] = ()  # headings above the block; a heading includes itself
    level: int = 0  # heading level (1 = top); 0 for other blocks
    source_url: str | None = None  # URL of a quoted source a preceding link introduced
    links: tuple[str, ...] = ()  # hrefs of links inside the block


@dataclass(frozen=True)
class ParsedDocument:
    """What a reader extracted from one source file."""

    metadata: dict[str, Any]  # front matter, or {"title": ...} found in the text itself
    blocks: tuple[Block, ...]
    format: str  # "markdown" | "text"


class Token(NamedTuple):
    """A word found by an analyzer.

    A named tuple rather than a frozen dataclass: analyzers make one per word, and a tuple
    is built several times faster (``new_token``), which their speed budget needs.

    ``start``/``end`` index the text the analyzer was given; the pipeline maps them to the
    passage's original text so highlights land on what the reader sees.
    ``form`` is the surface as it appears in the (normalized) text; ``lemma`` is already the
    search key: lowercased, ``ё`` folded to ``е``.
    """

    form: str
    lemma: str
    lang: str
    start: int
    end: int


def new_token(form: str, lemma: str, lang: str, start: int, end: int) -> Token:
    """``Token(...)`` without the generated constructor's argument handling (~4x faster)."""
    return _tuple_new(Token, (form, lemma, lang, start, end))


_tuple_new = tuple.__new__


@dataclass(frozen=True)
class Passage:
    """The unit of search and citation."""

    passage_id: str
    doc_id: str
    ordinal: int  # 1-based position in the document
    kind: str  # block kind
    section: tuple[str, ...]
    text: str  # original text for display (markup removed, whitespace as written)
    norm: str  # normalized text (NFKC, width and whitespace folded) that was analyzed
    start: int  # span of ``norm`` in the normalized document text
    end: int
    line_start: int
    line_end: int
    lang: str
    source_url: str | None = None
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    #: Compounds over two or more consecutive tokens (Japanese mode C, Thai dictionary words).
    compounds: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    #: Indices of the tokens that are no word of their own (``analysis.units``).
    bound: tuple[int, ...] = field(default=(), compare=False, repr=False)
