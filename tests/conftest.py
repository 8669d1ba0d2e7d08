"""Shared fixtures: the real seed corpus and one index built from it for the whole session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = {p.name: p for p in sorted((CORPUS / "sources").glob("*.txt"))}
JA_DOC = "000_3d49c9bf8a994c0c"
TH_DOC = "002_0cdda2ff3fc24d48"
UD = ROOT.parent / "shared" / "eval" / "ud"

# Index signatures are keyed per account; tests use a key of their own, never the user's.
os.environ["CSTOCORPUS_KEY_FILE"] = str(Path(tempfile.mkdtemp(prefix="cstocorpus-key-")) / "index.key")


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    """A private copy of corpus/ so tests never touch the real one."""
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_index(corpus_copy, tmp_path_factory) -> Path:
    from cstocorpus.catalog import load_catalog
    from cstocorpus.index.builder import build_index
    from cstocorpus.index.location import IndexLocation

    index_dir = tmp_path_factory.mktemp("index") / "index"
    report = build_index(load_catalog(corpus_copy), IndexLocation(index_dir))
    assert not report.problems, report.problems
    return index_dir


@pytest.fixture(scope="session")
def corpus_index(built_index):
    from cstocorpus.index.reader import CorpusIndex

    index = CorpusIndex(built_index)
    yield index
    index.close()
