"""The fast paths of search give the answers of the slow ones: exact totals however the second
tier is counted, the same page as the first hits of the full list, Whoosh's numpy evaluator
agreeing with Whoosh's own matchers, the Tantivy count agreeing with its search, and the
one-pass highlighter agreeing with the scanning one."""

from __future__ import annotations

import pytest

from cstocorpus import highlight
from cstocorpus.index.whoosh_reader import _Unsupported, to_whoosh
from cstocorpus.query import model as qm
from cstocorpus.query import parse
from cstocorpus.query.compiler import compile_query
from cstocorpus.search import _filtered, _own_language_first, search

from .conftest import JA_DOC, TH_DOC
from .test_engines import QUERIES

MORE = ["и OR the OR の OR ที่", "Россия США", "CSTO", "ОДКБ Казахстан", "Армения -ОДКБ", '"ロシア 連邦"']
FILTERS = [{}, {"langs": ["th"]}, {"langs": ["ru", "ja"]}, {"docs": [JA_DOC]}, {"docs": [TH_DOC], "langs": ["en"]}]


def ids(result) -> list[str]:
    return [h.passage["passage_id"] for h in result.hits]


def tier_queries(index, text: str, filters: dict, literal: bool = False):
    """The queries search runs: the first tier, boosted, and the second, boosted."""
    compiled = compile_query(parse(text), index.glossary, literal=literal)
    langs, docs = filters.get("langs", ()), filters.get("docs", ())
    exact = _filtered(compiled.exact, langs, docs)
    out = [_own_language_first(exact, compiled.lang)]
    if compiled.expanded:
        out.append(_own_language_first(qm.AndNot(_filtered(compiled.query, langs, docs), exact), compiled.lang))
    return out


@pytest.mark.parametrize("query", QUERIES + MORE)
def test_a_page_is_the_head_of_the_full_list_and_the_total_is_exact(engine_index, query):
    for filters in FILTERS:
        for literal in (False, True):
            full = search(engine_index, query, limit=None, literal=literal, **filters)
            assert full.total == len(full.hits) == len(set(ids(full)))
            for limit in (1, 3, 10):
                page = search(engine_index, query, limit=limit, literal=literal, **filters)
                assert page.total == full.total, (query, filters, limit)
                assert ids(page) == ids(full)[:limit], (query, filters, limit)


@pytest.mark.parametrize("query", QUERIES + MORE)
def test_count_is_the_number_of_hits(engine_index, query):
    for filters in FILTERS:
        for q in tier_queries(engine_index, query, filters):
            assert engine_index.count(q) == engine_index.search(q, None).total == \
                len(engine_index.search(q, None).hits)


def _nested_and_maybe(q, inside_and=False) -> bool:
    """Whoosh's own matchers drop the optional part of an AndMaybe inside an And (its score
    depends on how the intersection skips); the evaluator always adds it."""
    if isinstance(q, qm.AndMaybe):
        return inside_and or _nested_and_maybe(q.required, inside_and) or _nested_and_maybe(q.optional, inside_and)
    if isinstance(q, qm.And):
        return any(_nested_and_maybe(c, True) for c in q.children)
    if isinstance(q, qm.Or):
        return any(_nested_and_maybe(c, inside_and) for c in q.children)
    if isinstance(q, qm.AndNot):
        return _nested_and_maybe(q.positive, inside_and)
    return False


@pytest.mark.parametrize("query", QUERIES + MORE)
def test_whoosh_evaluator_agrees_with_whoosh(corpus_index, query):
    searcher = corpus_index.engine.searcher
    evaluator = corpus_index.engine._evaluator
    assert evaluator is not None
    for filters in FILTERS:
        for q in tier_queries(corpus_index, query, filters):
            own = {h.docnum: h.score for h in searcher.search(to_whoosh(q), limit=None)}
            try:
                found, scores = evaluator.evaluate(q, scores=True)
            except _Unsupported:
                assert "*" in query  # prefixes are left to Whoosh
                continue
            if "-" not in query:  # Whoosh's own AndNot can keep a passage its negative matches
                assert sorted(own) == found.tolist(), (query, filters)
            assert evaluator.evaluate(q, scores=False)[0].tolist() == found.tolist()
            if not _nested_and_maybe(q) and "-" not in query:
                assert scores.tolist() == pytest.approx([own[d] for d in found.tolist()], rel=1e-9), (query, filters)


@pytest.mark.parametrize("query", MORE)
def test_every_engine_finds_the_same(corpus_index, engine_index, query):
    """As test_engines, for more queries: a negated expanded name (``-ОДКБ`` also excludes
    ``CSTO``) once made Whoosh's own matchers keep passages Tantivy left out."""
    for filters in FILTERS:
        w = search(corpus_index, query, limit=None, **filters)
        t = search(engine_index, query, limit=None, **filters)
        assert (w.total, set(ids(w))) == (t.total, set(ids(t))), (query, filters)


def test_whoosh_page_is_the_true_top(corpus_index):
    """Whoosh's block-quality skipping could miss a better hit under a language filter; the
    page is now always the head of the full ranking."""
    for query in ("Armenia", "terrorism", "Kazakhstan", "и OR the OR の OR ที่"):
        full = search(corpus_index, query, langs=["th"], limit=None)
        assert ids(search(corpus_index, query, langs=["th"], limit=10)) == ids(full)[:10]


def scanned_matches(text, tokens, spec, doc_id, names):
    """The plain definition: each rule scans the passage; the first rule to find a span names it."""
    found = {}
    for rule in spec.rules:
        if rule.doc and rule.doc != doc_id:
            continue
        for start, end in highlight._spans(tokens, names, rule):
            found.setdefault((start, end), {"query": rule.query, "text": text[start:end],
                                            "start": start, "end": end, "reason": rule.reason})
    return [found[k] for k in sorted(found)]


@pytest.mark.parametrize("query", QUERIES + MORE + ["безопасн* Россия", "CSTO ОДКБ ความมั่นคง"])
def test_one_pass_highlighter_agrees_with_scanning(corpus_index, query):
    spec = compile_query(parse(query), corpus_index.glossary).spec
    for f in corpus_index.all_stored():
        args = (f["text"], f["tokens"], spec, f["doc_id"], f.get("names", ()))
        assert highlight.matches(*args) == scanned_matches(*args), (query, f["passage_id"])


def test_a_boost_the_filter_excludes_changes_nothing(engine_index):
    """The own-language boost is left out when the language filter excludes that language:
    the same hits, scores and order."""
    compiled = compile_query(parse("CSTO"), engine_index.glossary)
    assert compiled.lang == "en"
    exact = _filtered(compiled.exact, ["th"], ())
    with_boost = engine_index.search(_own_language_first(exact, "en"), None)
    without = engine_index.search(exact, None)
    assert with_boost.total == without.total
    assert [(round(s, 5), f["passage_id"]) for s, f in with_boost.hits] == \
        [(round(s, 5), f["passage_id"]) for s, f in without.hits]
