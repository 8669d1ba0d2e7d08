"""What is particular to the Xapian engine: its builds (the same bytes but for the database's
UUID), its files under the signature and checksums, terms longer than Xapian allows, the
command line on a Xapian index, and a clear sentence when its bindings are missing."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog
from cstocorpus.cli import cli
from cstocorpus.index import engine as engine_module
from cstocorpus.index import parallel
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex, IndexUnavailable
from cstocorpus.query import model as qm
from cstocorpus.search import search

from .conftest import JA_DOC, needs_xapian

pytestmark = needs_xapian

#: The one file two builds of the same corpus write differently: it holds the database's UUID.
UUID_FILE = "iamglass"


def _files(index_dir) -> dict[str, str]:
    """sha256 of each Xapian file of the current generation (the lock and the UUID aside)."""
    generation = IndexLocation(index_dir).current()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(generation.iterdir())
            if p.name.endswith(".glass")}


def _ranked(index, query):
    return [(h.passage["passage_id"], h.score, h.tier) for h in search(index, query, limit=None).hits]


def test_builds_are_the_same_but_for_the_uuid(corpus_copy, tmp_path, xapian_index, built_xapian_index):
    build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "again"), engine="xapian")
    first, again = _files(built_xapian_index), _files(tmp_path / "again")
    assert {"postlist.glass", "termlist.glass", "position.glass", "docdata.glass"} <= set(first)
    assert first == again  # every table byte for byte
    uuid = [(IndexLocation(d).current() / UUID_FILE).read_bytes() for d in (built_xapian_index, tmp_path / "again")]
    assert uuid[0] != uuid[1] and len(uuid[0]) == len(uuid[1])  # random by design: stated in the README
    other = CorpusIndex(tmp_path / "again")
    try:
        for query in ("CSTO", "Казахстан", "รักษาสันติภาพ", '"Совет коллективной безопасности"'):
            assert _ranked(other, query) == _ranked(xapian_index, query)  # same hits, scores, order
    finally:
        other.close()


def test_parallel_build_writes_the_same_tables(corpus_copy, tmp_path, monkeypatch, built_xapian_index):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BLOCKS", 0)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "parallel"), workers=2, engine="xapian")
    assert _files(tmp_path / "parallel") == _files(built_xapian_index)


def test_a_table_changed_or_signed_elsewhere_is_never_opened(built_xapian_index, tmp_path, monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(built_xapian_index, copy)
    CorpusIndex(copy).close()
    CorpusIndex(copy).close()  # opening writes nothing that breaks the checksums
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "someone-else.key"))
    with pytest.raises(IndexUnavailable, match="never opened"):
        CorpusIndex(copy)
    monkeypatch.undo()
    postlist = IndexLocation(copy).current() / "postlist.glass"
    data = bytearray(postlist.read_bytes())
    data[len(data) // 2] ^= 0x01
    postlist.write_bytes(bytes(data))
    with pytest.raises(IndexUnavailable, match=r"is damaged .*postlist.glass does not match the checksum"):
        CorpusIndex(copy)


def test_terms_longer_than_xapian_allows(tmp_path):
    """Xapian refuses a term over 245 bytes; such a term is indexed and searched shortened,
    keeping a hash of the whole, so it still finds exactly its passages."""
    from cstocorpus.index.xapian_engine import write
    from cstocorpus.index.xapian_reader import MAX_TERM_BYTES, Reader, term

    long_a = "безопасность" * 12  # 144 letters, 288 bytes
    long_b = long_a[:-1] + "ь" * 2  # the same first 250 bytes, another term
    assert len(term("lemma", long_a).encode()) <= MAX_TERM_BYTES and term("lemma", long_a) != term("lemma", long_b)

    def fields(n, lemma):
        return {"passage_id": f"d:{n}", "doc_id": "d", "lang": "ru", "kind": "paragraph", "ordinal": n,
                "lemma": lemma, "form": lemma, "pairs": "", "text": lemma, "tokens": [], "translit": "",
                "names": [], "units": [], "bound": [], "span": [0, 1], "lines": [1, 1], "source_url": ""}

    write(tmp_path, [fields(1, f"ОДКБ {long_a}"), fields(2, f"ОДКБ {long_b}"), fields(3, f"{long_a}|{long_b} x")])
    reader = Reader(tmp_path)
    try:
        def found(q):
            page = reader.search(q, None)
            return page.total, sorted(f["passage_id"] for _, f in page.hits)
        assert found(qm.Term("lemma", long_a)) == (2, ["d:1", "d:3"])
        assert found(qm.Term("form", long_b)) == (2, ["d:2", "d:3"])
        assert found(qm.Phrase("lemma", ("ОДКБ", long_b))) == (1, ["d:2"])
        assert found(qm.Phrase("lemma", (long_a, "x"))) == (1, ["d:3"])
        assert reader.count(qm.Term("lemma", long_a + "x")) == 0
    finally:
        reader.close()


def test_the_command_line_on_a_xapian_index(corpus_copy, tmp_path):
    runner = CliRunner()
    index_dir = tmp_path / "ix"
    out = runner.invoke(cli, ["build", "--engine", "xapian", "--corpus", str(corpus_copy),
                              "--index", str(index_dir), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["engine"] == "xapian"
    found = runner.invoke(cli, ["search", "Armenia", "--format", "json", "--index", str(index_dir)])
    assert found.exit_code == 0 and json.loads(found.stdout)["total"] == 15
    pid = json.loads(found.stdout)["hits"][0]["passage_id"]
    shown = runner.invoke(cli, ["show", pid, "--format", "json", "--index", str(index_dir)])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["passage"]["passage_id"] == pid
    lines = runner.invoke(cli, ["concordance", "CSTO", "--format", "json", "--index", str(index_dir)])
    assert lines.exit_code == 0 and json.loads(lines.stdout)["total"] > 0, lines.output
    exported = runner.invoke(cli, ["export", "Armenia", "--format", "jsonl", "--index", str(index_dir),
                                   "--corpus", str(corpus_copy), "--output", str(tmp_path / "out.jsonl")])
    assert exported.exit_code == 0, exported.output
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 15
    # An incremental build keeps the engine.
    again = runner.invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(index_dir), "--format", "json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["engine"] == "xapian"


def test_without_the_bindings_one_sentence_says_what_to_install(corpus_copy, built_xapian_index, tmp_path,
                                                                 monkeypatch):
    real = engine_module.importlib.util.find_spec
    monkeypatch.setattr(engine_module.importlib.util, "find_spec", lambda name, *a: None if name == "xapian"
                        else real(name, *a))
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--engine", "xapian", "--corpus", str(corpus_copy),
                                "--index", str(tmp_path / "ix")])
    assert built.exit_code == 2 and "Traceback" not in built.output
    assert "pip install 'cstocorpus[xapian]'" in built.stderr and built.stderr.count("\n") == 1
    assert not (tmp_path / "ix").exists() or not list((tmp_path / "ix").glob("gen-*"))
    found = runner.invoke(cli, ["search", "ОДКБ", "--index", str(built_xapian_index)])
    assert found.exit_code == 2 and "cannot be searched here" in found.stderr
    assert "cstocorpus[xapian]" in found.stderr and found.stderr.count("\n") == 1


def test_neighbours_and_passages_by_id(xapian_index):
    stored = sorted((p for p in xapian_index.all_stored() if p["doc_id"] == JA_DOC), key=lambda p: p["ordinal"])
    middle = stored[len(stored) // 2]
    around = xapian_index.neighbours(JA_DOC, middle["ordinal"], 2, 2)
    assert [p["ordinal"] for p in around] == [middle["ordinal"] + d for d in (-2, -1, 1, 2)]
    assert xapian_index.passage(middle["passage_id"]) == middle


def test_the_second_tier_is_the_same_every_time(corpus_index, xapian_index):
    """Xapian 1.4 now and then kept the first tier's passages in the second when "not the
    first tier" held an AND_MAYBE inside an AND (14, 22 or 25 passages, at random); the
    negative part is now evaluated without its optional parts."""
    query, filters = "คณะมนตรีความมั่นคงร่วม", {"langs": ["th"]}
    expected = search(corpus_index, query, limit=None, **filters).tier_totals
    assert expected[0] and expected[1]
    assert {search(xapian_index, query, limit=None, **filters).tier_totals for _ in range(60)} == {expected}
