"""Incremental builds: only changed documents are analyzed, and the result is the index a
full build of the same corpus gives (same passages, ids, tags, statistics and matches)."""

from __future__ import annotations

import json
import shutil

import pytest

from cstocorpus.catalog import load_catalog, sha256_of
from cstocorpus.index import builder as builder_module
from cstocorpus.index import incremental as incremental_module
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import MANIFEST, IndexLocation
from cstocorpus.index.reader import CorpusIndex
from cstocorpus.index import integrity, signature
from cstocorpus.search import search
from cstocorpus.stats.counts import corpus_stats
from cstocorpus.stats.store import stored_passages

from .conftest import CORPUS, ENGINE_PARAMS, JA_DOC, TH_DOC

#: A new Russian paragraph for the Japanese page, with words the seed corpus already has.
ADDED = "\n\nОДКБ провела совместные учения сил коллективной безопасности в Таджикистане.\n"
QUERIES = ("ОДКБ", "безопасность", "Таджикистан", "CSTO", "ก่อการร้าย", "文献", "Armenia", '"Совет коллективной безопасности"')


def _corpus(tmp_path, name="corpus"):
    return shutil.copytree(CORPUS, tmp_path / name)


def _built(tmp_path, engine=None):
    """A private copy of the seed corpus, and its index built in ``tmp_path/index``."""
    corpus = _corpus(tmp_path)
    location = IndexLocation(tmp_path / "index")
    return corpus, location, build_index(load_catalog(corpus), location, engine=engine)


def _change_source(corpus, doc_id, extra: str) -> None:
    """Append to a source file and record its new sha256, as a researcher updating it would."""
    catalog = load_catalog(corpus)
    record = catalog.get(doc_id)
    path = catalog.path_of(record)
    path.write_bytes(path.read_bytes() + extra.encode("utf-8"))
    text = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    (corpus / "catalog.yaml").write_text(text.replace(record.sha256, sha256_of(path)), encoding="utf-8")


def _snapshot(index_dir):
    """Everything a user can see of an index, independent of the order documents were added."""
    index = CorpusIndex(index_dir)
    try:
        stored = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in index.all_stored())
        results = {q: (r.total, sorted(h.passage["passage_id"] for h in r.hits))
                   for q in QUERIES for r in [search(index, q, limit=None)]}
        documents = index.documents
        languages = index.manifest["languages"]
        return stored, results, documents, languages, corpus_stats(stored_passages(index), index.documents)
    finally:
        index.close()


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_changed_document_is_the_only_one_analyzed_and_result_equals_full_build(tmp_path, engine):
    corpus, location, first = _built(tmp_path, engine=engine)
    assert not first.incremental and first.why_full == "there was no index yet"
    old_generation = location.current()
    old_manifest = json.loads((old_generation / MANIFEST).read_text(encoding="utf-8"))

    _change_source(corpus, JA_DOC, ADDED)
    report = build_index(load_catalog(corpus), location, engine=engine)
    assert report.incremental and report.analyzed == [JA_DOC] and report.reused == 1 and report.removed == []
    assert report.passages == first.passages + 1

    full_dir = tmp_path / "full"
    build_index(load_catalog(corpus), IndexLocation(full_dir), engine=engine, full=True)
    assert _snapshot(location.root) == _snapshot(full_dir)

    # The previous generation is untouched: still signed, still searchable as it was.
    assert signature.check(old_manifest) is None
    integrity.verify(old_generation, old_manifest["files"],
                     integrity.manifest_digest((old_generation / MANIFEST).read_bytes()))
    from cstocorpus.index.engine import engine_module
    reader = engine_module(engine).Reader(old_generation)
    try:
        assert len(reader.all_stored()) == first.passages
    finally:
        reader.close()


def test_new_passage_is_found_after_incremental_build(tmp_path):
    corpus, location, _ = _built(tmp_path)
    index = CorpusIndex(location.root)
    before = search(index, "учения", literal=True).total
    _change_source(corpus, JA_DOC, ADDED)
    build_index(load_catalog(corpus), location)
    after_index = CorpusIndex(location.root)
    try:
        assert after_index.generation != index.generation
        assert search(after_index, "учения", literal=True).total == before + 1
        assert search(index, "учения", literal=True).total == before  # a search already open sees the old index
    finally:
        index.close()
        after_index.close()


def test_nothing_changed_keeps_the_current_generation(tmp_path):
    corpus, location, _ = _built(tmp_path)
    current = location.current()
    report = build_index(load_catalog(corpus), location)
    assert report.generation is None and report.analyzed == [] and report.reused == 2
    assert location.current() == current and report.passages == 196


def test_catalog_only_edit_updates_citations_without_analysis(tmp_path):
    corpus, location, _ = _built(tmp_path)
    catalog_file = corpus / "catalog.yaml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace(
        'url: ""', 'url: "https://example.org/page"', 1), encoding="utf-8")
    report = build_index(load_catalog(corpus), location)
    assert report.incremental and report.analyzed == [] and report.reused == 2 and report.generation
    index = CorpusIndex(location.root)
    try:
        assert index.documents[JA_DOC]["url"] == "https://example.org/page"
        assert index.documents[JA_DOC]["title"] == "CSTOに関する基本事項"
        hit = search(index, "文献").hits[0]
        assert hit.citation["url"] == "https://example.org/page"
    finally:
        index.close()


def test_document_left_out_of_catalog_is_deleted_from_index(tmp_path):
    corpus, location, _ = _built(tmp_path, engine="tantivy")
    text = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    (corpus / "catalog.yaml").write_text(text[: text.index(f"  - id: {TH_DOC}")], encoding="utf-8")
    report = build_index(load_catalog(corpus), location)  # keeps the current engine's index
    assert report.incremental and report.removed == [TH_DOC] and report.passages == 23
    index = CorpusIndex(location.root)
    try:
        assert index.engine_name == "tantivy"
        assert search(index, "ก่อการร้าย", literal=True).total == 0 and len(index.all_stored()) == 23
    finally:
        index.close()


def test_file_changed_without_catalog_update_is_refused_and_its_passages_dropped(tmp_path):
    corpus, location, _ = _built(tmp_path)
    path = corpus / "sources" / f"{JA_DOC}.txt"
    path.write_bytes(path.read_bytes() + ADDED.encode())  # sha256 in the catalog not updated
    report = build_index(load_catalog(corpus), location)
    assert [p.doc_id for p in report.problems] == [JA_DOC] and "sha256" in report.problems[0].reason
    assert report.removed == [JA_DOC] and report.passages == 173  # as a full build of this corpus


def test_code_change_or_other_engine_forces_full_build(tmp_path, monkeypatch):
    corpus, location, _ = _built(tmp_path)
    monkeypatch.setattr(incremental_module, "pipeline_fingerprint", lambda: "another version")
    monkeypatch.setattr(builder_module, "pipeline_fingerprint", lambda: "another version")
    report = build_index(load_catalog(corpus), location)
    assert not report.incremental and "changed since the previous build" in report.why_full
    assert sorted(report.analyzed) == [JA_DOC, TH_DOC]
    report = build_index(load_catalog(corpus), location, engine="tantivy")
    assert not report.incremental and report.why_full == "the previous index was built with the whoosh engine"


def test_index_from_elsewhere_is_never_a_starting_point(tmp_path, monkeypatch):
    """Its files would be linked into a new signed generation: the signature is checked first."""
    corpus, location, _ = _built(tmp_path)
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "other-account.key"))
    _change_source(corpus, JA_DOC, ADDED)
    report = build_index(load_catalog(corpus), location)
    assert not report.incremental and report.why_full == "the previous index was not built on this account"
