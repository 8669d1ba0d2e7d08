"""Counting with a simpler query (``query.counting``) finds exactly the passages the full
query finds, on both engines, for the second tier of real searches and for the first; and the
Thai rule it rests on holds in a built index."""

from __future__ import annotations

import re

import pytest

from cstocorpus.analysis.units import BOUND
from cstocorpus.query import model as qm
from cstocorpus.query import parse
from cstocorpus.query.compiler import compile_query
from cstocorpus.query.counting import for_counting
from cstocorpus.search import _filtered, _own_language_first

from .test_engines import QUERIES
from .test_search_totals import FILTERS, MORE

THAI_LETTERS = re.compile("[\u0e01-\u0e4e]")
EXPANDED = ['"Совет коллективной безопасности"', "Совет коллективной безопасности", "ОДКБ OR Armenia",
            '"ความมั่นคง" Armenia', "CSTO -Россия", "องค์การสนธิสัญญาความมั่นคงร่วม", "ОДКБ (Армения OR США)"]


def _tiers(index, text, filters):
    compiled = compile_query(parse(text), index.glossary)
    langs, docs = filters.get("langs", ()), filters.get("docs", ())
    exact = _filtered(compiled.exact, langs, docs)
    yield _own_language_first(exact, compiled.lang)
    if compiled.expanded:
        yield qm.AndNot(_filtered(compiled.query, langs, docs), exact)


@pytest.mark.parametrize("text", QUERIES + MORE + EXPANDED)
def test_the_simpler_query_counts_the_same_passages(engine_index, text):
    for filters in FILTERS:
        for q in _tiers(engine_index, text, filters):
            assert engine_index.count(for_counting(q)) == engine_index.count(q), (text, filters)


def _leaves(q) -> list:
    if isinstance(q, (qm.Term, qm.Phrase, qm.Prefix)):
        return [q]
    children = {qm.AndNot: lambda n: (n.positive, n.negative),
                qm.AndMaybe: lambda n: (n.required, n.optional)}.get(type(q), lambda n: n.children)(q)
    return [leaf for c in children for leaf in _leaves(c)]


def test_what_the_simpler_query_leaves_out(corpus_index):
    """The CSC phrase's second tier: Thai aliases searched once (in ``lemma``), the alias that
    contains another alias dropped, and the query's own words (taken away anyway) not searched."""
    compiled = compile_query(parse('"Совет коллективной безопасности"'), corpus_index.glossary)
    full = qm.AndNot(compiled.query, compiled.exact)
    simple = for_counting(full)
    before, after = _leaves(full.positive), _leaves(simple.positive)
    thai = [q for q in before if isinstance(q, qm.Phrase) and THAI_LETTERS.search(q.terms[0])]
    assert {q.field for q in thai} == {"lemma", "form"}
    assert not [q for q in after if q.field == "form" and THAI_LETTERS.search(" ".join(getattr(q, "terms", ())))]
    phrases = {" ".join(q.terms) for q in after if isinstance(q, qm.Phrase)}
    assert "collective security council" in phrases and "csto collective security council" not in phrases
    assert "совет коллективный безопасность" not in phrases  # the own words are only the negative part
    assert len(after) < len(before) - len(thai) // 2


def test_thai_words_are_indexed_alike_in_lemma_and_form(corpus_index):
    """What lets a count search a Thai word in one field: each Thai term of ``form`` is in
    ``lemma`` at the same positions; ``lemma`` also holds the compounds inside longer ones
    (``รักษาสันติภาพ`` in ``กองกำลังรักษาสันติภาพ``), where ``form`` does not."""
    reader = corpus_index.ix.reader()
    thai = {f: {t.decode("utf-8") for t in reader.lexicon(f) if THAI_LETTERS.search(t.decode("utf-8"))}
            for f in ("lemma", "form")}
    assert len(thai["lemma"]) > 500 and thai["form"] <= thai["lemma"]
    nested = {u[2] for f in corpus_index.all_stored() for u in f["units"]}
    assert thai["lemma"] - thai["form"] <= nested
    for term in sorted(thai["form"]):
        postings = [dict(reader.postings(f, term).items_as("positions")) for f in ("lemma", "form")]
        assert postings[1].keys() <= postings[0].keys(), term
        assert all(set(positions) <= set(postings[0][doc]) for doc, positions in postings[1].items()), term
        if term not in nested:
            assert postings[0] == postings[1], term


def _lemma_phrases(index, per_passage=3):
    """Runs of 2 to 5 lemmas as they stand in the seed passages (as the index holds them):
    every language, compounds and repeated words included."""
    phrases = set()
    for n, fields in enumerate(sorted(index.all_stored(), key=lambda f: f["passage_id"])):
        bound = set(fields["bound"])  # the index's terms: pieces of a longer word marked
        lemmas = [t[2] + (BOUND if i in bound else "") for i, t in enumerate(fields["tokens"])]
        for k in range(per_passage):
            length = 2 + (n + k) % 4
            start = (n * 7 + k * 13) % max(1, len(lemmas) - length + 1)
            if len(lemmas) >= length:
                phrases.add(tuple(lemmas[start:start + length]))
    return sorted(phrases)


def test_a_phrase_of_lemmas_matches_the_same_passages_as_the_phrase_of_its_pairs(engine_index):
    phrases = _lemma_phrases(engine_index)
    assert len(phrases) > 300
    found = 0
    for terms in phrases:
        phrase = qm.Phrase("lemma", terms)
        paired = for_counting(phrase)
        assert paired.field == "pairs", terms
        count = engine_index.count(phrase)
        assert engine_index.count(paired) == count, terms
        found += count > 0
    assert found == len(phrases)  # each was taken from a passage


def test_pairs_join_every_alternative_with_its_neighbours(corpus_index):
    """A compound is an alternative at its first part's position: a phrase may go through it
    or through its parts, and the pairs must allow both."""
    from cstocorpus.index.pretokenized import PAIR_JOINER, encode_pairs

    value = encode_pairs(["集団", "安全", "保障"], {1: ["安全保障"]})
    positions = [p.split("|") for p in value.split(" ")]
    assert positions == [[f"集団{PAIR_JOINER}安全", f"集団{PAIR_JOINER}安全保障"],
                         [f"安全{PAIR_JOINER}保障", f"安全保障{PAIR_JOINER}保障"]]
    assert encode_pairs(["ОДКБ"], {}) == ""
    # Through the index: the Japanese page's compounds, phrase by phrase, as the first test does
    compounds = [q for q in _lemma_phrases(corpus_index, per_passage=8) if any(len(t) >= 4 for t in q)]
    for terms in compounds:
        assert corpus_index.count(for_counting(qm.Phrase("lemma", terms))) == \
            corpus_index.count(qm.Phrase("lemma", terms)), terms
