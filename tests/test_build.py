"""Building the index from the seed corpus: passages, citations, tags, determinism, atomicity."""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections import Counter

import pytest

from cstocorpus.catalog import load_catalog
from cstocorpus.corpus import DocumentProblem, SourceDocument, read_sources
from cstocorpus.index import builder as builder_module
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexBusyError, IndexLocation
from cstocorpus.index.reader import CorpusIndex, IndexUnavailable
from cstocorpus.normalize import normalize
from cstocorpus.passages import document_text, make_passages
from cstocorpus.search import search

from .conftest import CORPUS, JA_DOC, SEEDS, TH_DOC

KG_URL = ("https://mfa.gov.kg/ru/osnovnoe-menyu/vneshnyaya-politika/mezhdunarodnye-organizacii/odkb/"
          "o-sotrudnichestve-kyrgyzskoy-respubliki-v-ramkah-odkb")


@pytest.fixture(scope="module")
def docs():
    out = {}
    for item in read_sources(load_catalog(CORPUS)):
        assert isinstance(item, SourceDocument), str(item)
        out[item.record.id] = make_passages(item.record.id, item.parsed.blocks)
    return out


def test_passage_counts_kinds_and_texts(docs):
    ja, th = docs[JA_DOC], docs[TH_DOC]
    assert (len(ja), len(th)) == (23, 173)  # Thai: lines between blank lines are one passage
    assert Counter(p.lang for p in ja) == {"ja": 16, "ru": 7}
    assert Counter(p.kind for p in ja) == {"list_item": 13, "heading": 10}
    assert Counter(p.kind for p in th) == {"paragraph": 163, "heading": 9, "title": 1}
    assert [(p.kind, p.text, p.line_start, p.line_end) for p in ja[3:5]] == [
        ("list_item", "集団安全保障条約\n英・露", 17, 18), ("list_item", "CSTO憲章\n英・露", 20, 21)]
    tajik = [p for p in ja if p.section[-1:] == ("タジキスタン",) and p.lang == "ru"]
    assert [p.text[:40] for p in tajik] == ["Республика Таджикистан придает важное зн",
                                             "Республика Таджикистан считает, что ближ"]
    assert (th[0].kind, th[0].text) == ("title", "อวัยวะของ คสช. การถอดรหัส ODKB องค์ประกอบของ คสช. CSTO และสหพันธรัฐรัสเซีย")
    brief = next(p for p in th if p.text == "ประวัติโดยย่อ")
    assert (brief.kind, brief.line_start, brief.section) == ("heading", 27, ("ประวัติโดยย่อ",))
    under = th[th.index(brief) + 1]
    assert under.section == ("ประวัติโดยย่อ",) and under.line_start == 29
    assert under.text.startswith("สนธิสัญญาความมั่นคงร่วม (CST) ลงนามเมื่อ")


def test_other_languages_are_tagged_and_searchable_by_form(tmp_path):
    """A passage in none of the four languages keeps its own tag and its word forms."""
    from cstocorpus.catalog import sha256_of

    corpus = tmp_path / "corpus"
    (corpus / "sources").mkdir(parents=True)
    src = corpus / "sources" / "mixed.md"
    src.write_text("# Quellen\n\nDie Organisation des Vertrags über kollektive Sicherheit wurde 2002 "
                   "gegründet und hat ihren Sitz in Moskau.\n\nОрганізація Договору про колективну безпеку "
                   "була створена у 2002 році, її штаб-квартира розташована в Москві.\n", encoding="utf-8")
    (corpus / "catalog.yaml").write_text(
        f"documents:\n  - id: mixed\n    file: sources/mixed.md\n    sha256: {sha256_of(src)}\n", encoding="utf-8")
    build_index(load_catalog(corpus), IndexLocation(tmp_path / "index"))
    index = CorpusIndex(tmp_path / "index")
    try:
        assert index.languages() == ["de", "en", "uk"]  # the one-word heading "Quellen" is too short to tell from English
        de = search(index, "gegründet", limit=None)
        assert de.total == 1 and de.hits[0].passage["lang"] == "de"
        uk = search(index, "безпеку", limit=None)
        assert uk.total == 1 and uk.hits[0].passage["lang"] == "uk"
        assert search(index, "Sicherheit", langs=["de"]).total == 1
    finally:
        index.close()


def test_citation_metadata_uses_what_the_texts_say():
    sources = {s.record.id: s for s in read_sources(load_catalog(CORPUS))}
    ja, th = sources[JA_DOC].metadata, sources[TH_DOC].metadata
    assert ja["title"] == "CSTOに関する基本事項" and ja["tags"] == ["Politics"]
    assert th["title"].startswith("อวัยวะของ คสช.") and th["machine_translated"] and th["original_language"] == "ru"
    assert ja["url"] == "" and ja["authors"] == []  # unknown stays empty


def test_quotes_carry_their_source_urls(docs):
    russian = [p for p in docs[JA_DOC] if p.lang == "ru"]
    by_country = {p.section[-1]: p.source_url for p in russian}
    assert by_country["クルグズスタン"] == KG_URL
    assert by_country["タジキスタン"].startswith("https://mfa.tj/ru/main/view/147/")
    assert by_country["カザフスタン"] == "https://www.kazembassy.ru/rus/sotrudnichestvo/mnogostoronnee_sotrudnichestvo/odkb/"
    assert all(p.source_url for p in russian)
    assert not any(p.source_url for p in docs[JA_DOC] if p.kind == "heading")


def test_language_tags_per_passage(docs):
    ja = docs[JA_DOC]
    assert {p.lang for p in ja} == {"ja", "ru"}
    for p in ja:
        cyrillic = sum("CYRILLIC" in unicodedata.name(c, "") for c in p.norm)
        assert (p.lang == "ru") == (cyrillic > len(p.norm) / 2), p.norm
    assert {p.lang for p in docs[TH_DOC]} == {"th"}


def test_no_markup_reaches_any_passage(docs):
    for p in (p for ps in docs.values() for p in ps):
        for bad in ("<", ">", "fas fa-link", "href", "layout:", "permalink", "author_profile"):
            assert bad not in p.text, (bad, p.passage_id)
        assert p.text.strip() != "Link"


def test_headings_are_sections_and_searchable_passages(docs):
    ja_headings = [p.text for p in docs[JA_DOC] if p.kind == "heading"]
    assert "クルグズスタン" in ja_headings and "機構の構造" in ja_headings
    th_sections = {p.section[0] for p in docs[TH_DOC] if p.section}
    assert {"ประวัติโดยย่อ", "CSTO: บาดแผลที่เกิดและความขัดแย้งที่แก้ไขไม่ได้", "สมาชิก CSTO"} <= th_sections


def test_spans_and_lines_point_back_to_the_source(docs):
    for doc_id, passages in docs.items():
        text = document_text(passages)
        lines = SEEDS[f"{doc_id}.txt"].read_text(encoding="utf-8").split("\n")
        ordinals = [p.ordinal for p in passages]
        assert ordinals == list(range(1, len(passages) + 1))
        for p in passages:
            assert text[p.start:p.end] == p.norm
            source = "\n".join(lines[p.line_start - 1:p.line_end])
            for line in p.text.split("\n"):
                assert line.strip() in source, (p.passage_id, line)
            for t in p.tokens:
                assert normalize(p.text[t.start:t.end]).text == t.form


def test_ids_are_unique_and_stable_across_builds(corpus_copy, tmp_path, corpus_index):
    other = tmp_path / "again"
    build_index(load_catalog(corpus_copy), IndexLocation(other))
    again = CorpusIndex(other)
    try:
        def dump(ix):
            with ix.ix.searcher() as s:
                return sorted((d["passage_id"], d["lang"], tuple(d["section"]), d["text"], json.dumps(d["tokens"]))
                              for d in s.all_stored_fields())
        first, second = dump(corpus_index), dump(again)
        assert first == second
        assert len({row[0] for row in first}) == len(first)
        for query in ("CSTO", "безопасность", "ความมั่นคง"):
            assert [(h.passage["passage_id"], h.score) for h in search(again, query, limit=None).hits] == \
                   [(h.passage["passage_id"], h.score) for h in search(corpus_index, query, limit=None).hits]
    finally:
        again.close()


def test_parallel_build_is_the_same_index(corpus_copy, tmp_path, corpus_index, monkeypatch):
    """Worker processes (forced for the small seed corpus) give every stored field, term and
    score exactly as one process does."""
    from cstocorpus.index import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    monkeypatch.setattr(parallel, "CHUNK", 7)  # many chunks, out of step with documents
    build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "parallel"), workers=2)
    index = CorpusIndex(tmp_path / "parallel")
    try:
        def dump(ix):
            with ix.ix.searcher() as s:
                stored = sorted(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in s.all_stored_fields())
                terms = sorted((f, t) for f, t in s.reader().all_terms())
            return stored, terms

        assert dump(index) == dump(corpus_index)
        for query in ("CSTO", "Казахстан", "รักษาสันติภาพ"):
            assert [(h.passage["passage_id"], h.score) for h in search(index, query, limit=None).hits] == \
                   [(h.passage["passage_id"], h.score) for h in search(corpus_index, query, limit=None).hits]
    finally:
        index.close()


@pytest.fixture
def thai_heading_crashes(monkeypatch):
    """The analyzer fails on one heading of the Thai document (forked workers inherit it)."""
    from cstocorpus import passages as passages_module

    real = passages_module.analyze_units

    def fail_on_thai_heading(text, lang):
        if text == "ประวัติโดยย่อ":
            raise RuntimeError("simulated analyzer crash")
        return real(text, lang)

    monkeypatch.setattr(passages_module, "analyze_units", fail_on_thai_heading)


def test_analysis_failure_in_a_worker_skips_only_that_document(corpus_copy, tmp_path, monkeypatch,
                                                                thai_heading_crashes):
    from cstocorpus.index import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    report = build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "index"), workers=2)
    assert [(p.doc_id, "simulated analyzer crash" in p.reason) for p in report.problems] == [(TH_DOC, True)]
    assert report.documents == 1 and report.languages == {"ja": 16, "ru": 7}


@pytest.mark.parametrize("workers", [1, 2])
def test_analysis_failure_after_a_document_began_to_wait_on_disk(corpus_copy, tmp_path, monkeypatch,
                                                                 thai_heading_crashes, workers):
    """The Thai document's analysis fails in its fifth chunk, after three chunks went to the
    temporary file a long document waits in: the document is left out whole, its temporary
    file with it, and nothing of it is found."""
    from cstocorpus.index import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    monkeypatch.setattr(parallel, "CHUNK", 3)  # the failing heading is block 13: chunk 4
    monkeypatch.setattr(parallel, "KEEP_CHUNKS", 1)
    spilled = []
    real = parallel.DocumentAnalysis._spill
    monkeypatch.setattr(parallel.DocumentAnalysis, "_spill", lambda self, sent: (spilled.append(sent), real(self, sent)))
    report = build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "index"), workers=workers)
    assert len(spilled) == (8 - 1) + 3  # the Japanese document's 8 chunks but one, then the Thai's 3
    assert [(p.doc_id, "simulated analyzer crash" in p.reason) for p in report.problems] == [(TH_DOC, True)]
    assert report.documents == 1 and report.languages == {"ja": 16, "ru": 7}
    assert sorted(p.name for p in report.generation.iterdir() if p.name.startswith("tmp")) == []
    index = CorpusIndex(tmp_path / "index")
    try:
        assert search(index, "ความมั่นคง", limit=None).total == 0
        assert search(index, "安全保障", limit=None).total > 0
    finally:
        index.close()


def test_ids_survive_an_edit_elsewhere_in_the_document(docs):
    sources = {s.record.id: s for s in read_sources(load_catalog(CORPUS))}
    blocks = list(sources[TH_DOC].parsed.blocks)
    edited = make_passages(TH_DOC, blocks[:5] + blocks[6:])  # one paragraph removed
    assert {p.passage_id for p in edited} < {p.passage_id for p in docs[TH_DOC]}


def _copy_corpus(src, dst):
    shutil.copytree(src, dst)
    return dst


def test_failed_build_leaves_previous_index_searchable(corpus_copy, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    build_index(load_catalog(corpus_copy), IndexLocation(index_dir))
    before = IndexLocation(index_dir).current()
    calls = {"n": 0}
    real = builder_module.passage_fields

    def crash_midway(p):
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("simulated crash while writing")
        return real(p)

    monkeypatch.setattr(builder_module, "passage_fields", crash_midway)
    with pytest.raises(RuntimeError):
        build_index(load_catalog(corpus_copy), IndexLocation(index_dir), full=True)
    assert IndexLocation(index_dir).current() == before
    index = CorpusIndex(index_dir)
    assert search(index, "CSTO").total > 0
    index.close()
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [before.name]


def test_second_concurrent_build_is_refused(corpus_copy, tmp_path):
    location = IndexLocation(tmp_path / "index")
    with location.build_lock():
        with pytest.raises(IndexBusyError, match="another build"):
            build_index(load_catalog(corpus_copy), location)


def test_broken_source_is_reported_and_others_still_built(tmp_path):
    corpus = _copy_corpus(CORPUS, tmp_path / "corpus")
    (corpus / "sources" / f"{TH_DOC}.txt").write_bytes(b"\xff\xfe broken")
    report = build_index(load_catalog(corpus), IndexLocation(tmp_path / "index"))
    assert [p.doc_id for p in report.problems] == [TH_DOC]
    assert "sha256" in report.problems[0].reason and str(corpus) in str(report.problems[0])
    assert report.documents == 1 and report.passages > 0


def test_invalid_utf8_is_reported_with_byte_offset(tmp_path):
    from cstocorpus.catalog import sha256_of

    corpus = _copy_corpus(CORPUS, tmp_path / "corpus")
    path = corpus / "sources" / f"{TH_DOC}.txt"
    data = path.read_bytes()
    path.write_bytes(data[:99] + b"\xff" + data[99:])  # byte 99 starts a (3-byte) Thai character
    catalog_file = corpus / "catalog.yaml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace(
        "e9efefc4de11f8a760f8ab80fd9237f46a52ef89ba0dcd208a7bbd4cf99660af", sha256_of(path)), encoding="utf-8")
    problems = [p for p in read_sources(load_catalog(corpus)) if isinstance(p, DocumentProblem)]
    assert len(problems) == 1 and "byte 99" in problems[0].reason and "UTF-8" in problems[0].reason


def test_missing_or_foreign_index_is_refused(tmp_path):
    with pytest.raises(IndexUnavailable, match="cstocorpus build"):
        CorpusIndex(tmp_path / "nothing")
    gen = tmp_path / "foreign" / "gen-000001"
    gen.mkdir(parents=True)
    (tmp_path / "foreign" / "CURRENT").write_text("gen-000001\n")
    (gen / "manifest.json").write_text('{"format": "something-else", "version": 1}')
    (gen / "documents.json").write_text("{}")
    with pytest.raises(IndexUnavailable, match="another version"):
        CorpusIndex(tmp_path / "foreign")


def test_index_from_elsewhere_is_never_opened(built_index, tmp_path, monkeypatch):
    """A copied index signed with another key, or with a tampered schema pickle, is refused
    (tests/test_integrity.py tries every file of both engines)."""
    copy = tmp_path / "copy"
    shutil.copytree(built_index, copy)
    CorpusIndex(copy).close()  # same key: fine
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "someone-else.key"))
    with pytest.raises(IndexUnavailable, match="never opened"):
        CorpusIndex(copy)
    monkeypatch.undo()
    toc = next(IndexLocation(copy).current().glob("*.toc"))
    toc.write_bytes(toc.read_bytes()[:-1] + b"x")
    with pytest.raises(IndexUnavailable, match=r"is damaged \(gen-000001/_MAIN_1.toc does not match the checksum"):
        CorpusIndex(copy)


def test_analyzer_failure_skips_the_whole_document(corpus_copy, tmp_path, thai_heading_crashes):
    """A document whose analysis fails halfway is reported and left out, never half-indexed."""
    report = build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "index"))
    assert [(p.doc_id, "simulated analyzer crash" in p.reason) for p in report.problems] == [(TH_DOC, True)]
    index = CorpusIndex(tmp_path / "index")
    try:
        assert set(index.documents) == {JA_DOC}
        assert search(index, "CSTO", docs=[TH_DOC]).total == 0
        assert index.manifest["problems"] and TH_DOC in index.manifest["problems"][0]
    finally:
        index.close()


def test_generations_kept_are_current_and_previous(corpus_copy, tmp_path):
    """Old generations go, the previous one stays for searches already open, crash leftovers go."""
    location = IndexLocation(tmp_path / "index")
    catalog = load_catalog(corpus_copy)
    for _ in range(3):
        build_index(catalog, location, full=True)
    gens = lambda: sorted(p.name for p in location.root.iterdir() if p.name.startswith("gen-"))  # noqa: E731
    assert gens() == ["gen-000002", "gen-000003"] and location.current().name == "gen-000003"
    (location.root / "gen-000007").mkdir()  # what a build killed before publishing leaves
    build_index(catalog, location, full=True)
    assert gens() == ["gen-000003", "gen-000004"] and location.current().name == "gen-000004"


def test_sources_are_read_one_at_a_time_as_the_build_reaches_them(tmp_path, monkeypatch):
    """A corpus is never held in memory: a source is parsed only when the previous one has
    been handed to the index, and the progress bar counts bytes of source files."""
    events: list[tuple[str, str]] = []
    parse, fields = builder_module.parse_source, builder_module.passage_fields

    def logged_parse(record, path):
        events.append(("parse", record.id))
        return parse(record, path)

    def logged_fields(passage):
        if not events or events[-1] != ("index", passage.doc_id):
            events.append(("index", passage.doc_id))
        return fields(passage)

    monkeypatch.setattr(builder_module, "parse_source", logged_parse)
    monkeypatch.setattr(builder_module, "passage_fields", logged_fields)
    catalog = load_catalog(CORPUS)
    totals, done = [], []
    report = build_index(catalog, IndexLocation(tmp_path / "index"), workers=1,
                         on_total=totals.append, progress=done.append)
    ids = [r.id for r in catalog.documents]
    assert events == [(step, doc) for doc in ids for step in ("parse", "index")]
    sizes = [catalog.path_of(r).stat().st_size for r in catalog.documents]
    assert totals == [sum(sizes)] and done == sizes
    assert report.analyzed == ids
