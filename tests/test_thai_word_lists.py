"""The Thai word lists, audited: no entry glues a function word to a word, and the seed text
contradicts no entry.

A glued entry is a segmentation error waiting to happen: the fine list once held ``ของกอง``
("of" + "unit"), so ``ของกองกำลัง`` ("of the forces") was cut ``ของกอง|กำลัง`` and 5 of the 24
seed passages with ``กองกำลัง`` were not found by ``search กองกำลัง --literal``.
"""

from __future__ import annotations

import pytest

from cstocorpus.analysis import analyze_with_compounds, thai
from cstocorpus.analysis.thai_lists import Lexicon
from cstocorpus.normalize import normalize

from .conftest import CORPUS, TH_DOC

TH_SEED = CORPUS / "sources" / f"{TH_DOC}.txt"

#: Crossings left in the seed text (see ``test_the_seed_text_contradicts_no_entry``): places
#: where newmm chose between two readings made of good words with nothing to tell them apart
#: (``กิจ|กรรมการ`` / ``กิจกรรม|การ``), as (fine token, coarse word) pairs.  Measured 13 pairs
#: in 9 places; a new one means a list changed.
MAX_TIES = 13


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


def _phrases(words, check) -> dict[str, str]:
    return {w: why for w in sorted(words) if (why := check(w))}


def test_no_fine_entry_is_a_phrase(lexicon):
    """The fine list (``th_words.txt``) holds words, not phrases."""
    found = _phrases(thai.fine_words() - thai.domain_words(), lexicon.phrase)
    assert not found, found


def test_no_domain_entry_glues_a_linking_word(lexicon):
    """The hand-made domain list holds names and terms; a name may look like two words
    (``ดูมา``, Duma: "look" + "come"), but none may start or end with ``ของ``, ``ใน``..."""
    found = _phrases(thai.domain_words(), lexicon.glued)
    assert not found, found


def test_no_coarse_entry_is_a_phrase(lexicon):
    """Compounds come from the coarse list: PyThaiNLP's word list minus ``th_phrases.txt``."""
    hand_made = thai.domain_words() | thai._entries(thai.DATA / "th_compounds.txt")
    found = _phrases(thai.coarse_words() - hand_made, lexicon.phrase)
    assert not found, found


@pytest.mark.parametrize("entry, why", [("ของกอง", "ของ|กอง"), ("ได้รับ", "ได้|รับ")])
def test_the_rules_catch_glued_entries(lexicon, entry, why):
    assert lexicon.phrase(entry).startswith(why)


@pytest.mark.parametrize("word", ["ของขวัญ", "กองกำลัง", "ร่วมมือ", "เชียงของ", "ลงนาม"])
def test_the_rules_leave_words_alone(lexicon, word):
    assert lexicon.phrase(word) is None


def _crossings() -> list[tuple[str, str, str]]:
    """(fine token, coarse word, line) wherever the fine segmentation of the seed text and
    the coarse one cross: a fine token that starts in one coarse word and ends in another."""
    import nlpo3

    fine, coarse = thai.load_dictionary(), thai.load_coarse_dictionary()
    out = []
    for line in TH_SEED.read_text(encoding="utf-8").splitlines():
        text = normalize(line).text
        for m in thai._SEGMENT.finditer(text):
            run = m.group()
            spans = {}
            for name, dictionary in (("fine", fine), ("coarse", coarse)):
                pos, spans[name] = 0, []
                for piece in nlpo3.segment(run, dictionary):
                    spans[name].append((pos, pos + len(piece)))
                    pos += len(piece)
            for s, e in spans["fine"]:
                for cs, ce in spans["coarse"]:
                    if s < cs < e < ce or cs < s < ce < e:
                        out.append((run[s:e], run[cs:ce], text))
    return out


def test_the_seed_text_contradicts_no_entry(lexicon):
    """Where the fine and the coarse segmentation of the seed cross, one of them holds a
    wrong entry or newmm chose badly between good ones.  A crossing where either side is a
    phrase (``ของกอง|กำลัง`` against ``ของ|กองกำลัง``) is a list error: none is left.  The
    others are ties between good words; their number may not grow."""
    crossings = _crossings()
    errors = [(f, c) for f, c, _ in crossings if lexicon.phrase(f) or lexicon.phrase(c)]
    assert not errors, errors
    ties = sorted({(f, c) for f, c, _ in crossings})
    assert len(ties) <= MAX_TIES, ties


def test_of_the_forces_is_of_and_forces():
    words, compounds = analyze_with_compounds("ของกองกำลังรักษาสันติภาพ", "th")
    assert [t.form for t in words][:3] == ["ของ", "กอง", "กำลัง"]
    assert "กองกำลังรักษาสันติภาพ" in {c.form for c in compounds}


def test_every_seed_passage_with_forces_has_the_word(passages_th):
    """All 24 seed passages that contain ``กองกำลัง`` segment it on its own boundaries."""
    found = [p for p in passages_th if "กองกำลัง" in p.norm]
    assert len(found) == 24
    for p in found:
        at = {t.start for t in p.tokens}
        starts = [i for i in range(len(p.text)) if p.text.startswith("กองกำลัง", i)]
        assert all(s in at for s in starts), p.text


@pytest.fixture(scope="module")
def passages_th():
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import read_sources
    from cstocorpus.passages import make_passages

    for doc in read_sources(load_catalog(CORPUS)):
        if doc.record.id == TH_DOC:
            return make_passages(doc.record.id, doc.parsed.blocks)
    raise AssertionError("the Thai seed is missing")
