"""Parse the query language into a syntax tree, raising only ``QuerySyntaxError``.

Syntax: words (implicitly ANDed), ``"quoted phrases"`` (also “…”, «…», 「…」), ``OR``,
``AND``, ``NOT word`` or ``-word``, ``word*`` prefixes, and parentheses.  Operators are
uppercase so that the English words "or" and "not" stay searchable.

Hand-written (a recursive-descent parser over a small lexer) because the grammar is tiny and
every failure must become one clear sentence for the user, never a library's traceback.

Hostile input is refused here, before any analyzer or engine sees it: queries over
``MAX_QUERY_CHARS`` characters or ``MAX_TERMS`` words, parentheses nested deeper than
``MAX_DEPTH``, lone surrogates (bytes that were not UTF-8, smuggled in by the OS as
U+DC80–U+DCFF), and one-letter prefixes such as ``a*`` (they expand to a large share of the
vocabulary and take seconds on a big Whoosh index; one kanji or kana is enough).  Invisible
characters are treated as ``normalize`` treats them in documents: format and control
characters are dropped from words (``ОД<soft hyphen>КБ`` finds what ``ОДКБ`` finds, and no
terminal escape reaches a message), while ZERO WIDTH SPACE separates words.  Repeated
identical words under one AND or OR are searched once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 2000
MAX_TERMS = 64
MAX_DEPTH = 16
#: Letters a prefix needs before its ``*``, unless one of them is a kanji or kana.
MIN_PREFIX_LETTERS = 2
QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "「": "」", "『": "』"}
OPERATORS = {"OR", "AND", "NOT"}


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message is meant for the user."""


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False  # ``text*``: any word starting with text


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE OR AND NOT MINUS LPAREN RPAREN
    text: str
    pos: int


def parse(text: str):
    """Return the syntax tree of ``text``; raise QuerySyntaxError with a readable reason."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS} characters")
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cs":
            raise QuerySyntaxError(f"the query holds an undecodable character at position {i + 1}; "
                                   "type it as UTF-8 text")
    tokens = _lex(text)
    if not tokens:
        raise QuerySyntaxError("the query is empty")
    if sum(t.kind in ("WORD", "PHRASE") for t in tokens) > MAX_TERMS:
        raise QuerySyntaxError(f"the query has more than {MAX_TERMS} words and phrases")
    parser = _Parser(tokens)
    tree = parser.or_expr(0)
    if parser.i < len(tokens):
        tok = tokens[parser.i]
        if tok.kind == "RPAREN":
            raise QuerySyntaxError(f"unbalanced parentheses: ')' at position {tok.pos + 1} closes nothing")
        raise QuerySyntaxError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
    _check_positive(tree)
    return tree


#: Invisible, yet a word boundary, as ``normalize`` treats it in documents.
ZERO_WIDTH_SPACE = "\u200b"


def _separator(ch: str) -> bool:
    return ch.isspace() or ch == ZERO_WIDTH_SPACE


def _invisible(ch: str) -> bool:
    """Format and control characters that are not whitespace: ``normalize`` drops them too."""
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Cc" and not ch.isspace())


def _lex(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _separator(ch) or _invisible(ch):
            i += 1
        elif ch in QUOTES:
            close = QUOTES[ch]
            j = text.find(close, i + 1)
            if j < 0:
                raise QuerySyntaxError(f"unbalanced quote: the phrase opened at position {i + 1} is never closed")
            tokens.append(_Tok("PHRASE", text[i + 1:j], i))
            i = j + 1
        elif ch == "(":
            tokens.append(_Tok("LPAREN", ch, i))
            i += 1
        elif ch == ")":
            tokens.append(_Tok("RPAREN", ch, i))
            i += 1
        elif ch == "-" and i + 1 < n and _starts_word(text[i + 1]) and (not tokens or _boundary(text, i)):
            tokens.append(_Tok("MINUS", ch, i))
            i += 1
        else:
            j = i
            while j < n and not (_separator(text[j]) or text[j] in QUOTES or text[j] in "()"):
                j += 1
            word = "".join(c for c in text[i:j] if not _invisible(c))
            tokens.append(_Tok(word if text[i:j] in OPERATORS else "WORD", word, i))
            i = j
    return tokens


def _starts_word(ch: str) -> bool:
    return not (_separator(ch) or _invisible(ch) or ch == ")")


def _boundary(text: str, i: int) -> bool:
    return i == 0 or _separator(text[i - 1]) or text[i - 1] == "("


class _Parser:
    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def or_expr(self, depth: int):
        children = [self.and_expr(depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RPAREN"):
                raise QuerySyntaxError(f"'OR' at position {tok.pos + 1} needs a word after it")
            children.append(self.and_expr(depth))
        children = list(dict.fromkeys(children))  # ``a OR a`` is ``a``
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, depth: int):
        children = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                if not children:
                    raise QuerySyntaxError(f"'AND' at position {tok.pos + 1} needs a word before it")
                self.i += 1
                nxt = self.peek()
                if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
                    raise QuerySyntaxError(f"'AND' at position {tok.pos + 1} needs a word after it")
                continue
            children.append(self.unary(depth))
        if not children:
            tok = self.peek()
            if tok is not None and tok.kind == "OR":
                raise QuerySyntaxError(f"'OR' at position {tok.pos + 1} needs a word before it")
            opened = self.tokens[self.i - 1] if self.i else None
            if opened is None or opened.kind != "LPAREN":  # only ')' can start an empty clause
                if tok is None:
                    raise QuerySyntaxError("the query is empty")
                raise QuerySyntaxError(f"unbalanced parentheses: ')' at position {tok.pos + 1} closes nothing")
            if tok is None:
                raise QuerySyntaxError(f"unbalanced parentheses: '(' at position {opened.pos + 1} is never closed")
            raise QuerySyntaxError(f"empty parentheses at position {opened.pos + 1}")
        children = list(dict.fromkeys(children))  # ``a a`` is ``a``
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, depth: int):
        tok = self.peek()
        if tok.kind in ("NOT", "MINUS"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
                raise QuerySyntaxError(f"'{tok.text}' at position {tok.pos + 1} needs a word to exclude")
            if nxt.kind in ("NOT", "MINUS"):
                raise QuerySyntaxError(f"double negation: '{tok.text}' at position {tok.pos + 1} "
                                       "is followed by another 'NOT' or '-'")
            return Not(self.unary(depth))
        return self.primary(depth)

    def primary(self, depth: int):
        tok = self.peek()
        self.i += 1
        if tok.kind == "PHRASE":
            if not tok.text.strip():
                raise QuerySyntaxError(f"the quoted phrase at position {tok.pos + 1} is empty")
            return Phrase(tok.text)
        if tok.kind == "LPAREN":
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError(f"parentheses are nested more than {MAX_DEPTH} deep")
            inner = self.or_expr(depth + 1)
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise QuerySyntaxError(f"unbalanced parentheses: '(' at position {tok.pos + 1} is never closed")
            self.i += 1
            return inner
        return _word(tok)


def _word(tok: _Tok) -> Word:
    text = tok.text
    prefix = text.endswith("*")
    stem = text.rstrip("*") if prefix else text
    if "*" in stem:
        raise QuerySyntaxError(f"'{text}': a wildcard '*' can only end a word")
    if prefix and not any(ch.isalnum() for ch in stem):
        raise QuerySyntaxError(f"'{text}': a wildcard needs at least one letter before it")
    if prefix and not _long_enough(stem):
        raise QuerySyntaxError(f"'{text}': a wildcard needs at least {MIN_PREFIX_LETTERS} letters before it "
                               "(or one kanji or kana)")
    return Word(stem, prefix)


def _long_enough(stem: str) -> bool:
    """Whether a prefix is narrow enough to search: ``MIN_PREFIX_LETTERS`` letters, digits or
    marks after NFKC (``ﬁ*`` has two), or any kanji or kana, which alone carry meaning."""
    letters = [ch for ch in unicodedata.normalize("NFKC", stem) if unicodedata.category(ch)[0] in "LNM"]
    return len(letters) >= MIN_PREFIX_LETTERS or any(_cjk(ch) for ch in letters)


def _cjk(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA"))


def _check_positive(node) -> None:
    """Refuse queries that only exclude: they would list the whole corpus."""
    if isinstance(node, Not):
        raise QuerySyntaxError("the query only excludes words; add a word to search for")
    if isinstance(node, And):
        if all(isinstance(c, Not) for c in node.children):
            raise QuerySyntaxError("the query only excludes words; add a word to search for")
        for child in node.children:
            _check_positive(child.child if isinstance(child, Not) else child)
    if isinstance(node, Or):
        for child in node.children:
            if isinstance(child, Not):
                raise QuerySyntaxError("an excluded word cannot be one side of 'OR'")
            _check_positive(child)
