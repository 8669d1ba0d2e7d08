"""Word units: a Thai or Japanese query word matches whole words or compounds, never a piece
of a longer word that is no word there, unless the query says ``*``; highlights follow; on
the seed texts, in both engines.
"""

from __future__ import annotations

import pytest

from cstocorpus.analysis import analyze_units
from cstocorpus.analysis.units import BOUND, marked
from cstocorpus.search import search

from .conftest import JA_DOC, TH_DOC
from .test_search import hit_ids, passages  # noqa: F401  (fixture)


def bound_forms(text: str, lang: str) -> list[str]:
    words, _, bound = analyze_units(text, lang)
    return [words[i].form for i in sorted(bound)]


def compound_forms(text: str, lang: str) -> set[str]:
    return {c.form for c in analyze_units(text, lang)[1]}


# --- which pieces are words ---------------------------------------------------------------


@pytest.mark.parametrize("text, bound, compounds", [
    # lexical words (the Thai National Corpus writes them as one): their syllables are bound
    ("หน่วยงาน", ["หน่วย", "งาน"], {"หน่วยงาน"}),
    ("ลงนาม", ["ลง", "นาม"], {"ลงนาม"}),
    ("กองกำลัง", ["กอง"], {"กองกำลัง"}),  # กำลัง (force) is a word of two syllables
    # การ/ความ + verb: the verb is a word, nested compounds too
    ("ความร่วมมือ", ["ความ", "ร่วม", "มือ"], {"ความร่วมมือ", "ร่วมมือ"}),
    ("การฝึก", ["การ"], {"การฝึก"}),
    # phrases of words: every piece is a word
    ("ประเทศสมาชิก", [], {"ประเทศสมาชิก"}),
    ("ติดอาวุธ", [], {"ติดอาวุธ"}),
    ("กองกำลังรักษาสันติภาพ", ["กอง"], {"กองกำลังรักษาสันติภาพ", "กองกำลัง", "รักษาสันติภาพ"}),
])
def test_thai_units(text, bound, compounds):
    assert bound_forms(text, "th") == bound
    assert compound_forms(text, "th") == compounds


@pytest.mark.parametrize("text, bound, compounds", [
    ("外務省", ["省"], {"外務省"}),  # 外務 (foreign affairs) is a word of it, 省 a suffix
    ("加盟国", ["国"], {"加盟国"}),
    ("一次資料", ["一", "次"], {"一次"}),  # Sudachi keeps 一|次 apart: a numeral and its suffix
    ("第一次世界大戦", ["第", "一", "次"], {"第一次"}),
    ("2014年", [], set()),
])
def test_japanese_units(text, bound, compounds):
    assert bound_forms(text, "ja") == bound
    assert compound_forms(text, "ja") == compounds


def test_query_sequences_are_read_as_the_text_is():
    """A sequence that is one compound is searched by it; a longer one by its pieces, the
    bound ones marked as the index marks them."""
    m = marked(("ร่วม", "มือ"), ("ร่วม", "มือ"))
    assert m.lemmas == ("ร่วม" + BOUND, "มือ" + BOUND) and m.whole == ("ร่วมมือ", "ร่วมมือ")
    m = marked(("ความ", "ร่วม", "มือ", "ทาง", "ทหาร"), ("ความ", "ร่วม", "มือ", "ทาง", "ทหาร"))
    assert m.forms == ("ความ" + BOUND, "ร่วม" + BOUND, "มือ" + BOUND, "ทาง", "ทหาร") and m.whole is None
    assert marked(("รักษา", "สันติภาพ"), ("รักษา", "สันติภาพ")).whole == ("รักษาสันติภาพ",) * 2
    m = marked(("csto", "加盟", "国"), ("csto", "加盟", "国"))
    assert m.lemmas == ("csto", "加盟", "国" + BOUND) and m.whole is None
    assert marked(("csto",), ("csto",)).lemmas == ("csto",)


# --- search, both engines -------------------------------------------------------------------


def _with(passages, doc, text):  # noqa: F811
    return {p.passage_id for p in passages if p.doc_id == doc and text in p.norm}


def _highlighted(found) -> list[str]:
    return [h.passage["text"][a:b] for h in found.hits for a, b in h.highlights]


def test_a_syllable_is_not_found_inside_a_word(engine_index, passages):  # noqa: F811
    """``มือ`` (hand) is no word in ``ความร่วมมือ`` (cooperation): none of the 46 is found."""
    cooperation = _with(passages, TH_DOC, "ร่วมมือ")
    assert len(cooperation) > 30
    found = search(engine_index, "มือ", literal=True, limit=None)
    assert not set(hit_ids(found)) & cooperation
    assert set(_highlighted(found)) <= {"มือ"}


def test_a_word_is_found_inside_a_longer_word(engine_index, passages):  # noqa: F811
    """``ร่วมมือ`` is a word of ``ความร่วมมือ``; ``สันติภาพ`` of ``รักษาสันติภาพ``."""
    for word, inside in (("ร่วมมือ", "ความร่วมมือ"), ("สันติภาพ", "รักษาสันติภาพ"), ("ฝึก", "การฝึก")):
        found = search(engine_index, word, literal=True, limit=None)
        assert _with(passages, TH_DOC, inside) <= set(hit_ids(found)), word
        assert set(_highlighted(found)) == {word}, word


def test_every_passage_with_the_forces_is_found(engine_index, passages):  # noqa: F811
    with_it = _with(passages, TH_DOC, "กองกำลัง")
    assert len(with_it) == 24
    found = search(engine_index, "กองกำลัง", literal=True, limit=None)
    assert set(hit_ids(found)) == with_it
    assert set(_highlighted(found)) == {"กองกำลัง"}


def test_a_star_finds_the_pieces(engine_index, passages):  # noqa: F811
    cooperation = _with(passages, TH_DOC, "ความร่วมมือ")
    found = search(engine_index, "มือ*", literal=True, limit=None)
    assert cooperation <= set(hit_ids(found))


def test_japanese_numeral_and_suffix(engine_index, passages):  # noqa: F811
    primary = _with(passages, JA_DOC, "一次")
    assert len(primary) == 2
    assert set(hit_ids(search(engine_index, "一次", literal=True, limit=None))) == primary
    assert not set(hit_ids(search(engine_index, "一", literal=True, limit=None))) & primary


def test_japanese_word_inside_a_compound(engine_index, passages):  # noqa: F811
    ministry = _with(passages, JA_DOC, "外務省")
    found = search(engine_index, "外務", literal=True, limit=None)
    assert ministry <= set(hit_ids(found))
    assert set(_highlighted(found)) == {"外務"}
    assert not set(hit_ids(search(engine_index, "省", literal=True, limit=None))) & ministry


# --- freq counts words as units ---------------------------------------------------------------


@pytest.fixture(scope="module")
def word_counts(corpus_index):
    """``freq`` of each seed language, as words and as parts: term -> (count, inside, passages)."""
    from cstocorpus.stats.freq import frequency_list
    from cstocorpus.stats.store import stored_passages

    stored = stored_passages(corpus_index)
    out = {}
    for lang in ("th", "ja"):
        mine = [p for p in stored if p.lang == lang]
        for units in ("words", "parts"):
            found = frequency_list(mine, top=None, keep_stopwords=True, langs=[lang], units=units)
            out[lang, units] = {t.term: (t.count, t.inside, t.passages) for t in found.terms}
    return out


def test_freq_counts_a_compound_as_one_word(word_counts):
    th, th_parts = word_counts["th", "words"], word_counts["th", "parts"]
    for whole, piece in (("หน่วยงาน", "งาน"), ("ความร่วมมือ", "มือ"), ("กองกำลัง", "กอง"), ("ลงนาม", "นาม")):
        assert th[whole][0] >= 13, whole
        # the piece counts only where it stands as a word of its own
        assert th.get(piece, (0,))[0] <= th_parts[piece][0] - th[whole][0], piece
    ja, ja_parts = word_counts["ja", "words"], word_counts["ja", "parts"]
    assert ja["一次"][0] == 2 and ja["外務省"][0] == 3
    assert not {"一", "次", "省", "外務"} & set(ja)  # only inside 一次 and 外務省 here
    assert {"一", "次", "省", "外務"} <= set(ja_parts)


def test_a_word_inside_a_longer_one_is_counted_apart(word_counts):
    """``inside``: ความมั่นคง (security) stands on its own and inside the names of the treaty
    and the organization; 外務 is a word of 外務省, 省 is not."""
    th = word_counts["th", "words"]
    count, inside, passages = th["ความมั่นคง"]
    assert count > 10 and inside > count
    assert word_counts["ja", "parts"]["外務"][0] == 3


def test_freq_passages_are_search_totals(corpus_index, word_counts):
    """A word's passages in ``freq`` (words) are the passages ``search WORD --literal`` finds:
    every Thai and Japanese word of the seed, compounds included."""
    checked = 0
    for lang in ("th", "ja"):
        for term, (_, _, passages) in word_counts[lang, "words"].items():
            if term == "為る":  # the query analyzer reads it as 成る (test_stats)
                continue
            assert search(corpus_index, term, [lang], limit=1, literal=True).total == passages, (lang, term)
            checked += 1
    assert checked > 1500
