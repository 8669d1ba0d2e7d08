"""Search on the real seed corpus: lemmas, scripts, phrases, operators, filters, highlights."""

from __future__ import annotations

import pytest

from cstocorpus.catalog import load_catalog
from cstocorpus.corpus import SourceDocument, read_sources
from cstocorpus.passages import make_passages
from cstocorpus.query import QuerySyntaxError
from cstocorpus.search import search as _search

from .conftest import CORPUS, JA_DOC, TH_DOC


def search(*args, **kwargs):
    """These tests check what the query's own words find; the other names a search adds
    (glossary, transliteration) are tested in test_crosslang.py."""
    return _search(*args, literal=True, **kwargs)


@pytest.fixture(scope="module")
def passages():
    """An independent recount: passages straight from the pipeline, not from the index."""
    out = []
    for item in read_sources(load_catalog(CORPUS)):
        assert isinstance(item, SourceDocument)
        out.extend(make_passages(item.record.id, item.parsed.blocks))
    return out


def ids_with_lemma(passages, lemma):
    return {p.passage_id for p in passages if any(t.lemma == lemma for t in p.tokens)}


def hit_ids(result):
    return {h.passage["passage_id"] for h in result.hits}


def test_russian_inflected_form_absent_from_text_finds_lemma(engine_index, passages):
    assert not any(t.form.lower() == "безопасностью" for p in passages for t in p.tokens)
    result = search(engine_index, "безопасностью", limit=None)
    assert result.total == len(ids_with_lemma(passages, "безопасность")) >= 4
    marked = {h.passage["text"][s:e].lower() for h in result.hits for s, e in h.highlights}
    assert {"безопасности", "безопасность"} <= marked


def test_total_is_exact_even_with_a_limit(engine_index, passages):
    full = search(engine_index, "ОДКБ", limit=None)
    page = search(engine_index, "ОДКБ", limit=2)
    assert page.total == full.total == len(ids_with_lemma(passages, "одкб"))
    assert len(page.hits) == 2
    assert [h.passage["passage_id"] for h in page.hits] == [h.passage["passage_id"] for h in full.hits[:2]]


def test_case_and_yo_are_folded(engine_index):
    assert hit_ids(search(engine_index, "КОЛЛЕКТИВНЫЕ")) == hit_ids(search(engine_index, "коллективные"))
    result = search(engine_index, "придаёт")  # the text writes «придает»
    assert result.total == 1 and "придает" in result.hits[0].passage["text"]


@pytest.mark.parametrize("word", ["文献", "構造"])
def test_japanese_words(engine_index, word):
    result = search(engine_index, word, limit=None)
    assert result.total >= 1
    for hit in result.hits:
        assert hit.passage["lang"] == "ja"
        assert [hit.passage["text"][s:e] for s, e in hit.highlights] == [word]


def test_japanese_full_width_query_matches(engine_index):
    assert hit_ids(search(engine_index, "ＣＳＴＯ憲章")) == hit_ids(search(engine_index, "CSTO憲章")) != set()


def test_thai_word(engine_index, passages):
    result = search(engine_index, "ก่อการร้าย", limit=None)
    assert result.total == len(ids_with_lemma(passages, "ก่อการร้าย")) >= 3
    assert all(h.passage["doc_id"] == TH_DOC and h.passage["lang"] == "th" for h in result.hits)


def test_latin_name_inside_thai(engine_index):
    result = search(engine_index, "Naryshkin", limit=None)
    assert result.total >= 1
    for hit in result.hits:
        assert hit.passage["lang"] == "th"
        assert "Naryshkin" in [hit.passage["text"][s:e] for s, e in hit.highlights]


def test_latin_acronym_phrase_inside_thai(engine_index):
    result = search(engine_index, '"CSTO PA"', limit=None)
    assert result.total >= 3
    for hit in result.hits:
        assert hit.passage["lang"] == "th"
        assert {hit.passage["text"][s:e] for s, e in hit.highlights} == {"CSTO PA"}
    assert search(engine_index, "CSTO PA", limit=None).total >= result.total


def test_phrase_matches_inflected_sequence_only(engine_index):
    result = search(engine_index, '"Совет коллективной безопасности"')
    assert result.total == 1
    hit = result.hits[0]
    assert [hit.passage["text"][s:e] for s, e in hit.highlights] == ["Совета коллективной безопасности"]
    assert search(engine_index, '"безопасности коллективной"').total == 0


def test_or_not_and_prefix(engine_index, passages):
    a = ids_with_lemma(passages, "казахстан")
    b = ids_with_lemma(passages, "таджикистан")
    assert hit_ids(search(engine_index, "Казахстан OR Таджикистан", limit=None)) == a | b
    odkb = ids_with_lemma(passages, "одкб")
    assert hit_ids(search(engine_index, "ОДКБ -Казахстан", limit=None)) == odkb - a
    assert hit_ids(search(engine_index, "ОДКБ NOT Казахстан", limit=None)) == odkb - a
    prefixed = hit_ids(search(engine_index, "безопасн*", limit=None))
    assert ids_with_lemma(passages, "безопасность") <= prefixed


def test_language_and_document_filters(engine_index):
    everywhere = search(engine_index, "CSTO", limit=None)
    langs = {h.passage["lang"] for h in everywhere.hits}
    assert {"ja", "th"} <= langs
    thai = search(engine_index, "CSTO", langs=["th"], limit=None)
    assert 0 < thai.total < everywhere.total
    assert {h.passage["lang"] for h in thai.hits} == {"th"}
    ja_doc = search(engine_index, "CSTO", docs=[JA_DOC], limit=None)
    assert {h.passage["doc_id"] for h in ja_doc.hits} == {JA_DOC}
    assert thai.total + ja_doc.total == everywhere.total


def test_absent_word_returns_nothing(engine_index):
    assert search(engine_index, "Гондурас").total == 0
    assert search(engine_index, "ОДКБ Гондурас").total == 0


def test_ranking_is_deterministic_and_sorted(engine_index):
    first = search(engine_index, "CSTO ความมั่นคง", limit=None)
    second = search(engine_index, "CSTO ความมั่นคง", limit=None)
    assert [(h.passage["passage_id"], h.score) for h in first.hits] == \
           [(h.passage["passage_id"], h.score) for h in second.hits]
    scores = [h.score for h in first.hits]
    assert scores == sorted(scores, reverse=True)


def test_query_errors_raise_own_type(engine_index):
    with pytest.raises(QuerySyntaxError):
        search(engine_index, '"unbalanced')
    with pytest.raises(QuerySyntaxError, match="no words"):
        search(engine_index, "!!! ???")
