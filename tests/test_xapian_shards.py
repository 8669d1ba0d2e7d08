"""A Xapian index in shards (``build --engine xapian --shards N``), searched as one: where it
is (a stub database over its shards) and through two ``xapian-tcpsrv`` processes on
127.0.0.1 named in a cluster file.  Either way: the same passages, totals, scores and top 10
as one unsharded index; an unreachable shard named in one sentence, or left out and named
with ``--allow-partial``; an update rewrites only the shard that holds the changed document."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog, sha256_of
from cstocorpus.cli import cli
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex
from cstocorpus.index.shards import read_shard_list, shard_of
from cstocorpus.search import search

from .conftest import needs_xapian
from .filtercorpus import make_filter_corpus

pytestmark = needs_xapian

TCPSRV = shutil.which("xapian-tcpsrv")
needs_tcpsrv = pytest.mark.skipif(TCPSRV is None, reason="needs xapian-tcpsrv, from Debian's xapian-tools "
                                                           "(apt-get install xapian-tools; .ci/run installs it)")
QUERIES = ["ОДКБ", "CSTO", "Armenia", "безопасность", "terrorism", '"Совет коллективной безопасности"',
           "CSTO -Russia", "外務省", "ก่อการร้าย", "безопасн*"]
FILTERS = [{}, {"langs": ["ru"]}, {"docs": ["101_ru_statement"]}]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The five-document filter corpus, one Xapian index of it, and one in two shards."""
    root = tmp_path_factory.mktemp("shards")
    corpus = make_filter_corpus(root / "corpus")
    build_index(load_catalog(corpus), IndexLocation(root / "one"), engine="xapian")
    report = build_index(load_catalog(corpus), IndexLocation(root / "two"), engine="xapian", shards=2)
    assert not report.problems and report.shards == 2
    return corpus, root / "one", root / "two"


def _ranked(index, query, **filters):
    result = search(index, query, limit=None, **filters)
    return result.total, sorted((h.passage["passage_id"], round(h.score, 6), h.tier, str(h.highlights))
                                for h in result.hits)


def test_shards_split_by_document_id(built):
    corpus, _, two = built
    shards = read_shard_list(IndexLocation(two).current())
    assert [s["name"] for s in shards] == ["shard-0", "shard-1"] and all(s["passages"] for s in shards)
    index = CorpusIndex(two)
    try:
        for passage in index.all_stored():  # every passage in its document's shard
            shard = IndexLocation(two).current() / f"shard-{shard_of(passage['doc_id'], 2)}"
            assert shard.is_dir()
        assert sum(s["passages"] for s in shards) == len(index.all_stored())
        assert "shard-0/postlist.glass" in index.manifest["files"]  # checksummed and signed like the rest
    finally:
        index.close()


def test_sharded_index_here_searches_as_one(built):
    _, one, two = built
    a, b = CorpusIndex(one), CorpusIndex(two)
    try:
        for query in QUERIES:
            for filters in FILTERS:
                assert _ranked(a, query, **filters) == _ranked(b, query, **filters), (query, filters)
    finally:
        a.close()
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(shard: Path, port: int) -> subprocess.Popen:
    # A session of its own: stopped, xapian-tcpsrv signals its whole process group (the
    # children it forked per connection), which would otherwise include pytest.
    server = subprocess.Popen([TCPSRV, "--interface", "127.0.0.1", "--port", str(port), "--quiet", str(shard)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"xapian-tcpsrv stopped: {server.stderr.read().decode(errors='replace')}")
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"xapian-tcpsrv did not listen on 127.0.0.1:{port} within 20 s")


@pytest.fixture
def servers(built, tmp_path):
    """Two xapian-tcpsrv processes on 127.0.0.1, one per shard, and the cluster file naming them."""
    generation = IndexLocation(built[2]).current()
    ports = [_free_port(), _free_port()]
    started = []
    try:
        for k, port in enumerate(ports):
            started.append(_serve(generation / f"shard-{k}", port))
        cluster = tmp_path / "cluster.txt"
        cluster.write_text("# shard  address\n" + "".join(f"shard-{k}  127.0.0.1:{p}\n" for k, p in enumerate(ports)),
                           encoding="utf-8")
        yield cluster, started, ports
    finally:
        for server in started:
            if server.poll() is None:
                server.terminate()
            server.wait(timeout=10)


def _cli(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _json_search(index_dir, query, *more):
    result = _cli("search", query, "--index", index_dir, "--format", "json", "--limit", "0", *more)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@needs_tcpsrv
def test_two_servers_give_what_one_index_gives(built, servers):
    _, one, two = built
    cluster, _, _ = servers
    for query in QUERIES:
        local = _json_search(one, query)
        remote = _json_search(two, query, "--cluster", cluster)
        assert remote["total"] == local["total"] and remote["tiers"] == local["tiers"], query
        assert "partial" not in remote
        # the same passages with the same scores: statistics of the whole collection
        assert sorted((h["passage_id"], h["score"]) for h in remote["hits"]) == \
               sorted((h["passage_id"], h["score"]) for h in local["hits"]), query
        # the same top 10: the same scores in order; passages that tie may swap places
        top_local, top_remote = local["hits"][:10], remote["hits"][:10]
        assert [h["score"] for h in top_remote] == [h["score"] for h in top_local], query
        if len(local["hits"]) > 10:
            cut = top_local[-1]["score"]
            assert {h["passage_id"] for h in top_remote if h["score"] > cut} == \
                   {h["passage_id"] for h in top_local if h["score"] > cut}
        else:
            assert {h["passage_id"] for h in top_remote} == {h["passage_id"] for h in top_local}
    pid = local["hits"][0]["passage_id"] if local["hits"] else None
    index = CorpusIndex(two, cluster=cluster)
    try:  # show and neighbours read through the servers too
        assert index.passage(pid)["passage_id"] == pid and index.missing_shards == []
    finally:
        index.close()


@needs_tcpsrv
def test_the_shards_need_not_be_here(built, servers, tmp_path):
    """Searching through the servers checks the generation's own files and each shard's UUID;
    the shard files may live only on the servers."""
    cluster, _, _ = servers
    copy = Path(shutil.copytree(built[2], tmp_path / "client"))
    for shard in IndexLocation(copy).current().glob("shard-*"):
        shutil.rmtree(shard)
    assert _json_search(copy, "CSTO", "--cluster", cluster)["total"] == _json_search(built[1], "CSTO")["total"]
    result = _cli("search", "CSTO", "--index", copy)
    assert result.exit_code == 2 and "shard-0/" in result.stderr and "is missing" in result.stderr


@needs_tcpsrv
def test_an_unreachable_shard_is_named(built, servers):
    _, one, two = built
    cluster, started, ports = servers
    started[1].terminate()
    started[1].wait(timeout=10)
    result = _cli("search", "CSTO", "--index", two, "--cluster", cluster)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert f"shard-1 of the index cannot be reached at 127.0.0.1:{ports[1]}" in result.stderr
    assert "--allow-partial" in result.stderr
    partial = _cli("search", "CSTO", "--index", two, "--cluster", cluster, "--allow-partial",
                   "--format", "json", "--limit", "0")
    assert partial.exit_code == 0, partial.output
    data = json.loads(partial.stdout)
    assert data["partial"] is True and data["missing_shards"] == [f"shard-1 (127.0.0.1:{ports[1]})"]
    assert "partial results" in partial.stderr and f"127.0.0.1:{ports[1]}" in partial.stderr
    whole = _json_search(one, "CSTO")
    shard0 = {h["passage_id"] for h in whole["hits"] if shard_of(h["passage_id"].split(":")[0], 2) == 0}
    assert {h["passage_id"] for h in data["hits"]} == shard0 and data["total"] == len(shard0) < whole["total"]


@needs_tcpsrv
def test_a_wrong_server_or_cluster_file_is_one_sentence(built, servers, tmp_path):
    _, one, two = built
    cluster, _, ports = servers
    swapped = tmp_path / "swapped.txt"
    swapped.write_text(f"shard-0 127.0.0.1:{ports[1]}\nshard-1 127.0.0.1:{ports[0]}\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("shard-0 127.0.0.1\n", encoding="utf-8")
    unknown = tmp_path / "unknown.txt"
    unknown.write_text(cluster.read_text(encoding="utf-8") + "shard-7 127.0.0.1:1\n", encoding="utf-8")
    for index_dir, file, expected in [(two, swapped, "serves another database than shard-0"),
                                      (two, bad, "line 1 of the cluster file"),
                                      (two, unknown, "names shard-7, which the index does not have"),
                                      (two, tmp_path / "nowhere.txt", "cannot read the cluster file"),
                                      (one, cluster, "was not built in shards")]:
        result = _cli("search", "CSTO", "--index", index_dir, "--cluster", file)
        assert result.exit_code == 2 and expected in result.stderr, (file, result.output)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_shards_need_the_xapian_engine(built, tmp_path):
    result = _cli("build", "--engine", "tantivy", "--shards", "2", "--corpus", built[0], "--index", tmp_path / "ix")
    assert result.exit_code == 2 and "--shards needs --engine xapian" in result.stderr
    assert not (tmp_path / "ix").exists() or not list((tmp_path / "ix").glob("gen-*"))


def test_an_update_rewrites_only_the_shard_of_the_changed_document(built, tmp_path):
    corpus = Path(shutil.copytree(built[0], tmp_path / "corpus"))
    location = IndexLocation(tmp_path / "index")
    build_index(load_catalog(corpus), location, engine="xapian", shards=2)
    before = location.current()
    changed = "101_ru_statement"  # alone in shard-0
    catalog = load_catalog(corpus)
    path = catalog.path_of(catalog.get(changed))
    old_sha = sha256_of(path)
    path.write_text(path.read_text(encoding="utf-8") + "\nОДКБ провела учения в Таджикистане.\n", encoding="utf-8")
    yaml = corpus / "catalog.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(old_sha, sha256_of(path)), encoding="utf-8")
    report = build_index(load_catalog(corpus), location)  # keeps the engine and the shards
    after = location.current()
    assert report.incremental and report.analyzed == [changed] and report.shards == 2
    k = shard_of(changed, 2)
    for name in ("postlist.glass", "termlist.glass"):
        assert os.stat(after / f"shard-{k}" / name).st_ino != os.stat(before / f"shard-{k}" / name).st_ino
        assert os.stat(after / f"shard-{1 - k}" / name).st_ino == os.stat(before / f"shard-{1 - k}" / name).st_ino
    fresh = IndexLocation(tmp_path / "fresh")
    build_index(load_catalog(corpus), fresh, engine="xapian")
    a, b = CorpusIndex(location.root), CorpusIndex(fresh.root)
    try:
        for query in ("учения", "ОДКБ", "CSTO"):
            assert _ranked(a, query)[0] == _ranked(b, query)[0]
            assert {p for p, *_ in _ranked(a, query)[1]} == {p for p, *_ in _ranked(b, query)[1]}
    finally:
        a.close()
        b.close()
    assert build_index(load_catalog(corpus), location, shards=3).incremental is False  # another split: full
