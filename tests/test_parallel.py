"""The parallel build's fast paths give exactly what the plain ones give: fields computed in a
worker, terms encoded without a call per term, Tantivy's pre-tokenized fields decoded without
the generator, and the Tantivy index of a parallel build byte for byte that of a serial one.
Also: ``analyzed_documents`` takes its sources only as it needs them."""

from __future__ import annotations

import hashlib
from itertools import count

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cstocorpus.catalog import load_catalog
from cstocorpus.corpus import SourceDocument, read_sources
from cstocorpus.index import parallel
from cstocorpus.index.builder import build_index
from cstocorpus.index.fields import analysis_fields, passage_fields
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.pretokenized import (
    decode_positions,
    encode_positions,
    encode_terms,
)
from cstocorpus.passages import (
    AnalyzedBlock,
    IndexedPassage,
    analyze_block,
    iter_passages,
)

from .conftest import CORPUS

TERM = st.text(alphabet=st.sampled_from("ab ё|\t\u3000\u00a0к_"), max_size=4)


@given(st.lists(TERM, max_size=8), st.data())
def test_encode_terms_is_encode_positions(terms, data):
    alternatives = data.draw(st.dictionaries(st.integers(0, max(len(terms) - 1, 0)), st.lists(TERM, min_size=1, max_size=3)))
    alternatives = {i: more for i, more in alternatives.items() if i < len(terms)}
    positions = [[t, *alternatives.get(i, [])] for i, t in enumerate(terms)]
    assert encode_terms(list(terms), alternatives) == encode_positions(positions)


def _decode_reference(value: str):
    for pos, group in enumerate(value.split(" ")):
        for term in group.split("|"):
            if term:
                yield pos, term


@given(st.text(alphabet=st.sampled_from("ab |"), max_size=12))
def test_decode_positions_fast_path(value):
    assert list(decode_positions(value)) == list(_decode_reference(value))


@pytest.fixture(scope="module")
def seed_sources():
    sources = list(read_sources(load_catalog(CORPUS)))
    assert all(isinstance(s, SourceDocument) for s in sources)
    return sources


def test_fields_from_a_worker_are_the_fields_made_here(seed_sources):
    """What ``_analyze_chunk`` sends back becomes passages whose fields are those of the
    passages analyzed in this process, field for field (the seed corpus: every language,
    compounds, names, quotes)."""
    checked = 0
    for source in seed_sources:
        texts = [b.text for b in source.parsed.blocks]
        sent = parallel._analyze_chunk(texts)
        analyzed = [None if a is None else AnalyzedBlock(a[0], a[1], (), (), a[2]) for a in sent]
        remote = list(iter_passages(source.record.id, source.parsed.blocks, analyzed))
        local = list(iter_passages(source.record.id, source.parsed.blocks))
        assert all(isinstance(p, IndexedPassage) and not p.tokens for p in remote)
        assert [passage_fields(p) for p in remote] == [passage_fields(p) for p in local]
        checked += len(local)
    assert checked == 196


def test_analysis_fields_keep_compounds_at_their_first_part():
    text = "ภารกิจรักษาสันติภาพ"
    a = analyze_block(text)
    assert [t.form for t in a.tokens] == ["ภารกิจ", "รักษา", "สันติภาพ"]
    assert [t.form for t in a.compounds] == ["รักษาสันติภาพ"]
    lemma, form, tokens, *_ = analysis_fields(text, a.tokens, a.compounds, a.bound)
    assert lemma == form == "ภารกิจ รักษา|รักษาสันติภาพ สันติภาพ"
    assert tokens == [[0, 6, "ภารกิจ", "ภารกิจ"], [6, 11, "รักษา", "รักษา"], [11, 19, "สันติภาพ", "สันติภาพ"]]


def test_sources_are_taken_only_as_needed(seed_sources, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 1)
    monkeypatch.setattr(parallel, "AHEAD_PER_WORKER", 1)
    taken = count()

    def endless():
        while True:
            for source in seed_sources:
                next(taken)
                yield source

    results = parallel.analyzed_documents(endless(), workers=2)
    first, analyzed = next(results)
    assert first is seed_sources[0] and len(analyzed) == len(first.parsed.blocks)
    assert next(taken) < 12  # a bounded look-ahead, not the whole (endless) iterable
    results.close()


def _segment_files(index_dir) -> list[tuple[str, str]]:
    generation = IndexLocation(index_dir).current()
    return sorted((p.suffix, hashlib.sha256(p.read_bytes()).hexdigest()) for p in generation.iterdir()
                  if p.suffix in (".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm"))


def test_parallel_tantivy_index_is_byte_identical(corpus_copy, tmp_path, monkeypatch):
    catalog = load_catalog(corpus_copy)
    build_index(catalog, IndexLocation(tmp_path / "serial"), workers=1, engine="tantivy")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    build_index(catalog, IndexLocation(tmp_path / "parallel"), workers=2, engine="tantivy")
    serial = _segment_files(tmp_path / "serial")
    assert serial and serial == _segment_files(tmp_path / "parallel")


def _generation_files(index_dir) -> dict[str, str]:
    """sha256 of every file of the current generation by name (a segment's by its suffix:
    its name is random), but those that hold the time or the segment names."""
    generation = IndexLocation(index_dir).current()
    segment = {p.suffix for p in generation.iterdir() if len(p.stem) == 32}
    return {(p.suffix if p.suffix in segment else p.name): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in generation.iterdir()
            if p.is_file() and p.name not in ("manifest.json", "meta.json", ".managed.json")}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_long_document_waits_on_disk_and_gives_the_same_index(corpus_copy, tmp_path, monkeypatch, workers):
    """A document of more chunks than are kept in memory (``KEEP_CHUNKS``) waits in a
    temporary file until all of it is analyzed, in this process or in workers, and the
    columns of a document of more than ``FLUSH_TOKENS`` tokens are set aside in files as they
    grow: the index is byte for byte the one built with everything in memory, and holds no
    trace of the files."""
    from cstocorpus.index import columns

    catalog = load_catalog(corpus_copy)
    build_index(catalog, IndexLocation(tmp_path / "memory"), workers=1, engine="tantivy")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    monkeypatch.setattr(columns, "FLUSH_TOKENS", 100)
    set_aside = []
    real_flush = columns._Doc.flush_if_long
    monkeypatch.setattr(columns._Doc, "flush_if_long",
                        lambda self, d: (set_aside.append(len(self.lemma) >= 100), real_flush(self, d)))
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel, "KEEP_CHUNKS", 2)
    spilled = []
    real = parallel.DocumentAnalysis._spill
    monkeypatch.setattr(parallel.DocumentAnalysis, "_spill", lambda self, sent: (spilled.append(len(sent)), real(self, sent)))
    build_index(catalog, IndexLocation(tmp_path / "spilled"), workers=workers, engine="tantivy")
    assert sum(spilled) == 173 - 2 * 7 + 23 - 2 * 7  # both documents, all but their first two chunks
    assert sum(set_aside) > 50  # the seed corpus has 11,622 tokens: set aside every 100 or so
    memory, spilled_files = _generation_files(tmp_path / "memory"), _generation_files(tmp_path / "spilled")
    assert any(name.endswith(".idx") for name in memory) and "columns-lemma.npy" in memory
    assert spilled_files == memory


def test_a_long_document_is_not_all_in_flight(seed_sources, monkeypatch):
    """Chunks are sent to the workers a few at a time, across documents: a long document's
    results never all wait in this process."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    monkeypatch.setattr(parallel, "AHEAD_PER_WORKER", 2)
    monkeypatch.setattr(parallel, "KEEP_CHUNKS", 3)
    submitted, most = [0], [0]
    real_submit = parallel.ProcessPoolExecutor.submit

    def counting_submit(self, fn, *args):
        future = real_submit(self, fn, *args)
        submitted[0] += 1
        future.add_done_callback(lambda f: None)
        return future

    monkeypatch.setattr(parallel.ProcessPoolExecutor, "submit", counting_submit)
    thai = next(s for s in seed_sources if len(s.parsed.blocks) == 173)
    results = parallel.analyzed_documents([thai, thai], workers=2)
    source, analysis = next(results)
    # 35 chunks in the document; when it is complete at most 2 workers × 2 more were sent
    assert 35 <= submitted[0] <= 35 + 4
    assert len(analysis.kept) == 3 and analysis.spill is not None
    blocks = list(analysis)
    assert len(blocks) == 173 and analysis.spill is None  # read once, then the file is gone
    assert [None if b is None else (b.norm, b.lang, b.terms) for b in blocks] == \
           [None if a is None else (a[0], a[1], a[2]) for a in parallel._analyze_chunk([b.text for b in thai.parsed.blocks])]
    results.close()


def test_positions_spelled_out_are_what_is_encoded(seed_sources):
    from cstocorpus.index.fields import _positions
    from cstocorpus.normalize import search_key

    for source in seed_sources:
        for p in iter_passages(source.record.id, source.parsed.blocks):
            lemma, form, *_ = analysis_fields(p.text, p.tokens, p.compounds, p.bound)
            assert lemma == encode_positions(_positions(p, lambda t: t.lemma))
            assert form == encode_positions(_positions(p, lambda t: search_key(t.form), nested=False))


def test_stored_json_is_spliced_where_its_key_is():
    from cstocorpus.index.fields import StoredJSON, encode_json
    from cstocorpus.index.tantivy_engine import _stored

    tokens = [[0, 6, "tokens", 'x"tokens":0'], [7, 8, "0", "\\"]]
    names = [[0, 6, "tokens"]]
    fields = {"passage_id": "d:1", "lemma": "x", "text": '"tokens":0 "names":0 \\"tokens\\":0',
              "tokens": tokens, "translit": "", "names": names, "span": [0, 8]}
    plain = _stored(fields)
    assert plain == encode_json({k: v for k, v in fields.items() if k not in ("lemma", "form", "translit")})
    spliced = _stored({**fields, "tokens": StoredJSON(encode_json(tokens)), "names": StoredJSON(encode_json(names))})
    assert spliced == plain
