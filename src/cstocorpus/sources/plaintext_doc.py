"""Plain-text reader: a title line, then paragraphs and headings guessed from their shape.

The text sources are reference articles saved one paragraph per line, their headings kept
as short lines of their own.  Machine-translated Thai rarely ends a sentence with a stop,
so when a document barely uses sentence punctuation a heading must also be shorter.
A first line too long for a title (a file that is one long line) is a paragraph.

Read as their author wrote them (our own rules: no library reads the shape of plain text):
- In a text whose paragraphs are separated by blank lines, the lines between two blank
  lines are one paragraph (a sentence broken across two lines is one passage), unless they
  are a list (markers, numbers, or ``label: value`` lines) or each ends a sentence.
- A short line that is a sentence is not a heading: in Thai, one with a copula (``เป็น``,
  ``คือ``) after its subject (``คณะมนตรีความมั่นคงร่วม (CSC)เป็นองค์สูงสุดขององค์กร``).
- Several reference articles run together: where a paragraph opens with a full date at
  least 20 years before the latest year of the section it would fall in (the chronology
  starts again), a new article without a heading begins, and its passages have no section
  rather than the previous article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cstocorpus.models import Block, ParsedDocument
from cstocorpus.sources.longblocks import split_block

_CLOSERS = "\"'”’»」』)）"
_SENTENCE_END = ".!?…。！？"
_NOT_HEADING_END = _SENTENCE_END + ";:,；：，、"
_LIST_MARKERS = ("- ", "• ")
_NUMBERED = re.compile(r"\d{1,3}\.\s")

MAX_HEADING = 100
#: A paragraph opening with a date this many years before the section's latest year starts a new article.
CHRONOLOGY_RESET_YEARS = 20
_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|January|February|March|April|May|June|July|August|September|October|November|December"
)
# A full date: day, month and year (Thai, Russian, English; Japanese 1992年5月15日).
_FULL_DATE = re.compile(rf"\b\d{{1,2}}\s*(?:{_MONTHS})\s*(?:พ\.ศ\.\s*)?(\d{{4}})|(\d{{4}})年\d{{1,2}}月\d{{1,2}}日",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|24[4-9]\d|25\d\d|26[0-4]\d)(?!\d)")
# A Thai copula after the subject: the line says something, it does not name a section.
_THAI_COPULA = re.compile(r"[\s)\]\"”](?:เป็น|คือ)\S")
_LABEL_LINE = re.compile(r"^[^:：]{1,40}[:：]\s*\S")
#: A longer first line is not a title (the seeds' is 74 characters).
MAX_TITLE = 300
# Heading limit when punctuation tells nothing: the Thai seed's headings are ≤ 57
# characters, while its unpunctuated one-line sentences start at about 70.
MAX_HEADING_UNPUNCTUATED = 60
# Hard wrapping fills lines: every line but the last is at least this share of the longest.
_WRAP_FILL = 0.5


@dataclass
class _Chunk:
    """A candidate block: one line, or a hard-wrapped run of lines."""

    lines: list[str]
    start: int  # 1-based line numbers
    end: int
    opens: bool  # first after a blank line or the title

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_text(text: str) -> ParsedDocument:
    """Split plain text into a title block, headings and paragraphs with exact line ranges."""
    runs = _runs(text.split("\n"))
    (title_line, title), *rest = runs[0]
    if len(title) > MAX_TITLE:
        title_blocks: tuple[Block, ...] = ()
    else:
        runs[0] = rest
        title_blocks = (Block(kind="title", text=title, line_start=title_line, line_end=title_line),)
    blank_separated = len(runs) >= 3
    chunks = [chunk for run in runs if run for chunk in _chunks(run, blank_separated)]
    return ParsedDocument(
        metadata={"title": title} if title_blocks else {},
        blocks=(*title_blocks, *(piece for b in _blocks(chunks) for piece in split_block(b))),
        format="text",
    )


def _runs(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines as (1-based line number, stripped text)."""
    runs: list[list[tuple[int, str]]] = []
    previous_blank = True
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped:
            if previous_blank:
                runs.append([])
            runs[-1].append((number, stripped))
        previous_blank = not stripped
    return runs


def _chunks(run: list[tuple[int, str]], blank_separated: bool = False) -> list[_Chunk]:
    texts = [text for _, text in run]
    if len(run) > 1 and _list_like(texts):
        return [_Chunk([text], n, n, opens=i == 0) for i, (n, text) in enumerate(run)]
    if _hard_wrapped(texts):
        return [_Chunk(texts, run[0][0], run[-1][0], opens=True)]
    if blank_separated and len(run) > 1 and not _list_like(texts) and \
            not all(_ends(line, _SENTENCE_END) for line in texts[:-1]):
        # the author separates paragraphs with blank lines: these lines are one paragraph,
        # unless the first is a short heading directly above its text
        first, rest = run[0], run[1:]
        if len(first[1]) <= MAX_HEADING_UNPUNCTUATED and not _ends(first[1], _NOT_HEADING_END) \
                and len(rest[0][1]) > 2 * len(first[1]):
            return [_Chunk([first[1]], first[0], first[0], opens=True),
                    _Chunk([text for _, text in rest], rest[0][0], rest[-1][0], opens=False)]
        return [_Chunk(texts, run[0][0], run[-1][0], opens=True)]
    return [_Chunk([text], n, n, opens=i == 0) for i, (n, text) in enumerate(run)]


def _list_like(lines: list[str]) -> bool:
    """Lines of a list: markers, numbers, or ``label: value`` on every line."""
    return all(line.startswith(_LIST_MARKERS) or _NUMBERED.match(line) or _LABEL_LINE.match(line)
               for line in lines)


def _hard_wrapped(lines: list[str]) -> bool:
    """Several short, filled lines that mostly do not end a sentence: one wrapped paragraph."""
    if len(lines) < 2 or max(map(len, lines)) > MAX_HEADING:
        return False
    widest = max(map(len, lines))
    filled = all(len(line) >= _WRAP_FILL * widest for line in lines[:-1])
    open_ended = sum(not _ends(line, _SENTENCE_END) for line in lines)
    return filled and open_ended * 2 > len(lines)


def _ends(text: str, marks: str) -> bool:
    """Whether the last character before any closing quotes or brackets is one of ``marks``."""
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in marks


def _numbered(chunk: _Chunk) -> bool:
    return bool(_NUMBERED.match(chunk.text))


def _years(text: str) -> list[int]:
    """Years named in ``text``, Buddhist-era years (พ.ศ. 2535) as common-era ones."""
    return [y - 543 if y > 2400 else y for y in map(int, _YEAR.findall(text))]


def _opening_year(text: str) -> int | None:
    """The year of a full date near the start of a paragraph, if it opens with one."""
    m = _FULL_DATE.search(text, 0, 120)
    if not m:
        return None
    year = int(m.group(1) or m.group(2))
    return year - 543 if year > 2400 else year


def _blocks(chunks: list[_Chunk]):
    headings = _headings(chunks, _heading_limit(chunks))
    level_one: str | None = None
    section: tuple[str, ...] = ()
    latest, paragraphs = 0, 0  # the latest year named in the current section, and its paragraphs
    for chunk, is_heading in zip(chunks, headings, strict=True):
        level = 0
        if is_heading:
            level = 2 if _numbered(chunk) and level_one is not None else 1
            if level == 1:
                level_one = chunk.text
            section = (level_one, chunk.text) if level == 2 else (chunk.text,)
            latest, paragraphs = 0, 0
        else:
            opening = _opening_year(chunk.text)
            if section and paragraphs >= 5 and opening and opening <= latest - CHRONOLOGY_RESET_YEARS:
                section, level_one, latest, paragraphs = (), None, 0, 0  # a new article, untitled
            paragraphs += 1
            latest = max([latest, *_years(chunk.text)])
        yield Block(
            kind="heading" if is_heading else "paragraph",
            text=chunk.text,
            line_start=chunk.start,
            line_end=chunk.end,
            section=section,
            level=level,
        )


def _heading_limit(chunks: list[_Chunk]) -> int:
    """Shorter headings only where long paragraphs mostly lack a closing stop."""
    long = [c for c in chunks if len(c.text) > MAX_HEADING]
    stopped = sum(_ends(c.text, _SENTENCE_END) for c in long)
    return MAX_HEADING if not long or stopped * 2 >= len(long) else MAX_HEADING_UNPUNCTUATED


def _headings(chunks: list[_Chunk], limit: int) -> list[bool]:
    """A short, unpunctuated line opening a paragraph run is a heading if body text follows.

    Decided back to front, so that a heading directly followed by a numbered subheading
    (``1. …``) also counts.
    """
    candidate = [_candidate(c, limit) for c in chunks]
    result = [False] * len(chunks)
    for i in range(len(chunks) - 2, -1, -1):
        if not candidate[i]:
            continue
        chunk, following = chunks[i], chunks[i + 1]
        body = not candidate[i + 1] and len(following.text) > len(chunk.text) and (
            len(following.lines) > 1
            or len(following.text) > limit
            or _ends(following.text, _SENTENCE_END)
            or bool(_THAI_COPULA.search(following.text))
        )
        subheading = result[i + 1] and _numbered(following) and not _numbered(chunk)
        result[i] = body or subheading
    return result


def _candidate(chunk: _Chunk, limit: int) -> bool:
    text = chunk.text
    return (
        chunk.opens
        and len(chunk.lines) == 1
        and len(text) <= (MAX_HEADING if _numbered(chunk) else limit)
        and not _ends(text, _NOT_HEADING_END)
        and not text.startswith(_LIST_MARKERS)
        and (_numbered(chunk) or not _THAI_COPULA.search(text))
    )
