"""Killing a build at any moment (SIGKILL, no chance to clean up) leaves a searchable index:
the previous one, or the new one if it was already published, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from cstocorpus.catalog import load_catalog, sha256_of
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex
from cstocorpus.search import search

from .conftest import CORPUS, JA_DOC

CLI = str(Path(sys.executable).with_name("cstocorpus"))
QUERIES = ("ОДКБ", "CSTO", "ก่อการร้าย", "文献", "учения")
#: Moments to kill at, as fractions of an uninterrupted build's duration.
FRACTIONS = (0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.0)


def _totals(index_dir: Path) -> dict[str, int]:
    index = CorpusIndex(index_dir)  # raises if CURRENT points at anything unusable
    try:
        return {q: search(index, q, literal=True).total for q in QUERIES}
    finally:
        index.close()


def _build(corpus: Path, index_dir: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([CLI, "build", "--corpus", str(corpus), "--index", str(index_dir), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _timed_build(corpus: Path, index_dir: Path, *extra: str) -> float:
    start = time.perf_counter()
    assert _build(corpus, index_dir, *extra).wait() == 0
    return time.perf_counter() - start


def _kill_at(corpus: Path, index_dir: Path, delay: float, *extra: str) -> None:
    proc = _build(corpus, index_dir, *extra)
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and any analysis workers it started
    except ProcessLookupError:
        pass  # it had already finished
    proc.wait()


def test_sigkill_at_any_moment_of_full_and_incremental_builds(tmp_path):
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    index_dir = tmp_path / "index"
    location = IndexLocation(index_dir)
    duration = _timed_build(corpus, index_dir)
    before = _totals(index_dir)
    assert before["CSTO"] > 0 and before["учения"] == 0

    for fraction in FRACTIONS:  # full builds of an unchanged corpus: the same totals, whichever generation
        _kill_at(corpus, index_dir, duration * fraction, "--full", "--workers", "2")
        assert _totals(index_dir) == before, f"killed at {fraction:.0%} of a full build"

    # An incremental build that adds a passage: the index is the old one or the new one.
    record = load_catalog(corpus).get(JA_DOC)
    source = corpus / record.file
    source.write_bytes(source.read_bytes() + "\n\nОДКБ провела учения.\n".encode())
    catalog = corpus / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(record.sha256, sha256_of(source)), encoding="utf-8")
    after = {**before, "ОДКБ": before["ОДКБ"] + 1, "учения": 1}
    incremental = _timed_build(shutil.copytree(corpus, tmp_path / "probe-corpus"), tmp_path / "probe-index")
    outcomes = []
    for fraction in FRACTIONS:
        _kill_at(corpus, index_dir, incremental * fraction)
        outcomes.append(_totals(index_dir))
        assert outcomes[-1] in (before, after), f"killed at {fraction:.0%} of an incremental build"
    assert outcomes[0] == before  # the early kills did land before the new generation was published

    assert _build(corpus, index_dir).wait() == 0  # the next build finishes and cleans up
    assert _totals(index_dir) == after
    generations = sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))
    assert len(generations) <= 2 and location.current().name == generations[-1]
