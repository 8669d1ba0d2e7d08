"""What checking an index costs when it is opened: the first time (every file hashed) and
after (stamps remembered), each in a new process.

    python -m bench.verify --index bench/work/index-100000      # an index of bench.run --keep

For each run a fresh process opens the index (``CorpusIndex``: manifest signature, file
list, sizes, content) and reports the seconds the open took, imports excluded.  *First
open*: the remembered stamps of that index are deleted first, so every file is read and
hashed.  *Later opens*: the stamps are there; only the manifest is read and the files are
stat'ed.  Results go to ``bench/results/<date>-verify.json`` and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from .run import REPO, RESULTS, WORK, git_commit, log, machine

BENCHMARKS = REPO / "BENCHMARKS.md"


def probe(index: Path, forget: bool) -> dict:
    """In this process: open ``index`` once (after forgetting its stamps if asked)."""
    from cstocorpus.index import integrity
    from cstocorpus.index.reader import CorpusIndex

    if forget:
        Path(integrity.VerifiedStamps(index).path).unlink(missing_ok=True)
    t0 = time.perf_counter()
    opened = CorpusIndex(index)
    seconds = time.perf_counter() - t0
    files = opened.manifest["files"]
    result = {"open_s": round(seconds, 4), "engine": opened.engine_name, "files": len(files),
              "bytes": sum(size for size, _ in files.values()), "passages": opened.manifest["passages"]}
    opened.close()
    return result


def _run(index: Path, forget: bool, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.verify", "--probe", str(index)] + (["--forget"] if forget else []),
                         env=env, cwd=REPO, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv: list[str] | None = None) -> None:
    from .report import write_markdown

    parser = argparse.ArgumentParser(description="Time opening (and checking) an index.")
    parser.add_argument("--index", type=Path, help="an index directory built with the bench's key")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--forget", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--markdown", type=Path, default=BENCHMARKS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(args.probe, args.forget)))
        return
    if args.index is None:
        parser.error("--index is required")
    env = {**os.environ, "CSTOCORPUS_KEY_FILE": os.environ.get("CSTOCORPUS_KEY_FILE", str(WORK.resolve() / "index.key")),
           "CSTOCORPUS_CACHE_DIR": os.environ.get("CSTOCORPUS_CACHE_DIR", str(WORK.resolve() / "cache")),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    first = [_run(args.index, True, env) for _ in range(args.repeat)]
    later = [_run(args.index, False, env) for _ in range(args.repeat)]
    info = first[0]
    mb = info["bytes"] / 2**20
    first_s = statistics.median(r["open_s"] for r in first)
    run = {"date": date.today().isoformat(), "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
           "commit": git_commit(), "machine": machine(), "engine": info["engine"], "passages": info["passages"],
           "files": info["files"], "index_mb": round(mb, 1), "first_open_s": round(first_s, 3),
           "first_open_mb_per_s": round(mb / first_s, 1) if first_s else None,
           "later_open_s": round(statistics.median(r["open_s"] for r in later), 4), "repeat": args.repeat,
           "command": f"python -m bench.verify --index INDEX  # {info['engine']}, {info['passages']} passages"}
    log(f"verify {info['engine']} {info['passages']}: first open {run['first_open_s']} s "
        f"({run['first_open_mb_per_s']} MB/s over {run['index_mb']} MB), later {run['later_open_s']} s")
    path = args.results / f"{run['date']}-verify.json"
    existing = json.loads(path.read_text(encoding="utf-8")).get("verify_runs", []) if path.exists() else []
    merged = [r for r in existing if (r["engine"], r["passages"]) != (run["engine"], run["passages"])] + [run]
    args.results.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": run["date"], "verify_runs": merged}, ensure_ascii=False, indent=1,
                               sort_keys=True) + "\n", encoding="utf-8")
    write_markdown(args.results, args.markdown)


if __name__ == "__main__":
    main()
