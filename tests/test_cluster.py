"""``build --cluster``: the seed corpus analyzed by a Dask cluster of real processes on
127.0.0.1 (a scheduler and two workers, ``tests.daskcluster``) gives the index a local build
gives, byte for byte where the engine allows; a worker killed in the middle of the build has
its chunks redone by the others; a scheduler that dies, cannot be reached, has no workers or
runs workers with other code stops the build with one sentence, exit code 1, and the previous
index stays current.  Each build runs as its own process (``tests.cluster_build``) with chunks
of a few blocks, so the two seed documents make dozens of tasks out of step with documents."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog
from cstocorpus.cli import cli
from cstocorpus.index.builder import build_index
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex
from cstocorpus.search import search

from .conftest import CORPUS, ROOT
from .daskcluster import DaskCluster

pytest.importorskip("distributed", reason="needs Dask (pip install 'cstocorpus[cluster]'; the test extra has it)")

CHUNK = 5  # blocks per task: the seed corpus (173 + 23 blocks) makes 40 tasks
TIMEOUT = 3  # s: cluster.connection.CONNECT_TIMEOUT in the build process
QUERIES = ("CSTO", "Казахстан", "รักษาสันติภาพ", "文献")

#: A worker preload (``dask worker --preload``): on the worker's second task, the first worker
#: of the cluster to get there kills the process ``TEST_KILL_PID`` (default: itself) with
#: SIGKILL, as the kernel's out-of-memory killer would; a marker file makes it happen once.
KILLER = '''
import os, signal
from cstocorpus.cluster import tasks

_analyze = getattr(tasks.analyze_chunk, "unpatched", tasks.analyze_chunk)  # Dask may run a preload twice
_count = [0]


def analyze_chunk(texts):
    _count[0] += 1
    if _count[0] == 2:
        try:
            os.close(os.open(os.environ["TEST_KILL_MARK"], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            pass
        else:
            os.kill(int(os.environ.get("TEST_KILL_PID") or os.getpid()), signal.SIGKILL)
    return _analyze(texts)


analyze_chunk.unpatched = _analyze
tasks.analyze_chunk = analyze_chunk
'''

#: A worker preload: the worker claims another analysis pipeline (other code or libraries).
OTHER_CODE = '''
from cstocorpus.cluster import tasks

tasks.pipeline_fingerprint = lambda: "0" * 32
'''


def cluster_build(corpus: Path, index_dir: Path, address: str, *extra: str,
                  in_flight: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.cluster_build", str(CHUNK), str(TIMEOUT), str(in_flight or "-"), "--",
         "--corpus", str(corpus), "--index", str(index_dir), "--cluster", address, "--format", "json", *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=300)


def error_lines(stderr: str) -> list[str]:
    """What the build said on stderr, but the progress bar's label."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("Analyzing sources")]


def generation_files(index_dir: Path) -> dict[str, str]:
    """sha256 of every file of the current generation by name (a Tantivy segment's by its
    suffix: its name is random), but those that hold the time, the segment names or a lock."""
    generation = IndexLocation(index_dir).current()
    segment = {p.suffix for p in generation.iterdir() if len(p.stem) == 32}
    return {(p.suffix if p.suffix in segment else p.name): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in generation.iterdir()
            if p.is_file() and p.name not in ("manifest.json", "meta.json", ".managed.json")
            and not p.name.startswith(("MAIN_", "_MAIN_"))}


def index_dump(index_dir: Path):
    """Every stored field, every term and the ranked hits of a few queries."""
    index = CorpusIndex(index_dir)
    try:
        with index.ix.searcher() as searcher:
            stored = sorted(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in searcher.all_stored_fields())
            terms = sorted(searcher.reader().all_terms())
        hits = {q: [(h.passage["passage_id"], h.score) for h in search(index, q, limit=None).hits] for q in QUERIES}
        return stored, terms, hits
    finally:
        index.close()


@pytest.fixture(scope="module")
def local_indexes(tmp_path_factory):
    """The seed corpus built here, by one process, with each engine."""
    corpus = shutil.copytree(CORPUS, tmp_path_factory.mktemp("cluster-corpus") / "corpus")
    built = {}
    for engine in ("tantivy", "whoosh"):
        built[engine] = tmp_path_factory.mktemp("local") / engine
        report = build_index(load_catalog(corpus), IndexLocation(built[engine]), workers=1, engine=engine)
        assert not report.problems and report.passages == 196
    return corpus, built


def test_a_cluster_build_is_the_local_build(local_indexes, tmp_path):
    """Two workers, 40 tasks, at most 2 workers × 4 in flight: Tantivy's files byte for byte
    those of the local build; Whoosh's every file but its randomly named segment byte for byte,
    and every stored field, term and score the same."""
    corpus, local = local_indexes
    with DaskCluster(tmp_path, workers=2) as cluster:
        for engine in ("tantivy", "whoosh"):
            counted = tmp_path / f"in-flight-{engine}"
            done = cluster_build(corpus, tmp_path / engine, cluster.address, "--engine", engine, in_flight=counted)
            assert done.returncode == 0, done.stderr
            summary = json.loads(done.stdout)
            assert summary["passages"] == 196 and summary["skipped"] == []
            most, submitted = map(int, counted.read_text().split())
            # every chunk sent once; never more than 2 threads × 4 waiting, and the one being taken in
            assert submitted == 35 + 5 and most == 2 * 4 + 1
            assert error_lines(done.stderr) == []  # Dask's own logging stays off the terminal
    tantivy = generation_files(tmp_path / "tantivy")
    assert any(name.endswith(".idx") for name in tantivy) and "columns-lemma.npy" in tantivy
    assert tantivy == generation_files(local["tantivy"])
    whoosh = generation_files(tmp_path / "whoosh")
    assert "columns-lemma.npy" in whoosh and "documents.json" in whoosh
    assert whoosh == generation_files(local["whoosh"])
    assert index_dump(tmp_path / "whoosh") == index_dump(local["whoosh"])


def test_a_worker_killed_mid_build_has_its_chunks_redone(local_indexes, tmp_path):
    """One worker process is SIGKILLed at its second task, holding chunks of the build: Dask
    runs them again on the other worker (or the one its nanny starts again), and the index is
    the local build's."""
    corpus, local = local_indexes
    (tmp_path / "killer.py").write_text(KILLER, encoding="utf-8")
    mark = tmp_path / "killed"
    with DaskCluster(tmp_path, workers=2, preload=tmp_path / "killer.py", env={"TEST_KILL_MARK": str(mark)}) as cluster:
        done = cluster_build(corpus, tmp_path / "index", cluster.address, "--engine", "tantivy")
        logs = cluster.log("worker-0.log") + cluster.log("worker-1.log")
    assert mark.exists(), "no worker was killed"
    assert "was killed by signal 9" in logs, logs  # the nanny saw its worker die (and started it again)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["passages"] == 196
    assert error_lines(done.stderr) == []
    assert generation_files(tmp_path / "index") == generation_files(local["tantivy"])


def _previous_index(corpus: Path, index_dir: Path) -> tuple[str, dict[str, str]]:
    build_index(load_catalog(corpus), IndexLocation(index_dir), workers=1, engine="tantivy")
    return (index_dir / "CURRENT").read_text(), generation_files(index_dir)


def _still_current(index_dir: Path, before: tuple[str, dict[str, str]]) -> None:
    """The previous index is current, unchanged, searchable, and no new generation is left."""
    assert (index_dir / "CURRENT").read_text() == before[0]
    assert generation_files(index_dir) == before[1]
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [before[0].strip()]
    index = CorpusIndex(index_dir)
    try:
        assert search(index, "CSTO").total > 0
    finally:
        index.close()


def test_a_scheduler_gone_mid_build_stops_it_and_keeps_the_index(local_indexes, tmp_path):
    """A worker kills the scheduler (SIGKILL) at its second task, in the middle of a full
    build: one sentence, exit code 1, the previous index current as it was."""
    corpus, _ = local_indexes
    index_dir = tmp_path / "index"
    before = _previous_index(corpus, index_dir)
    (tmp_path / "killer.py").write_text(KILLER, encoding="utf-8")
    mark = tmp_path / "killed"
    cluster = DaskCluster(tmp_path, workers=2, preload=tmp_path / "killer.py", env={"TEST_KILL_MARK": str(mark)})
    cluster.start_scheduler()
    try:
        cluster.env["TEST_KILL_PID"] = str(cluster.scheduler.pid)
        for n in range(2):
            cluster.start_worker(n)
        cluster.wait_for_workers()
        done = cluster_build(corpus, index_dir, cluster.address, "--full")
        assert mark.exists() and cluster.scheduler.wait(30) == -9
    finally:
        cluster.stop()
    assert done.returncode == 1, done.stderr
    assert error_lines(done.stderr) == [f"Error: the connection to the Dask scheduler at {cluster.address} was lost "
                                        "during the build; the index was left as it was"]
    assert done.stdout == ""
    _still_current(index_dir, before)


@pytest.mark.parametrize("listening", [False, True], ids=["nothing listens", "a silent listener"])
def test_an_unreachable_scheduler_stops_the_build(local_indexes, tmp_path, listening):
    """A port nothing listens on, and one where something accepts the connection and never
    answers (another service, Dask's own dashboard): the same sentence, after the timeout."""
    corpus, _ = local_indexes
    index_dir = tmp_path / "index"
    before = _previous_index(corpus, index_dir)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        if listening:
            listener.listen()
        else:
            listener.close()
        done = cluster_build(corpus, index_dir, f"127.0.0.1:{port}", "--full")
    assert done.returncode == 1
    assert error_lines(done.stderr) == [f"Error: cannot reach a Dask scheduler at tcp://127.0.0.1:{port} "
                                        f"(tried for {TIMEOUT} s)"]
    _still_current(index_dir, before)


def test_a_scheduler_without_workers_or_with_other_code_stops_the_build(local_indexes, tmp_path):
    """A scheduler with no worker: the build says so after waiting.  Then a worker that runs
    another analysis pipeline joins: its first result stops the build, since the index would
    not be the local build's.  The previous index stays current both times."""
    corpus, _ = local_indexes
    index_dir = tmp_path / "index"
    before = _previous_index(corpus, index_dir)
    (tmp_path / "other.py").write_text(OTHER_CODE, encoding="utf-8")
    with DaskCluster(tmp_path, workers=0, preload=tmp_path / "other.py") as cluster:
        done = cluster_build(corpus, index_dir, cluster.address, "--full")
        assert done.returncode == 1
        assert error_lines(done.stderr) == [f"Error: the Dask scheduler at {cluster.address} has no workers (waited "
                                            f"{TIMEOUT} s): start some with 'dask worker {cluster.address}'"]
        _still_current(index_dir, before)
        cluster.start_worker(0)
        cluster.wait_for_workers()
        done = cluster_build(corpus, index_dir, cluster.address, "--full")
    assert done.returncode == 1
    [line] = error_lines(done.stderr)
    assert line.startswith("Error: the Dask worker tcp://127.0.0.1:") and \
        f"runs other code or analysis libraries than this build (pipeline {'0' * 32}, here " in line
    _still_current(index_dir, before)


@pytest.mark.parametrize("args, message", [
    (["--cluster", "tcp://127.0.0.1:8786", "--workers", "2"], "--workers and --cluster cannot be used together"),
    (["--cluster", "scheduler-without-port"], "is not a Dask scheduler address: give it as tcp://HOST:PORT"),
    (["--cluster", "http://127.0.0.1:8786"], "is not a Dask scheduler address"),
    (["--cluster", "tcp://127.0.0.1:99999"], "is not a Dask scheduler address"),
])
def test_cluster_usage_mistakes(local_indexes, tmp_path, args, message):
    corpus, _ = local_indexes
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(tmp_path / "index"), *args])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "index").exists()
