"""Property tests (hypothesis) for the pipeline's invariants.

- normalization: every span of the normalized text maps back to original text that
  normalizes to exactly that span;
- sources → passages: every block cites the source lines its text comes from, and passage
  spans tile the normalized document text in order, without overlap;
- the query parser raises nothing but ``QuerySyntaxError``, and neither does a search;
- ingestion: ``read_document`` on any bytes returns a document or raises ``DocumentError``.

``make test`` runs the "default" settings profile (few examples, derandomized: the same
examples every run); ``make fuzz`` runs the "fuzz" profile (``HYPOTHESIS_PROFILE=fuzz``,
many more, random).  Profiles are registered in ``conftest.py``.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cstocorpus.normalize import normalize
from cstocorpus.passages import (
    PASSAGE_SEPARATOR,
    AnalyzedBlock,
    document_text,
    iter_passages,
)
from cstocorpus.query import QuerySyntaxError, parse
from cstocorpus.query.compiler import compile_query
from cstocorpus.query.parser import And, Not, Or, Phrase, Word
from cstocorpus.search import search
from cstocorpus.sources import DocumentError, read_document
from cstocorpus.sources.decoding import decode

#: Examples per property in the loaded profile; the slow properties run a share of it.
EXAMPLES = settings.default.max_examples

# -- text --------------------------------------------------------------------------------

#: Characters (and pairs) that normalization and the readers treat specially.
TRICKY = [
    "\u0301", "\u0308", "\u0e33", "\u0eb3", "\u0e34", "\u0e48", "ﬁ", "ﬂ", "Ａ", "ｶ", "ﾞ", "ﾟ",
    "ｶﾞ", "\r\n", "\r", "\n", "\t", " ", "\u3000", "\u00a0", "\u2028", "\x0b", "\x1c",
    "\u200b", "\u00ad", "\ufeff", "\u202e", "\u2060", "\x00", "\x1b", "\u00a8", "①", "㍻",
    "ё", "Ё", "ß", "İ", "\u1100", "\u1161", "가", "Å", "ǅ", "𝐀", "\ufdfa", "ﷺ", "…", "。",
]
_LETTERS = "abcxyzABCXYZабвгдеёжОДКБкоаสวัสดีความมั่นคงกำลังあいうカタカナ安全保障条約ＣＳＴＯｶﾀｶﾅ"
_MARKS = "\u0301\u0e34\u0e48\u0e33\u3099ﾞ"

any_char = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(TRICKY))
#: Text as a decoded file can hold it: no lone surrogates (hypothesis also mixes in string
#: constants it finds in the code, surrogates from the query tests among them).
any_text = st.lists(any_char, max_size=40).map(lambda chars: "".join(
    c for c in "".join(chars) if unicodedata.category(c) != "Cs"))


# -- normalization ------------------------------------------------------------------------

def _group_bounds(norm) -> list[int]:
    """Indexes where a run of normalized characters made from one original segment starts."""
    n = len(norm.text)
    return [i for i in range(n + 1)
            if i in (0, n) or (norm.starts[i], norm.ends[i]) != (norm.starts[i - 1], norm.ends[i - 1])]


@given(any_text)
def test_normalization_offsets_map_back_to_the_original(text):
    norm = normalize(text)
    n = len(norm.text)
    assert len(norm.starts) == len(norm.ends) == n and norm.original_length == len(text)
    assert norm.text == norm.text.strip() and "  " not in norm.text
    assert all(not ch.isspace() or ch == " " for ch in norm.text)
    previous = (0, 0)
    for i, (s, e) in enumerate(zip(norm.starts, norm.ends, strict=True)):
        assert 0 <= s < e <= len(text)
        assert s >= previous[0] and e >= previous[1]
        previous = (s, e)
        ch, original = norm.text[i], text[s:e]
        # each character comes from its original segment (SARA AM is kept as written)
        visible = "".join(c for c in original if not _invisible(c))
        assert ch == " " or ch in unicodedata.normalize("NFKC", visible) or ch in original, (ch, original)
    bounds = _group_bounds(norm)
    for i, a in enumerate(bounds):
        for b in bounds[i + 1:i + 4] + ([n] if a == 0 and n else []):
            if norm.text[a] == " " or norm.text[b - 1] == " ":
                continue
            s, e = norm.to_original(a, b)
            assert normalize(text[s:e]).text == norm.text[a:b], (a, b, text[s:e])
    for a in (0, n):  # empty spans map to a position inside the original
        s, e = norm.to_original(a, a)
        assert s == e and 0 <= s <= len(text)


def _invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Cc" and not ch.isspace())


@given(any_text)
def test_normalization_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


def test_invisible_character_before_a_combining_mark():
    """Found by ``make fuzz``: the mark must still compose with its letter."""
    assert normalize("A\x1b\u0300").text == "\u00c0"
    assert normalize("e\u200b\u0301").text == "\u00e9"


# -- sources → passages -------------------------------------------------------------------

_SAFE_PUNCT = ",;:.!?()\"'«»「」。"
_word = st.text(st.sampled_from(_LETTERS + "0123456789" + _MARKS), min_size=1, max_size=10).filter(
    lambda w: not unicodedata.combining(w[0]) and w[0] not in "0123456789ﾞ")
_sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_word, min_size=1, max_size=14),
    st.sampled_from(["", "", ".", "!", "?", "…", "。", ":", ";", ",", '."', "»"]),
)
_tricky_inline = st.sampled_from(["\u200b", "\u00ad", "ﬁ", "Ａ", "ｶﾞ", "\u0301", "①", "\u00a0", "  "])
#: A sentence, perhaps with an invisible, compatibility or combining character inside.
_line = st.builds(lambda s, extra, pos: s[:pos] + extra + s[pos:], _sentence,
                  st.one_of(st.just(""), _tricky_inline), st.integers(1, 30))


def _plain_line():
    return st.one_of(
        _line,
        _line.map(lambda s: "- " + s),
        _line.map(lambda s: "• " + s),
        st.builds(lambda n, s: f"{n}. {s}", st.integers(1, 120), _line),
        st.just(""), st.just(""), st.just("   "), st.just("\t"),
        st.lists(_sentence, min_size=3, max_size=12).map(" ".join),  # a long paragraph
        any_text.map(lambda t: t.replace("\n", " ").replace("\r", " ")),
    )


plain_documents = st.builds(
    lambda lines, newline: newline.join(lines),
    st.lists(_plain_line(), min_size=1, max_size=14),
    st.sampled_from(["\n", "\r\n"]),
)


def _md_block():
    return st.one_of(
        st.builds(lambda level, s: "#" * level + " " + s, st.integers(1, 6), _line),
        st.lists(_line, min_size=1, max_size=4).map("\n".join),  # a paragraph, soft breaks
        st.lists(_line, min_size=1, max_size=4).map(lambda items: "\n".join("- " + i for i in items)),
        st.lists(_line, min_size=1, max_size=3).map(lambda items: "\n".join(f"{k}. {i}" for k, i in enumerate(items, 1))),
        st.lists(_line, min_size=2, max_size=3).map("  \n".join),  # hard breaks
        st.lists(_line, min_size=2, max_size=3).map("<br>".join),
    )


markdown_documents = st.builds(
    lambda front, blocks: front + "\n\n".join(blocks) + "\n",
    st.sampled_from(["", "---\ntitle: t\n---\n", "---\n---\n"]),
    st.lists(_md_block(), min_size=1, max_size=8),
)

_TMP = Path(tempfile.mkdtemp(prefix="cstocorpus-properties-"))


def _read(text: str, suffix: str):
    """The parsed document and the decoded text its line numbers refer to."""
    path = _TMP / f"doc{suffix}"
    path.write_bytes(text.encode("utf-8"))
    try:
        return read_document(path), decode(path.read_bytes(), path)
    except DocumentError:
        assume(False)  # e.g. a document of blank lines only: refused, and rightly


def _check_blocks_cite_their_lines(parsed, decoded: str) -> None:
    """Each block's text, line by line, is on the lines it cites (of the decoded text: newlines
    folded, control characters turned into spaces, one for one)."""
    lines = decoded.split("\n")
    previous_start = 1
    for block in parsed.blocks:
        assert 1 <= block.line_start <= block.line_end <= len(lines), block
        assert block.line_start >= previous_start, "blocks out of order"
        previous_start = block.line_start
        assert block.text and block.text == block.text.strip()
        line = block.line_start
        for piece in block.text.split("\n"):  # each line of the block is on a cited line, in order
            while line <= block.line_end and piece not in lines[line - 1]:
                line += 1
            assert line <= block.line_end, (piece, block.line_start, block.line_end, lines)


def _cheap_analysis(blocks):
    """What ``analyze_block`` gives, minus language and tokens: spans do not depend on them."""
    for block in blocks:
        norm = normalize(block.text).text
        yield AnalyzedBlock(norm, "und", (), ()) if norm else None


def _check_passages_tile_the_document(parsed, passages) -> None:
    kept = [b for b in parsed.blocks if normalize(b.text).text]
    assert [p.text for p in passages] == [b.text for b in kept]
    assert [p.ordinal for p in passages] == list(range(1, len(passages) + 1))
    assert len({p.passage_id for p in passages}) == len(passages)
    doc = document_text(passages)
    position = 0
    for p in passages:
        assert p.start == position and p.end == p.start + len(p.norm)
        assert doc[p.start:p.end] == p.norm == normalize(p.text).text
        position = p.end + len(PASSAGE_SEPARATOR)
    assert (position - len(PASSAGE_SEPARATOR) if passages else 0) == len(doc)


def _check_passages_cover_the_document(text: str, suffix: str) -> None:
    parsed, decoded = _read(text, suffix)
    _check_blocks_cite_their_lines(parsed, decoded)
    passages = list(iter_passages("doc", parsed.blocks, _cheap_analysis(parsed.blocks)))
    _check_passages_tile_the_document(parsed, passages)


@given(plain_documents)
def test_plain_text_passages_cover_the_document_and_cite_their_lines(text):
    _check_passages_cover_the_document(text, ".txt")


@settings(max_examples=max(30, EXAMPLES // 2))
@given(markdown_documents)
def test_markdown_passages_cover_the_document_and_cite_their_lines(text):
    _check_passages_cover_the_document(text, ".md")


@settings(max_examples=max(15, EXAMPLES // 20))
@given(st.one_of(plain_documents.map(lambda t: (t, ".txt")), markdown_documents.map(lambda t: (t, ".md"))))
def test_analyzed_passages_and_their_tokens_map_back(doc):
    """With the real analyzers: the same tiling, and every token's offsets land on original
    text that normalizes to (a text containing) the token's form."""
    text, suffix = doc
    parsed, _ = _read(text, suffix)
    passages = list(iter_passages("doc", parsed.blocks))
    _check_passages_tile_the_document(parsed, passages)
    for p in passages:
        previous = 0
        for t in p.tokens:
            assert previous <= t.start < t.end <= len(p.text), (t, p.text)
            previous = t.start
            assert t.form in normalize(p.text[t.start:t.end]).text, (t, p.text[t.start:t.end])


# -- ingestion ----------------------------------------------------------------------------

_front_matter_bits = st.sampled_from([
    "title: x", "tags: [a, b]", "a: 1", "- x", "[", "{", ":", "? x", "&a x", "*a", "!!binary x",
    "x: |\n  y", "'", '"', "\t", "%YAML 1.2", "---", "...", "date: 2024-01-02", "n: .nan",
])
structured_bytes = st.one_of(
    st.binary(max_size=200),
    any_text.map(lambda t: t.encode("utf-8")),
    any_text.map(lambda t: t.encode("utf-16")),
    any_text.map(lambda t: t.encode("utf-8-sig")),
    st.builds(lambda bits, body: ("---\n" + "\n".join(bits) + "\n---\n" + body).encode("utf-8"),
              st.lists(_front_matter_bits, max_size=5), any_text),
    markdown_documents.map(lambda t: t.encode("utf-8")),
    st.builds(lambda head, tail: head + tail, st.sampled_from([b"<html>", b"<?xml", b"%PDF-", b"PK\x03\x04",
                                                                b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
              st.binary(max_size=60)),
)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@given(data=structured_bytes)
def test_read_document_raises_only_document_error(suffix, data):
    path = _TMP / f"bytes{suffix}"
    path.write_bytes(data)
    try:
        parsed = read_document(path)
    except DocumentError as e:
        assert str(e).startswith(str(path)) and "\n" not in e.reason
        return
    assert parsed.blocks
    text_lines = data.count(b"\n") + 1 if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    for block in parsed.blocks:
        assert block.text.strip() and 1 <= block.line_start <= block.line_end
        if text_lines is not None:
            assert block.line_end <= text_lines + data.count(b"\r")


@pytest.mark.parametrize("front_matter", ["date: 2023-02-30", "a: " + "[" * 600])
def test_front_matter_yaml_can_fail_other_ways(front_matter):
    """Found while writing these properties: YAML raises more than ``yaml.YAMLError``."""
    path = _TMP / "front.txt"
    path.write_text(f"---\n{front_matter}\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError):
        read_document(path)


# -- queries ------------------------------------------------------------------------------

_query_token = st.one_of(
    st.sampled_from(['"', "“", "”", "„", "«", "»", "「", "」", "(", ")", "AND", "OR", "NOT", "*", "-",
                     "~", ":", "^", "\\", "|", "?", "\x00", "\u200b", "\u202e", "\udcff"]),
    _word, _word.map(lambda w: w + "*"), _word.map(lambda w: "-" + w),
    st.sampled_from(["ОДКБ", "CSTO", "безопасн", "安全保障", "ความมั่นคง", "Армения", "a", "or", "not"]),
)
grammar_queries = st.lists(st.tuples(_query_token, st.sampled_from([" ", "", " ", "  "])), max_size=16).map(
    lambda parts: "".join(tok + sep for tok, sep in parts))
arbitrary_queries = st.text(st.characters(exclude_categories=()), max_size=60)


def _check_tree(node, depth=0) -> None:
    assert depth < 100
    if isinstance(node, (Word, Phrase)):
        assert node.text.strip()
    elif isinstance(node, Not):
        _check_tree(node.child, depth + 1)
    else:
        assert isinstance(node, (And, Or)) and len(node.children) >= 2
        assert not all(isinstance(c, Not) for c in node.children)
        for child in node.children:
            _check_tree(child, depth + 1)


@given(st.one_of(arbitrary_queries, grammar_queries))
def test_parser_raises_only_its_own_error(text):
    try:
        tree = parse(text)
    except QuerySyntaxError as e:
        message = str(e)
        assert message and "\n" not in message and "Traceback" not in message
        assert not any(_invisible(c) or unicodedata.category(c) == "Cs" for c in message), message
        return
    assert not isinstance(tree, Not)
    _check_tree(tree)


@settings(max_examples=max(30, EXAMPLES // 10))
@given(st.one_of(grammar_queries, arbitrary_queries))
def test_compiling_raises_only_query_syntax_error(corpus_index, text):
    try:
        compile_query(parse(text), corpus_index.glossary)
    except QuerySyntaxError:
        pass


@settings(max_examples=max(20, EXAMPLES // 20))
@given(grammar_queries)
def test_search_raises_only_query_syntax_error(engine_index, text):
    try:
        result = search(engine_index, text, limit=5)
    except QuerySyntaxError:
        return
    assert result.total >= len(result.hits)
