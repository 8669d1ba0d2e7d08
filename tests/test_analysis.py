"""Tests of the language analysis step, on the corpus's own texts and on UD gold data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cstocorpus.analysis import analyze, analyzer_for
from cstocorpus.analysis.japanese import MAX_CHUNK_BYTES, chunks
from cstocorpus.analysis.scripts import (
    COMMON,
    CYRILLIC,
    JAPANESE,
    LATIN,
    OTHER,
    THAI,
    run_language,
    script_runs,
)
from cstocorpus.langid import identify
from cstocorpus.normalize import normalize, search_key

ROOT = Path(__file__).resolve().parents[1]
JA_SEED = ROOT / "corpus/sources/000_3d49c9bf8a994c0c.txt"
TH_SEED = ROOT / "corpus/sources/002_0cdda2ff3fc24d48.txt"


def seed_passages(path: Path) -> list[str]:
    """Normalized non-empty lines of a seed file (a stand-in for its passages)."""
    lines = (normalize(line).text for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def lemmas(text: str, lang: str) -> list[str]:
    return [t.lemma for t in analyze(normalize(text).text, lang)]


# --- scripts -------------------------------------------------------------------------


def test_common_characters_stay_in_their_run():
    assert script_runs("พ.ศ. 2535") == [(0, 9, THAI)]
    assert script_runs("CSTO PA") == [(0, 7, LATIN)]
    text = "ก่อนหน้านี้ CSTO PA นำโดย"
    assert [(text[s:e], sc) for s, e, sc in script_runs(text)] == [
        ("ก่อนหน้านี้ ", THAI),
        ("CSTO PA ", LATIN),
        ("นำโดย", THAI),
    ]


def test_leading_common_characters_join_the_next_run():
    assert script_runs("(2015) ОДКБ") == [(0, 11, CYRILLIC)]
    assert script_runs("2015年にCSTO") == [(0, 6, JAPANESE), (6, 10, LATIN)]
    assert script_runs("12 345") == [(0, 6, COMMON)]
    assert script_runs("") == []


def test_run_routing():
    assert run_language(LATIN, "th") == "en"
    assert run_language(CYRILLIC, "ja") == "ru"
    assert run_language(LATIN, "de") == "de"  # German words: generic, not English lemmas
    assert run_language(CYRILLIC, "uk") == "uk"
    assert run_language(LATIN, "uk") == "en"
    assert run_language(COMMON, "ru") == "ru"
    assert run_language(COMMON, "de") == "de"
    assert run_language(OTHER, "ru") == "und"
    assert run_language(JAPANESE, "und") == "ja"


# --- pipeline ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [JA_SEED, TH_SEED], ids=["ja-seed", "th-seed"])
def test_every_token_of_the_seeds_spans_its_form(path):
    count = 0
    for text in seed_passages(path):
        tokens = analyze(text, identify(text))
        for prev, tok in zip(tokens, tokens[1:]):
            assert prev.end <= tok.start, (prev, tok)  # text order, no overlaps
        for tok in tokens:
            assert text[tok.start : tok.end] == tok.form, tok
            assert tok.lemma == search_key(tok.lemma)
            assert any(ch.isalnum() for ch in tok.form), tok  # no punctuation or spaces
        count += len(tokens)
    assert count > 400


def test_analyzers_are_cached_per_language():
    assert analyzer_for("th") is analyzer_for("th")
    assert analyzer_for("de") is analyzer_for("de")
    assert analyzer_for("de").lang == "de"


def test_searching_thai_loads_neither_sudachi_nor_pymorphy():
    code = (
        "import sys; from cstocorpus.analysis import analyze;"
        "from cstocorpus.langid import identify;"
        "t = 'การก่อการร้าย CSTO'; analyze(t, identify(t));"
        "print(sorted(m for m in ('sudachipy', 'pymorphy3', 'langdetect') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_other_languages_are_indexed_by_word_form():
    text = "Die Mitgliedstaaten der Organisation"
    tokens = analyze(text, "de")
    assert [(t.lemma, t.lang) for t in tokens] == [
        ("die", "de"),
        ("mitgliedstaaten", "de"),
        ("der", "de"),
        ("organisation", "de"),
    ]
    assert [t.lemma for t in analyze("Ґанок ОДКБ", "uk")] == ["ґанок", "одкб"]
    assert [t.lang for t in analyze("ОДКБ Հայաստան", "ru")] == ["ru", "und"]


# --- Russian -------------------------------------------------------------------------


def test_russian_lemmas():
    assert "безопасность" in lemmas("способствует решению проблем безопасностью", "ru")
    assert lemmas("ещё всё", "ru") == ["еще", "все"]  # ё folded in lemmas
    assert lemmas("Ещё", "ru") == ["еще"]


def test_russian_hyphenated_compounds_from_the_tajik_quote():
    paragraphs = seed_passages(JA_SEED)
    quote = next(p for p in paragraphs if p.startswith("Республика Таджикистан придает"))
    tokens = {t.form: t.lemma for t in analyze(quote, "ru")}
    assert tokens["государств-членов"] == "государство-член"
    assert "военно-политической" not in tokens  # that one is in the next paragraph
    nxt = next(p for p in paragraphs if p.startswith("Республика Таджикистан считает"))
    tokens = {t.form: t.lemma for t in analyze(nxt, "ru")}
    assert tokens["военно-политической"] == "военно-политический"
    assert tokens["стран-участниц"] == "страна-участница"


def test_russian_numbers_and_stress_marks():
    tokens = analyze("более 25000 человек, замо́к", "ru")
    assert [(t.form, t.lemma) for t in tokens] == [
        ("более", "более"),
        ("25000", "25000"),
        ("человек", "человек"),
        ("замо́к", "замок"),
    ]


# --- English -------------------------------------------------------------------------


def test_english_lemmas_and_acronyms():
    tokens = analyze("The CSTO's members were meeting; ISS and WHO don't", "en")
    assert [(t.form, t.lemma) for t in tokens] == [
        ("The", "the"),
        ("CSTO's", "csto"),
        ("members", "member"),
        ("were", "be"),
        ("meeting", "meet"),
        ("ISS", "iss"),
        ("and", "and"),
        ("WHO", "who"),
        ("don't", "do"),
    ]
    assert lemmas("19.5 G20 Russia’s leaders' O'Brien", "en") == [
        "19.5", "g20", "russia", "leader", "o'brien"
    ]


# --- Japanese ------------------------------------------------------------------------


def test_japanese_lemmas():
    tokens = analyze(normalize("CSTOに関する日本語の文献").text, "ja")
    assert [t.lemma for t in tokens] == ["csto", "に", "関する", "日本", "語", "の", "文献"]
    assert tokens[0].lang == "en" and tokens[-1].lang == "ja"
    assert "構造" in lemmas("機構の構造", "ja")
    assert lemmas("ＣＳＴＯ", "ja") == lemmas("CSTO", "ja") == ["csto"]
    assert lemmas("ＣＳＴＯ加盟国", "ja")[0] == "csto"
    assert lemmas("資料が発表された。", "ja") == ["資料", "が", "発表", "為る", "れる", "た"]
    # punctuation and dashes are not words; a kanji Sudachi does not know still is
    assert lemmas("「𠮷野家」ーー、", "ja") == ["𠮷", "野家"]


def test_japanese_text_over_sudachi_input_limit():
    sentence = "集団安全保障条約機構の構造について、加盟国は2015年に合意した。"
    text = sentence * 1500  # ~137 KB of UTF-8, over Sudachi's ~49 KB limit
    assert len(text.encode("utf-8")) > 2 * 49_000
    tokens = analyze(text, "ja")
    assert all(text[t.start : t.end] == t.form for t in tokens)
    assert sum(t.lemma == "構造" for t in tokens) == 1500
    assert sum(t.form == "2015" for t in tokens) == 1500


def test_japanese_chunks_without_break_characters():
    text = "構造" * 30_000  # no 。, newline or space: hard splits
    parts = list(chunks(text))
    assert len(parts) > 1
    assert "".join(p for _, p in parts) == text
    assert all(len(p.encode("utf-8")) <= MAX_CHUNK_BYTES for _, p in parts)
    assert all(text.startswith(p, off) for off, p in parts)
    tokens = analyzer_for("ja").analyze(text)
    assert all(text[t.start : t.end] == t.form for t in tokens)
    assert "".join(t.form for t in tokens) == text


# --- Thai ----------------------------------------------------------------------------


def thai_seed_tokens():
    return [t for p in seed_passages(TH_SEED) for t in analyze(p, identify(p))]


def test_thai_seed_words():
    tokens = thai_seed_tokens()
    assert "ก่อการร้าย" in {t.lemma for t in tokens}
    raw = TH_SEED.read_text(encoding="utf-8")
    assert sum(t.form == "พ.ศ." for t in tokens) == raw.count("พ.ศ.") == 26
    for abbr in ("กสทช.", "คสช.", "กศน.", "สพฐ.", "ครม."):
        assert abbr in {t.form for t in tokens}, abbr


@pytest.mark.parametrize(
    "text, forms",
    [
        (
            "ลงนามเมื่อวันที่ 15 พฤษภาคม พ.ศ. 2535",
            ["ลง", "นาม", "เมื่อ", "วัน", "ที่", "15", "พฤษภาคม", "พ.ศ.", "2535"],
        ),
        ("ในปี ค.ศ.2002", ["ใน", "ปี", "ค.ศ.", "2002"]),
        ("ตั้งแต่ปีพ.ศ. 2547", ["ตั้ง", "แต่", "ปี", "พ.ศ.", "2547"]),
        ("ของกสทช. คือ", ["ของ", "กสทช.", "คือ"]),
        ("ครม.สร้าง", ["ครม.", "สร้าง"]),
        ("ที่ ก.ส.ท.ช. กล่าว", ["ที่", "ก.ส.ท.ช.", "กล่าว"]),
        ("ผบ.ทบ. และ สพฐ. กศน. คสช.", ["ผบ.ทบ.", "และ", "สพฐ.", "กศน.", "คสช."]),
        # a full stop after a word is not an abbreviation, and does not break the word up
        ("เทคโนโลยีสารสนเทศ. องค์กร", ["เทคโนโลยี", "สารสนเทศ", "องค์กร"]),
        ("รัฐประหาร.", ["รัฐประหาร"]),
        ("4,000 คน.", ["4,000", "คน"]),
        ("ไปๆ มาๆ", ["ไป", "มา"]),
    ],
)
def test_thai_dotted_abbreviations_stay_whole(text, forms):
    assert [t.form for t in analyze(text, "th")] == forms


def test_thai_offsets_survive_a_segmenter_that_changes_text(monkeypatch):
    from cstocorpus.analysis import thai

    # Pretend nlpo3 dropped a character and returned a piece that is not in the text.
    monkeypatch.setattr(thai.nlpo3, "segment", lambda text, name: ["การ", "ก่อ", "XYZ", "ร้าย"])
    text = "การก่อการร้าย"
    spans = thai.segment(text)
    assert [text[s:e] for s, e in spans] == ["การ", "ก่อ", "การ", "ร้าย"]


def test_latin_names_in_thai_lines_are_english_tokens():
    line = next(p for p in seed_passages(TH_SEED) if "Sergei Naryshkin" in p)
    assert identify(line) == "th"
    tokens = {t.form: t for t in analyze(line, identify(line))}
    assert (tokens["Naryshkin"].lang, tokens["Naryshkin"].lemma) == ("en", "naryshkin")
    assert tokens["CSTO"].lemma == "csto"
    assert tokens["ดั้งเดิม"].lang == "th"


# The floors on the UD gold files are in test_analysis_{thai,japanese,russian,english}.py and
# use the evaluator (cstocorpus.evaluation), the same code as `cstocorpus evaluate`.


def test_seed_has_no_unsegmented_thai_runs():
    """Guards against regressions that leave whole lines as one token."""
    longest = max(len(t.form) for t in thai_seed_tokens() if t.lang == "th")
    assert longest < 30
    assert not re.search(r"\s", "".join(t.form for t in thai_seed_tokens()))
