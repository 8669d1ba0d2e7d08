"""Shared fixtures: the real seed corpus and one index built from it for the whole session."""

from __future__ import annotations

import importlib.util
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
#: The Universal Dependencies gold files some tests read (CI has them; a fresh clone may not).
UD_FILES = ("ru_gsd-dev.conllu", "ja_gsd-dev.conllu", "th_pud-dev-first500.conllu", "en_ewt-dev-first1500.conllu")
HAVE_UD = all((UD / name).is_file() for name in UD_FILES)
UD_MISSING = (f"needs the Universal Dependencies gold files {', '.join(UD_FILES)}: put them in "
              f"../shared/eval/ud/ beside the repository ({UD})")
#: Marks a test that reads the UD gold files: skipped, with where to put them, when they are missing.
needs_ud = pytest.mark.skipif(not HAVE_UD, reason=UD_MISSING)


def ud_file(name: str) -> Path:
    """A UD gold file, or a skip saying where to put it."""
    path = UD / name
    if not path.is_file():
        pytest.skip(UD_MISSING)
    return path

# Index signatures are keyed per account; tests use a key of their own, never the user's.
os.environ["CSTOCORPUS_KEY_FILE"] = str(Path(tempfile.mkdtemp(prefix="cstocorpus-key-")) / "index.key")
# The same for the cache of catalog entries, source checksums and verified indexes.
os.environ["CSTOCORPUS_CACHE_DIR"] = tempfile.mkdtemp(prefix="cstocorpus-cache-")


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    """A private copy of corpus/ so tests never touch the real one."""
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    return target


#: The index engines; search tests run on each (the ``engine_index`` fixture).
ENGINES = ("whoosh", "tantivy", "xapian")
HAVE_XAPIAN = importlib.util.find_spec("xapian") is not None
XAPIAN_MISSING = ("needs Xapian's Python bindings for the xapian engine: pip install 'cstocorpus[xapian]' "
                  "(make install-test installs them)")
#: Marks a test that builds or reads a Xapian index: skipped, saying what to install, without the bindings.
needs_xapian = pytest.mark.skipif(not HAVE_XAPIAN, reason=XAPIAN_MISSING)
#: The engines as test parameters, Xapian's skipped when its bindings are missing.
ENGINE_PARAMS = [pytest.param(e, marks=needs_xapian) if e == "xapian" else e for e in ENGINES]


def _build(corpus: Path, index_dir: Path, engine: str) -> Path:
    from cstocorpus.catalog import load_catalog
    from cstocorpus.index.builder import build_index
    from cstocorpus.index.location import IndexLocation

    report = build_index(load_catalog(corpus), IndexLocation(index_dir), engine=engine)
    assert not report.problems, report.problems
    return index_dir


@pytest.fixture(scope="session")
def built_index(corpus_copy, tmp_path_factory) -> Path:
    """The seed corpus indexed with Whoosh, the default engine."""
    return _build(corpus_copy, tmp_path_factory.mktemp("index") / "index", "whoosh")


@pytest.fixture(scope="session")
def built_tantivy_index(corpus_copy, tmp_path_factory) -> Path:
    return _build(corpus_copy, tmp_path_factory.mktemp("tantivy") / "index", "tantivy")


@pytest.fixture(scope="session")
def built_xapian_index(corpus_copy, tmp_path_factory) -> Path:
    if not HAVE_XAPIAN:
        pytest.skip(XAPIAN_MISSING)
    return _build(corpus_copy, tmp_path_factory.mktemp("xapian") / "index", "xapian")


@pytest.fixture(scope="session")
def corpus_index(built_index):
    from cstocorpus.index.reader import CorpusIndex

    index = CorpusIndex(built_index)
    yield index
    index.close()


@pytest.fixture(scope="session")
def tantivy_index(built_tantivy_index):
    from cstocorpus.index.reader import CorpusIndex

    index = CorpusIndex(built_tantivy_index)
    yield index
    index.close()


@pytest.fixture(scope="session")
def xapian_index(built_xapian_index):
    from cstocorpus.index.reader import CorpusIndex

    index = CorpusIndex(built_xapian_index)
    yield index
    index.close()


@pytest.fixture(scope="session", params=ENGINE_PARAMS)
def engine(request) -> str:
    return request.param


BUILT = {"whoosh": "built_index", "tantivy": "built_tantivy_index", "xapian": "built_xapian_index"}
OPENED = {"whoosh": "corpus_index", "tantivy": "tantivy_index", "xapian": "xapian_index"}


@pytest.fixture(scope="session")
def built_engine_index(engine, request) -> Path:
    """The seed corpus indexed with each engine in turn."""
    return request.getfixturevalue(BUILT[engine])


@pytest.fixture(scope="session")
def engine_index(engine, request):
    """The seed corpus index of each engine in turn: tests using it run once per engine."""
    return request.getfixturevalue(OPENED[engine])


# Hypothesis (tests/test_properties.py): "default" for `make test` (few examples, the same
# ones every run), "fuzz" for `make fuzz` (HYPOTHESIS_PROFILE=fuzz: many more, random, and
# a failure database to replay what it found).  Nothing is written inside the repository.
def _hypothesis_profiles() -> None:
    try:
        from hypothesis import HealthCheck, settings
        from hypothesis.configuration import set_hypothesis_home_dir
        from hypothesis.database import DirectoryBasedExampleDatabase
    except ImportError:  # the test extra is not installed; the property tests will say so
        return
    home = Path(tempfile.gettempdir()) / "cstocorpus-hypothesis"
    set_hypothesis_home_dir(str(home))  # hypothesis's own caches (e.g. its Unicode tables)
    slow = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile("default", max_examples=60, deadline=None, database=None,
                              derandomize=True, suppress_health_check=slow, print_blob=True)
    settings.register_profile("fuzz", max_examples=2000, deadline=None,
                              database=DirectoryBasedExampleDatabase(str(home / "examples")),
                              suppress_health_check=slow, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profiles()
