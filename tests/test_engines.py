"""The three index engines give the same answers: the same passages and totals for the same
queries (literal, expanded, filtered), each tier first, the same stored passages for show,
stats and export; Tantivy and Xapian indexes are generations signed and checked like Whoosh
ones.  Tantivy and Xapian are each compared with Whoosh (``other_index``)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog
from cstocorpus.cli import cli
from cstocorpus.index import signature
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex, IndexUnavailable
from cstocorpus.search import search
from cstocorpus.stats.store import stored_passages

from .conftest import ENGINE_PARAMS, JA_DOC, OPENED, TH_DOC

QUERIES = [
    "ОДКБ", "безопасностью", "Казахстан OR Таджикистан", "ОДКБ -Казахстан", "безопасн*", "CSTO*",
    '"Совет коллективной безопасности"', '"CSTO PA"', "CSTO ความมั่นคง", "文献", "外務省", '"外務 省"',
    "加盟", "รักษาสันติภาพ", "ก่อการร้าย", "Naryshkin", "Armenia", "Медведев", "terrorism",
    "คณะมนตรีความมั่นคงร่วม", "カザフスタン", "Kazakhstan", '"Collective Security Council"', "Гондурас",
    "Russia", "คสช.", "(CSTO OR ОДКБ) -Армения",
]
FILTERS = [{}, {"langs": ["th"]}, {"docs": [JA_DOC]}, {"langs": ["ru", "ja"]}, {"docs": [TH_DOC], "langs": ["th"]}]


def ids(result) -> list[str]:
    return [h.passage["passage_id"] for h in result.hits]


@pytest.fixture(scope="module", params=[e for e in ENGINE_PARAMS if e != "whoosh"])
def other_index(request):
    """The seed index of each engine but Whoosh, in turn: compared with Whoosh's."""
    return request.getfixturevalue(OPENED[request.param])


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("literal", [True, False])
def test_same_hits_and_totals(corpus_index, other_index, query, literal):
    for filters in FILTERS:
        w = search(corpus_index, query, limit=None, literal=literal, **filters)
        t = search(other_index, query, limit=None, literal=literal, **filters)
        assert (w.total, set(ids(w))) == (t.total, set(ids(t))), (query, filters)
        assert w.total == len(w.hits) and w.expanded == t.expanded
        # the same matches and highlights, passage by passage
        by_id = {h.passage["passage_id"]: (h.highlights, h.matched) for h in w.hits}
        assert all(by_id[h.passage["passage_id"]] == (h.highlights, h.matched) for h in t.hits)


@pytest.mark.parametrize("query", ["Казахстан", "CSTO", "Медведев", "Armenia", "รักษาสันติภาพ"])
def test_own_words_come_first_in_each(corpus_index, other_index, query):
    for index in (corpus_index, other_index):
        own = set(ids(search(index, query, limit=None, literal=True)))
        found = ids(search(index, query, limit=None))
        assert set(found[:len(own)]) == own
        top = search(index, query, limit=3)
        assert ids(top) == found[:3] and top.total == len(found)


def test_same_stored_passages(corpus_index, other_index):
    def dump(index):
        return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in index.all_stored())
    assert dump(corpus_index) == dump(other_index)
    assert stored_passages(corpus_index) == stored_passages(other_index)
    pid = corpus_index.all_stored()[5]["passage_id"]
    passage = other_index.passage(pid)
    assert passage == corpus_index.passage(pid)
    assert other_index.passage("nope:00000000") is None
    for before, after in ((0, 0), (1, 1), (3, 50)):
        assert other_index.neighbours(passage["doc_id"], passage["ordinal"], before, after) == \
               corpus_index.neighbours(passage["doc_id"], passage["ordinal"], before, after)


def test_manifest_names_the_engine(corpus_index, other_index):
    assert corpus_index.manifest["engine"] == corpus_index.engine_name == "whoosh"
    assert other_index.manifest["engine"] == other_index.engine_name
    assert not list(other_index.generation.glob("*.toc"))  # no pickles at all
    own_file = {"tantivy": "meta.json", "xapian": "iamglass"}[other_index.engine_name]
    assert (other_index.generation / own_file).exists()
    assert own_file in other_index.manifest["files"]  # covered by the checksums


def test_tantivy_index_from_elsewhere_is_never_opened(built_tantivy_index, tmp_path, monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(built_tantivy_index, copy)
    CorpusIndex(copy).close()  # same key: fine
    CorpusIndex(copy).close()  # opening writes nothing that breaks the signature
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "someone-else.key"))
    with pytest.raises(IndexUnavailable, match="never opened"):
        CorpusIndex(copy)
    monkeypatch.undo()
    meta = IndexLocation(copy).current() / "meta.json"
    meta.write_text(meta.read_text().replace('"opstamp"', '"opstamp" '))
    with pytest.raises(IndexUnavailable, match="is damaged .*meta.json"):
        CorpusIndex(copy)


def test_manifest_engine_must_be_known_and_right(built_tantivy_index, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built_tantivy_index, copy)
    manifest = IndexLocation(copy).current() / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "engine": "whoosh"}))  # the signature covers the engine
    with pytest.raises(IndexUnavailable, match=r"is damaged \(gen-000001/manifest.json was changed"):
        CorpusIndex(copy)
    manifest.write_text(json.dumps(signature.sign({**data, "engine": "lucene"})))  # signed here, yet unknown
    with pytest.raises(IndexUnavailable, match="uses an engine this version does not know"):
        CorpusIndex(copy)
    manifest.write_text(json.dumps(signature.sign({**data, "engine": "whoosh"})))  # signed, not Whoosh files
    with pytest.raises(IndexUnavailable, match="cannot be read .*build --full"):
        CorpusIndex(copy)


def test_unknown_engine_stops_the_build(corpus_copy, tmp_path):
    with pytest.raises(ValueError, match="engine"):
        build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "ix"), engine="lucene")
    assert not (tmp_path / "ix").exists()


def test_tantivy_builds_are_the_same(corpus_copy, tmp_path, tantivy_index):
    build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "again"), engine="tantivy")
    again = CorpusIndex(tmp_path / "again")
    try:
        for query in ("CSTO", "Казахстан", "รักษาสันติภาพ"):
            assert [(h.passage["passage_id"], h.score) for h in search(again, query, limit=None).hits] == \
                   [(h.passage["passage_id"], h.score) for h in search(tantivy_index, query, limit=None).hits]
    finally:
        again.close()


def test_cli_build_engine_then_search_and_show(corpus_copy, tmp_path):
    runner = CliRunner()
    index_dir = tmp_path / "ix"
    out = runner.invoke(cli, ["build", "--engine", "tantivy", "--corpus", str(corpus_copy),
                              "--index", str(index_dir), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["engine"] == "tantivy"
    found = runner.invoke(cli, ["search", "Armenia", "--format", "json", "--index", str(index_dir)])
    assert found.exit_code == 0 and json.loads(found.stdout)["total"] == 15
    pid = json.loads(found.stdout)["hits"][0]["passage_id"]
    shown = runner.invoke(cli, ["show", pid, "--format", "json", "--index", str(index_dir)])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["passage"]["passage_id"] == pid
    bad = runner.invoke(cli, ["build", "--engine", "lucene", "--corpus", str(corpus_copy), "--index", str(index_dir)])
    assert bad.exit_code == 2
