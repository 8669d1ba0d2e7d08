"""Run the benchmark: generate a corpus of each size, measure, record, tabulate.

    python -m bench.run --size 10000                  # make bench-quick (about 2 minutes)
    python -m bench.run --size 10000,100000,1000000   # make bench
    python -m bench.run --size 100000 --workers 2     # pass --workers to `cstocorpus build`
    python -m bench.run --size 100000 --engine tantivy   # pass --engine too

For each size, every measurement is its own process, timed and measured as a whole (wall
time and peak RSS from ``wait4``, imports and model loading included):

1. analyzers only (``bench.probe analyze``): read the corpus and run normalize + identify +
   analyze_with_compounds over every block -- the limit a single-process build cannot beat;
2. ``cstocorpus build --corpus C --index I`` into a fresh index: time, passages/s, MB/s of
   source text, peak memory; then the size on disk of the index generation;
3. cold open (``bench.probe open``): a new process opens the index and runs one query
   (the OS file cache is warm: the index was just written);
4. query latency (``bench.probe queries``): one process opens the index once, runs each
   query of ``bench.probe.QUERY_MIX`` ``--warmup`` times, then ``--repeat`` times timed;
   p50/p95/p99 per kind and over all;
   word statistics (``bench.probe wordstats``): a concordance sorted by R1 of a word in about
   1 % of passages, collocates of the most frequent content word, keywords of one document
   against the rest, in one process (first run and p50 of ``--ws-repeat``), then each as a
   whole ``cstocorpus`` command;
5. rebuild after one changed document (``rebuild_one_doc``): one paragraph is appended to the
   first source file and its sha256 updated in the catalog (``bench.corpus.edit_one_document``),
   then the same ``cstocorpus build`` runs again on the same index -- incremental when the index
   allows it (the summary's ``mode`` is recorded: a code change between the two builds makes it
   a full one) -- timed and measured like the build; the document is then restored.

Results are merged into ``bench/results/<YYYY-MM-DD>.json`` (one entry per size, workers
and engine setting; a later run the same day replaces it) and ``BENCHMARKS.md`` is rewritten
from every results file.  Corpora and indexes live in ``bench/work/`` (not committed); the
index is deleted after the run unless ``--keep``.  Index signatures use a key of the bench's
own (``bench/work/index.key``), never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from . import corpus as bench_corpus
from .report import write_markdown

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
WORK = REPO / "bench" / "work"
BENCHMARKS = REPO / "BENCHMARKS.md"


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def measure(cmd: list[str], env: dict, logs: Path, name: str) -> dict:
    """Run ``cmd`` as one process; its wall time, peak RSS and stdout."""
    out_path, err_path = logs / f"{name}.out", logs / f"{name}.err"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None  # other work on the machine skews wall times
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{name} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(rss / 2**20, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "load_before": None if load is None else round(load, 2),
            "stdout": out_path.read_text(encoding="utf-8")}


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def pick(p: float) -> float:  # nearest rank
        return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(pick(95), 2),
            "p99_ms": round(pick(99), 2), "max_ms": round(ordered[-1], 2), "n": len(ordered)}


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def machine() -> dict:
    info = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    if hasattr(os, "sched_getaffinity"):
        info["usable_cores"] = len(os.sched_getaffinity(0))
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 2**20, 1)
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version
    packages = {}
    for name in ("cstocorpus", "whoosh-reloaded", "pymorphy3", "sudachipy", "nlpo3", "simplemma"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            pass
    info["packages"] = packages
    return info


def command_env(work: Path, **extra: str) -> dict:
    """The environment every measured command runs in: the bench's own key, this checkout's
    code, and its bytecode compiled first.  An installed ``cstocorpus`` has its ``.pyc`` files;
    a shell with ``PYTHONDONTWRITEBYTECODE`` set would otherwise make every timed command
    recompile the whole package (about 0.3 s of each whole-command figure)."""
    import compileall

    compileall.compile_dir(REPO / "src" / "cstocorpus", quiet=1)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "CSTOCORPUS_KEY_FILE": str(work.resolve() / "index.key"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "PYTHONHASHSEED": "0", **extra}


def git_commit() -> str:
    """``HEAD``'s short hash, ``+dirty`` if the measured code differs from it (see ``git_dirty``)."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read only: never touch .git/index
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if git_dirty() else "")


def git_dirty() -> list[str]:
    """Files that differ from ``HEAD`` (``git status --porcelain`` lines): tracked files
    changed, and new files in ``src/`` and ``bench/``.  The results this harness writes itself
    do not make the measured code dirty."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read only: never touch .git/index
    try:
        tracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                  ":(exclude)bench/results", ":(exclude)BENCHMARKS.md"], cwd=REPO, env=env,
                                 capture_output=True, text=True, check=True).stdout.splitlines()
        new = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "src", "bench",
                              ":(exclude)bench/results", ":(exclude)bench/work"], cwd=REPO, env=env,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return []
    return sorted(set(tracked) | {line for line in new if line.startswith("??") and not line.endswith(".pyc")})


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "cstocorpus"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from cstocorpus.cli import main; main()"]


def bench_size(size: int, args, env: dict) -> dict:
    corpus_dir = args.work / f"corpus-{size}"
    index_dir = args.work / f"index-{size}"
    logs = args.work / f"logs-{size}"
    logs.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    meta, generated = bench_corpus.ensure(size, corpus_dir)
    log(f"{size}: corpus {'generated' if generated else 'reused'} in {time.perf_counter() - t0:.1f} s "
        f"({meta['documents']} files, {meta['source_bytes'] / 2**20:.1f} MB) at {corpus_dir}")
    source_mb = meta["source_bytes"] / 2**20
    probe = [sys.executable, "-m", "bench.probe"]

    log(f"{size}: analyzers only …")
    analyze = measure([*probe, "analyze", str(corpus_dir)], env, logs, "analyze")
    inner = json.loads(analyze.pop("stdout"))
    if inner["passages"] != size:
        raise SystemExit(f"the corpus gave {inner['passages']} passages, not {size}")
    analyze.update(inner)
    log(f"{size}: analyzers only {analyze['wall_s']} s, {analyze['peak_rss_mb']} MB")

    log(f"{size}: cstocorpus build …")
    shutil.rmtree(index_dir, ignore_errors=True)
    build_cmd = [*cli_command(), "build", "--corpus", str(corpus_dir), "--index", str(index_dir), "--format", "json"]
    if args.workers is not None:
        build_cmd += ["--workers", str(args.workers)]
    if args.engine is not None:
        build_cmd += ["--engine", args.engine]
    build = measure(build_cmd, env, logs, "build")
    summary = json.loads(build.pop("stdout"))
    if summary["passages"] != size:
        raise SystemExit(f"the build indexed {summary['passages']} passages, not {size}")
    from cstocorpus.index.location import IndexLocation
    generation = IndexLocation(index_dir).current()
    build.update({
        "engine": summary.get("engine", args.engine or "whoosh"),
        "mode": summary.get("mode", "full"),
        "passages": summary["passages"],
        "languages": summary["languages"],
        "passages_per_s": round(size / build["wall_s"], 1),
        "mb_per_s": round(source_mb / build["wall_s"], 3),
        "analyze_ratio": round(analyze["wall_s"] / build["wall_s"], 3),
        "index_mb": round(dir_bytes(generation) / 2**20, 1),
        "index_files": sum(1 for p in generation.iterdir() if p.is_file()),
    })
    log(f"{size}: build {build['wall_s']} s ({build['passages_per_s']} passages/s), "
        f"{build['peak_rss_mb']} MB, index {build['index_mb']} MB")

    log(f"{size}: cold open …")
    cold = measure([*probe, "open", str(index_dir)], env, logs, "open")
    cold.update(json.loads(cold.pop("stdout")))

    log(f"{size}: queries ({args.repeat} runs each after {args.warmup} warm-up) …")
    q = measure([*probe, "queries", str(index_dir), "--repeat", str(args.repeat), "--warmup", str(args.warmup)],
                env, logs, "queries")
    raw = json.loads(q.pop("stdout"))
    queries, every = {}, []
    for kind, data in raw["queries"].items():
        every += data["times_ms"]
        queries[kind] = {"query": data["query"], "lang": data["lang"], "total": data["total"],
                         "share": data["share"], **percentiles(data["times_ms"])}
    overall = percentiles(every)
    log(f"{size}: queries p50 {overall['p50_ms']} ms, p95 {overall['p95_ms']} ms, p99 {overall['p99_ms']} ms")

    log(f"{size}: word statistics …")
    words = word_statistics(index_dir, env, logs, probe, args.ws_repeat)
    for kind, data in words["kinds"].items():
        log(f"{size}: {kind} first {data['first_ms']:.0f} ms, p50 {data['p50_ms']:.0f} ms, "
            f"command {data['command_s']:.2f} s")

    log(f"{size}: rebuild after one changed document …")
    rebuild = rebuild_one_doc(corpus_dir, build_cmd, env, logs, size)
    log(f"{size}: rebuild ({rebuild['mode']}, {rebuild['document']} of {rebuild['document_passages']} passages) "
        f"{rebuild['wall_s']} s, {rebuild['peak_rss_mb']} MB")

    if not args.keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    options = (f" --workers {args.workers}" if args.workers is not None else "") + \
        (f" --engine {args.engine}" if args.engine is not None else "")
    command = f"python -m bench.run --size {size}{options}"
    return {
        "size": size,
        "workers": args.workers,
        "command": command,
        "engine": build["engine"],
        "build_command": f"cstocorpus build --corpus CORPUS --index INDEX --format json{options}",
        "corpus": {k: meta[k] for k in ("passages", "documents", "source_bytes", "languages", "seed",
                                        "generator_version")},
        "analyze": analyze,
        "build": build,
        "cold_open": cold,
        "rebuild_one_doc": rebuild,
        "queries": {"repeat": args.repeat, "warmup": args.warmup, "limit": raw["limit"],
                    "process": q, "overall": overall, "kinds": queries},
        "wordstats": words,
    }


def word_statistics(index_dir: Path, env: dict, logs: Path, probe: list[str], repeat: int) -> dict:
    """Concordance sorted by R1, collocates and keywords (``bench.probe.WORDSTATS``): timed in
    one process (``bench.probe wordstats``), then each run once as a whole ``cstocorpus`` command."""
    run = measure([*probe, "wordstats", str(index_dir), "--repeat", str(repeat), "--warmup", "1"], env, logs,
                  "wordstats")
    inner = json.loads(run.pop("stdout"))
    kinds = {}
    for kind, data in inner.pop("kinds").items():
        times = data.pop("times_ms")
        kinds[kind] = {**data, **percentiles(times)}
    for kind, words in inner.pop("commands").items():
        command = measure([*cli_command(), *words, "--index", str(index_dir)], env, logs, f"command-{kind}")
        command.pop("stdout")
        kinds[kind].update({"command": "cstocorpus " + " ".join(words), "command_s": command["wall_s"],
                            "command_peak_rss_mb": command["peak_rss_mb"]})
    return {"process": run, **inner, "kinds": kinds}


#: The paragraph ``rebuild_one_doc`` appends (a new passage; the others keep their ids).
EDIT_PARAGRAPH = "Benchmark edit: one paragraph appended to this document to time the rebuild that follows."


def rebuild_one_doc(corpus_dir: Path, build_cmd: list[str], env: dict, logs: Path, size: int) -> dict:
    """Edit one document (the first), run ``build_cmd`` again on the index it just built,
    restore the document.  Wall time and peak RSS of the build, and what kind of build it was."""
    doc_id = bench_corpus.first_document(corpus_dir)
    edit = bench_corpus.edit_one_document(corpus_dir, doc_id, EDIT_PARAGRAPH)
    try:
        result = measure(build_cmd, env, logs, "rebuild")
    finally:
        bench_corpus.restore_edit(corpus_dir)
    summary = json.loads(result.pop("stdout"))
    if summary["passages"] != size + 1:
        raise SystemExit(f"the rebuild indexed {summary['passages']} passages, not {size + 1}")
    result.update({
        "document": doc_id,
        "document_passages": edit["passages_before"],
        "mode": summary.get("mode", "full"),  # "incremental", or "full" (see full_because)
        "full_because": summary.get("full_because", ""),
        "analyzed": summary.get("analyzed"),
        "reused": summary.get("reused"),
        "passages": summary["passages"],
    })
    return result


def save(runs: list[dict], results_dir: Path, day: str) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{day}.json"
    existing = json.loads(path.read_text(encoding="utf-8")).get("runs", []) if path.exists() else []
    def key(r: dict) -> tuple:
        return r["size"], str(r["workers"]), r.get("engine", "whoosh")

    new_keys = {key(r) for r in runs}
    merged = [r for r in existing if key(r) not in new_keys] + runs
    merged.sort(key=key)
    path.write_text(json.dumps({"date": day, "runs": merged}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark corpus generation, build and search (see bench/run.py).")
    parser.add_argument("--size", default="10000",
                        help="passages per corpus; several comma-separated (default 10000)")
    parser.add_argument("--workers", type=int, default=None,
                        help="pass --workers N to cstocorpus build (default: do not pass it)")
    parser.add_argument("--engine", default=None,
                        help="pass --engine NAME to cstocorpus build (default: do not pass it)")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs of each query (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each query first (default 3)")
    parser.add_argument("--ws-repeat", type=int, default=5,
                        help="timed runs of each word statistic (concordance, collocates, keywords; default 5)")
    parser.add_argument("--work", type=Path, default=WORK, help="where corpora and indexes go (bench/work)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results directory (bench/results)")
    parser.add_argument("--markdown", type=Path, default=BENCHMARKS, help="table to rewrite (BENCHMARKS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes in the work directory")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.size.split(",") if s.strip()]

    args.work.mkdir(parents=True, exist_ok=True)
    env = command_env(args.work)
    day = date.today().isoformat()
    info = {"date": day, "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(), "dirty": git_dirty(), "machine": machine()}
    for size in sizes:
        run = {**info, **bench_size(size, args, env)}
        path = save([run], args.results, day)  # after each size: a long run keeps what it measured
        write_markdown(args.results, args.markdown)
        log(f"{size}: recorded in {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    log(f"table written to {args.markdown}")


if __name__ == "__main__":
    main()
