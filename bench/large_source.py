"""Benchmark one very large source file: build time and peak memory per engine.

    python -m bench.large_source                  # a 50 MB plain-text source, both engines
    python -m bench.large_source --mb 10 --engine tantivy

One document of ``--mb`` megabytes (UTF-8) of paragraphs of real sentences in all four
languages (``bench.corpus``'s sentence pool, deterministic), in a corpus of its own, is
built with ``cstocorpus build`` as one process per engine, timed and measured like the other
benchmarks (wall time, CPU time, peak RSS of the process and its workers, from ``wait4``).
The target: peak memory under ten times the size of the source.  Results go to
``bench/results/<date>-large-source.json`` and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from . import corpus as bench_corpus
from .run import REPO, RESULTS, WORK, cli_command, git_commit, git_dirty, log, machine, measure

BENCHMARKS = REPO / "BENCHMARKS.md"
SEED = 20240603
GENERATOR_VERSION = 1


def generate(mb: int, out: Path) -> dict:
    """A corpus of one source of ``mb`` MB (replaced)."""
    pool = bench_corpus.load_pool()
    rng = random.Random(SEED)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    langs, weights = list(bench_corpus.LANGUAGE_MIX), list(bench_corpus.LANGUAGE_MIX.values())
    target = mb * 2**20
    parts, size = ["Large benchmark source"], 0
    while size < target:
        paragraph = bench_corpus._paragraph(rng, pool, rng.choices(langs, weights)[0])
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    data = ("\n\n".join(parts) + "\n").encode("utf-8")
    doc_id = "large_source"
    (out / "sources" / f"{doc_id}.txt").write_bytes(data)
    (out / "catalog.yaml").write_text(
        "documents:\n"
        f"  - id: {doc_id}\n    file: sources/{doc_id}.txt\n    sha256: {hashlib.sha256(data).hexdigest()}\n"
        "    format: text\n    title: Large benchmark source\n", encoding="utf-8")
    meta = {"mb": mb, "seed": SEED, "generator_version": GENERATOR_VERSION, "bytes": len(data),
            "paragraphs": len(parts), "pool": bench_corpus.pool_digest(pool)}
    (out / "bench-large.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def ensure(mb: int, out: Path) -> tuple[dict, bool]:
    try:
        meta = json.loads((out / "bench-large.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    if meta.get("mb") == mb and meta.get("seed") == SEED and meta.get("generator_version") == GENERATOR_VERSION \
            and meta.get("pool") == bench_corpus.pool_digest(bench_corpus.load_pool()):
        return meta, False
    return generate(mb, out), True


def bench_engine(mb: int, engine: str, args, env: dict) -> dict:
    corpus_dir = args.work / f"large-{mb}mb"
    index_dir = args.work / f"large-{mb}mb-index-{engine}"
    logs = args.work / f"large-{mb}mb-logs"
    logs.mkdir(parents=True, exist_ok=True)
    meta, generated = ensure(mb, corpus_dir)
    log(f"large source {mb} MB: corpus {'generated' if generated else 'reused'} ({meta['bytes'] / 2**20:.1f} MB)")
    shutil.rmtree(index_dir, ignore_errors=True)
    cmd = [*cli_command(), "build", "--corpus", str(corpus_dir), "--index", str(index_dir),
           "--engine", engine, "--format", "json"]
    result = measure(cmd, env, logs, f"build-{engine}")
    summary = json.loads(result.pop("stdout"))
    if summary["skipped"] or not summary["passages"]:
        raise SystemExit(f"the large source was not indexed: {summary['skipped']}")
    log(f"large source {mb} MB, {engine}: {result['wall_s']} s, peak {result['peak_rss_mb']} MB "
        f"({result['peak_rss_mb'] / (meta['bytes'] / 2**20):.1f}× the source)")
    if not args.keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    return {"mb": mb, "engine": engine, "source_bytes": meta["bytes"], "passages": summary["passages"],
            "wall_s": result["wall_s"], "cpu_s": result["cpu_s"], "peak_rss_mb": result["peak_rss_mb"],
            "peak_over_source": round(result["peak_rss_mb"] / (meta["bytes"] / 2**20), 2),
            "load_before": result["load_before"],
            "command": f"python -m bench.large_source --mb {mb} --engine {engine}"}


def save(runs: list[dict], results_dir: Path, day: str) -> Path:
    path = results_dir / f"{day}-large-source.json"
    existing = json.loads(path.read_text(encoding="utf-8")).get("large_source_runs", []) if path.exists() else []
    keys = {(r["mb"], r["engine"]) for r in runs}
    merged = sorted([r for r in existing if (r["mb"], r["engine"]) not in keys] + runs,
                    key=lambda r: (r["mb"], r["engine"]))
    results_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": day, "large_source_runs": merged}, ensure_ascii=False, indent=1,
                               sort_keys=True) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    from .report import write_markdown

    parser = argparse.ArgumentParser(description="Benchmark the build of one very large source file.")
    parser.add_argument("--mb", type=int, default=50, help="size of the source in MB (default 50)")
    parser.add_argument("--engine", default="whoosh,tantivy", help="engines, comma-separated")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--markdown", type=Path, default=BENCHMARKS)
    parser.add_argument("--keep", action="store_true", help="keep the indexes in the work directory")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CSTOCORPUS_KEY_FILE": str(args.work.resolve() / "index.key"),
           "CSTOCORPUS_CACHE_DIR": str(args.work.resolve() / "cache"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "PYTHONHASHSEED": "0"}
    day = date.today().isoformat()
    info = {"date": day, "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(), "dirty": git_dirty(), "machine": machine()}
    for engine in [e.strip() for e in args.engine.split(",") if e.strip()]:
        run = {**info, **bench_engine(args.mb, engine, args, env)}
        path = save([run], args.results, day)
        write_markdown(args.results, args.markdown)
        log(f"large source: recorded in {path}")


if __name__ == "__main__":
    main()
