"""Requests per second and latency (p50, p95) of ``/api/search`` under load: the app served by
uvicorn on 127.0.0.1 (a free port, in this process), ``--clients`` concurrent clients, each
sending searches in turn from a fixed list in all four languages, until ``--requests`` are
done or ``--seconds`` have passed, whichever comes first.

    python -m bench.serve --index index --corpus corpus --clients 8 --requests 2000 --seconds 60

Prints one JSON object (also appended to bench/results/serve.jsonl with the date).  A first
pass of each query warms the analyzers and the index first, and is not counted.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
import uvicorn

QUERIES = ("ОДКБ", "безопасности", "ก่อการร้าย", "ความมั่นคง", "集団安全保障条約機構", "加盟国", "Armenia",
           "Council of Foreign Ministers", "Naryshkin", "Казахстан OR Kazakhstan")
RESULTS = Path(__file__).parent / "results" / "serve.jsonl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(index: Path, corpus: Path, clients: int, requests: int, seconds: float, limit: int) -> dict:
    from cstocorpus.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(index, corpus), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/api/search"
    with httpx.Client(timeout=60) as http:
        for q in QUERIES:  # warm-up, not counted
            http.get(url, params={"q": q, "limit": limit}).raise_for_status()
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
    server.should_exit = True
    thread.join(15)
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endpoint": "/api/search", "limit": limit, "clients": clients, "requests": len(latencies),
        "errors": errors, "seconds": round(elapsed, 2), "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1), "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="At most this many requests.")
    parser.add_argument("--seconds", type=float, default=60, help="At most this long.")
    parser.add_argument("--limit", type=int, default=10, help="Hits per search.")
    parser.add_argument("--no-record", action="store_true", help="Do not append to bench/results/serve.jsonl.")
    args = parser.parse_args()
    result = run(args.index, args.corpus, args.clients, args.requests, args.seconds, args.limit)
    result["index"] = str(args.index)
    print(json.dumps(result, ensure_ascii=False))
    if not args.no_record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
