"""A catalog of thousands of documents: entries read once and remembered, ``add`` appending
and ``remove`` cutting one entry's text, source checksums trusted by their file's stamp.
Each shortcut is checked against the slow, obvious way: parsing the whole file, hashing
every source.  Speed itself is measured in ``make bench`` (bench/catalog.py), not here."""

from __future__ import annotations

import os
import shutil
import time

import pytest
import yaml
from click.testing import CliRunner

from cstocorpus import catalog as catalog_module
from cstocorpus import catalog_text, corpus_cache
from cstocorpus.catalog import CatalogError, load_catalog, sha256_of
from cstocorpus.cli import cli
from cstocorpus.corpus import DocumentProblem, checked_files
from cstocorpus.corpus_cache import CorpusCache

from .conftest import CORPUS, JA_DOC, TH_DOC


@pytest.fixture()
def corpus(tmp_path):
    return shutil.copytree(CORPUS, tmp_path / "corpus")


def cstocorpus(corpus, tmp_path, *args):
    result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert "Traceback" not in result.output, result.output
    return result


def _fresh_process():
    """Forget the caches read by this process, as a new command would."""
    CorpusCache._open.clear()


def _whole_parse(corpus) -> list[dict]:
    """The slow, obvious reading: the whole file with PyYAML, no cache."""
    data = yaml.safe_load((corpus / "catalog.yaml").read_text(encoding="utf-8"))
    return [catalog_module._record(e, corpus, "x").to_dict() for e in data["documents"]]


def _records(corpus) -> list[dict]:
    return [r.to_dict() for r in load_catalog(corpus).documents]


@pytest.fixture()
def parses(monkeypatch):
    """Counts the entries parsed on their own (not served from the cache)."""
    calls = []
    original = catalog_text.parse_entry

    def counting(entry):
        calls.append(entry)
        return original(entry)

    monkeypatch.setattr(catalog_text, "parse_entry", counting)
    return calls


LAYOUTS = {
    "seed catalog": None,
    "items at column 0, comments between": (
        "# header\ndocuments:\n# first\n- id: a\n  file: sources/a.txt\n  sha256: {sha}\n"
        "  notes: |\n    - not an item\n    documents: not a key\n\n# second\n- id: b\n"
        "  file: sources/b.txt\n  sha256: {sha}\n  title: >-\n    folded\n    title\n"),
    "deeper items, no final newline": (
        "documents:\n    -   id: a\n        file: sources/a.txt\n        sha256: {sha}\n"
        "    - id: b\n      file: sources/b.txt\n      sha256: {sha}\n      tags: [x, y]"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_entries_read_one_by_one_equal_the_whole_file(corpus, parses, layout):
    if LAYOUTS[layout] is not None:
        (corpus / "catalog.yaml").write_text(LAYOUTS[layout].format(sha="ab" * 32), encoding="utf-8")
    pieces = catalog_text.split((corpus / "catalog.yaml").read_text(encoding="utf-8"))
    assert pieces is not None and pieces.join() == (corpus / "catalog.yaml").read_text(encoding="utf-8")
    assert _records(corpus) == _whole_parse(corpus)
    assert len(parses) == len(pieces.entries)
    _fresh_process()
    assert _records(corpus) == _whole_parse(corpus)
    assert len(parses) == len(pieces.entries)  # the second command parses nothing


@pytest.mark.parametrize("text", [
    "documents: [{id: a, file: sources/a.txt, sha256: '%s'}]\n",  # flow style
    "documents:\n  - id: a\n    file: sources/a.txt\n    sha256: '%s'\nother: key\n",  # a key after the list
    "documents:\n  - &one\n    id: a\n    file: sources/a.txt\n    sha256: '%s'\n  - <<: *one\n    id: b\n",  # alias
])
def test_catalogs_that_cannot_be_cut_are_read_whole(corpus, text):
    (corpus / "catalog.yaml").write_text(text.replace("%s", "ab" * 32), encoding="utf-8")
    assert _records(corpus) == _whole_parse(corpus)


def test_an_error_in_one_entry_names_its_line_as_a_whole_parse_would(corpus):
    text = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    broken = text.replace("    format: text\n", "    format: [text\n", 1)
    (corpus / "catalog.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"is not valid YAML at line \d+"):
        load_catalog(corpus)
    (corpus / "catalog.yaml").write_text(text.replace("format: text", "format: rtf", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=f"entry 2 \\({TH_DOC}\\): format .rtf. is not one of"):
        load_catalog(corpus)


def test_an_edited_entry_is_parsed_again_and_only_it(corpus, parses):
    load_catalog(corpus)
    parses.clear()
    _fresh_process()
    path = corpus / "catalog.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("publisher: \"\"", "publisher: МИД", 1),
                    encoding="utf-8")
    catalog = load_catalog(corpus)
    assert len(parses) == 1 and JA_DOC in parses[0] and catalog.get(JA_DOC).publisher == "МИД"
    assert _records(corpus) == _whole_parse(corpus)


def test_cached_records_are_not_used_by_other_validation_code(corpus, parses, monkeypatch):
    load_catalog(corpus)
    _fresh_process()
    monkeypatch.setattr(corpus_cache, "validator_version", lambda: "another version of catalog.py")
    parses.clear()
    load_catalog(corpus)
    assert len(parses) == 2


def test_add_appends_the_entry_and_remove_cuts_it_leaving_every_other_byte(corpus, tmp_path, parses):
    path = corpus / "catalog.yaml"
    before = path.read_bytes()
    new = tmp_path / "new.txt"
    new.write_text("Заявление\n\nОДКБ провела учения в Таджикистане.\n", encoding="utf-8")
    load_catalog(corpus)
    parses.clear()
    result = cstocorpus(corpus, tmp_path, "add", str(new), "--no-build", "--url", "https://example.org/x")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    # Only the new entry was read, and the one before it, whose text gained the blank line
    # between them (trailing blank lines can belong to a value, as in ``notes: |+``).
    assert after.startswith(before) and len(parses) == 2
    added = after[len(before):].decode("utf-8")
    assert added.startswith("\n  - id: \"003_") and "    url: https://example.org/x\n" in added
    assert _records(corpus) == _whole_parse(corpus)

    doc_id = load_catalog(corpus).documents[-1].id
    assert cstocorpus(corpus, tmp_path, "remove", doc_id, "--no-build").exit_code == 0
    assert path.read_bytes() == before
    assert cstocorpus(corpus, tmp_path, "remove", JA_DOC, "--no-build").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert JA_DOC not in text and text.startswith(before.decode().split("  - id:")[0])
    assert [r.id for r in load_catalog(corpus).documents] == [TH_DOC] and _records(corpus) == _whole_parse(corpus)


@pytest.mark.parametrize("umask, catalog_mode, source_mode", [(0o022, 0o644, 0o644), (0o027, 0o640, 0o640),
                                                               (0o002, 0o664, 0o664)])
def test_add_keeps_the_catalog_mode_and_copies_under_the_umask(corpus, tmp_path, umask, catalog_mode, source_mode):
    os.chmod(corpus / "catalog.yaml", catalog_mode)
    new = tmp_path / "new.txt"
    new.write_text("Заявление\n\nОДКБ провела учения.\n", encoding="utf-8")
    old = os.umask(umask)
    try:
        assert cstocorpus(corpus, tmp_path, "add", str(new), "--no-build").exit_code == 0
    finally:
        os.umask(old)
    record = load_catalog(corpus).documents[-1]
    assert os.stat(corpus / "catalog.yaml").st_mode & 0o777 == catalog_mode
    assert os.stat(corpus / record.file).st_mode & 0o777 == source_mode


def test_source_checksums_are_trusted_only_while_the_file_is_untouched(corpus, monkeypatch):
    monkeypatch.setattr(corpus_cache, "RACY_NS", 0)  # stamps trusted at once (see put_source)
    hashed = []
    monkeypatch.setattr("cstocorpus.corpus.sha256_of", lambda p: hashed.append(p.name) or sha256_of(p))
    catalog = load_catalog(corpus)
    assert all(not isinstance(x, DocumentProblem) for x in checked_files(catalog))
    assert len(hashed) == 2
    _fresh_process()
    hashed.clear()
    assert all(not isinstance(x, DocumentProblem) for x in checked_files(load_catalog(corpus)))
    assert hashed == []  # stamps unchanged: nothing read

    time.sleep(0.05)  # past the clock tick of the last change
    source = corpus / "sources" / f"{TH_DOC}.txt"
    st = source.stat()
    data = bytearray(source.read_bytes())
    data[-2] = ord("?") if data[-2] != ord("?") else ord("!")
    source.write_bytes(bytes(data))  # same size, and the modification time put back
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))
    _fresh_process()
    problems = [x for x in checked_files(load_catalog(corpus)) if isinstance(x, DocumentProblem)]
    assert hashed == [source.name] and [p.doc_id for p in problems] == [TH_DOC]


def test_a_source_reached_through_a_symlink_outside_the_corpus_is_refused(corpus, tmp_path):
    """A catalog read afresh refuses the entry (``catalog._record``); one whose entries are
    remembered from before the link was made refuses the file when the build checks it."""
    load_catalog(corpus)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    source = corpus / "sources" / f"{TH_DOC}.txt"
    shutil.move(source, outside / source.name)
    source.symlink_to(outside / source.name)
    _fresh_process()
    problems = [x for x in checked_files(load_catalog(corpus)) if isinstance(x, DocumentProblem)]
    assert [(p.doc_id, "outside the corpus" in p.reason) for p in problems] == [(TH_DOC, True)]


def test_the_cache_is_private_and_can_be_lost(corpus, monkeypatch, tmp_path):
    cache_root = tmp_path / "cache-home" / "cstocorpus"
    monkeypatch.setenv("CSTOCORPUS_CACHE_DIR", str(cache_root))
    _fresh_process()
    first = _records(corpus)
    assert (cache_root / "corpus").stat().st_mode & 0o777 == 0o700
    for path in (cache_root / "corpus").iterdir():
        path.write_text("{not json")  # a damaged cache is a cache miss, never an error
    _fresh_process()
    assert _records(corpus) == first
