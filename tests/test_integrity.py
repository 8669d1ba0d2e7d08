"""A tampered index never runs code and a damaged one is never read silently, on both engines.

The attacks are the ones an index on disk invites: a same-size edit of a Whoosh pickle
(segment directory, TOC schema) carrying a payload, bit flips in every file of each engine,
a file added or removed, an edited manifest, a copy signed on another account.  Each is
refused with one sentence before an engine reads anything; the restricted unpickler is
tried on its own as the second wall.  Engine errors on files that pass the checks (damage
sealed into the manifest, as an engine bug would leave it) become one sentence too, on
every command that reads the index.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import struct
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.index import integrity, signature, whoosh_pickles
from cstocorpus.index.location import IndexLocation
from cstocorpus.index.reader import CorpusIndex, IndexUnavailable

from .conftest import JA_DOC

DAMAGED = r"is damaged \(gen-\d+/"


@pytest.fixture()
def index_copy(built_engine_index, tmp_path) -> Path:
    """A private copy of the seed index of each engine."""
    return Path(shutil.copytree(built_engine_index, tmp_path / "index"))


def _generation(root: Path) -> Path:
    return IndexLocation(root).current()


def cstocorpus(index: Path, *args):
    result = CliRunner().invoke(cli, [*args, "--index", str(index)])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    return result


def _payload(marker: Path, size: int) -> bytes:
    """A pickle of ``size`` bytes that creates ``marker`` when loaded (protocol 0:
    ``builtins.open(marker, "w")``), padded after its STOP opcode."""
    body = b"cbuiltins\nopen\n(V" + str(marker).encode() + b"\nVw\ntR."
    assert len(body) <= size
    return body + b" " * (size - len(body))


def _seg_directory(seg: Path) -> tuple[int, int]:
    """Offset and length of a Whoosh compound segment's directory pickle (its header)."""
    head = seg.read_bytes()[:12]
    return struct.unpack("!q", head[:8])[0], struct.unpack("!i", head[8:12])[0]


def test_the_payload_runs_code_when_unpickled_freely(tmp_path):
    """The attack is real: without the restricted unpickler, loading it creates the file."""
    marker = tmp_path / "pwned"
    pickle.loads(_payload(marker, 200))  # noqa: S301 -- the point of the test
    assert marker.exists()


def test_whoosh_segment_pickle_exploit_never_runs(built_index, tmp_path):
    index = Path(shutil.copytree(built_index, tmp_path / "index"))
    seg = next(_generation(index).glob("*.seg"))
    offset, length = _seg_directory(seg)
    marker = tmp_path / "pwned"
    data = bytearray(seg.read_bytes())
    data[offset:offset + length] = _payload(marker, length)
    seg.write_bytes(bytes(data))  # the same size: the old signature (names and sizes) passed it

    result = cstocorpus(index, "search", "ОДКБ")
    assert result.exit_code == 2 and not marker.exists()
    assert result.stderr.count("\n") == 1 and f"{seg.name} does not match the checksum" in result.stderr

    # The second wall: Whoosh itself, asked to open the files, unpickles nothing it was not told to.
    from whoosh.index import open_dir

    whoosh_pickles.install()
    with pytest.raises(pickle.UnpicklingError, match="builtins.open"):
        open_dir(str(_generation(index))).searcher()
    assert not marker.exists()


def test_whoosh_toc_schema_exploit_never_runs(built_index, tmp_path):
    index = Path(shutil.copytree(built_index, tmp_path / "index"))
    toc = next(_generation(index).glob("*.toc"))
    data = toc.read_bytes()
    start = data.index(b"\x80\x02")  # the schema: a protocol-2 pickle
    end = data.index(b"ub.", start) + 3  # its last BUILD and STOP
    marker = tmp_path / "pwned"
    toc.write_bytes(data[:start] + _payload(marker, end - start) + data[end:])
    assert cstocorpus(index, "search", "ОДКБ").exit_code == 2 and not marker.exists()

    from whoosh.index import open_dir

    whoosh_pickles.install()
    with pytest.raises(pickle.UnpicklingError):
        open_dir(str(_generation(index)))
    assert not marker.exists()


def test_no_unrestricted_unpickler_is_left_in_whoosh():
    import cstocorpus.index.whoosh_reader  # noqa: F401 -- installs the restricted unpickler
    from whoosh import codec, columns, formats, index  # noqa: F401 -- every module that unpickles
    from whoosh.filedb import compound, fileindex, filetables, structfile  # noqa: F401

    assert whoosh_pickles.unrestricted_references() == []


def test_whoosh_sorting_runs_on_disk_pass_the_restricted_unpickler(corpus_copy, tmp_path, monkeypatch, corpus_index):
    """A writer whose memory pool fills sorts runs of postings on disk and unpickles them
    (whoosh.externalsort): that too goes through the restricted unpickler, and works."""
    from whoosh import externalsort

    from cstocorpus.catalog import load_catalog
    from cstocorpus.index import whoosh_engine
    from cstocorpus.index.builder import build_index
    from cstocorpus.search import search

    runs = []
    original = externalsort.SortingPool._write_run
    monkeypatch.setattr(externalsort.SortingPool, "_write_run", lambda self, *a: runs.append(1) or original(self, *a))
    monkeypatch.setattr(whoosh_engine, "WRITER_MB", 0.05)
    build_index(load_catalog(corpus_copy), IndexLocation(tmp_path / "index"), engine="whoosh")
    assert len(runs) > 1 and externalsort.load is whoosh_pickles.load
    index = CorpusIndex(tmp_path / "index")
    try:
        for query in ("ОДКБ", "CSTO", "ความมั่นคง"):
            assert search(index, query).total == search(corpus_index, query).total
    finally:
        index.close()


def _flip(path: Path, offsets, bits: int = 1) -> None:
    data = bytearray(path.read_bytes())
    for offset in offsets:
        data[offset % len(data)] ^= bits
    path.write_bytes(bytes(data))


def test_bit_flips_in_any_file_are_refused(index_copy, engine):
    generation = _generation(index_copy)
    names = integrity.generation_files(generation)
    assert names and "documents.json" in names and "glossary.json" in names
    pristine = {name: (generation / name).read_bytes() for name in names}
    CorpusIndex(index_copy).close()
    for name in names:
        path = generation / name
        _flip(path, range(7, 7 + 50 * 131, 131))  # 50 bit flips, spread over the file
        with pytest.raises(IndexUnavailable, match=DAMAGED + rf"{name} does not match the checksum"):
            CorpusIndex(index_copy)
        path.write_bytes(pristine[name])
    CorpusIndex(index_copy).close()


def test_the_tantivy_files_the_issue_names(built_tantivy_index, tmp_path):
    """50 bit flips in the .idx, one byte of the .fieldnorm: before, the same total and other
    scores, silently."""
    index = Path(shutil.copytree(built_tantivy_index, tmp_path / "index"))
    generation = _generation(index)
    idx, fieldnorm = next(generation.glob("*.idx")), next(generation.glob("*.fieldnorm"))
    _flip(idx, range(100, 100 + 50 * 37, 37))
    result = cstocorpus(index, "search", "безопасностью")
    assert result.exit_code == 2 and f"{idx.name} does not match the checksum" in result.stderr
    _flip(idx, range(100, 100 + 50 * 37, 37))  # back
    assert cstocorpus(index, "search", "безопасностью").exit_code == 0
    _flip(fieldnorm, [len(fieldnorm.read_bytes()) // 2], bits=0xFF)
    result = cstocorpus(index, "search", "безопасностью")
    assert result.exit_code == 2 and f"{fieldnorm.name} does not match the checksum" in result.stderr


def test_remembered_checks_still_see_a_same_size_edit(index_copy, monkeypatch):
    """Verified once, files are not read again while their stamp holds, and an edit that
    keeps the size and puts the modification time back still changes the stamp."""
    monkeypatch.setattr(integrity, "RACY_NS", 0)
    CorpusIndex(index_copy).close()  # hashes everything, remembers the stamps
    hashed = []
    original = integrity._hash
    monkeypatch.setattr(integrity, "_hash", lambda p: hashed.append(p.name) or original(p))
    CorpusIndex(index_copy).close()
    assert hashed == []
    time.sleep(0.05)  # past the clock tick of the stamps
    biggest = max(integrity.generation_files(_generation(index_copy)),
                  key=lambda n: (_generation(index_copy) / n).stat().st_size)
    path = _generation(index_copy) / biggest
    st = path.stat()
    _flip(path, [st.st_size // 3])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(IndexUnavailable, match=DAMAGED + rf"{biggest} does not match"):
        CorpusIndex(index_copy)
    assert hashed == [biggest]


def test_a_forged_stamp_is_not_believed(index_copy, monkeypatch, tmp_path):
    """The remembered stamps carry an HMAC: stamps written without the key are ignored."""
    monkeypatch.setattr(integrity, "RACY_NS", 0)
    CorpusIndex(index_copy).close()
    time.sleep(0.05)
    generation = _generation(index_copy)
    name = max(integrity.generation_files(generation), key=lambda n: (generation / n).stat().st_size)
    _flip(generation / name, [100])
    stamps = integrity.VerifiedStamps(index_copy)
    entry = stamps.entries[generation.name]
    entry["files"][name] = integrity.stamp((generation / name).stat())  # the edited file's stamp, no valid MAC
    from cstocorpus.cache import write_json

    write_json(stamps.path, {"generations": stamps.entries})
    with pytest.raises(IndexUnavailable, match=rf"{name} does not match"):
        CorpusIndex(index_copy)


def test_files_added_missing_or_resized_are_refused(index_copy, engine):
    generation = _generation(index_copy)
    extra = generation / {"whoosh": "_MAIN_2.toc", "tantivy": "0123456789abcdef.idx", "xapian": "spelling.glass"}[engine]
    extra.write_bytes(b"\0" * 16)
    with pytest.raises(IndexUnavailable, match=r"is damaged \(gen-\d+ holds a file its build did not write, "):
        CorpusIndex(index_copy)
    extra.unlink()
    documents = generation / "documents.json"
    documents.write_bytes(documents.read_bytes() + b" ")
    with pytest.raises(IndexUnavailable, match=DAMAGED + r"documents.json has [\d,]+ bytes, not the"):
        CorpusIndex(index_copy)
    documents.unlink()
    with pytest.raises(IndexUnavailable, match=DAMAGED + r"documents.json is missing"):
        CorpusIndex(index_copy)


def test_manifest_is_covered_by_the_signature(index_copy):
    """Editing its languages once turned ``--lang xx`` from an error into 0 hits."""
    manifest = _generation(index_copy) / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["languages"]["xx"] = 1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = cstocorpus(index_copy, "search", "ОДКБ", "--lang", "xx")
    assert result.exit_code == 2
    assert "manifest.json was changed after the index was built" in result.stderr
    assert "elsewhere" not in result.stderr and "not built" not in result.stderr  # local damage is called that


def test_an_index_signed_on_another_account_is_called_that(index_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "other-account" / "index.key"))
    signature.load_key(create=True)
    result = cstocorpus(index_copy, "search", "ОДКБ")
    assert result.exit_code == 2 and "was not built on this account" in result.stderr
    assert "damaged" not in result.stderr


def test_the_key_directory_is_private(monkeypatch, tmp_path):
    monkeypatch.setenv("CSTOCORPUS_KEY_FILE", str(tmp_path / "config" / "cstocorpus" / "index.key"))
    old = os.umask(0o022)
    try:
        signature.load_key(create=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "config" / "cstocorpus").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "config" / "cstocorpus" / "index.key").stat().st_mode) == 0o600


def _reseal(generation: Path) -> None:
    """Record the files as they are now and sign: damage the checks cannot see, as if the
    engine itself had written it."""
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"], _ = integrity.file_table(generation)
    (generation / "manifest.json").write_text(json.dumps(signature.sign(manifest)), encoding="utf-8")


COMMANDS = [("search", "ОДКБ"), ("search", "безопасность", "--limit", "0"), ("show", f"{JA_DOC}:a423e3bd"),
            ("export", "ОДКБ"), ("stats",), ("freq", "--lang", "ru")]


def _damage_engine_files(generation: Path, engine: str) -> None:
    """Damage inside the engine's own files: Whoosh's compressed stored fields and postings,
    Tantivy's store, term dictionary and postings, Xapian's tables."""
    suffixes = {"whoosh": (".seg",), "tantivy": (".store", ".term", ".idx", ".pos", ".fast"),
                "xapian": (".glass",)}[engine]
    for path in generation.iterdir():
        if path.suffix in suffixes:
            size = path.stat().st_size
            _flip(path, range(size // 10, size - 64, max(1, size // 400)), bits=0x5A)


def test_engine_errors_on_read_are_one_sentence_on_every_command(index_copy, engine):
    generation = _generation(index_copy)
    _damage_engine_files(generation, engine)
    _reseal(generation)
    outcomes = []
    for args in COMMANDS:
        result = cstocorpus(index_copy, *args)
        outcomes.append(result.exit_code)
        if result.exit_code:
            assert result.exit_code == 2 and result.stderr.startswith("Error: the index in "), (args, result.output)
            assert result.stderr.count("\n") == 1 and "build --full" in result.stderr, result.stderr
    assert 2 in outcomes  # the damage was found by the engine, and reported


def test_current_as_a_directory_is_one_sentence_everywhere(index_copy, tmp_path):
    (index_copy / "CURRENT").unlink()
    (index_copy / "CURRENT").mkdir()
    for args in [("search", "ОДКБ"), ("stats",), ("build", "--corpus", str(tmp_path / "nowhere"))]:
        result = cstocorpus(index_copy, *args)
        assert result.exit_code == 2 and "Error:" in result.stderr, (args, result.output)
    result = cstocorpus(index_copy, "search", "ОДКБ")
    assert "CURRENT is a directory" in result.stderr and "move it out of the way" in result.stderr
