"""Markdown reader: YAML front matter + CommonMark body → markup-free blocks with exact lines.

Jekyll pages paste whole paragraphs from other sites, often several per list item, separated
by ``<br>`` or a bare line break, and introduce quotations with a "Link" line.  The reader
therefore splits inline content into one fragment per source line (or per ``<br>``), then
regroups fragments into blocks, and turns link-only lines into the ``source_url`` of what
follows them.

Front matter that is not valid YAML, or not a mapping of fields, refuses the file: its fields
would go into citations, so a half-read header is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cstocorpus.models import Block, ParsedDocument
from cstocorpus.sources.decoding import DocumentError
from cstocorpus.sources.detect import front_matter_end
from cstocorpus.sources.longblocks import MAX_BLOCK_CHARS, split_block

# A line ending like this closes a sentence, so the next line starts a new block.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»」』)）]*$")
# HTML elements that end a line of text when they open or close.
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "blockquote", "table", "tr", "section", "article"}
    | {f"h{n}" for n in range(1, 7)}
)
_INVISIBLE_TAGS = frozenset({"script", "style"})


#: How deep blockquotes and lists may nest (markdown-it's levels: a blockquote is one, a list
#: item two).  markdown-it silently drops whatever lies deeper than its ``maxNesting``
#: (20 in the CommonMark preset: 19 blockquotes kept their text, 20 lost it; lists kept 9
#: levels); so the limit is raised to this and anything deeper refuses the file instead
#: (``_refuse_deeper``).  Each level costs a few Python frames of markdown-it's recursion, far
#: from the interpreter's limit at 100.
MAX_NESTING = 100


class _TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _refuse_deeper(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A block rule tried first on every block: it matches nothing, but raises at the depth
    below which markdown-it would drop the text."""
    if state.level >= MAX_NESTING:
        raise _TooDeep(start_line)
    return False


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING + 1})
    md.block.ruler.before("table", "cstocorpus_depth", _refuse_deeper)
    return md


def read_markdown(text: str, path: Path) -> ParsedDocument:
    """Parse a Markdown file; block line numbers are lines of the original file.  Nothing is
    dropped: a file nested deeper than ``MAX_NESTING`` is refused, never half-read."""
    metadata, body, offset = _split_front_matter(text, path)
    try:
        tokens = _parser().parse(body)
    except _TooDeep as exc:
        raise DocumentError(path, f"blockquotes or lists are nested too deeply at line {exc.line + 1 + offset} "
                                  f"(cstocorpus reads up to {MAX_NESTING - 1} blockquotes or {MAX_NESTING // 2 - 1} "
                                  "lists inside one another): flatten them, or read the file as plain text "
                                  "(format: text in its catalog entry, --source-format text with 'cstocorpus add')"
                            ) from None
    except RecursionError:
        raise DocumentError(path, "its Markdown is nested too deeply to read: flatten it, or read the file "
                                  "as plain text (format: text)") from None
    pieces = list(_pieces(tokens, offset))
    return ParsedDocument(metadata=metadata, blocks=tuple(_blocks(pieces)), format="markdown")


def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """Return (metadata, body, number of lines before the body)."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end is None:
        return {}, text, 0
    source = "\n".join(lines[1:end])
    try:
        alias = next((e for e in yaml.parse(source, Loader=yaml.SafeLoader)
                      if isinstance(e, yaml.AliasEvent)), None)
        if alias is not None:  # "billion laughs": aliases can expand the fields exponentially
            raise DocumentError(path, f"front matter uses a YAML alias (line {alias.start_mark.line + 2}), "
                                      "which cstocorpus does not accept")
        data = yaml.safe_load(source)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""  # +2: 0-based, after the '---'
        raise DocumentError(path, f"front matter is not valid YAML{where}") from None
    except RecursionError:
        raise DocumentError(path, "front matter is not valid YAML (nested too deeply)") from None
    except (ValueError, TypeError, OverflowError) as e:  # e.g. a date like 2023-02-30
        raise DocumentError(path, f"front matter is not valid YAML ({e})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError(path, f"front matter is YAML but not a mapping of fields "
                                  f"(it is {_yaml_kind(data)}, lines 2–{end})")
    return data, "\n".join(lines[end + 1 :]), end + 1


def _yaml_kind(data: object) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, bool):
        return "a true/false value"
    if isinstance(data, int | float):
        return "a number"
    return f"a {type(data).__name__}"


@dataclass
class _Piece:
    """A block before sections and quotation sources are known."""

    kind: str
    text: str
    line_start: int
    line_end: int
    links: list[str]
    level: int = 0
    link_only: bool = False
    lines: list[int] | None = None  # file line of each line of ``text``, if they are not consecutive


@dataclass
class _Fragment:
    """The text of one source line, or of the part of it between two ``<br>``.

    Text is collected as a list of parts and joined when read: a long line may come in many
    parts, and appending to a string attribute copies it every time.
    """

    line: int
    parts: list[str] = field(default_factory=list)
    plain_parts: list[str] = field(default_factory=list)  # the parts outside links
    links: list[str] = field(default_factory=list)
    hard: bool = False  # ends with <br> or a Markdown hard break

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def plain(self) -> str:
        return "".join(self.plain_parts)

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.links

    @property
    def link_only(self) -> bool:
        return bool(self.links) and not self.plain.strip()


class _Fragments:
    """Collects text, breaks and links, from Markdown tokens or raw HTML, into fragments."""

    def __init__(self, line: int) -> None:
        self.items = [_Fragment(line)]
        self._in_link = 0

    def text(self, s: str) -> None:
        for i, part in enumerate(s.split("\n")):
            if i:
                self.newline()
            self.items[-1].parts.append(part)
            if not self._in_link:
                self.items[-1].plain_parts.append(part)

    def newline(self) -> None:
        self._next(self.items[-1].line + 1)

    def hard_break(self, newline: bool) -> None:
        self.items[-1].hard = True
        self._next(self.items[-1].line + (1 if newline else 0))

    def link_open(self, href: str | None) -> None:
        self._in_link += 1
        if href:
            self.items[-1].links.append(href)

    def link_close(self) -> None:
        self._in_link = max(0, self._in_link - 1)

    def html(self, source: str) -> None:
        parser = _HtmlFeeder(self)
        parser.feed(source)
        parser.close()

    def _next(self, line: int) -> None:
        self.items.append(_Fragment(line))


class _HtmlFeeder(HTMLParser):
    """Feeds HTML into ``_Fragments``: tags vanish, ``<a href>`` and ``<br>`` are kept as events."""

    def __init__(self, out: _Fragments) -> None:
        super().__init__(convert_charrefs=True)
        self._out = out
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for _ in range((self.get_starttag_text() or "").count("\n")):  # keep line count
            self._out.newline()
        if tag == "a":
            self._out.link_open(dict(attrs).get("href"))
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._out.hard_break(newline=False)
        elif tag in _INVISIBLE_TAGS:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._out.link_close()
        elif tag in _BLOCK_TAGS:
            self._out.hard_break(newline=False)
        elif tag in _INVISIBLE_TAGS:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._out.text(data)


def _pieces(tokens: list[Token], offset: int):
    """Yield heading and text pieces in document order."""
    list_depth = 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            list_depth += 1
        elif token.type == "list_item_close":
            list_depth -= 1
        if token.map is None:
            continue
        first = token.map[0] + 1 + offset
        kind = "list_item" if list_depth else "paragraph"
        if token.type == "heading_open":
            yield from _heading(tokens[i + 1], int(token.tag[1:]), first, token.map[1] + offset)
        elif token.type == "paragraph_open":
            yield from _segments(_inline(tokens[i + 1], first), kind)
        elif token.type == "html_block":
            frags = _Fragments(first)
            frags.html(token.content)
            yield from _segments(frags, kind)
        elif token.type in ("code_block", "fence"):
            frags = _Fragments(first + 1 if token.type == "fence" else first)  # skip the ``` line
            frags.text(token.content.rstrip("\n"))
            yield from _segments(frags, kind)


def _inline(token: Token, first: int) -> _Fragments:
    frags = _Fragments(first)
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            frags.text(child.content)
        elif child.type == "softbreak":
            frags.newline()
        elif child.type == "hardbreak":
            frags.hard_break(newline=True)
        elif child.type == "html_inline":
            frags.html(child.content)
        elif child.type == "link_open":
            frags.link_open(str(child.attrGet("href") or ""))
        elif child.type == "link_close":
            frags.link_close()
    return frags


def _heading(token: Token, level: int, first: int, last: int):
    frags = [f for f in _inline(token, first).items if not f.empty]
    if sum(len(f.text) for f in frags) > MAX_BLOCK_CHARS:  # too long to be a heading
        yield from _joined(frags, "paragraph")
        return
    text = " ".join(f.text.strip() for f in frags)
    if text:
        links = [href for f in frags for href in f.links]
        yield _Piece("heading", text, first, last, links, level=level)


def _segments(frags: _Fragments, kind: str):
    """Group fragments into blocks: a new block after ``<br>``, after a line ending a
    sentence, and around a line holding nothing but links."""
    run: list[_Fragment] = []
    for frag in frags.items:
        if frag.empty:
            continue
        if frag.link_only:
            yield from _joined(run, kind)
            run = []
            yield _Piece(kind, frag.text.strip(), frag.line, frag.line, frag.links, link_only=True)
        else:
            run.append(frag)
            if frag.hard or _SENTENCE_END.search(frag.text.rstrip()):
                yield from _joined(run, kind)
                run = []
    yield from _joined(run, kind)


def _joined(run: list[_Fragment], kind: str):
    text = "\n".join(f.text.strip() for f in run).strip()
    if text:
        links = [href for f in run for href in f.links]
        yield _Piece(kind, text, run[0].line, run[-1].line, links, lines=[f.line for f in run])


def _blocks(pieces: list[_Piece]):
    """Attach section paths and quotation sources.

    A link-only line introduces a quotation when text follows it before the next heading;
    consecutive link-only lines (a list of references) stay blocks.
    """
    path: list[tuple[int, str]] = []
    source_url: str | None = None
    for i, piece in enumerate(pieces):
        if piece.kind == "heading":
            path = [(lvl, t) for lvl, t in path if lvl < piece.level] + [(piece.level, piece.text)]
            source_url = None
        elif piece.link_only and _introduces(pieces, i):
            source_url = piece.links[0]
            continue
        yield from split_block(Block(
            kind=piece.kind,
            text=piece.text,
            line_start=piece.line_start,
            line_end=piece.line_end,
            section=tuple(t for _, t in path),
            level=piece.level,
            source_url=source_url,
            links=tuple(dict.fromkeys(piece.links)),
        ), piece.lines)


def _introduces(pieces: list[_Piece], i: int) -> bool:
    previous = pieces[i - 1] if i else None
    following = pieces[i + 1] if i + 1 < len(pieces) else None
    in_list_of_links = previous is not None and previous.link_only
    return (
        not in_list_of_links
        and following is not None
        and following.kind != "heading"
        and not following.link_only
    )
