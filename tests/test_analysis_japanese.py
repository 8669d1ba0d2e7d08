"""The Japanese analyzer on the seed page and on UD Japanese GSD (UniDic short units)."""

from __future__ import annotations

import pytest

from cstocorpus.analysis import analyze
from cstocorpus.analysis.japanese import JapaneseAnalyzer
from cstocorpus.evaluation import evaluate_file
from cstocorpus.normalize import normalize

from .conftest import JA_DOC, SEEDS, UD, needs_ud

JA_SEED = SEEDS[f"{JA_DOC}.txt"]
GSD_DEV = UD / "ja_gsd-dev.conllu"


@pytest.fixture(scope="module")
def ja() -> JapaneseAnalyzer:
    return JapaneseAnalyzer()


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    lines = (normalize(line).text for line in JA_SEED.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def seed_line(lines: list[str], needle: str) -> str:
    """The first line with ``needle``, up to any HTML markup (``<br>``)."""
    return next(line for line in lines if needle in line).split("<")[0]


def pairs(tokens) -> list[tuple[str, str]]:
    return [(t.form, t.lemma) for t in tokens]


# --- compounds -------------------------------------------------------------------------


def test_compounds_on_the_seed_page(ja, seed_lines):
    line = seed_line(seed_lines, "クルグズスタン外務省")
    words, compounds = ja.analyze_with_compounds(line)
    assert [t.form for t in words][-2:] == ["外務", "省"]
    assert pairs(compounds) == [("外務省", "外務省")]
    c = compounds[0]
    assert (c.start, c.end) == (words[-2].start, words[-1].end) and c.lang == "ja"
    found = {t.form for line in seed_lines for t in ja.compounds(line)}
    assert {"外務省", "加盟国", "日本語", "ロシア語"} <= found


def test_compounds_span_consecutive_words_exactly(ja, seed_lines):
    text = "\n".join(seed_lines)
    words, compounds = ja.analyze_with_compounds(text)
    assert words == ja.analyze(text) and compounds == ja.compounds(text)
    starts = {t.start: i for i, t in enumerate(words)}
    ends = {t.end: i for i, t in enumerate(words)}
    assert compounds
    for c in compounds:
        assert text[c.start : c.end] == c.form
        assert ends[c.end] - starts[c.start] >= 1  # two or more words, boundaries shared


def test_numbers_are_split_as_unidic_and_whole_as_compounds(ja):
    assert pairs(ja.analyze("22億円")) == [("22", "22"), ("億", "億"), ("円", "円")]
    assert pairs(ja.compounds("22億円")) == [("22億", "2200000000")]
    assert pairs(ja.analyze("十三人")) == [("十", "十"), ("三", "三"), ("人", "人")]
    assert pairs(ja.compounds("十三人")) == [("十三", "13")]
    # separators are no words; the whole number is the compound
    assert pairs(ja.analyze("5,000人")) == [("5", "5"), ("000", "000"), ("人", "人")]
    assert pairs(ja.compounds("5,000人")) == [("5,000", "5000")]
    assert [t.form for t in ja.analyze("4.8キロ")] == ["4", "8", "キロ"]
    assert pairs(ja.analyze("2015年")) == [("2015", "2015"), ("年", "年")]
    assert ja.compounds("2015年") == []
    # a kanji numeral keeps its kanji lemma; digits in a dictionary word are split off
    assert pairs(ja.analyze("一つ")) == [("一", "一"), ("つ", "つ")]
    assert pairs(ja.analyze("1人で")) == [("1", "1"), ("人", "人"), ("で", "で")]
    assert pairs(ja.compounds("1人で")) == [("1人", "一人")]


# --- UniDic conventions ---------------------------------------------------------------


def test_compound_verbs_are_one_word(ja):
    assert pairs(ja.analyze("加盟国は計画を見送った")) == [
        ("加盟", "加盟"), ("国", "国"), ("は", "は"), ("計画", "計画"), ("を", "を"),
        ("見送っ", "見送る"), ("た", "た"),
    ]
    assert pairs(ja.analyze("交渉を繰り返す")) == [("交渉", "交渉"), ("を", "を"), ("繰り返す", "繰り返す")]
    assert ja.compounds("計画を見送った") == []  # the long unit is one word already
    # a productive verb + verb stays two words, as in UniDic
    assert [t.form for t in ja.analyze("読み始める")] == ["読み", "始める"]


@pytest.mark.parametrize(
    "text, form, lemma",
    [
        ("問題があることを示す", "こと", "事"),
        ("そのように述べた", "よう", "様"),
        ("条約によって定める", "よっ", "因る"),
        ("条約により定める", "より", "因る"),
        ("協力しており", "おり", "居る"),
        ("国連において", "おい", "於く"),
        ("準備しておく", "おく", "置く"),
        ("どこにもない", "どこ", "何処"),
        ("文献を読んで", "で", "て"),
        ("脅威を感じた", "感じ", "感ずる"),
        ("要請に応じる", "応じる", "応ずる"),
        ("扉を閉じた", "閉じ", "閉じる"),  # not a Sino-Japanese stem
        ("水が混じる", "混じる", "混じる"),  # まじる, not 混ずる (こんずる)
    ],
)
def test_unidic_lemmas_of_grammatical_words(ja, text, form, lemma):
    assert (form, lemma) in pairs(ja.analyze(text))


def test_particle_de_stays_de(ja):
    assert ("で", "で") in pairs(ja.analyze("会議で合意した"))


# --- widths and scripts ------------------------------------------------------------------


def test_full_width_and_half_width_forms_match(ja, seed_lines):
    line = seed_line(seed_lines, "クルグズスタン外務省")
    half = "- ｸﾙｸﾞｽﾞｽﾀﾝ外務省"  # the same line in half-width katakana
    assert [t.lemma for t in ja.analyze(half)] == [t.lemma for t in ja.analyze(line)]
    assert all(half[t.start : t.end] == t.form for t in ja.analyze(half))  # raw spans
    assert ja.analyze(half)[0].form == "ｸﾙｸﾞｽﾞｽﾀﾝ"
    # the pipeline folds widths before analysis, so forms match too
    heading = seed_line(seed_lines, "CSTO加盟国が発表する")
    wide = heading.replace("CSTO", "ＣＳＴＯ")
    assert pairs(analyze(normalize(wide).text, "ja")) == pairs(analyze(heading, "ja"))
    assert [t.lemma for t in ja.analyze("ＣＳＴＯ加盟国")] == [t.lemma for t in ja.analyze("CSTO加盟国")]
    assert [t.lemma for t in ja.analyze("２０１５年")] == ["2015", "年"]


def test_latin_and_cyrillic_runs_go_to_their_own_analyzers(seed_lines):
    heading = seed_line(seed_lines, "CSTO加盟国が発表する")
    quote = seed_line(seed_lines, "ОДКБ является основным")
    russian = quote.split()[2]  # a word of the page's Russian quote
    text = f"{heading}({russian}、ОДКБ)"
    tokens = analyze(text, "ja")
    assert all(text[t.start : t.end] == t.form for t in tokens)
    langs = {t.form: t.lang for t in tokens}
    assert langs["CSTO"] == "en" and langs["ОДКБ"] == "ru" and langs[russian] == "ru"
    assert langs["加盟"] == langs["資料"] == "ja"
    lemma = {t.form: t.lemma for t in tokens}
    assert lemma["CSTO"] == "csto" and lemma["ОДКБ"] == "одкб"


def test_span_arguments_index_the_whole_text(ja, seed_lines):
    line = seed_line(seed_lines, "クルグズスタン外務省")
    text = "ОДКБ " + line
    start = text.index("クルグズスタン")
    words, compounds = ja.analyze_with_compounds(text, start, len(text))
    assert pairs(words) == pairs(ja.analyze(line[line.index("クルグズスタン"):]))
    assert all(text[t.start : t.end] == t.form for t in words + compounds)
    assert [c.form for c in compounds] == ["外務省"]


def test_long_text_compounds_across_chunks(ja):
    sentence = "集団安全保障条約機構の加盟国は外務省で22億円の予算に合意した。"
    text = sentence * 400  # ~37,000 characters: several chunks
    words, compounds = ja.analyze_with_compounds(text)
    one_words, one_compounds = ja.analyze_with_compounds(sentence)
    assert len(words) == 400 * len(one_words)
    assert len(compounds) == 400 * len(one_compounds)
    assert all(text[t.start : t.end] == t.form for t in words + compounds)


# --- UD Japanese GSD -----------------------------------------------------------------------


@needs_ud
def test_gsd_dev_word_f1_and_lemma_accuracy():
    """Scored as ``cstocorpus evaluate`` does: word F1 on exact spans, lemma accuracy on
    the words segmented as in the gold.  Measured: F1 0.9841, lemma 0.9891 (the first/second
    half: 0.9851/0.9829, 0.9901/0.9880)."""
    report = evaluate_file(GSD_DEV, "ja", speed=False)
    assert report.segmentation["word"]["f1"] >= 0.980
    assert report.lemma["all"]["accuracy"] >= 0.985
