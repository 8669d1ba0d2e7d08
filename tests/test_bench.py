"""The benchmark harness: the corpus generator is deterministic and exact, the runner works
end to end on a tiny corpus.  No timings are asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import corpus as gen
from bench import report, run
from cstocorpus.catalog import load_catalog
from cstocorpus.corpus import SourceDocument, read_sources
from cstocorpus.langid import identify

from .conftest import HAVE_UD, UD_MISSING, needs_ud


@pytest.fixture(scope="module")
def pool():
    if not HAVE_UD:
        pytest.skip(UD_MISSING)
    return gen.load_pool()


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_size_gives_byte_identical_files(tmp_path, pool):
    gen.generate(1200, tmp_path / "a", pool)
    gen.generate(1200, tmp_path / "b", gen.load_pool())
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b
    assert {"catalog.yaml", "glossary.yaml", gen.META} <= set(a)


def test_another_size_or_seed_differs(tmp_path, pool):
    gen.generate(600, tmp_path / "a", pool)
    gen.generate(600, tmp_path / "b", pool, seed=gen.SEED + 1)
    assert _files(tmp_path / "a")["sources/bench_00001.txt"] != _files(tmp_path / "b")["sources/bench_00001.txt"]


@pytest.mark.parametrize("size", [2, 200, 499, 500, 2001, 2600, 10_000, 1_000_000])
def test_file_sizes_sum_to_the_size(size):
    import random

    sizes = gen.file_sizes(size, random.Random(gen.SEED))
    assert sum(sizes) == size
    low, high = gen.FILE_PASSAGES
    if size >= low:
        assert all(low <= n <= high for n in sizes)


@pytest.mark.parametrize("size", [200, 2600])
def test_the_build_reads_exactly_size_passages(tmp_path, pool, size):
    meta = gen.generate(size, tmp_path / "c", pool)
    sources = list(read_sources(load_catalog(tmp_path / "c")))  # checks every sha256
    assert all(isinstance(s, SourceDocument) for s in sources)
    assert sum(len(s.parsed.blocks) for s in sources) == size == meta["passages"]
    assert len(sources) == meta["documents"]
    assert meta["source_bytes"] == sum(s.path.stat().st_size for s in sources)


def test_language_mix(tmp_path, pool):
    meta = gen.generate(10_000, tmp_path / "m", pool)
    counted = {lang: 0 for lang in gen.LANGUAGE_MIX}
    for path in sorted((tmp_path / "m" / "sources").glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        langs = {identify(p) for p in paragraphs}
        assert langs == set(gen.LANGUAGE_MIX), path.name  # every document mixes all four
        for p in paragraphs:
            counted[identify(p)] += 1
    assert counted == meta["languages"]
    for lang, share in gen.LANGUAGE_MIX.items():
        assert abs(counted[lang] / 10_000 - share) < 0.05, (lang, counted)


def test_pool_reads_seed_and_ud_text(pool):
    assert all(len(pool.sentences[lang]) > 300 for lang in gen.LANGUAGE_MIX)
    assert any(i.startswith("corpus/sources/") for i in pool.inputs)
    assert any(i.startswith("../shared/eval/ud/") for i in pool.inputs)
    assert "безопасност" in " ".join(pool.sentences["ru"])  # the seed passages are in


@needs_ud
def test_ensure_reuses_an_identical_corpus(tmp_path):
    _, made = gen.ensure(300, tmp_path / "e")
    _, again = gen.ensure(300, tmp_path / "e")
    assert made and not again


@needs_ud
def test_ensure_regenerates_a_corpus_drawn_from_other_sentences(tmp_path):
    """Same input files, but the seed sources were cut into blocks by older code (the pool
    differs): the corpus is not the one this code makes, so it is made again."""
    meta, _ = gen.ensure(300, tmp_path / "e")
    stale = {**meta, "pool": "0" * 64}
    (tmp_path / "e" / gen.META).write_text(json.dumps(stale), encoding="utf-8")
    again, made = gen.ensure(300, tmp_path / "e")
    assert made and again["pool"] == meta["pool"] == gen.pool_digest(gen.load_pool())


def test_edit_one_document_is_a_real_edit_and_is_undone(tmp_path, pool):
    gen.generate(1200, tmp_path / "c", pool)
    before = _files(tmp_path / "c")
    edit = gen.edit_one_document(tmp_path / "c", gen.first_document(tmp_path / "c"), "Ещё один абзац.")
    sources = list(read_sources(load_catalog(tmp_path / "c")))  # checks every sha256
    assert all(isinstance(s, SourceDocument) for s in sources)
    assert sum(len(s.parsed.blocks) for s in sources) == 1201
    assert sources[0].parsed.blocks[-1].text == "Ещё один абзац."
    assert edit["doc_id"] == "bench_00001" and edit["passages_before"] == len(sources[0].parsed.blocks) - 1
    assert gen.restore_edit(tmp_path / "c") and not gen.restore_edit(tmp_path / "c")
    assert _files(tmp_path / "c") == before


@needs_ud
def test_a_corpus_left_edited_is_restored_before_use(tmp_path):
    gen.ensure(300, tmp_path / "e")
    before = _files(tmp_path / "e")
    gen.edit_one_document(tmp_path / "e", "bench_00001", "An edit a killed run left behind.")
    _, made = gen.ensure(300, tmp_path / "e")
    assert not made and _files(tmp_path / "e") == before


@needs_ud
def test_runner_on_a_tiny_corpus(tmp_path):
    results, md = tmp_path / "results", tmp_path / "BENCHMARKS.md"
    run.main(["--size", "200", "--repeat", "2", "--warmup", "1", "--work", str(tmp_path / "work"),
              "--results", str(results), "--markdown", str(md)])
    [path] = results.glob("*.json")
    [entry] = json.loads(path.read_text(encoding="utf-8"))["runs"]
    assert entry["size"] == 200 and entry["build"]["passages"] == 200 == entry["analyze"]["passages"]
    for part in ("analyze", "build", "cold_open"):
        assert entry[part]["wall_s"] > 0 and entry[part]["peak_rss_mb"] > 0
    assert entry["build"]["index_mb"] > 0 and entry["commit"] and entry["machine"]["cores"]
    kinds = entry["queries"]["kinds"]
    assert set(kinds) == set(report.KINDS)
    assert all(k["total"] > 0 and k["n"] == 2 for k in kinds.values())
    assert kinds["common"]["share"] > 0.5
    rebuild = entry["rebuild_one_doc"]
    assert rebuild["passages"] == 201 and rebuild["document"] == "bench_00001" and rebuild["wall_s"] > 0
    assert rebuild["analyzed"] == ["bench_00001"]  # the only document of this corpus
    # Incremental, unless the package's code changed between the two builds (while editing).
    assert rebuild["mode"] == "incremental" or "changed" in rebuild["full_because"]
    corpus = tmp_path / "work" / "corpus-200"
    assert not (corpus / gen.EDITED).exists()  # the edited document was restored
    gen.generate(200, tmp_path / "fresh", gen.load_pool())
    assert _files(corpus) == _files(tmp_path / "fresh")
    assert not (tmp_path / "work" / "index-200").exists()  # removed unless --keep
    text = md.read_text(encoding="utf-8")
    assert "## 200 passages" in text and "python -m bench.run --size 200" in text
