"""Source readers on the two seed files, plus small inline cases for errors and edge rules."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from cstocorpus.sources import DocumentError, read_document

SOURCES = Path(__file__).parent.parent / "corpus" / "sources"
JA_MD = SOURCES / "000_3d49c9bf8a994c0c.txt"
TH_TXT = SOURCES / "002_0cdda2ff3fc24d48.txt"

KG_URL = (
    "https://mfa.gov.kg/ru/osnovnoe-menyu/vneshnyaya-politika/mezhdunarodnye-organizacii"
    "/odkb/o-sotrudnichestve-kyrgyzskoy-respubliki-v-ramkah-odkb"
)
TJ_URL = (
    "https://mfa.tj/ru/main/view/147/"
    "tadzhikistan-i-organizatsiya-dogovora-o-kollektivnoi-bezopasnosti"
)
KZ_URL = "https://www.kazembassy.ru/rus/sotrudnichestvo/mnogostoronnee_sotrudnichestvo/odkb/"
MEMBERS = "CSTO加盟国が発表する一次資料"
TH_REFERENCE = "องค์กรสนธิสัญญาความมั่นคงร่วม(ข้อมูลอ้างอิง)"


@pytest.fixture(scope="module")
def ja():
    return read_document(JA_MD)


@pytest.fixture(scope="module")
def th():
    return read_document(TH_TXT)


def block_at(doc, line):
    (block,) = [b for b in doc.blocks if b.line_start == line]
    return block


def file_lines(path):
    return path.read_text(encoding="utf-8").split("\n")


# --- Japanese Markdown seed -------------------------------------------------------------


def test_markdown_detected_and_front_matter_is_metadata(ja):
    assert ja.format == "markdown"
    assert ja.metadata["title"] == "CSTOに関する基本事項"
    assert ja.metadata["tags"] == ["Politics"]
    assert ja.metadata["layout"] == "single"
    assert all(b.line_start > 10 for b in ja.blocks)  # nothing from the front matter


def test_markdown_block_counts(ja):
    assert Counter(b.kind for b in ja.blocks) == {"heading": 10, "list_item": 13}


def test_markdown_headings_including_empty_sections(ja):
    headings = [(b.line_start, b.level, b.text) for b in ja.blocks if b.kind == "heading"]
    assert headings == [
        (12, 2, "設立の経緯と発展"),
        (14, 2, "機構の構造"),
        (16, 2, "CSTOが発表する一次資料"),
        (27, 2, MEMBERS),
        (28, 3, "クルグズスタン"),
        (33, 3, "タジキスタン"),
        (39, 3, "カザフスタン"),
        (48, 2, "CSTOに関する日本語の文献"),
        (50, 2, "CSTOに関する英語の文献"),
        (52, 2, "CSTOに関するロシア語の文献"),
    ]
    assert block_at(ja, 28).section == (MEMBERS, "クルグズスタン")


def test_markdown_list_item_with_soft_break_stays_one_block(ja):
    block = block_at(ja, 17)
    assert (block.kind, block.text, block.line_end) == ("list_item", "集団安全保障条約\n英・露", 18)
    assert block.section == ("CSTOが発表する一次資料",)
    assert block.source_url is None


def test_kyrgyz_quotation_has_its_source_and_section(ja):
    block = block_at(ja, 31)
    assert block.text.startswith("Для Кыргызстана на региональном уровне ОДКБ")
    assert block.text.endswith("на евразийском пространстве.")
    assert block.line_end == 31
    assert block.source_url == KG_URL
    assert block.section == (MEMBERS, "クルグズスタン")
    label = block_at(ja, 29)
    assert (label.text, label.source_url) == ("クルグズスタン外務省", None)


def test_tajik_paragraphs_split_at_sentence_end(ja):
    first, second = block_at(ja, 36), block_at(ja, 37)
    assert first.text.startswith("Республика Таджикистан придает")
    assert second.text.startswith("Республика Таджикистан считает")
    assert first.source_url == second.source_url == TJ_URL


def test_kazakh_link_line_without_br_does_not_merge(ja):
    quoted = [b for b in ja.blocks if b.section == (MEMBERS, "カザフスタン") and b.source_url]
    assert [b.line_start for b in quoted] == [42, 43, 44, 45]
    assert all(b.source_url == KZ_URL for b in quoted)
    assert quoted[0].text.startswith("В ОДКБ созданы достаточно эффективные механизмы")
    assert block_at(ja, 40).source_url is None


def test_link_lines_are_not_passages(ja):
    assert not [b for b in ja.blocks if b.line_start in (30, 35, 41)]
    assert all(b.links == () for b in ja.blocks)  # their hrefs became source_url


# --- Thai plain-text seed ----------------------------------------------------------------


def test_text_title_and_metadata(th):
    title = th.blocks[0]
    assert th.format == "text"
    assert (title.kind, title.line_start, title.section) == ("title", 1, ())
    assert title.text == th.metadata["title"]
    assert th.metadata["title"].startswith("อวัยวะของ คสช. การถอดรหัส ODKB")


def test_text_block_counts(th):
    # 9 headings: line 269 is a sentence; 163 paragraphs: lines between blank lines are one (7 joined)
    assert Counter(b.kind for b in th.blocks) == {"title": 1, "heading": 9, "paragraph": 163}


def test_text_headings(th):
    headings = [(b.line_start, b.level, b.text) for b in th.blocks if b.kind == "heading"]
    assert headings == [
        (27, 1, "ประวัติโดยย่อ"),
        (49, 1, "CSTO: บาดแผลที่เกิดและความขัดแย้งที่แก้ไขไม่ได้"),
        (94, 1, "CSTO ในปี 2545-2559: ผ่านความขัดแย้งเพื่อเสริมสร้างสหภาพ"),
        (133, 1, "CSTO PA: ศักยภาพที่ยอดเยี่ยมสำหรับคุณภาพ"),
        (235, 1, "สมาชิก CSTO"),
        (291, 1, TH_REFERENCE),
        (293, 2, "1. ประวัติการสร้างสรรค์ พื้นฐานของกิจกรรม โครงสร้างองค์กร"),
        (
            316,
            2,
            "1. หน่วยงานตามกฎหมายดำเนินการเป็นผู้นำทางการเมือง"
            "และตัดสินใจในประเด็นหลักของกิจกรรมขององค์กร",
        ),
        (330, 2, "2. หน่วยงานถาวร"),
    ]


def test_text_sections(th):
    assert block_at(th, 3).section == ()
    assert block_at(th, 29).section == ("ประวัติโดยย่อ",)
    assert block_at(th, 330).section == (TH_REFERENCE, "2. หน่วยงานถาวร")
    assert block_at(th, 332).section == (TH_REFERENCE, "2. หน่วยงานถาวร")


def test_line_before_a_heading_is_not_a_heading(th):
    block = block_at(th, 47)
    assert (block.kind, block.text) == ("paragraph", "Nikolai Bordyuzha เป็นเลขาธิการ CSTO ตั้งแต่ปี 2546")
    assert block.section == ("ประวัติโดยย่อ",)


@pytest.mark.parametrize("line", [350, 351, 352])
def test_label_lines_are_separate_blocks(th, line):
    block = block_at(th, line)
    assert block.kind == "paragraph" and block.line_end == line
    assert block.text == file_lines(TH_TXT)[line - 1].strip()


@pytest.mark.parametrize(("first", "last"), [(89, 90), (128, 129), (159, 160), (184, 185), (207, 208),
                                             (212, 213), (271, 273)])
def test_lines_between_blank_lines_are_one_paragraph(th, first, last):
    block = block_at(th, first)
    assert block.kind == "paragraph" and block.line_end == last
    assert block.text == "\n".join(x.strip() for x in file_lines(TH_TXT)[first - 1 : last])


def test_text_blocks_are_exact_file_lines(th):
    lines = file_lines(TH_TXT)
    for b in th.blocks:
        expected = "\n".join(line.strip() for line in lines[b.line_start - 1 : b.line_end])
        assert b.text == expected, b.line_start


# --- Both seeds ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [JA_MD, TH_TXT])
def test_no_markup_in_blocks(path):
    for b in read_document(path).blocks:
        assert b.text and b.text == b.text.strip()
        for bad in ("<", ">", "fas fa-link", "layout:"):
            assert bad not in b.text, (b.line_start, bad)
        assert b.text != "Link"


def test_markdown_citations_verifiable(ja):
    """Each line of a block's text is in the markup-stripped file lines it cites."""
    stripped = [re.sub(r"<[^>]*>", "", line) for line in file_lines(JA_MD)]
    for b in ja.blocks:
        cited = stripped[b.line_start - 1 : b.line_end]
        text_lines = b.text.split("\n")
        assert text_lines[0] in cited[0] and text_lines[-1] in cited[-1], b.line_start
        assert all(any(t in c for c in cited) for t in text_lines), b.line_start


# --- Detection and small Markdown cases ----------------------------------------------------


def test_format_detection_and_override(tmp_path):
    md = tmp_path / "note.md"
    md.write_text("# Title\n\nBody.", encoding="utf-8")
    assert read_document(md).format == "markdown"
    assert read_document(md, fmt="text").blocks[0].text == "# Title"
    with pytest.raises(ValueError):
        read_document(md, fmt="rtf")


def test_markdown_inline_details(tmp_path):
    path = tmp_path / "x.md"
    path.write_text(
        "## Refs\n"
        "- [Article one](https://a.example/1)\n"
        "- [Article two](https://a.example/2)\n\n"
        "A &amp; B<br>C <b>bold</b> and <a href='https://b.example'>anchor</a>\n"
        "continued\n",
        encoding="utf-8",
    )
    blocks = read_document(path).blocks
    # A list of link-only lines is a reference list, not a quotation introducer.
    assert [(b.text, b.links, b.source_url) for b in blocks[1:3]] == [
        ("Article one", ("https://a.example/1",), None),
        ("Article two", ("https://a.example/2",), None),
    ]
    assert (blocks[3].text, blocks[3].line_start) == ("A & B", 5)
    assert (blocks[4].text, blocks[4].line_start, blocks[4].line_end) == (
        "C bold and anchor\ncontinued",
        5,
        6,
    )
    assert blocks[4].links == ("https://b.example",)


def test_markdown_html_block_and_multiline_tag(tmp_path):
    path = tmp_path / "x.md"
    path.write_text(
        'See <a\nhref="https://u.example">this</a> page.\n\n'
        "<div>\n<p>Hello &amp; <br>bye</p>\n<script>var a = 1;</script>\n</div>\n",
        encoding="utf-8",
    )
    blocks = read_document(path).blocks
    assert [(b.text, b.line_start, b.line_end) for b in blocks] == [
        ("See\nthis page.", 1, 2),
        ("Hello &", 5, 5),
        ("bye", 5, 5),
    ]
    assert blocks[0].links == ("https://u.example",)


def test_hard_wrapped_text_is_one_block(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(
        "Title\n\nThe treaty was signed in Tashkent in May\n"
        "1992 by six states and entered into force\nin 1994.\n",
        encoding="utf-8",
    )
    (body,) = read_document(path).blocks[1:]
    assert (body.kind, body.line_start, body.line_end) == ("paragraph", 3, 5)
    assert body.text.count("\n") == 2


# --- Errors and decoding ----------------------------------------------------------------


def write(tmp_path, data: bytes, name="doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


NO_GUESS = ("; if the file uses another encoding, pass --encoding NAME to 'cstocorpus add', "
            'or set "encoding: NAME" in its catalog entry')


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "file is empty"),
        (b"  \n\n", "file contains no text"),
        ("Заголовок".encode() + b"\xff rest", "invalid UTF-8 at byte 18" + NO_GUESS),
        (b"\xef\xbb\xbfab\xc3",  # the offset counts the BOM, which says the file is UTF-8
         "invalid UTF-8 at byte 5 in a file that is otherwise UTF-8: it is probably damaged there"),
        (b"Title\n\x00\x00binary", "binary content (NUL byte at byte 6)"),
    ],
)
def test_decoding_errors(tmp_path, data, reason):
    path = write(tmp_path, data)
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.reason == reason
    assert err.value.path == path
    assert str(err.value) == f"{path}: {reason}"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    text = "\ufeffОДКБ\r\n\r\nТекст на русском языке."
    path = write(tmp_path, text.encode(encoding))  # the explicit U+FEFF becomes the BOM
    doc = read_document(path)
    assert [(b.kind, b.text, b.line_start) for b in doc.blocks] == [
        ("title", "ОДКБ", 1),
        ("paragraph", "Текст на русском языке.", 3),
    ]


def test_utf8_bom_is_stripped(tmp_path):
    doc = read_document(write(tmp_path, "\ufeffTitle\n\nBody.".encode()))
    assert doc.metadata == {"title": "Title"}


def test_malformed_front_matter_names_the_line(tmp_path):
    path = write(tmp_path, b"---\ntitle: ok\ntags: [a, b\n---\n\nBody.\n")
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.reason == "front matter is not valid YAML (line 3)"


def test_front_matter_must_be_a_mapping(tmp_path):
    path = write(tmp_path, b"---\n- a\n- b\n---\nBody.\n")
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.reason == "front matter is YAML but not a mapping of fields (it is a list, lines 2–3)"


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="cannot be read"):
        read_document(tmp_path / "missing.txt")
