"""Web pages, PDF and Word files, read into blocks that cite where they are.

Every file is written by the test itself (``tests/documents.py``), in Russian, Japanese,
Thai and English.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from cstocorpus.citation import location, pages_of
from cstocorpus.sources import DocumentError, read_document

from .documents import ARTICLES, BOILERPLATE, docx_file, html_page, pdf_file, scanned_pdf

LANGS = ("ru", "ja", "th", "en")


def expected_blocks(article):
    """(kind, text, section) of the article as a reader would list it."""
    out = [("heading", article.title, (article.title,))]
    for n, (heading, paragraphs) in enumerate(article.sections):
        section = (article.title, heading)
        out.append(("heading", heading, section))
        out += [("paragraph", p, section) for p in paragraphs]
        if n == 0:
            out += [("list_item", item, section) for item in article.items]
    return out


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_html_page_gives_its_article_and_no_boilerplate(tmp_path, lang):
    article = ARTICLES[lang]
    path = tmp_path / "page.html"
    path.write_text(html_page(article), encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    got = [(b.kind, " ".join(b.text.split()), b.section) for b in doc.blocks]
    byline = [g for g in got if g[1] == article.author]  # the byline paragraph may be kept: it is the article's
    assert [g for g in got if g not in byline] == expected_blocks(article)
    for block in doc.blocks:
        assert not any(chrome in block.text for chrome in BOILERPLATE[lang]), block.text
    # every block is the page's own text, at the lines its citation gives
    lines = path.read_text(encoding="utf-8").split("\n")
    for block in doc.blocks:
        cited = html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(lines[block.line_start - 1 : block.line_end])))
        assert " ".join(block.text.split()) in " ".join(cited.split()), (block.line_start, block.text)


@pytest.mark.parametrize("lang", LANGS)
def test_html_metadata_from_title_meta_open_graph_and_json_ld(tmp_path, lang):
    article = ARTICLES[lang]
    path = tmp_path / "page.html"
    path.write_text(html_page(article, url=f"https://example.org/{lang}/exercises"), encoding="utf-8")
    meta = read_document(path).metadata
    assert meta["title"] == article.title  # og:title, not "<title> | site"
    assert meta["authors"] == [article.author]  # "Иванов, Иван" whole; Thai vowel signs kept
    assert meta["date"] == article.date
    assert meta["url"] == f"https://example.org/{lang}/exercises"
    assert meta["language"] == lang and meta["site"]


def test_html_in_a_legacy_encoding_declared_in_its_meta_tag(tmp_path):
    article = ARTICLES["ru"]
    path = tmp_path / "page.html"
    path.write_bytes(html_page(article, charset="windows-1251").replace("©", "(c)").encode("cp1251"))
    doc = read_document(path)
    assert [b.text for b in doc.blocks if b.kind == "heading"][0] == article.title


def test_boilerplate_share_removed_on_the_test_pages(tmp_path):
    """The measurement the README reports: furniture strings that become passages, read as
    HTML (now) and read with the Markdown reader (the only way before)."""
    kept_html = kept_markdown = article_kept = article_total = 0
    total = 0
    for lang in LANGS:
        path = tmp_path / f"{lang}.html"
        path.write_text(html_page(ARTICLES[lang]), encoding="utf-8")
        as_html = " ".join(b.text for b in read_document(path).blocks)
        as_markdown = " ".join(b.text for b in read_document(path, fmt="markdown").blocks)
        for chrome in BOILERPLATE[lang]:
            total += 1
            kept_html += chrome in as_html
            kept_markdown += chrome in as_markdown
        for _, text, _ in expected_blocks(ARTICLES[lang]):
            article_total += 1
            article_kept += " ".join(text.split()) in " ".join(as_html.split())
    assert (kept_html, total) == (0, 36)
    assert kept_markdown == 32  # before: nearly all of it became passages (README)
    assert article_kept == article_total


# --- PDF ------------------------------------------------------------------------------------

RU_PAGES = [
    [("h", "Доклад об учениях ОДКБ"),
     ("l", "Организация Договора о коллективной безопасности провела совместные"),
     ("l", "учения миротворческих сил в Алматинской области. В них участвовали"),
     ("l", "подразделения пяти государств и представители военно-"),
     ("l", "политического руководства."),
     ("gap", ""),
     ("h", "Итоги"),
     ("l", "Министры обороны договорились провести следующие учения в Бела-"),
     ("l", "руси. Генеральный секретарь отметил высокую слаженность штабов и"),
     ("l", "готовность сил коллективного реагирования к действиям в любом")],
    [("l", "регионе Организации."),
     ("gap", ""),
     ("l", "Сотрудничество в военно-политической сфере будет расширено.")],
]
RU_EXPECTED = [
    ("heading", "Доклад об учениях ОДКБ", ["1"]),
    ("paragraph", "Организация Договора о коллективной безопасности провела совместные учения миротворческих "
                  "сил в Алматинской области. В них участвовали подразделения пяти государств и представители "
                  "военно-политического руководства.", ["1"]),
    ("heading", "Итоги", ["1"]),
    ("paragraph", "Министры обороны договорились провести следующие учения в Беларуси. Генеральный секретарь "
                  "отметил высокую слаженность штабов и готовность сил коллективного реагирования к действиям "
                  "в любом регионе Организации.", ["1", "2"]),
    ("paragraph", "Сотрудничество в военно-политической сфере будет расширено.", ["2"]),
]


def test_pdf_paragraphs_pages_hyphenation_headers_and_footers(tmp_path):
    path = pdf_file(tmp_path / "report.pdf", RU_PAGES, title="Доклад об учениях ОДКБ", author="Иванов, Иван",
                    header="Институт безопасности — доклад 2024", keywords="ОДКБ; учения")
    doc = read_document(path)
    assert doc.format == "pdf"
    got = [(b.kind, b.text, pages_of({"pages": doc.metadata["pages"]}, [b.line_start, b.line_end]))
           for b in doc.blocks]
    assert got == RU_EXPECTED
    # the running header and the page numbers ("– 1 –") are gone; sections come from the large type
    assert doc.blocks[3].section == ("Итоги",) and doc.blocks[1].section == ("Доклад об учениях ОДКБ",)
    assert doc.metadata["title"] == "Доклад об учениях ОДКБ" and doc.metadata["authors"] == ["Иванов, Иван"]
    assert doc.metadata["date"] == "2024-05-01" and doc.metadata["tags"] == ["ОДКБ", "учения"]
    page_doc = {"format": "pdf", "pages": doc.metadata["pages"]}
    assert location(page_doc, [doc.blocks[3].line_start, doc.blocks[3].line_end]) == "pp. 1–2"
    assert location(page_doc, [doc.blocks[4].line_start] * 2) == "p. 2"


@pytest.mark.parametrize(("lang", "lines", "expected"), [
    ("ja", ["集団安全保障条約機構は、カザフスタンで平和維持部隊の合同演習を", "実施した。五か国の部隊が参加した。"],
     "集団安全保障条約機構は、カザフスタンで平和維持部隊の合同演習を実施した。五か国の部隊が参加した。"),
    ("th", ["องค์การสนธิสัญญาความมั่นคงร่วมได้จัดการฝึกซ้อมร่วมของกองกำลังรักษาสันติภาพ",
            "ในภูมิภาคอัลมาตี"],
     "องค์การสนธิสัญญาความมั่นคงร่วมได้จัดการฝึกซ้อมร่วมของกองกำลังรักษาสันติภาพในภูมิภาคอัลมาตี"),
    ("en", ["The Collective Security Treaty Organization held joint peace-", "keeping exercises in the Almaty region."],
     "The Collective Security Treaty Organization held joint peacekeeping exercises in the Almaty region."),
])
def test_pdf_text_in_each_script_reads_back_as_written(tmp_path, lang, lines, expected):
    path = pdf_file(tmp_path / f"{lang}.pdf", [[("h", ARTICLES[lang].title)] + [("l", x) for x in lines]])
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", ARTICLES[lang].title), ("paragraph", expected)]


def test_scanned_pdf_is_refused_in_one_sentence(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.reason == ("the PDF has no text layer (its 2 page(s) are images, as in a scan): "
                                "run OCR on it first and add the result")


def test_password_protected_pdf_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "CSTO")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(DocumentError) as err:
        read_document(tmp_path / "locked.pdf")
    assert err.value.reason == "the PDF is encrypted with a password; save an unprotected copy first"


# --- DOCX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_docx_headings_paragraphs_lists_and_properties(tmp_path, lang):
    article = ARTICLES[lang]
    doc = read_document(docx_file(tmp_path / f"{lang}.docx", article, with_table=False))
    assert doc.format == "docx"
    assert [(b.kind, b.text, b.section) for b in doc.blocks] == expected_blocks(article)
    # paragraph numbers of the Word file: Title 1, Heading 2, paragraphs 3–4, list 5–6, empty 7, Heading 8 ...
    assert [b.line_start for b in doc.blocks] == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    assert location({"format": "docx"}, [5, 5]) == "paragraph 5"
    assert doc.metadata == {"title": article.title, "authors": [article.author], "date": article.date,
                            "tags": ["CSTO", "exercises"], "language": lang}


def test_docx_table_cells_are_paragraphs_too(tmp_path):
    doc = read_document(docx_file(tmp_path / "t.docx", ARTICLES["ru"]))
    cells = [b for b in doc.blocks if b.line_start in (8, 9)]
    assert [b.text for b in cells] == ["ОДКБ", ARTICLES["ru"].items[0]]
    assert doc.blocks[-1].line_start == 12  # later paragraphs count the two cells


def test_creation_date_of_a_pdf_uses_its_metadata(tmp_path):
    path = pdf_file(tmp_path / "d.pdf", [[("l", "ОДКБ.")]], created=dt.datetime(2007, 10, 6, tzinfo=dt.timezone.utc))
    assert read_document(path).metadata["date"] == "2007-10-06"
