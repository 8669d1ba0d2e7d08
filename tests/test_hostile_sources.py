"""Hostile source files: each is read correctly or refused with one sentence naming file and
reason, and a build still indexes every other document.

The texts are real: the seed files and sentences of the UD treebanks, re-encoded, damaged or
stretched.
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
import regex

from cstocorpus.catalog import load_catalog, sha256_of
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex
from cstocorpus.normalize import normalize
from cstocorpus.passages import make_passages
from cstocorpus.search import search
from cstocorpus.sources import (
    DocumentError,
    check_encoding,
    guess_encoding,
    read_document,
)
from cstocorpus.sources.longblocks import MAX_BLOCK_CHARS, split_spans

from .conftest import CORPUS, HAVE_UD, JA_DOC, SEEDS, TH_DOC, needs_ud, ud_file

JA_MD = SEEDS[f"{JA_DOC}.txt"]
TH_TXT = SEEDS[f"{TH_DOC}.txt"]


def ud_sentences(name: str, count: int, encodings: tuple[str, ...] = ()) -> list[str]:
    """The first ``count`` sentences of a UD file that every one of ``encodings`` can encode."""
    text = ud_file(name).read_text(encoding="utf-8")
    sentences = re.findall(r"^# text = (.+)$", text, flags=re.MULTILINE)
    return [s for s in sentences if all(_encodes(s, e) for e in encodings)][:count]


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def ud_document(name: str, count: int, encodings: tuple[str, ...] = ()) -> str:
    """A title line and paragraphs of five UD sentences: a small real text in one language
    ("" without the UD files: the tests that use it are marked ``needs_ud``)."""
    if not HAVE_UD:
        return ""
    sentences = ud_sentences(name, count, encodings)
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(1, count, 5)]
    return sentences[0] + "\n\n" + "\n\n".join(paragraphs) + "\n"


RU = ud_document("ru_gsd-dev.conllu", 40, ("cp1251", "koi8-r"))
JA = ud_document("ja_gsd-dev.conllu", 40, ("shift_jis", "euc-jp", "iso-2022-jp"))
TH = ud_document("th_pud-dev-first500.conllu", 40, ("cp874",))
TH_PLAIN = ud_document("th_pud-dev-first500.conllu", 40, ("tis-620",))  # no curly quotes
RU_MARKDOWN = re.sub(r"[`*_\\]", "", RU.replace("&#39;", "'"))  # nothing Markdown would render
# Plain lines of the Japanese seed's Russian quotations (cp1251 cannot encode its Japanese).
RU_SEED = "\n\n".join(
    line.strip() for line in JA_MD.read_text(encoding="utf-8").split("\n")
    if re.search("[а-я]{5}", line) and "<" not in line
)


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path, **options) -> str:
    with pytest.raises(DocumentError) as err:
        read_document(path, **options)
    assert err.value.path == path
    assert str(err.value) == f"{path}: {err.value.reason}"
    assert "\n" not in err.value.reason
    return err.value.reason


def how_to_pass(name: str) -> str:
    return f"pass --encoding {name} to 'cstocorpus add', or set \"encoding: {name}\" in its catalog entry"


def blocks(doc):
    return [(b.kind, b.text, b.line_start, b.line_end, b.section) for b in doc.blocks]


# --- Legacy encodings: named in the refusal, read with an explicit encoding --------------

LEGACY = [
    pytest.param("ru", RU, "cp1251", marks=needs_ud, id="ru-cp1251"),
    pytest.param("ru", RU, "koi8-r", marks=needs_ud, id="ru-koi8-r"),
    pytest.param("ru-seed", RU_SEED, "cp1251", id="ru-seed-cp1251"),
    pytest.param("th", TH_PLAIN, "tis-620", marks=needs_ud, id="th-tis-620"),
    pytest.param("th", TH, "cp874", marks=needs_ud, id="th-cp874"),  # Windows Thai: TIS-620 plus curly quotes
    pytest.param("th-seed", TH_TXT.read_text(encoding="utf-8"), "cp874", id="th-seed-cp874"),
    pytest.param("ja", JA, "shift_jis", marks=needs_ud, id="ja-shift_jis"),
    pytest.param("ja", JA, "euc-jp", marks=needs_ud, id="ja-euc-jp"),
]


@pytest.mark.parametrize(("lang", "text", "encoding"), LEGACY)
def test_legacy_encoding_is_named_and_reads_like_utf8(tmp_path, lang, text, encoding):
    data = text.encode(encoding)
    assert guess_encoding(data) == encoding
    path = write(tmp_path, data)
    offset = next(i for i, byte in enumerate(data) if byte > 0x7F)  # first non-ASCII byte
    reason = refusal(path)
    assert reason.startswith(f"invalid UTF-8 at byte {offset} (it looks like {encoding}); ")
    assert reason.endswith(how_to_pass(encoding))
    utf8 = write(tmp_path, text.encode("utf-8"), "utf8.txt")
    assert blocks(read_document(path, encoding=encoding)) == blocks(read_document(utf8))


def test_shift_jis_seed_with_russian_quotations(tmp_path):
    """Shift_JIS holds Cyrillic too, so a Japanese page quoting Russian is still recognised."""
    text = JA_MD.read_text(encoding="utf-8").replace("–", "-")  # the one character it lacks
    data = text.encode("shift_jis")
    assert guess_encoding(data) == "shift_jis"
    path = write(tmp_path, data, "ja.md")
    utf8 = write(tmp_path, text.encode("utf-8"), "ja-utf8.md")
    assert blocks(read_document(path, encoding="shift_jis")) == blocks(read_document(utf8))


@needs_ud
def test_iso_2022_jp_is_valid_utf8_but_refused(tmp_path):
    """ISO-2022-JP is 7-bit: it decodes as UTF-8 into escape codes and Latin garbage."""
    data = JA.encode("iso-2022-jp")
    data.decode("utf-8")  # no error: only the escape sequences give it away
    assert guess_encoding(data) == "iso-2022-jp"
    path = write(tmp_path, data)
    escape = data.index(b"\x1b")
    assert refusal(path) == (
        f"ISO-2022-JP escape sequence at byte {escape} (it looks like iso-2022-jp); "
        + how_to_pass("iso-2022-jp")
    )
    utf8 = write(tmp_path, JA.encode("utf-8"), "utf8.txt")
    assert blocks(read_document(path, encoding="iso-2022-jp")) == blocks(read_document(utf8))


@pytest.mark.parametrize(
    "data",
    [
        "Le traité a été signé à Tachkent; café, crème, élève.".encode("latin-1"),  # é → й in cp1251
        "The “Collective Security Treaty” — signed in 1992.".encode("cp1252"),
        b"Plain ASCII text about the CSTO.",
        bytes(range(128, 256)) * 4,
    ],
    ids=["latin-1-french", "cp1252-quotes", "ascii", "high-bytes"],
)
def test_no_guess_for_text_outside_the_corpus_scripts(data):
    assert guess_encoding(data) is None


def test_refusal_without_a_guess(tmp_path):
    path = write(tmp_path, "Le traité a été signé à Tachkent.".encode("latin-1"))
    assert refusal(path) == (
        "invalid UTF-8 at byte 8; if the file uses another encoding, " + how_to_pass("NAME")
    )


def test_damaged_utf8_is_called_damaged(tmp_path):
    data = TH_TXT.read_bytes()
    path = write(tmp_path, data[:99] + b"\xff" + data[99:])
    assert guess_encoding(path.read_bytes()) is None
    assert refusal(path) == (
        "invalid UTF-8 at byte 99 in a file that is otherwise UTF-8: it is probably damaged there"
    )


# --- UTF-16 / UTF-32 -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [JA_MD, TH_TXT], ids=["ja-markdown", "th-text"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom_read_like_the_seed(tmp_path, seed, encoding):
    text = seed.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = write(tmp_path, ("\ufeff" + text).encode(encoding))
    assert blocks(read_document(path)) == blocks(read_document(seed))


@needs_ud
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_named(tmp_path, encoding):
    data = RU.encode(encoding)
    assert guess_encoding(data) == encoding
    path = write(tmp_path, data)
    nul = data.index(b"\0")
    assert refusal(path) == (
        f"NUL byte at byte {nul} (it looks like {encoding} without a byte order mark); "
        + how_to_pass(encoding)
    )
    utf8 = write(tmp_path, RU.encode("utf-8"), "utf8.txt")
    assert blocks(read_document(path, encoding=encoding)) == blocks(read_document(utf8))


def test_invalid_utf16_names_the_byte(tmp_path):
    data = b"\xff\xfe" + "ОДКБ".encode("utf-16-le") + b"\x00\xd8A\x00"  # a lone high surrogate
    assert refusal(write(tmp_path, data)) == "invalid UTF-16 at byte 10"


# --- An explicit encoding ------------------------------------------------------------------


def test_explicit_encoding_errors(tmp_path):
    path = write(tmp_path, "Заголовок\n\nТекст.".encode())
    assert refusal(path, encoding="no-such-codec") == "unknown encoding 'no-such-codec'"
    assert refusal(path, encoding="base64") == "unknown encoding 'base64'"  # not a text encoding
    data = "日本語の文書\n\n本文です。".encode("shift_jis") + b"\x81\x7f"  # not a Shift_JIS pair
    sjis = write(tmp_path, data, "sjis.txt")
    assert refusal(sjis, encoding="shift_jis") == (
        f"invalid shift_jis at byte {len(data) - 2} (the encoding given for this file)"
    )
    assert check_encoding("CP1251") == "cp1251"
    with pytest.raises(ValueError, match="unknown encoding 'x'"):
        check_encoding("x")


def test_explicit_utf8_drops_the_bom_and_explicit_encoding_refuses_nul(tmp_path):
    path = write(tmp_path, "\ufeffЗаголовок\n\nТекст.".encode("utf-8"))
    assert read_document(path, encoding="utf-8").metadata == {"title": "Заголовок"}
    nul = write(tmp_path, b"Title\n\nA\x00B", "nul.txt")
    assert refusal(nul, encoding="cp1251") == "binary content (NUL character in the text decoded as cp1251)"


# --- Binary files and other formats -----------------------------------------------------------


def zip_of(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


CONVERT = "which cstocorpus does not read: convert it to text or Markdown first"
FORMATS = [
    ("a.odt", zip_of({"mimetype": "application/vnd.oasis.opendocument.text"}),
     f"an OpenDocument text (.odt), {CONVERT}"),
    ("a.epub", zip_of({"mimetype": "application/epub+zip"}), f"an EPUB e-book, {CONVERT}"),
    ("a.zip", zip_of({"x.txt": "ОДКБ"}),
     "a ZIP archive, which cstocorpus does not read: extract the text from it first"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     f"an old Microsoft Office file (.doc, .xls or .ppt), {CONVERT}"),
    ("a.rtf", b"{\\rtf1\\ansi \\u1054?\\u1044?}", f"an RTF document, {CONVERT}"),
    ("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", f"a PNG image, {CONVERT}"),
    ("a.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF", f"a JPEG image, {CONVERT}"),
    ("a.gif", b"GIF89a\x01\0\x01\0", f"a GIF image, {CONVERT}"),
    ("a.txt.gz", gzip.compress("ОДКБ".encode()),
     "a gzip-compressed file, which cstocorpus does not read: decompress it first"),
    ("scan.pdf", "Заголовок\n\nТекст.".encode(),
     "named .pdf as a PDF file, but its bytes do not start as one (%PDF-): it may be damaged or incomplete"),
    ("old.doc", "Заголовок".encode(), f"an old Word document (.doc) by its name (.doc), {CONVERT}"),
    ("random.bin", bytes(range(1, 256)) * 40,
     "binary content (invalid UTF-8 at byte 127, and control bytes that text does not have)"),
    ("nul.txt", b"Title\n\nbody\x00\x01\x02\x03", "binary content (NUL byte at byte 11)"),
]


@pytest.mark.parametrize(("name", "data", "reason"), FORMATS, ids=[n for n, _, _ in FORMATS])
def test_other_formats_are_named(tmp_path, name, data, reason):
    path = write(tmp_path, data, name)
    assert refusal(path) == reason
    if not name.endswith(".pdf") or data.startswith(b"%PDF"):
        assert refusal(path, fmt="text") == reason  # a declared format does not make bytes text


BROKEN_CONTAINERS = [
    ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a readable PDF ("),
    ("report.txt", b"%PDF-1.4\n", "not a readable PDF ("),  # the bytes decide, not the name
    ("a.docx", zip_of({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}),
     "not a readable Word document ("),
]


@pytest.mark.parametrize(("name", "data", "start"), BROKEN_CONTAINERS, ids=[n for n, _, _ in BROKEN_CONTAINERS])
def test_broken_pdf_and_word_files_are_refused_in_one_sentence(tmp_path, name, data, start):
    path = write(tmp_path, data, name)
    assert refusal(path).startswith(start)
    what = "a PDF file" if start.endswith("PDF (") else "a Word document (.docx)"
    kind = "pdf" if "PDF" in what else "docx"
    assert refusal(path, fmt="text") == f"{what}, not text: set its format to {kind} or leave it empty"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", "<p>ОДКБ — организация.</p>"),
        ("page.htm", "<p>ОДКБ — организация.</p>"),
        ("page.txt", "<!DOCTYPE html>\n<html lang='ru'><body><p>ОДКБ — организация.</p></body></html>"),
        ("page.md", "<!-- saved -->\n<html>\n<body><p>ОДКБ — организация.</p></body></html>"),
        ("page.xml", "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><p>ОДКБ</p></html>"),
    ],
)
def test_html_is_read_as_html_or_as_markdown_when_asked(tmp_path, name, data):
    path = write(tmp_path, data.encode(), name)
    doc = read_document(path)
    assert doc.format == "html" and [b.text for b in doc.blocks][-1].startswith("ОДКБ")
    assert doc.blocks[-1].line_start == data.split("\n").index(next(x for x in data.split("\n") if "ОДКБ" in x)) + 1
    texts = [b.text for b in read_document(path, fmt="markdown").blocks]
    assert texts[-1].startswith("ОДКБ") and not any("<" in t for t in texts)


def test_xml_is_refused(tmp_path):
    path = write(tmp_path, b"<?xml version='1.0'?>\n<TEI><text>ODKB</text></TEI>", "doc.xml")
    assert refusal(path) == f"an XML document, {CONVERT}"


# --- Empty files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b" \r\n\t\n", "file contains no text"),
        ("bom.txt", b"\xef\xbb\xbf\n", "file contains no text"),
        ("utf16.txt", "\ufeff \n".encode("utf-16-le"), "file contains no text"),
        ("invisible.txt", "\u200b\u200d\n\ufeff\u202e\u2066\n".encode(), "file contains no text"),
        ("controls.txt", b"\x01\x02\x1b\x7f\n", "file contains no text"),
        ("front-matter.md", b"---\ntitle: ODKB\n---\n\n", "file has no text outside its markup and front matter"),
        ("comment.md", b"<!-- nothing here -->\n", "file has no text outside its markup and front matter"),
    ],
)
def test_empty_files_are_refused(tmp_path, name, data, reason):
    assert refusal(write(tmp_path, data, name)) == reason


# --- Front matter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: ok\ntags: [a, b\n", "front matter is not valid YAML (line 3)"),
        ("title: ok\n\tlayout: single\n", "front matter is not valid YAML (line 3)"),
        ('title: "unclosed\nlayout: single\n', "front matter is not valid YAML (line 3)"),
        ("title: a: b\n", "front matter is not valid YAML (line 2)"),
        ("- a\n- b\n", "front matter is YAML but not a mapping of fields (it is a list, lines 2–3)"),
        ("Just a line of text\n", "front matter is YAML but not a mapping of fields (it is a string, lines 2–2)"),
        ("1992\n", "front matter is YAML but not a mapping of fields (it is a number, lines 2–2)"),
        ("date: 2023-02-30\n", "front matter is not valid YAML (day is out of range for month)"),
        ("a: " + "[" * 2000 + "\n", "front matter is not valid YAML (line 2)"),
        ("a: &x [ОДКБ, ОДКБ]\nb: [*x, *x]\n",  # a "billion laughs" would expand exponentially
         "front matter uses a YAML alias (line 3), which cstocorpus does not accept"),
    ],
)
def test_bad_front_matter_is_refused_with_its_line(tmp_path, front, reason):
    path = write(tmp_path, f"---\n{front}---\n\n# ОДКБ\n\nТекст.\n".encode(), "page.txt")
    assert refusal(path) == reason
    assert [b.text for b in read_document(path, fmt="text").blocks][-1] == "Текст."  # the way out


def test_empty_front_matter_is_no_metadata(tmp_path):
    doc = read_document(write(tmp_path, b"---\n---\n# ODKB\n", "page.md"))
    assert doc.metadata == {} and [b.text for b in doc.blocks] == ["ODKB"]


# --- Control and zero-width characters -------------------------------------------------------

INVISIBLE = "\ufeff\u200c\u200d\u2060\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "".join(map(chr, [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]))


@needs_ud
def test_controls_become_spaces_and_keep_lines_and_columns(tmp_path):
    lines = RU.split("\n")
    # control characters inside words: one after every 40th character
    damaged = [
        "".join(ch + (CONTROLS[(i + j) % len(CONTROLS)] if j % 40 == 2 else "") for j, ch in enumerate(line))
        for i, line in enumerate(lines)
    ]
    assert sum(map(len, damaged)) > sum(map(len, lines)) + 100
    doc = read_document(write(tmp_path, "\n".join(damaged).encode()))
    clean = read_document(write(tmp_path, RU.encode(), "clean.txt"))
    assert [(b.line_start, b.line_end) for b in doc.blocks] == [(b.line_start, b.line_end) for b in clean.blocks]
    for b in doc.blocks:
        assert b.text == re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", damaged[b.line_start - 1]).strip()
        assert not regex.search(r"\p{Cc}", b.text)


def test_invisible_characters_stay_in_the_text_but_not_in_passages(tmp_path):
    """Zero-width and bidi characters are kept as written; search text and tokens skip them,
    and every token still maps to the exact original characters."""
    sentences = ud_sentences("ru_gsd-dev.conllu", 3) + ud_sentences("ja_gsd-dev.conllu", 3)
    sentences += [s for s in ud_sentences("th_pud-dev-first500.conllu", 6) if "“" not in s][:3]
    sprinkled = []
    for n, sentence in enumerate(sentences):
        chars = list(sentence)
        for i in range(3, len(chars), 7):  # inside words, Thai clusters included
            chars[i] = INVISIBLE[(i + n) % len(INVISIBLE)] + chars[i]
        sprinkled.append("".join(chars))
    path = write(tmp_path, ("Заголовок\n\n" + "\n\n".join(sprinkled)).encode())
    doc = read_document(path)
    passages = make_passages("doc", doc.blocks)
    plain = make_passages("doc", read_document(write(tmp_path, ("Заголовок\n\n" + "\n\n".join(sentences)).encode(),
                                                       "plain.txt")).blocks)
    assert [p.norm for p in passages] == [p.norm for p in plain]
    for p in passages:
        assert not regex.search(r"[\p{Cf}\p{Cc}]", p.norm)
        assert any(ch in INVISIBLE for ch in p.text) or p.kind == "title"
        for token in p.tokens:
            original = p.text[token.start : token.end]
            assert normalize(original).text == token.form, (token, original)


# --- Long lines and big files ---------------------------------------------------------------


def long_line(text: str, size: int, separator: str = " ") -> str:
    words = separator.join(line.strip() for line in text.split("\n") if line.strip())
    return ((words + separator) * (size // len(words) + 1))[:size].strip()


def assert_exact_pieces(line: str, texts: list[str]) -> None:
    """The pieces are consecutive slices of ``line`` separated only by whitespace, each cut
    on a grapheme cluster boundary."""
    pos = 0
    for text in texts:
        start = line.index(text, pos)
        assert not line[pos:start].strip(), "text lost between pieces"
        assert 0 < len(text) <= MAX_BLOCK_CHARS
        assert unicodedata.category(text[0])[0] != "M" and text[0] != "\u200d", "cut inside a cluster"
        pos = start + len(text)
    assert not line[pos:].strip()


@needs_ud
@pytest.mark.parametrize(
    ("name", "source", "separator"),
    [
        ("ru", RU, " "),
        ("th", TH, " "),
        ("ja", JA, ""),  # cut after 。
        ("th-no-spaces", TH.replace(" ", ""), ""),  # no sentence stop, no space: grapheme cuts
    ],
)
def test_one_megabyte_line_is_split_into_exact_pieces(tmp_path, name, source, separator):
    line = long_line(source, 1_000_000, separator)
    path = write(tmp_path, f"Заголовок\n\n{line}\n".encode())
    doc = read_document(path)
    title, *body = doc.blocks
    assert (title.kind, title.text) == ("title", "Заголовок")
    assert len(body) >= 1_000_000 // MAX_BLOCK_CHARS
    assert all((b.kind, b.line_start, b.line_end) == ("paragraph", 3, 3) for b in body)
    assert_exact_pieces(line, [b.text for b in body])
    if separator == " " and name == "ru":
        assert all(b.text.endswith(".") for b in body[:-1])  # sentence ends were found


@needs_ud
def test_one_megabyte_file_of_one_line_has_no_title(tmp_path):
    line = long_line(RU, 1_000_000)
    doc = read_document(write(tmp_path, line.encode()))
    assert doc.metadata == {} and {b.kind for b in doc.blocks} == {"paragraph"}
    assert_exact_pieces(line, [b.text for b in doc.blocks])


def test_long_markdown_paragraph_keeps_its_lines(tmp_path):
    """Pieces of a paragraph spread over many lines (and a tag spanning two) cite their own lines."""
    sentences = [s for s in ud_sentences("ru_gsd-dev.conllu", 200) if not re.search(r"[&*_`<>\[\]#\\]", s)][:120]
    body = "\n".join(sentences[:60]) + ' <span\nclass="x"\nid="y">' + "\n".join(sentences[60:]) + "</span>"
    source = "---\ntitle: ОДКБ\n---\n# Заголовок\n\n" + body + "\n"
    path = write(tmp_path, source.encode(), "doc.md")
    doc = read_document(path)
    heading, *pieces = doc.blocks
    assert heading.kind == "heading" and len(pieces) > 2
    file_lines = source.split("\n")
    for b in pieces:
        assert b.kind == "paragraph" and b.section == ("Заголовок",)
        cited = file_lines[b.line_start - 1 : b.line_end]
        text_lines = b.text.split("\n")
        assert text_lines[0] in cited[0] and text_lines[-1] in cited[-1], (b.line_start, b.line_end)
    assert pieces[0].line_start == 6 and pieces[-1].line_end == len(file_lines) - 1
    assert "\n".join(b.text for b in pieces).count("\n") + len(pieces) - 1 >= 118


@needs_ud
def test_huge_markdown_heading_becomes_paragraphs(tmp_path):
    line = long_line(RU_MARKDOWN, 20_000)
    doc = read_document(write(tmp_path, f"# {line}\n\nТекст.\n".encode(), "doc.md"))
    assert {b.kind for b in doc.blocks} == {"paragraph"} and all(b.section == () for b in doc.blocks)
    assert_exact_pieces(line, [b.text for b in doc.blocks[:-1]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aaaa. Bbbb. Cccc", ["Aaaa. Bbbb.", "Cccc"]),  # after the last sentence end that fits
        ("Aaaa bbbb cccc dddd", ["Aaaa bbbb", "cccc dddd"]),  # no sentence end: a space
        ("日本語です。次の文。終わり", ["日本語です。次の文。", "終わり"]),  # CJK stops need no space
        ("Aa. bbbbbb cccccc", ["Aa. bbbbbb", "cccccc"]),  # a sentence end too early is not used
    ],
)
def test_split_spans_prefers_sentences_then_spaces(text, expected):
    max_chars = 12
    assert [text[s:e] for s, e in split_spans(text, max_chars)] == expected


def test_split_spans_never_cuts_a_cluster():
    thai = "ที่นี่ผู้นำประเทศสมาชิกได้ลงนามในสนธิสัญญา" * 20  # no spaces, marks everywhere
    spans = split_spans(thai, 50)
    assert "".join(thai[s:e] for s, e in spans) == thai and max(e - s for s, e in spans) <= 50
    boundaries = {0} | {m.end() for m in regex.finditer(r"\X", thai)}
    assert all(s in boundaries and e in boundaries for s, e in spans)
    assert len(spans) > len(thai) // 50
    zalgo = "a" + "\u0301" * 200 + "b"  # one cluster longer than the limit stays whole
    assert [zalgo[s:e] for s, e in split_spans(zalgo, 50)] == ["a" + "\u0301" * 200, "b"]


def test_fifty_megabyte_file_is_read_and_split(tmp_path):
    """A 50 MB plain-text file: paragraphs under the limit stay whole, longer ones split in two."""
    sentences = ud_sentences("ru_gsd-dev.conllu", 400)
    paragraph = ""
    for sentence in sentences:
        if len(paragraph) + len(sentence) + 1 > 3000:
            break
        paragraph = f"{paragraph} {sentence}".strip()
    assert paragraph.endswith(".") and 2 * len(paragraph) + 1 > MAX_BLOCK_CHARS
    short, long = paragraph, f"{paragraph} {paragraph}"
    unit = f"\n\n{short}\n\n{long}"
    copies = 50_000_000 // len(unit.encode()) + 1
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as f:
        f.write("Заголовок")
        for _ in range(copies):
            f.write(unit)
    assert path.stat().st_size >= 50_000_000
    doc = read_document(path)
    assert len(doc.blocks) == 1 + copies * 3
    assert max(len(b.text) for b in doc.blocks) <= MAX_BLOCK_CHARS
    last = doc.blocks[-3:]
    assert [b.text for b in last[:1]] == [short] and " ".join(b.text for b in last[1:]) == long
    assert [(b.line_start, b.line_end) for b in last] == [(copies * 4 - 1,) * 2] + [(copies * 4 + 1,) * 2] * 2


# --- Whole builds: the bad file is a problem, the others are indexed ----------------------------


def doc_ids(index, query: str) -> set[str]:
    return {hit.passage["doc_id"] for hit in search(index, query, limit=None).hits}


def add_document(corpus: Path, doc_id: str, name: str, data: bytes, **fields: str) -> Path:
    path = corpus / "sources" / name
    path.write_bytes(data)
    extra = "".join(f"    {k}: {v}\n" for k, v in fields.items())
    with (corpus / "catalog.yaml").open("a", encoding="utf-8") as f:
        f.write(f"  - id: {doc_id}\n    file: sources/{name}\n    sha256: {sha256_of(path)}\n{extra}")
    return path


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    ud_file("ru_gsd-dev.conllu")  # skips, saying where to put the UD files, when they are missing
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus)
    bad = {
        "cp1251": add_document(corpus, "cp1251", "ru-cp1251.txt", RU.encode("cp1251")),
        "pdf": add_document(corpus, "pdf", "paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),  # truncated
        "empty": add_document(corpus, "empty", "empty.txt", b""),
        "yaml": add_document(corpus, "yaml", "page.md", b"---\ntitle: [ODKB\n---\n\nText.\n"),
        "html": add_document(corpus, "html", "page.html", "<html><body><nav>ОДКБ</nav></body></html>".encode()),
        "utf16": add_document(corpus, "utf16", "ru-utf16.txt", RU.encode("utf-16-le")),
    }
    good = {
        "bom16": add_document(corpus, "bom16", "th-utf16.txt", ("\ufeff" + TH).encode("utf-16-be")),
        "declared": add_document(corpus, "declared", "ja-sjis.txt", JA.encode("shift_jis"), encoding="shift_jis"),
        "controls": add_document(corpus, "controls", "ctl.txt",
                                 ("Заголовок\x1b[2J\n\nКоллективные\u200bсилы\x07 опера\u00adтивного "
                                  "\u202eреагирования\u202c ОДКБ.\n").encode()),
        "long": add_document(corpus, "long", "long.txt", long_line(RU, 200_000).encode()),
    }
    report = build_index(load_catalog(corpus), IndexLocation(tmp / "index"))
    index = CorpusIndex(tmp / "index")
    yield report, bad, good, index
    index.close()


def test_build_reports_each_bad_file_with_path_and_reason(hostile_build):
    report, bad, _, _ = hostile_build
    problems = {p.doc_id: p for p in report.problems}
    assert set(problems) == set(bad)
    for doc_id, path in bad.items():
        assert problems[doc_id].path == path
        assert str(problems[doc_id]).startswith(f"{path}: ")
    assert "it looks like cp1251" in problems["cp1251"].reason
    assert problems["pdf"].reason.startswith("not a readable PDF")
    assert problems["empty"].reason == "file is empty"
    assert problems["yaml"].reason == "front matter is not valid YAML (line 2)"
    assert problems["html"].reason.startswith("no main text found in the HTML page")
    assert "it looks like utf-16-le" in problems["utf16"].reason


def test_build_still_indexes_the_other_documents(hostile_build):
    report, _, good, index = hostile_build
    assert report.documents == 2 + len(good)
    for query, doc_id in [("ОДКБ", JA_DOC), ("ก่อการร้าย", TH_DOC), ("แคปิตอลฮิล", "bom16"),
                          ("審判員", "declared"), ("реагирования", "controls"), ("силы", "controls"),
                          ("опенинг", "long")]:
        assert doc_id in doc_ids(index, query), query
    long_passages = search(index, "опенинг", limit=None).hits
    assert all(len(hit.passage["text"]) <= MAX_BLOCK_CHARS for hit in long_passages)
    assert "controls" in doc_ids(index, "оперативного")  # the soft hyphen joins
    (shown,) = [h for h in search(index, "реагирования", limit=None).hits if h.passage["doc_id"] == "controls"]
    assert "\x1b" not in shown.passage["text"] and "\x07" not in shown.passage["text"]
