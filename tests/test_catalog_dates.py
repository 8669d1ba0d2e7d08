"""Catalog dates are real calendar dates, and no catalog problem ever shows a traceback.

Each bad catalog is written here and run through every command that reads the catalog; each
must answer with one sentence on stderr naming the file, the entry and the field (exit 2).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import CatalogError, check_date, load_catalog
from cstocorpus.cli import cli

from .conftest import CORPUS, TH_DOC


@pytest.mark.parametrize(("value", "expected"), [
    ("2007", "2007"), ("2007-10", "2007-10"), ("2024-02-29", "2024-02-29"), ("1992-05-15", "1992-05-15"),
])
def test_partial_and_full_dates_are_kept(value, expected):
    assert check_date(value, "published") == expected


@pytest.mark.parametrize(("value", "says"), [
    ("2024-13-45", "there is no month 13"),
    ("2024-02-30", "February 2024 has 29 days"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("2024-04-31", "April 2024 has 30 days"),
    ("2024-00", "there is no month 0"),
    ("2024-5-1", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("15.05.1992", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("May 1992", "write YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_dates_are_refused_in_one_sentence(value, says):
    with pytest.raises(ValueError) as err:
        check_date(value, "published")
    assert says in str(err.value) and value in str(err.value) and "\n" not in str(err.value)


def test_an_access_date_cannot_be_in_the_future():
    today = dt.date(2025, 3, 10)
    assert check_date("2025-03-10", "accessed", today) == "2025-03-10"
    assert check_date("2025", "accessed", today) == "2025"  # some day of 2025: not yet refutable
    for future in ("2025-03-11", "2025-04", "2026"):
        with pytest.raises(ValueError, match="is in the future"):
            check_date(future, "accessed", today)
    assert check_date("2030-01-01", "published", today) == "2030-01-01"  # an announced publication


def _corpus_with(tmp_path, field_line: str):
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    catalog = corpus / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    # the Thai entry (the second) gets the bad line, unquoted as a researcher would type it
    head, tail = text.split(f"  - id: {TH_DOC}\n")
    tail = tail.replace('    published: ""\n', f"    {field_line}\n", 1)
    tail = tail.replace('    accessed: ""\n', "", 1) if field_line.startswith("accessed") else tail
    if field_line.startswith("machine_translated"):
        tail = tail.replace("    machine_translated: true\n", "", 1)
    catalog.write_text(head + f"  - id: {TH_DOC}\n" + tail, encoding="utf-8")
    return corpus


BAD_LINES = [
    ("published: 2024-13-45", "published '2024-13-45' is not a real date: there is no month 13"),
    ("published: 2024-02-30", "published '2024-02-30' is not a real date: February 2024 has 29 days"),
    ("accessed: 2999-01-01", "accessed '2999-01-01' is in the future"),
    ("published: yesterday", "published 'yesterday' is not a date"),
    # quoted, "false" is a string (and a string is true): refused rather than read as true
    ('machine_translated: "false"', "machine_translated must be true or false without quotes, not 'false'"),
]


@pytest.mark.parametrize(("line", "says"), BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_load_catalog_names_file_entry_and_field(tmp_path, line, says):
    corpus = _corpus_with(tmp_path, line)
    with pytest.raises(CatalogError) as err:
        load_catalog(corpus)
    message = str(err.value)
    assert message.startswith(f"{corpus / 'catalog.yaml'}, entry 2 ({TH_DOC}): ")
    assert says in message and "\n" not in message


COMMANDS = [
    ["build"], ["list"], ["list", "--format", "json"], ["remove", TH_DOC], ["build", "--full"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
@pytest.mark.parametrize(("line", "says"), BAD_LINES[:2], ids=["month-13", "feb-30"])
def test_no_command_shows_a_traceback_for_a_bad_date(tmp_path, args, line, says):
    corpus = _corpus_with(tmp_path, line)
    result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    [message] = result.stderr.strip().splitlines()
    assert message.startswith("Error: ") and says in message and "catalog.yaml, entry 2" in message


def test_add_refuses_a_bad_date_option_and_a_bad_catalog(tmp_path):
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    new = tmp_path / "note.md"
    new.write_text("# Заметка\n\nОДКБ провела учения.\n", encoding="utf-8")
    run = CliRunner().invoke
    for option, value, says in [("--published", "2024-02-30", "--published '2024-02-30' is not a real date"),
                                ("--accessed", "2999-12-31", "--accessed '2999-12-31' is in the future"),
                                ("--published", "12/05/2024", "--published '12/05/2024' is not a date")]:
        result = run(cli, ["add", str(new), option, value, "--no-build", "--corpus", str(corpus)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        [message] = result.stderr.strip().splitlines()
        assert message.startswith("Error: ") and says in message
    assert len(load_catalog(corpus).documents) == 2  # nothing added
    bad = _corpus_with(tmp_path / "b", "published: 2024-02-30")
    result = run(cli, ["add", str(new), "--no-build", "--corpus", str(bad)])
    assert result.exit_code == 2 and "February 2024 has 29 days" in result.stderr
    result = run(cli, ["add", str(new), "--published", "2007-10", "--no-build", "--corpus", str(corpus),
                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert load_catalog(corpus).documents[-1].published == "2007-10"
    assert json.loads(result.stdout)["added"]


@pytest.mark.parametrize("text", [
    "documents:\n  - id: a\n    file: sources/a\x00b.txt\n    sha256: " + "0" * 64 + "\n",
    "documents:\n  - id: a\n    file: [1, 2]\n",
    "documents: [1, 2\n",
    "documents:\n  - !!python/object:os.system {}\n",
    "\xff\xfe",
])
def test_other_broken_catalogs_are_one_sentence(tmp_path, text):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "catalog.yaml").write_bytes(text.encode("utf-8", "surrogateescape") if "\xff" not in text
                                          else b"\xff\xfe\x00")
    for args in (["build"], ["list"]):
        result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("value", "read"), [("true", True), ("false", False), ("", False)])
def test_machine_translated_read_as_written(tmp_path, value, read):
    corpus = _corpus_with(tmp_path, f"machine_translated: {value}")
    [record] = [r for r in load_catalog(corpus).documents if r.id == TH_DOC]
    assert record.machine_translated is read
