"""One open index serving many threads at once, as ``cstocorpus serve`` does: each engine
gives every thread the answer it gives one caller alone (Tantivy searched side by side,
Whoosh and Xapian taking turns inside ``CorpusIndex``), and a query read once is reused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from cstocorpus.index import reader as index_reader
from cstocorpus.search import search

QUERIES = ("ОДКБ", "безопасности", "ก่อการร้าย", "ความมั่นคง", "集団安全保障条約機構", "加盟国", "Armenia",
           "Council of Foreign Ministers", "Naryshkin", "Казахстан OR Kazakhstan")


def answer(index, query):
    result = search(index, query, limit=10)
    return result.total, [(h.passage["passage_id"], h.tier, h.highlights) for h in result.hits]


def test_many_threads_get_the_answers_one_caller_gets(engine, engine_index):
    alone = {q: answer(engine_index, q) for q in QUERIES}
    assert all(total > 0 for total, _ in alone.values())
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda q: (q, answer(engine_index, q)), QUERIES * 6))
    for query, got in together:
        assert got == alone[query], query
    assert getattr(engine_index.engine, "THREAD_SAFE") is (engine == "tantivy")


def test_a_query_is_read_once_per_index(corpus_index, monkeypatch):
    first = corpus_index.compiled("ОДКБ")
    assert corpus_index.compiled("ОДКБ") is first
    assert corpus_index.compiled("ОДКБ", literal=True) is not first
    assert corpus_index.compiled("ОДКБ", literal=True).query != first.query  # literal: no other names
    monkeypatch.setattr(index_reader, "COMPILED_KEPT", 2)
    # queries no other test asked (the index is shared by the session): each one is new here
    corpus_index.compiled("ОДКБ Армения 2024 test_a_query_is_read_once_per_index")
    corpus_index.compiled("CSTO Armenia 2024 test_a_query_is_read_once_per_index")
    assert len(corpus_index._compiled) <= 2 and corpus_index.compiled("ОДКБ") is not first
