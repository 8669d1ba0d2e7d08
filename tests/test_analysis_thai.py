"""Thai segmentation: the cases it must get right, compounds, and a floor on UD Thai PUD."""

from __future__ import annotations

import re
import shutil

import pytest

from cstocorpus.analysis import (
    analyze,
    analyze_with_compounds,
    analyzer_for,
    thai,
)
from cstocorpus.evaluation import evaluate_file
from cstocorpus.langid import identify
from cstocorpus.models import Token
from cstocorpus.normalize import normalize

from .conftest import CORPUS, TH_DOC, UD, ud_file

TH_SEED = CORPUS / "sources" / f"{TH_DOC}.txt"
PUD = UD / "th_pud-dev-first500.conllu"


def seed_lines() -> list[str]:
    lines = (normalize(line).text for line in TH_SEED.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def seed_line(containing: str) -> str:
    return next(line for line in seed_lines() if containing in line)


def forms(text: str) -> list[str]:
    return [t.form for t in analyze(text, "th")]


# --- what analyze gives ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # UD Thai conventions: function-word phrases are split ...
        ("ภายใต้กฎบัตร", ["ภาย", "ใต้", "กฎบัตร"]),
        ("หลังจากที่เขากล่าวว่า", ["หลัง", "จาก", "ที่", "เขา", "กล่าว", "ว่า"]),
        ("ส่วนหนึ่งของความร่วมมือ", ["ส่วน", "หนึ่ง", "ของ", "ความ", "ร่วม", "มือ"]),
        ("เข้าร่วมกับพวกเขา", ["เข้า", "ร่วม", "กับ", "พวก", "เขา"]),
        ("มากกว่าปีเดียวกัน", ["มาก", "กว่า", "ปี", "เดียว", "กัน"]),
        # ... lexical compounds stay whole
        ("ตรวจสอบสนธิสัญญา", ["ตรวจสอบ", "สนธิสัญญา"]),
        ("การก่อการร้าย", ["การ", "ก่อการร้าย"]),  # a noun: การ stays apart, the term whole
    ],
)
def test_compound_splits_follow_the_treebank(text, expected):
    assert forms(text) == expected


@pytest.mark.parametrize(
    "text, words, compounds",
    [
        ("การนำของการล่มสลาย", ["การนำ", "ของ", "การ", "ล่มสลาย"], ["การล่มสลาย"]),
        ("ความมั่นคงอย่างรวดเร็ว", ["ความ", "มั่นคง", "อย่าง", "รวดเร็ว"], ["ความมั่นคง", "อย่างรวดเร็ว"]),
        ("การใช้จ่าย", ["การ", "ใช้", "จ่าย"], ["การใช้จ่าย"]),  # a verb in two pieces
        ("การเมือง", ["การเมือง"], []),  # a word of its own (politics)
    ],
)
def test_prefix_and_verb_are_a_compound_not_one_word(text, words, compounds):
    """UD Thai writes การล่มสลาย as one word; the index keeps การ|ล่มสลาย apart (a search for
    ล่มสลาย finds it) and adds the whole as a compound (a search for it ranks it first)."""
    found, joined = analyzer_for("th").analyze_with_compounds(text)
    assert [t.form for t in found] == words
    assert [c.form for c in joined if c.form.startswith(("การ", "ความ", "อย่าง"))] == compounds


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ลงนามเมื่อวันที่ 15 พฤษภาคม พ.ศ. 2535", ["ลง", "นาม", "เมื่อ", "วัน", "ที่", "15", "พฤษภาคม", "พ.ศ.", "2535"]),
        ("ตั้งแต่ปีพ.ศ. 2547", ["ตั้ง", "แต่", "ปี", "พ.ศ.", "2547"]),
        ("ในปี ค.ศ.2002", ["ใน", "ปี", "ค.ศ.", "2002"]),
        ("ปี พ.ศ. ๒๕๓๕", ["ปี", "พ.ศ.", "๒๕๓๕"]),  # Thai digits are a number too
        ("ของกสทช. คือ", ["ของ", "กสทช.", "คือ"]),
        ("ครม.สร้าง", ["ครม.", "สร้าง"]),
        ("ที่ ก.ส.ท.ช. กล่าว", ["ที่", "ก.ส.ท.ช.", "กล่าว"]),
        ("ผบ.ทบ. และ สพฐ. กศน. คสช.", ["ผบ.ทบ.", "และ", "สพฐ.", "กศน.", "คสช."]),
        # a full stop after a word is not an abbreviation and does not break the word up
        ("รัฐประหาร.", ["รัฐประหาร"]),
        ("4,000 คน.", ["4,000", "คน"]),
        ("กองกำลัง (CRRF; 19.5 พัน คน)", ["กอง", "กำลัง", "CRRF", "19.5", "พัน", "คน"]),
        # repetition and abbreviation marks are punctuation, not words or parts of words
        ("ไปๆ มาๆ", ["ไป", "มา"]),
        ("CSTO ต่างๆ ในสหรัฐฯ ฯลฯ", ["CSTO", "ต่าง", "ใน", "สหรัฐ"]),
    ],
)
def test_dates_numbers_abbreviations_and_marks(text, expected):
    assert forms(text) == expected


def test_member_states_capitals_and_leaders_are_one_word_each():
    line = seed_line("ลงนามเมื่อวันที่ 15 พฤษภาคม พ.ศ. 2535")
    words = forms(line)
    for name in ("ทาชเคนต์", "อาร์เมเนีย", "คาซัคสถาน", "คีร์กีซสถาน", "รัสเซีย", "ทาจิกิสถาน",
                 "อุซเบกิสถาน", "อาเซอร์ไบจาน", "จอร์เจีย", "เบลารุส"):
        assert name in words, name
    assert forms("ประธานาธิบดีอเล็กซานเดอร์ ลูกาเชนโก") == ["ประธานาธิบดี", "อเล็กซานเดอร์", "ลูกาเชนโก"]
    assert forms("ประชุมที่ดูชานเบและบิชเคก") == ["ประชุม", "ที่", "ดูชานเบ", "และ", "บิชเคก"]
    assert forms("นายเซอร์เกย์ ลาฟรอฟ") == ["นาย", "เซอร์เกย์", "ลาฟรอฟ"]


def test_transliterated_names_from_wikipedia_titles():
    assert "สตอกโฮล์ม" not in thai.domain_words()
    assert forms("ที่บรัสเซลส์และสตอกโฮล์ม") == ["ที่", "บรัสเซลส์", "และ", "สตอกโฮล์ม"]
    assert forms("ซัดดัม ฮุสเซน") == ["ซัดดัม", "ฮุสเซน"]


def test_latin_runs_in_a_thai_line_are_english_words_with_right_offsets():
    line = seed_line("Sergei Naryshkin")
    tokens = analyze(line, identify(line))
    assert all(line[t.start : t.end] == t.form for t in tokens)
    by_form = {t.form: t for t in tokens}
    assert (by_form["Naryshkin"].lang, by_form["Naryshkin"].lemma) == ("en", "naryshkin")
    assert by_form["CSTO"].lang == "en"
    # the Thai analyzer on its own reads only Thai letters and numbers
    assert [t.form for t in analyzer_for("th").analyze("CSTO และ ОДКБ 2002")] == ["และ", "2002"]


def test_every_seed_token_spans_its_form_and_no_thai_run_is_left_whole():
    for line in seed_lines():
        words, compounds = analyze_with_compounds(line, identify(line))
        for t in words + compounds:
            assert line[t.start : t.end] == t.form
            assert not re.search(r"\s", t.form)
    longest = max(len(t.form) for line in seed_lines() for t in analyze(line, "th") if t.lang == "th")
    assert longest < 25


def test_seed_abbreviations_and_dates():
    words = [t.form for line in seed_lines() for t in analyze(line, "th")]
    assert words.count("พ.ศ.") == 26
    for abbr in ("กสทช.", "คสช.", "กศน.", "สพฐ.", "ครม.", "ป.ป.ช."):
        assert abbr in words, abbr


# --- compounds ------------------------------------------------------------------------


def test_compounds_on_the_seed_text():
    line = seed_line("กองกำลังรักษาสันติภาพ")
    analyzer = analyzer_for("th")
    words = analyzer.analyze(line)
    compounds = analyzer.compounds(line)
    start = line.index("รักษาสันติภาพ")
    i = next(k for k, t in enumerate(words) if t.start == start)
    assert [t.form for t in words[i : i + 2]] == ["รักษา", "สันติภาพ"]
    assert Token("กองกำลังรักษาสันติภาพ", "กองกำลังรักษาสันติภาพ", "th", start - 8, start + 13) in compounds
    assert analyzer.compounds("รักษาสันติภาพ") == [Token("รักษาสันติภาพ", "รักษาสันติภาพ", "th", 0, 13)]
    assert [t.form for t in analyzer.compounds("ภายใต้กฎบัตร")] == ["ภายใต้"]
    assert analyzer.analyze_with_compounds(line) == (words, compounds)


def test_every_compound_spans_two_or_more_consecutive_words_exactly():
    analyzer = analyzer_for("th")
    seen = 0
    for line in seed_lines():
        words, compounds = analyzer.analyze_with_compounds(line)
        starts = {t.start: i for i, t in enumerate(words)}
        ends = {t.end: i for i, t in enumerate(words)}
        for c in compounds:
            assert c.lang == "th" and c.lemma == c.form
            assert c.start in starts and c.end in ends and ends[c.end] > starts[c.start]
            seen += 1
    assert seen > 500


def test_domain_compounds_are_compounds():
    """Each entry of th_compounds.txt is more than one word, so it is indexed beside its words."""
    analyzer = analyzer_for("th")
    for term in thai._entries(thai.DATA / "th_compounds.txt"):
        assert len(analyzer.analyze(term)) >= 2, term
        assert term in [c.form for c in analyzer.compounds(term)], term


# --- word lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["th_words.txt", "th_predicates.txt", "th_domain_words.txt", "th_compounds.txt"]
)
def test_word_lists_have_a_header_and_only_thai_words(name):
    lines = (thai.DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries and all(re.fullmatch(f"[{thai._LETTERS}]+", w) for w in entries)
    assert len(entries) == len(set(entries))


def test_domain_words_are_in_the_fine_list():
    missing = thai.domain_words() - thai.fine_words()
    assert not missing, f"run `python -m cstocorpus.analysis.thai build` to add {sorted(missing)}"


def test_word_list_build_reproduces_the_shipped_list(tmp_path):
    shutil.copy(thai.DATA / "th_domain_words.txt", tmp_path)
    counts = thai.build_word_lists(tmp_path)
    built = thai._entries(tmp_path / "th_words.txt")
    shipped = thai._entries(thai.DATA / "th_words.txt")
    assert counts["words"] == len(built)
    # the same rules on the same PyThaiNLP lists; allow a newer PyThaiNLP to differ a little
    assert len(built & shipped) >= 0.98 * max(len(built), len(shipped))


# --- UD Thai PUD ----------------------------------------------------------------------


def test_boundary_f1_floor_on_ud_thai_pud():
    """Measured (sentences 1-500): boundary P 0.900, R 0.970, F1 0.934; word F1 0.831."""
    ud_file(PUD.name)
    seg = evaluate_file(PUD, "th", speed=False).segmentation
    assert seg["boundary"]["f1"] >= 0.925
    assert seg["word"]["f1"] >= 0.82
