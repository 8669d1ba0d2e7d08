"""Word (.docx) reader: python-docx's paragraphs, headings as sections, lists, core properties.

A Word file has no lines, so a passage's ``line_start``/``line_end`` are the numbers of its
paragraphs in the document body, counting every paragraph Word shows (empty ones and those
inside tables included) in document order: "paragraph 12" can be found again in Word.
Headings are the paragraphs styled ``Title`` or ``Heading N`` (or with an outline level);
list items are paragraphs with numbering or a list style.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from cstocorpus.models import Block, ParsedDocument
from cstocorpus.sources.decoding import DocumentError
from cstocorpus.sources.longblocks import split_block

_HEADING = re.compile(r"(?:heading|заголовок|見出し|หัวเรื่อง)\s*(\d)", re.IGNORECASE)


def read_docx(data: bytes, path: Path) -> ParsedDocument:
    """Blocks of a .docx file; raises ``DocumentError`` for a damaged or protected file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_paragraphs(document))
        properties = document.core_properties
        metadata = _core(properties)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError) as exc:
        raise DocumentError(path, f"not a readable Word document ({type(exc).__name__})") from None
    blocks = []
    section: list[tuple[int, str]] = []
    for number, paragraph in enumerate(paragraphs, 1):
        text = paragraph.text.replace("\t", " ").strip()
        if not text:
            continue
        level = _heading_level(paragraph)
        if level:
            section = [(lv, t) for lv, t in section if lv < level] + [(level, text)]
            kind = "heading"
        else:
            kind = "list_item" if _is_list_item(paragraph) else "paragraph"
        blocks.extend(split_block(Block(
            kind=kind, text=text.replace("\v", "\n"), line_start=number, line_end=number,
            section=tuple(t for _, t in section), level=level,
        )))
    return ParsedDocument(metadata=metadata, blocks=tuple(blocks), format="docx")


def _paragraphs(document):
    """Every paragraph of the body in order, those inside table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                for row in item.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # noqa: SLF001 - a merged cell appears once per column
                            continue
                        seen.add(id(cell._tc))  # noqa: SLF001
                        yield from walk(cell)

    yield from walk(document)


def _heading_level(paragraph) -> int:
    style = paragraph.style
    names = []
    while style is not None:
        names.append(style.name or "")
        style = style.base_style
    for name in names:
        if name.lower() == "title":
            return 1
        m = _HEADING.search(name)
        if m:
            return int(m.group(1)) + 1  # below the Title, level 1
    outline = paragraph._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")  # noqa: SLF001
    if outline is not None:
        value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        if value and value.isdigit() and int(value) < 9:
            return int(value) + 2
    return 0


def _is_list_item(paragraph) -> bool:
    if "list" in (paragraph.style.name or "").lower():
        return True
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return paragraph._p.find(f"{ns}pPr/{ns}numPr") is not None  # noqa: SLF001


def _core(properties) -> dict:
    found: dict = {}
    if (properties.title or "").strip():
        found["title"] = properties.title.strip()
    if (properties.author or "").strip():
        found["authors"] = [a.strip() for a in re.split(r";", properties.author) if a.strip()]
    if properties.created is not None:
        found["date"] = properties.created.date().isoformat()
    keywords = [k.strip() for k in re.split(r"[;,]", properties.keywords or "") if k.strip()]
    if keywords:
        found["tags"] = keywords
    if (properties.language or "").strip():
        found["language"] = properties.language.strip()
    return found
