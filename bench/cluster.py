"""Benchmark ``build --cluster``: a 2-worker Dask cluster on 127.0.0.1 against local workers.

    python -m bench.cluster --size 10000            # make bench-cluster (10k and 100k)
    python -m bench.cluster --size 100000 --engine whoosh

For each size (the deterministic corpus of ``bench.corpus``), each build is ``cstocorpus build
--full`` into a fresh index as one process, timed and measured like the other benchmarks
(``bench.run.measure``: wall time, CPU time and peak RSS of the build process):

1. *local*: ``--workers 2`` (one per core), the build as it runs without a cluster;
2. *cluster, cold*: ``--cluster`` to a scheduler and two workers (``dask worker --nthreads 1``,
   started for this run as their own processes); the workers load the analyzers during the
   build, as the local workers do;
3. *cluster, warm*: the same cluster again (the analyzers already loaded: a cluster kept up).

The workers' peak RSS is read from ``/proc`` (``VmHWM``) after the builds.  The cluster
builds' indexes are checked to be the local build's file for file (Tantivy segments byte for
byte; Whoosh's but its randomly named segment).  On one machine the cluster and local workers
share the same cores, so the ratio shows the cost of Dask's scheduling and transfers, not a
speed-up: a cluster pays off with workers on other machines (README, "Scaling out").
Results go to ``bench/results/<date>-cluster.json`` and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from . import corpus as bench_corpus
from .run import REPO, RESULTS, WORK, cli_command, git_commit, git_dirty, log, machine, measure

BENCHMARKS = REPO / "BENCHMARKS.md"
WORKERS = 2


class Cluster:
    """A scheduler and ``WORKERS`` single-thread workers on 127.0.0.1, each its own session."""

    def __init__(self, logs: Path, env: dict) -> None:
        self.logs, self.env, self.processes, self.address = logs, env, [], ""

    def __enter__(self) -> Cluster:
        info = self.logs / "scheduler.json"
        info.unlink(missing_ok=True)
        self._spawn(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                     "--scheduler-file", str(info)], "scheduler.log")
        while not self.address:
            try:
                self.address = json.loads(info.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        for n in range(WORKERS):
            self._spawn(["worker", self.address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                         "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--name", f"worker-{n}"], f"worker-{n}.log")
        while not all("Registered to:" in (self.logs / f"worker-{n}.log").read_text(errors="replace")
                      for n in range(WORKERS)):
            time.sleep(0.3)
        return self

    def _spawn(self, args: list[str], log_name: str) -> None:
        with (self.logs / log_name).open("wb") as out:
            self.processes.append(subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=out,
                                                   stderr=subprocess.STDOUT, env=self.env, start_new_session=True))

    def worker_peaks_mb(self) -> list[float]:
        """Peak RSS of each worker: the largest process under each ``dask worker`` (the nanny
        there, the worker process it started, Python's helpers), from /proc."""
        return [max(_peak_mb(pid) for pid in _tree(process.pid)) for process in self.processes[1:]]

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):  # the nanny starts its worker from another thread
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return [pid, *(p for child in children for p in _tree(child))]


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def index_files(index_dir: Path) -> list[tuple[str, str]]:
    """(name, sha256) of the current generation's files, sorted; a Tantivy segment's file
    named by its suffix (its name is random; a large index has several segments), leaving out
    the files that hold the time, the segment names or a lock, and Whoosh's segment."""
    from cstocorpus.index.location import IndexLocation

    generation = IndexLocation(index_dir).current()
    segment = {p.suffix for p in generation.iterdir() if len(p.stem) == 32}
    return sorted((p.suffix if p.suffix in segment else p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                  for p in generation.iterdir()
                  if p.is_file() and p.name not in ("manifest.json", "meta.json", ".managed.json")
                  and not p.name.startswith(("MAIN_", "_MAIN_")))


def bench_size(size: int, engine: str, args, env: dict) -> dict:
    corpus_dir = args.work / f"corpus-{size}"
    logs = args.work / f"cluster-logs-{size}"
    logs.mkdir(parents=True, exist_ok=True)
    meta, generated = bench_corpus.ensure(size, corpus_dir)
    log(f"cluster {size}: corpus {'generated' if generated else 'reused'} ({meta['source_bytes'] / 2**20:.1f} MB)")

    def build(name: str, *extra: str) -> dict:
        index_dir = args.work / f"cluster-index-{size}-{name}"
        shutil.rmtree(index_dir, ignore_errors=True)
        cmd = [*cli_command(), "build", "--full", "--corpus", str(corpus_dir), "--index", str(index_dir),
               "--engine", engine, "--format", "json", *extra]
        result = measure(cmd, env, logs, f"build-{name}")
        summary = json.loads(result.pop("stdout"))
        if summary["passages"] != size:
            raise SystemExit(f"{name}: the build indexed {summary['passages']} passages, not {size}")
        result["files"] = index_files(index_dir)
        if not args.keep:
            shutil.rmtree(index_dir, ignore_errors=True)
        log(f"cluster {size}, {engine}, {name}: {result['wall_s']} s (CPU {result['cpu_s']} s), "
            f"peak {result['peak_rss_mb']} MB")
        return result

    local = build("local", "--workers", str(WORKERS))
    with Cluster(logs, env) as cluster:
        cold = build("cluster-cold", "--cluster", cluster.address)
        warm = build("cluster-warm", "--cluster", cluster.address)
        worker_peaks = cluster.worker_peaks_mb()
    files = {name: run.pop("files") for name, run in (("local", local), ("cold", cold), ("warm", warm))}
    same = files["cold"] == files["local"] == files["warm"]
    if not same:
        differ = sorted({f for name in ("cold", "warm") for f in set(files[name]) ^ set(files["local"])})
        raise SystemExit(f"cluster {size}: the cluster's index differs from the local build's: {differ}")
    return {"size": size, "engine": engine, "workers": WORKERS, "source_bytes": meta["source_bytes"],
            "local": local, "cluster_cold": cold, "cluster_warm": warm, "worker_peak_rss_mb": worker_peaks,
            "same_index": same,
            "ratio_cold": round(cold["wall_s"] / local["wall_s"], 2),
            "ratio_warm": round(warm["wall_s"] / local["wall_s"], 2),
            "command": f"python -m bench.cluster --size {size} --engine {engine}"}


def save(runs: list[dict], results_dir: Path, day: str) -> Path:
    path = results_dir / f"{day}-cluster.json"
    existing = json.loads(path.read_text(encoding="utf-8")).get("cluster_runs", []) if path.exists() else []
    keys = {(r["size"], r["engine"]) for r in runs}
    merged = sorted([r for r in existing if (r["size"], r["engine"]) not in keys] + runs,
                    key=lambda r: (r["size"], r["engine"]))
    results_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": day, "cluster_runs": merged}, ensure_ascii=False, indent=1,
                               sort_keys=True) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    from .report import write_markdown

    parser = argparse.ArgumentParser(description="Benchmark build --cluster (2 Dask workers) against local workers.")
    parser.add_argument("--size", default="10000", help="passages per corpus, comma-separated (default 10000)")
    parser.add_argument("--engine", default="tantivy", help="index engine (default tantivy)")
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
    for size in [int(s.replace("_", "")) for s in args.size.split(",") if s.strip()]:
        run = {**info, **bench_size(size, args.engine, args, env)}
        path = save([run], args.results, day)
        write_markdown(args.results, args.markdown)
        log(f"cluster {size}: cold {run['ratio_cold']}×, warm {run['ratio_warm']}× the local build; "
            f"recorded in {path}")


if __name__ == "__main__":
    main()
