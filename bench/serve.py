"""Requests per second and latency (p50, p95) of ``/api/search`` under load: ``cstocorpus
serve`` started as its own process on 127.0.0.1 (a free port), ``--clients`` concurrent
clients in this process, each sending searches in turn from a fixed list in all four
languages, until ``--requests`` are done or ``--seconds`` have passed, whichever comes first.

    python -m bench.serve --index index --corpus corpus                 # the seed corpus (make build)
    python -m bench.serve --size 100000                                  # the 100k Tantivy index of bench/work

``--size N`` serves bench/work/index-N (the corpus bench.run generates, built with
``--engine tantivy`` and bench's own signing key if it is not there yet).  Prints one JSON
object per run (also appended to bench/results/serve.jsonl).  A first pass of each query
warms the analyzers and the index first, and is not counted.  The server is its own process,
as in use: the clients' work in this process does not take turns with it on one interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

QUERIES = ("ОДКБ", "безопасности", "ก่อการร้าย", "ความมั่นคง", "集団安全保障条約機構", "加盟国", "Armenia",
           "Council of Foreign Ministers", "Naryshkin", "Казахстан OR Kazakhstan")
REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results" / "serve.jsonl"
CLI = [sys.executable, "-c", "from cstocorpus.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_index(size: int, env: dict) -> tuple[Path, Path]:
    """bench/work/corpus-N and its Tantivy index, generated and built unless already there."""
    sys.path.insert(0, str(REPO))
    from bench import corpus as bench_corpus

    corpus, index = WORK / f"corpus-{size}", WORK / f"index-{size}"
    _, generated = bench_corpus.ensure(size, corpus)
    if generated or not (index / "CURRENT").exists():
        print(f"building {index} (tantivy) …", file=sys.stderr, flush=True)
        subprocess.run([*CLI, "build", "--corpus", str(corpus), "--index", str(index), "--engine", "tantivy",
                        "--format", "json"], env=env, check=True, stdout=subprocess.DEVNULL)
    return index, corpus


def start_server(index: Path, corpus: Path, env: dict, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([*CLI, "serve", "--index", str(index), "--corpus", str(corpus), "--port", str(port),
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/api/index", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not answer within 120 s")


def load(base: str, clients: int, requests: int, seconds: float, limit: int) -> dict:
    url = base + "/api/search"
    def warm() -> None:
        with httpx.Client(timeout=120) as http:
            for q in QUERIES * 2:
                http.get(url, params={"q": q, "limit": limit}).raise_for_status()

    # warm-up, not counted: every query from every client at once, so that each server process
    # (serve --workers) has loaded its analyzers before the clock starts
    warmers = [threading.Thread(target=warm) for _ in range(clients)]
    for w in warmers:
        w.start()
    for w in warmers:
        w.join()
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def client(number: int) -> None:
        nonlocal issued, errors
        with httpx.Client(timeout=60) as http:
            while True:
                with lock:
                    if issued >= requests or time.perf_counter() > deadline:
                        return
                    issued += 1
                    q = QUERIES[(issued + number) % len(QUERIES)]
                t0 = time.perf_counter()
                r = http.get(url, params={"q": q, "limit": limit})
                took = time.perf_counter() - t0
                with lock:
                    latencies.append(took)
                    errors += r.status_code != 200

    workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    return {
        "endpoint": "/api/search", "limit": limit, "clients": clients, "requests": len(latencies),
        "errors": errors, "seconds": round(elapsed, 2), "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1), "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1), "max_ms": round(max(latencies) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) so far of a process, its threads and its child processes
    (``serve --workers``), from Linux's /proc; 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError, IndexError):
        return 0.0
    return own + sum(_cpu_seconds(int(child)) for child in children)


def run(index: Path, corpus: Path, env: dict, clients: int, requests: int, seconds: float, limit: int,
        workers: int = 1) -> dict:
    load_before = round(os.getloadavg()[0], 2)
    proc, base = start_server(index, corpus, env, workers)
    try:
        info = httpx.get(base + "/api/index", timeout=30).json()
        server_before, client_before = _cpu_seconds(proc.pid), time.process_time()
        result = load(base, clients, requests, seconds, limit)
        server_cpu, client_cpu = _cpu_seconds(proc.pid) - server_before, time.process_time() - client_before
        n = max(1, result["requests"])
        result |= {"server_cpu_ms_per_request": round(server_cpu / n * 1000, 2),
                   "client_cpu_ms_per_request": round(client_cpu / n * 1000, 2)}
    finally:
        proc.terminate()
        proc.wait(15)
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), **result,
            "index": str(index.resolve().relative_to(REPO) if index.resolve().is_relative_to(REPO) else index),
            "engine": info["engine"], "workers": workers, "passages": info["passages"],
            "load_before": load_before, "cores": os.cpu_count(), "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--size", type=int, default=None,
                        help="Serve bench/work/index-SIZE instead (generated and built with Tantivy if missing).")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="At most this many requests.")
    parser.add_argument("--seconds", type=float, default=60, help="At most this long.")
    parser.add_argument("--limit", type=int, default=10, help="Hits per search.")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers N: server processes.")
    parser.add_argument("--no-record", action="store_true", help="Do not append to bench/results/serve.jsonl.")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    index, corpus = args.index, args.corpus
    if args.size is not None:
        WORK.mkdir(parents=True, exist_ok=True)
        env["CSTOCORPUS_KEY_FILE"] = str(WORK.resolve() / "index.key")  # bench's own key, as bench.run
        index, corpus = bench_index(args.size, env)
    result = run(index, corpus, env, args.clients, args.requests, args.seconds, args.limit, args.workers)
    print(json.dumps(result, ensure_ascii=False))
    if not args.no_record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.path.insert(0, str(REPO))
        from bench.report import write_markdown

        write_markdown(RESULTS.parent, REPO / "BENCHMARKS.md")


if __name__ == "__main__":
    main()
