"""No traceback and no abort, whatever the input or the environment: every numeric option
at absurd values, read-only corpora and indexes (on a genuinely read-only file system),
``add``/``remove`` while a build runs, a ``corpus/removed`` that is a symbolic link."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog
from cstocorpus.cli import cli
from cstocorpus.index.location import IndexLocation

from .conftest import CORPUS, JA_DOC, TH_DOC
from .readonly import cstocorpus_read_only, read_only_or_skip

HUGE = ["2147483648", "9223372036854775807", "100000000000000000000000000"]


def cstocorpus(*args, **kwargs):
    result = CliRunner().invoke(cli, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture()
def corpus(tmp_path) -> Path:
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


#: What each command needs besides its numeric options, to run against the seed index.
REQUIRED = {
    "search": ["ОДКБ"], "show": [f"{JA_DOC}:a423e3bd"], "export": ["ОДКБ", "--format", "jsonl"],
    "concordance": ["ОДКБ"], "freq": [], "stats": [], "build": [], "add": [], "remove": [],
    "list": [], "evaluate": [], "evaluate-search": [],
    "collocates": ["ОДКБ"], "ngrams": [], "keywords": ["--doc", TH_DOC], "dispersion": ["ОДКБ"],
    "serve": [],  # --port: tried in test_web_pages (a valid port would start a server)
}


def _numeric_options():
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, (click.types.IntParamType,
                                                                            click.types.FloatParamType)):
                yield name, param.opts[0]


def test_every_numeric_option_is_known_here():
    """A new command with a numeric option must be tried below (add it to REQUIRED)."""
    assert {name for name, _ in _numeric_options()} <= set(REQUIRED)


@pytest.mark.parametrize("command, option", [c for c in _numeric_options()
                                             if c[0] in ("search", "show", "export", "concordance", "freq",
                                                         "collocates", "ngrams", "keywords", "dispersion")])
def test_absurd_numbers_never_abort(built_engine_index, command, option):
    """``--limit 2147483648`` once made Tantivy allocate 34 GB and abort; 2^63-1 panicked,
    10^26 overflowed.  A number too large for what it counts means all of it; a number
    that cannot be meant is one sentence (exit 2)."""
    expected = None
    for value in ["-1", "0", "1", *HUGE, "1e3", "ten"]:
        result = cstocorpus(command, *REQUIRED[command], option, value, "--index", built_engine_index)
        assert result.exit_code in (0, 2), (command, option, value, result.output)
        if result.exit_code == 2:
            assert result.stderr.startswith("Error") or "Usage" in result.stderr
        if command == "search" and value in HUGE:
            total = json.loads(cstocorpus("search", "ОДКБ", option, value, "--format", "json",
                                          "--index", built_engine_index).stdout)["total"]
            assert expected in (None, total)
            expected = total


def test_too_many_workers_is_refused_before_any_is_started(corpus, tmp_path):
    for value in ["0", "100000", *HUGE]:
        result = cstocorpus("build", "--workers", value, "--corpus", corpus, "--index", tmp_path / "index")
        assert result.exit_code == 2 and "--workers" in result.stderr
    assert not (tmp_path / "index").exists()


def test_searching_a_read_only_index(built_engine_index, tmp_path, tmp_path_factory):
    """A shared or archived index on read-only media: Tantivy takes a lock file even to read,
    so it is opened through a view of links (tantivy_reader.read_only_view)."""
    read_only_or_skip(tmp_path_factory)
    index = Path(shutil.copytree(built_engine_index, tmp_path / "index"))
    expected = json.loads(cstocorpus("search", "ОДКБ", "--format", "json", "--index", index).stdout)
    for args in [("search", "ОДКБ", "--format", "json"), ("show", f"{JA_DOC}:a423e3bd"), ("stats",)]:
        result = cstocorpus_read_only(index, *args, "--index", str(index))
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        if args[0] == "search":
            assert json.loads(result.stdout)["total"] == expected["total"]
    result = cstocorpus_read_only(index, "build", "--corpus", str(CORPUS), "--index", str(index), "--full")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: cannot write the index in") and "Read-only file system" in result.stderr


def test_a_read_only_corpus_can_be_read_not_changed(corpus, tmp_path, tmp_path_factory):
    read_only_or_skip(tmp_path_factory)
    index = tmp_path / "index"
    new = tmp_path / "new.txt"
    new.write_text("Заявление\n\nОДКБ провела учения.\n", encoding="utf-8")
    catalog = (corpus / "catalog.yaml").read_bytes()
    built = cstocorpus_read_only(corpus, "build", "--corpus", str(corpus), "--index", str(index))
    assert built.returncode == 0, built.stderr
    for args in [("add", str(new)), ("remove", TH_DOC)]:
        result = cstocorpus_read_only(corpus, *args, "--corpus", str(corpus), "--index", str(index))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"Error: cannot change the corpus in {corpus}: Read-only file system")
    listed = cstocorpus_read_only(corpus, "list", "--corpus", str(corpus), "--index", str(index))
    assert listed.returncode == 0 and "2 documents" in listed.stdout
    assert (corpus / "catalog.yaml").read_bytes() == catalog


def test_remove_never_moves_a_file_out_of_the_corpus_through_a_link(corpus, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (corpus / "removed").symlink_to(elsewhere)
    result = cstocorpus("remove", TH_DOC, "--no-build", "--corpus", corpus, "--index", tmp_path / "index")
    assert result.exit_code == 2 and "removed is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == [] and (corpus / "sources" / f"{TH_DOC}.txt").exists()
    assert [r.id for r in load_catalog(corpus).documents] == [JA_DOC, TH_DOC]
    result = cstocorpus("remove", TH_DOC, "--no-build", "--delete-file", "--corpus", corpus,
                        "--index", tmp_path / "index")
    assert result.exit_code == 0 and list(elsewhere.iterdir()) == []


def _totals(corpus, index):
    """What search, list and stats each say the index holds."""
    search = json.loads(cstocorpus("search", "文献", "--literal", "--format", "json", "--index", index).stdout)
    rows = json.loads(cstocorpus("list", "--format", "json", "--corpus", corpus, "--index", index).stdout)
    stats = json.loads(cstocorpus("stats", "--format", "json", "--index", index).stdout)
    return search["total"], sorted((r["id"], r["status"]) for r in rows), stats


def test_remove_and_add_while_a_build_runs_then_the_next_build_catches_up(corpus, tmp_path, engine):
    index = tmp_path / "index"
    assert cstocorpus("build", "--engine", engine, "--corpus", corpus, "--index", index).exit_code == 0
    new = tmp_path / "new.txt"
    new.write_text("Новости ОДКБ\n\nОДКБ провела учения в Таджикистане.\n", encoding="utf-8")
    with IndexLocation(index).build_lock():  # another build is writing the index
        removed = cstocorpus("remove", JA_DOC, "--wait", "0.3", "--corpus", corpus, "--index", index)
        added = cstocorpus("add", new, "--wait", "0", "--corpus", corpus, "--index", index)
    for result, what in [(removed, f"{JA_DOC} removed"), (added, "added")]:
        assert result.exit_code == 1 and result.stderr.count("Error:") == 1, result.output
        assert f"the corpus changed (" in result.stderr and what in result.stderr
        assert "run 'cstocorpus build' when that build is done" in result.stderr
    assert "waiting up to 0.3 s" in removed.stderr
    hits, rows, _ = _totals(corpus, index)
    assert hits > 0 and ("000_3d49c9bf8a994c0c", "removed, still indexed") in rows  # said plainly, not hidden

    assert cstocorpus("build", "--corpus", corpus, "--index", index).exit_code == 0
    hits, rows, stats = _totals(corpus, index)
    new_id = load_catalog(corpus).documents[-1].id
    assert hits == 0 and rows == sorted([(TH_DOC, "indexed"), (new_id, "indexed")])
    assert stats["corpus"]["documents"] == 2 and len(stats["documents"]) == 2
    again = cstocorpus("add", new, "--corpus", corpus, "--index", index)
    assert again.exit_code == 1 and f"already in the corpus as {new_id}" in again.stderr


def test_add_waits_for_a_running_build_to_finish(corpus, tmp_path):
    index = tmp_path / "index"
    assert cstocorpus("build", "--corpus", corpus, "--index", index).exit_code == 0
    new = tmp_path / "new.txt"
    new.write_text("Новости ОДКБ\n\nОДКБ провела учения в Таджикистане.\n", encoding="utf-8")
    held = threading.Event()

    def other_build():
        with IndexLocation(index).build_lock():
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=other_build)
    thread.start()
    held.wait()
    result = cstocorpus("add", new, "--wait", "60", "--format", "json", "--corpus", corpus, "--index", index)
    thread.join()
    assert result.exit_code == 0, result.output
    assert "waiting up to 60 s" in result.stderr and json.loads(result.stdout)["documents"] == 3
