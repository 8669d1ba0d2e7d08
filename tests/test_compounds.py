"""Compounds in the index: the fine units and the compound they form are both searchable.

A compound (Japanese mode-C unit, Thai dictionary compound) is stored as an alternative term
at the position of its first part, so a search for a part finds the whole, phrases over the
parts still match, and a search for the whole ranks passages with the exact compound first.
"""

from __future__ import annotations

import pytest

from cstocorpus.analysis.units import BOUND
from cstocorpus.index.fields import _positions
from cstocorpus.search import search

from .conftest import JA_DOC, TH_DOC
from .test_search import hit_ids, passages  # noqa: F401  (fixture)


def passage_with(passages, doc_id, text):  # noqa: F811
    return next(p for p in passages if p.doc_id == doc_id and text in p.norm)


def test_compound_is_an_alternative_at_its_first_parts_position(passages):  # noqa: F811
    p = passage_with(passages, JA_DOC, "加盟国")
    positions = _positions(p, lambda t: t.lemma)
    at = next(i for i, terms in enumerate(positions) if "加盟国" in terms)
    # 国 is a suffix there, no word of its own: its term is marked (analysis.units)
    assert positions[at] == ["加盟", "加盟国"] and positions[at + 1] == ["国" + BOUND]
    assert len(positions) == len(p.tokens)  # compounds take no position of their own


@pytest.mark.parametrize("part, whole", [("加盟", "加盟国"), ("外務", "外務省")])
def test_japanese_part_finds_the_whole(engine_index, passages, part, whole):  # noqa: F811
    with_whole = {p.passage_id for p in passages if p.doc_id == JA_DOC and whole in p.norm}
    assert with_whole
    assert with_whole <= set(hit_ids(search(engine_index, part, limit=100)))
    found = search(engine_index, whole, limit=100, literal=True)  # 加盟国 is also a concept's name
    assert set(hit_ids(found)) == with_whole
    for hit in found.hits:  # the whole compound is highlighted, not just a part
        assert [hit.passage["text"][a:b] for a, b in hit.highlights] == [whole] * len(hit.highlights)


def test_a_word_that_is_one_compound_is_searched_by_it(engine_index):
    """The query for a word the analyzer reads as one compound is the compound's term: where
    the text has that word, on its own or inside a longer one; its parts written apart read
    the same, and the whole word is highlighted."""
    whole = search(engine_index, "外務省", limit=100, literal=True)
    parts = search(engine_index, '"外務 省"', limit=100, literal=True)
    assert hit_ids(whole) == hit_ids(parts) and whole.total == 3
    assert {h.passage["text"][a:b] for h in parts.hits for a, b in h.highlights} == {"外務省"}


def test_thai_part_finds_the_whole(engine_index, passages):  # noqa: F811
    with_whole = {p.passage_id for p in passages if p.doc_id == TH_DOC and "รักษาสันติภาพ" in p.norm}
    assert len(with_whole) == 7
    assert with_whole <= set(hit_ids(search(engine_index, "สันติภาพ", limit=100)))


def test_thai_whole_is_found_inside_a_longer_compound(engine_index, passages):  # noqa: F811
    """``รักษาสันติภาพ`` stands on its own in 4 seed passages and inside the longer
    ``กองกำลังรักษาสันติภาพ`` (peacekeeping forces) in 3, where the index holds it too
    (compounds nest): all 7 are found by its term."""
    by_id = {p.passage_id: p for p in passages}
    found = [h.passage["passage_id"] for h in search(engine_index, "รักษาสันติภาพ", limit=100, literal=True).hits]
    assert len(found) == 7
    assert all("รักษาสันติภาพ" in {c.form for c in by_id[i].compounds} for i in found)
    inside = ["กองกำลังรักษาสันติภาพ" in by_id[i].norm for i in found]
    assert sum(inside) == 3


def test_thai_prefix_compound_is_found_by_its_verb(engine_index, passages):  # noqa: F811
    """UD Thai writes การก่อการร้าย-like nominalizations (การ + verb) as one word; the index
    keeps the verb searchable on its own."""
    p = next(p for p in passages if p.doc_id == TH_DOC and "การฝึก" in {c.form for c in p.compounds})
    assert p.passage_id in hit_ids(search(engine_index, "ฝึก", limit=200))
    assert p.passage_id in hit_ids(search(engine_index, "การฝึก", limit=200))
