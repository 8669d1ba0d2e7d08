"""PDF reader: the text of each page (pdfminer.six), as paragraphs that know their page.

pdfminer.six (MIT) finds the text lines and their positions; the rest is ours, because no
maintained library does it for text in four scripts: pieces of text on one baseline become
one visual line (pdfminer cuts a Thai line where a tone mark sits apart), lines become
paragraphs where the spacing, the indent or a short last line says so, larger type becomes
a heading, lines that repeat at the top or bottom of the pages (running headers, footers)
and lone page numbers are dropped, and a word hyphenated at a line end is joined again.

A PDF has no source lines to cite, so a passage's ``line_start``/``line_end`` count the
visual text lines of the PDF in reading order, every line of every page counted (dropped
headers included), and ``metadata["pages"]`` maps those lines to page labels, so that a
citation says ``p. 12`` or ``pp. 12–13``.  A PDF without a text layer (a scan) is refused.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from cstocorpus.models import Block, ParsedDocument
from cstocorpus.sources.decoding import DocumentError
from cstocorpus.sources.longblocks import split_block

#: Share of the page height at the top and at the bottom where running headers and footers sit.
_MARGIN = 0.1
_PAGE_NUMBER = re.compile(
    r"[-–—\s]*(?:(?:page|p\.|стр\.?|страница|หน้า|ページ)\s*)?\d{1,4}(?:\s*(?:/|of|из|из\s)\s*\d{1,4})?[-–—\s]*"
    r"|[-–—\s]*[ivxlcdm]{1,6}[-–—\s]*|\d{1,4}\s*(?:頁|ページ)",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…。！？:;][\"'”’»」』)）]*$")
# Scripts written without spaces between words: lines are joined without one.
_NO_SPACE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uff00-\uffef。、]")
_HYPHENATED = re.compile(r"(\w+)[-\u00ad]$")


@dataclass
class _Line:
    number: int  # 1-based visual line of the whole PDF
    page: int  # 0-based page index
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    size: float
    dropped: bool = False


def read_pdf(data: bytes, path: Path) -> ParsedDocument:
    """Paragraphs and headings of a PDF's text layer; raises ``DocumentError`` for a scan,
    an encrypted or a broken file."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pages, heights, info, labels = _layout(data)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DocumentError(path, "the PDF is encrypted with a password; save an unprotected copy first") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError) as exc:
        raise DocumentError(path, f"not a readable PDF ({type(exc).__name__}: "
                                  f"{str(exc).splitlines()[0][:120] if str(exc) else 'damaged'})") from None
    lines = [line for page in pages for line in page]
    if not any(line.text.strip() for line in lines):
        raise DocumentError(path, f"the PDF has no text layer (its {len(heights)} page(s) are images, "
                                  "as in a scan): run OCR on it first and add the result")
    _drop_running_lines(pages, heights)
    kept = [line for line in lines if not line.dropped]
    blocks = tuple(b for block in _blocks(kept) for b in split_block(block))
    if not blocks:
        raise DocumentError(path, "the PDF has no text outside its running headers and page numbers")
    first_line = {}
    for line in lines:
        first_line.setdefault(line.page, line.number)
    page_map = [[first_line.get(i, 0), labels[i]] for i in range(len(heights)) if i in first_line]
    metadata = {**_info(info), "pages": page_map}
    return ParsedDocument(metadata=metadata, blocks=blocks, format="pdf")


def _layout(data: bytes):
    """Visual lines per page, page heights, the document info and the page labels."""
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    rsrc = PDFResourceManager()
    device = PDFPageAggregator(rsrc, laparams=LAParams(char_margin=10))
    interpreter = PDFPageInterpreter(rsrc, device)
    pages: list[list[_Line]] = []
    heights: list[float] = []
    number = 0
    for index, page in enumerate(PDFPage.create_pages(document)):
        interpreter.process_page(page)
        layout = device.get_result()
        heights.append(layout.height)
        pieces = [piece for box in layout if isinstance(box, LTTextContainer)
                  for piece in (box if not isinstance(box, LTTextLine) else [box]) if isinstance(piece, LTTextLine)]
        page_lines = []
        for text, x0, x1, top, size in _baselines(pieces, layout.height):
            number += 1
            page_lines.append(_Line(number, index, text, x0, x1, top, size))
        pages.append(page_lines)
    try:
        labels = [str(label) for label in document.get_page_labels()][: len(heights)]
    except Exception:  # noqa: BLE001 - no /PageLabels (pdfminer raises its own types): page numbers
        labels = []
    labels += [str(i + 1) for i in range(len(labels), len(heights))]
    info = document.info[0] if document.info else {}
    return pages, heights, info, labels


def _baselines(pieces, height: float):
    """Pieces of text on one baseline joined left to right: (text, x0, x1, top, size)."""
    rows: list[list] = []
    for piece in sorted(pieces, key=lambda p: (-round(p.y0), p.x0)):
        text = piece.get_text().replace("\n", "")
        if not text.strip():
            continue
        sizes = [ch.size for ch in piece if hasattr(ch, "size")]
        size = statistics.median(sizes) if sizes else piece.height
        if rows and abs(rows[-1][0].y0 - piece.y0) <= max(2.0, size * 0.3):
            rows[-1].append(piece)
        else:
            rows.append([piece])
        piece._cst_text, piece._cst_size = text, size  # noqa: SLF001 - kept with the piece for the join
    for row in rows:
        row.sort(key=lambda p: p.x0)
        text = row[0]._cst_text
        for before, after in zip(row, row[1:]):
            gap = after.x0 - before.x1
            joiner = " " if gap > after._cst_size * 0.25 and not text.endswith(" ") else ""
            text += joiner + after._cst_text
        yield (" ".join(text.split()) if not _NO_SPACE.search(text) else text.strip(),
               row[0].x0, row[-1].x1, height - max(p.y1 for p in row), max(p._cst_size for p in row))


def _drop_running_lines(pages: list[list[_Line]], heights: list[float]) -> None:
    """Mark running headers and footers (the same text, numbers aside, at the top or the
    bottom of at least half the pages) and lone page numbers near the edges."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.split()).lower())

    edge: dict[str, set[int]] = {}
    for lines, height in zip(pages, heights, strict=True):
        for line in lines:
            if line.top < height * _MARGIN or line.top > height * (1 - _MARGIN):
                edge.setdefault(key(line), set()).add(line.page)
    repeated = {k for k, on in edge.items() if len(pages) >= 2 and len(on) >= max(2, len(pages) / 2)}
    for lines, height in zip(pages, heights, strict=True):
        for line in lines:
            near_edge = line.top < height * _MARGIN or line.top > height * (1 - _MARGIN)
            if near_edge and (key(line) in repeated or _PAGE_NUMBER.fullmatch(line.text.strip())):
                line.dropped = True


def _blocks(lines: list[_Line]):
    """Lines → heading and paragraph blocks; sections from the headings."""
    if not lines:
        return
    body_size = statistics.median(line.size for line in lines)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top]
    spacing = statistics.median(gaps) if gaps else body_size * 1.2
    sizes = sorted({round(line.size) for line in lines if line.size > body_size * 1.15}, reverse=True)
    section: list[tuple[int, str]] = []
    run: list[_Line] = []

    def flush():
        if run:
            text = _join([line.text for line in run], words)
            yield Block(kind="paragraph", text=text, line_start=run[0].number, line_end=run[-1].number,
                        section=tuple(t for _, t in section))
            run.clear()

    words = _hyphenated_words(lines)
    previous: _Line | None = None
    for line in lines:
        heading = line.size > body_size * 1.15 and len(line.text) <= 150
        if heading:
            yield from flush()
            level = sizes.index(round(line.size)) + 1 if round(line.size) in sizes else 1
            if previous is not None and previous.page == line.page and run == [] and section and \
                    section[-1][0] == level and previous.size == line.size and line.top - previous.top < spacing * 1.6:
                # a heading on two lines: one heading
                section[-1] = (level, _join([section[-1][1], line.text], words))
                continue
            section = [(lv, t) for lv, t in section if lv < level] + [(level, line.text)]
            yield Block(kind="heading", text=line.text, line_start=line.number, line_end=line.number,
                        section=tuple(t for _, t in section), level=level)
            previous = line
            continue
        if run and _starts_paragraph(run[-1], line, spacing, left, right):
            yield from flush()
        run.append(line)
        previous = line
    yield from flush()


def _starts_paragraph(before: _Line, line: _Line, spacing: float, left: float, right: float) -> bool:
    if line.page != before.page:
        # a page break continues the paragraph unless the last line ended one
        return _ended(before, left, right)
    gap = line.top - before.top
    if gap > spacing * 1.35 or gap < 0:
        return True
    if line.x0 - left > before.size * 1.5 and before.x0 - left <= before.size * 0.5:  # first-line indent
        return True
    return _ended(before, left, right)


def _ended(line: _Line, left: float, right: float) -> bool:
    """A short line ending a sentence (or, in unpunctuated Thai, a short line) ends a paragraph."""
    short = line.x1 < left + (right - left) * 0.8
    return short and (bool(_SENTENCE_END.search(line.text)) or bool(re.search(r"[\u0e00-\u0e7f]$", line.text)))


def _hyphenated_words(lines: list[_Line]) -> set[str]:
    """First parts of words written with a hyphen inside a line somewhere in the document
    (``военно`` of ``военно-политической``): such a part broken at a line end keeps its hyphen."""
    return {w.lower() for line in lines for w in re.findall(r"(\w+)-\w", line.text)}


def _join(texts: list[str], hyphenated: set[str]) -> str:
    """Lines of one paragraph as one text: a word broken by a hyphen at a line end is joined
    again (keeping the hyphen only where the document writes that word with one), CJK and
    Thai lines are joined without a space, others with one."""
    out = texts[0]
    for text in texts[1:]:
        m = _HYPHENATED.search(out)
        if m and text[:1].islower():
            out = (out[:-1] + ("-" if m.group(1).lower() in hyphenated else "")) + text
        elif _NO_SPACE.match(text[:1]) and _NO_SPACE.search(out[-1:]):
            out += text
        else:
            out += " " + text
    return out


def _info(info: dict) -> dict:
    """Title, authors, date, keywords and language from the PDF's document information."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    def value(name: str) -> str:
        raw = info.get(name)
        if isinstance(raw, bytes):
            return decode_text(raw).strip("\x00 \t\r\n")
        if isinstance(raw, str):
            return raw.strip()
        if isinstance(raw, PSLiteral):
            return str(raw.name)
        return ""

    found: dict = {}
    if value("Title"):
        found["title"] = value("Title")
    if value("Author"):
        found["authors"] = [a.strip() for a in re.split(r";|\band\b|&", value("Author")) if a.strip()]
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", value("CreationDate"))
    if m:
        found["date"] = "-".join(g for g in m.groups() if g)
    keywords = [k.strip() for k in re.split(r"[;,]", value("Keywords")) if k.strip()]
    if keywords:
        found["tags"] = keywords
    return found
