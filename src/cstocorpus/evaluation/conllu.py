"""Reading CoNLL-U gold files: sentences with their text, surface tokens and words.

Written here rather than taken from a library because only three columns are needed and the
surface/word distinction must be exact: a multiword token (``don't`` = ``do`` + ``n't`` in
some treebanks, ``au`` = ``à`` + ``le``) is one *surface token* for segmentation scores, but
its parts are the *words* that carry lemmas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class ConlluError(ValueError):
    """A file that is not valid CoNLL-U (the message names the file and line)."""


@dataclass(frozen=True)
class Word:
    form: str
    lemma: str
    upos: str


@dataclass(frozen=True)
class Sentence:
    sent_id: str
    text: str
    tokens: tuple[str, ...]  # surface tokens in order (a multiword token counts once)
    words: tuple[Word, ...]  # syntactic words in order
    spans: tuple[tuple[int, int], ...]  # each surface token's span in ``text``


def read_conllu(path: Path) -> list[Sentence]:
    """All sentences of ``path``; raises ``ConlluError`` on malformed lines."""
    return list(_sentences(Path(path)))


def _sentences(path: Path) -> Iterator[Sentence]:
    meta: dict[str, str] = {}
    rows: list[tuple[int, list[str]]] = []
    try:
        with path.open(encoding="utf-8-sig") as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    if rows:
                        yield _sentence(path, meta, rows)
                    meta, rows = {}, []
                elif line.startswith("#"):
                    key, sep, value = line[1:].partition("=")
                    if sep:
                        meta[key.strip()] = value.strip()
                else:
                    cols = line.split("\t")
                    if len(cols) != 10:
                        raise ConlluError(f"{path}:{lineno}: expected 10 tab-separated columns, found {len(cols)}")
                    rows.append((lineno, cols))
    except UnicodeDecodeError as exc:
        raise ConlluError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if rows:
        yield _sentence(path, meta, rows)


def _sentence(path: Path, meta: dict[str, str], rows: list[tuple[int, list[str]]]) -> Sentence:
    tokens: list[str] = []
    space_after: list[bool] = []
    words: list[Word] = []
    covered_until = 0  # last word id inside the current multiword token
    for lineno, cols in rows:
        ident = cols[0]
        if "." in ident:  # empty node: no surface, no word of the text
            continue
        no_space = "SpaceAfter=No" in cols[9].split("|")
        if "-" in ident:
            try:
                first, last = (int(x) for x in ident.split("-"))
            except ValueError:
                raise ConlluError(f"{path}:{lineno}: bad token range {ident!r}") from None
            tokens.append(cols[1])
            space_after.append(not no_space)
            covered_until = last
            continue
        try:
            number = int(ident)
        except ValueError:
            raise ConlluError(f"{path}:{lineno}: bad token id {ident!r}") from None
        words.append(Word(cols[1], cols[2], cols[3]))
        if number > covered_until:
            tokens.append(cols[1])
            space_after.append(not no_space)
    rebuilt = "".join(t + (" " if sp else "") for t, sp in zip(tokens, space_after)).rstrip()
    text = meta.get("text", rebuilt)
    spans = _locate(tokens, text)
    if spans is None:
        raise ConlluError(f"{path}: sentence {meta.get('sent_id', '?')}: tokens do not spell its text")
    return Sentence(meta.get("sent_id", ""), text, tuple(tokens), tuple(words), spans)


def _locate(tokens: list[str], text: str) -> tuple[tuple[int, int], ...] | None:
    """Spans of the tokens in ``text``, in order, skipping whitespace between them."""
    spans = []
    pos = 0
    for token in tokens:
        while pos < len(text) and text[pos].isspace() and not token[:1].isspace():
            pos += 1
        if not text.startswith(token, pos):
            return None
        spans.append((pos, pos + len(token)))
        pos += len(token)
    return tuple(spans)
