"""Hostile queries: each gives a one-sentence error (exit 2) or a sane result (exit 0), on both
engines, through the command line and through ``search()``; never a traceback or a hang.

The table says what each query must produce.  ``ERR`` cases name a part of the error
sentence; ``HITS`` cases must find something, ``NONE`` cases nothing (the seed corpus is
small and fixed).  A case slower than ``SLOW_S`` is reported as a warning, not a failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.query import QuerySyntaxError
from cstocorpus.search import search

SLOW_S = 1.0
HITS, NONE, ANY = "hits", "none", "any"

_WORDS = "ОДКБ безопасность Казахстан CSTO 集団安全保障 ความมั่นคง Naryshkin Армения".split()
TEN_THOUSAND_WORDS = " ".join(_WORDS[i % len(_WORDS)] for i in range(2000))[:10_000]


def err(fragment: str) -> tuple[str, str]:
    return ("error", fragment)


#: (case id, query, expected): ``err(fragment of the message)``, HITS, NONE or ANY.
CASES = [
    # unbalanced quotes and parentheses
    ("open-quote", '"ОДКБ', err("unbalanced quote: the phrase opened at position 1 is never closed")),
    ("close-quote", 'ОДКБ"', err("unbalanced quote: the phrase opened at position 5")),
    ("open-paren", "(CSTO", err("'(' at position 1 is never closed")),
    ("close-paren", "CSTO)", err("')' at position 5 closes nothing")),
    ("only-open-parens", "((((", err("'(' at position 4 is never closed")),
    ("only-close-paren", ")", err("')' at position 1 closes nothing")),
    ("empty-parens", "ОДКБ ()", err("empty parentheses at position 6")),
    ("typographic-open", "«ОДКБ", err("unbalanced quote")),
    # lone operators
    ("AND", "AND", err("'AND' at position 1 needs a word before it")),
    ("OR", "OR", err("'OR' at position 1 needs a word before it")),
    ("NOT", "NOT", err("'NOT' at position 1 needs a word to exclude")),
    ("word-AND", "CSTO AND", err("'AND' at position 6 needs a word after it")),
    ("AND-OR-NOT", "AND OR NOT", err("'AND' at position 1 needs a word before it")),
    ("NOT-NOT", "ОДКБ NOT NOT CSTO", err("double negation")),
    ("only-excludes", "NOT ОДКБ", err("only excludes")),
    ("excluded-or", "ОДКБ OR -CSTO", err("cannot be one side of 'OR'")),
    ("minus", "-", err("no words to search for")),
    ("word-minus", "ОДКБ -", HITS),
    # wildcards
    ("star", "*", err("a wildcard needs at least one letter")),
    ("two-stars", "**", err("a wildcard needs at least one letter")),
    ("question", "?", err("no words to search for")),
    ("star-q-star", "*?*", err("can only end a word")),
    ("one-letter-prefix", "a*", err("at least 2 letters")),
    ("one-cyrillic-prefix", "б*", err("at least 2 letters")),
    ("one-digit-prefix", "1*", err("at least 2 letters")),
    ("two-letter-prefix", "ab*", ANY),
    ("cyrillic-prefix", "безопасн*", HITS),
    ("kanji-prefix", "安*", HITS),
    ("ligature-prefix", "ﬁ*", ANY),  # NFKC: "fi", two letters
    ("regex-dot-star", ".*", err("a wildcard needs at least one letter")),
    ("regex-in-prefix", "CST.*", NONE),  # a literal '.', not a regex
    ("alternation-in-prefix", "a|b*", NONE),
    ("backslash-in-prefix", "a\\|b*", NONE),
    ("brackets-in-prefix", "[ОД]К*", NONE),
    ("anchors-in-prefix", "^CS$*", NONE),
    ("prefix-after-meta", "CS(*", err("'*': a wildcard needs at least one letter")),
    # size
    ("10000-chars-of-words", TEN_THOUSAND_WORDS, err("10000 characters long; the limit is 2000 characters")),
    ("10000-open-parens", "(" * 10_000, err("10000 characters long")),
    ("deep-parens", "(" * 500 + "ОДКБ" + ")" * 500, err("nested more than 16 deep")),
    ("too-many-words", " ".join(f"w{i}" for i in range(65)), err("more than 64 words")),
    ("repeated-word", " ".join(["ОДКБ"] * 64), HITS),  # searched once, not 64 times
    ("long-thai-word", "ก" * 1999, NONE),
    # control and invisible characters
    ("nul", "\x00", err("the query is empty")),
    ("nul-in-word", "ОД\x00КБ", HITS),  # dropped, as normalize drops it from documents
    ("ansi-escape", "\x1b[31m", NONE),
    ("ansi-escape-word", "\x1b[31mCSTO\x1b[0m", NONE),
    ("rtl-override", "\u202e", err("the query is empty")),
    ("rtl-override-word", "\u202eCSTO", HITS),
    ("zero-width-space", "\u200b", err("the query is empty")),
    ("zero-width-in-word", "CS\u200bTO", ANY),  # two words, as in documents
    ("bom-and-soft-hyphen", "\ufeffОД\u00adКБ", HITS),
    ("lone-surrogate", "ОДКБ\udcff", err("undecodable character at position 5")),
    # markup and injection-like strings
    ("script-tag", "<script>alert(1)</script>", NONE),
    ("sql-or", "' OR 1=1 --", NONE),
    ("sql-drop", '"; DROP TABLE passages; --', err("unbalanced quote")),
    ("sql-drop-closed", '"; DROP TABLE passages; --"', NONE),
    ("empty-phrase", '"" ОДКБ', err("the quoted phrase at position 1 is empty")),
    ("log4j", "${jndi:ldap://x}", NONE),
    ("template", "{{7*7}}", err("can only end a word")),
    ("path-traversal", "../../etc/passwd", NONE),
    ("format-string", "%s%s%n {0} {__class__}", NONE),
    # other engines' query syntax is plain text here
    ("field-value", "field:value", NONE),
    ("lang-field", "lang:th", NONE),
    ("boosted-field-group", "title:(a OR b)^3", NONE),
    ("tilde", "~", err("no words to search for")),
    ("fuzzy", "CSTO~2", NONE),
    ("boost", "CSTO^3", NONE),
    ("range", "[a TO z]", NONE),
    ("regex", "[a-z]+", NONE),
    ("tantivy-regex-field", "lemma:/.*/", err("a wildcard '*' can only end a word")),
    # scripts and symbols
    ("emoji", "😀", err("no words to search for")),
    ("emoji-and-word", "ОДКБ 😀", HITS),
    ("hebrew-rtl", "שלום", NONE),
    ("arabic-rtl", "مرحبا", NONE),
    ("combining-pile", "Z\u0301\u0302\u0303\u0304" * 50, NONE),
    # empty
    ("empty", "", err("the query is empty")),
    ("whitespace", " \t\u3000 ", err("the query is empty")),
]

IDS = [c[0] for c in CASES]


@pytest.fixture(scope="module", autouse=True)
def _analyzers_loaded():
    """Load every analyzer first, so that no case is timed with a model's loading."""
    from cstocorpus.analysis import analyze_with_compounds

    for text, lang in (("безопасность", "ru"), ("ความมั่นคง", "th"), ("安全保障", "ja"), ("security", "en")):
        analyze_with_compounds(text, lang)


def _ok_result(expected, total: int) -> None:
    if expected == HITS:
        assert total > 0
    elif expected == NONE:
        assert total == 0


def _timed(label: str, fn):
    t0 = time.perf_counter()
    try:
        return fn()
    finally:
        elapsed = time.perf_counter() - t0
        if elapsed > SLOW_S:
            warnings.warn(f"hostile query {label} took {elapsed:.1f} s", stacklevel=2)


@pytest.mark.parametrize("case_id, query, expected", CASES, ids=IDS)
def test_search_function(engine_index, case_id, query, expected):
    """``search()`` raises nothing but QuerySyntaxError, with a one-sentence message."""
    if isinstance(expected, tuple):
        with pytest.raises(QuerySyntaxError) as info:
            _timed(case_id, lambda: search(engine_index, query))
        message = str(info.value)
        assert expected[1] in message
        assert "\n" not in message and message == message.strip()
    else:
        result = _timed(case_id, lambda: search(engine_index, query, limit=None))
        assert result.total == len(result.hits)
        _ok_result(expected, result.total)
        for hit in result.hits:
            for start, end in hit.highlights:
                assert 0 <= start < end <= len(hit.passage["text"])


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def _run(runner, index_dir: Path, query: str):
    # '--' so that a query starting with '-' is not read as an option
    return runner.invoke(cli, ["search", "--index", str(index_dir), "--format", "json", "--limit", "0",
                               "--", query])


@pytest.mark.parametrize("case_id, query, expected", CASES, ids=IDS)
def test_command_line(runner, built_engine_index, case_id, query, expected):
    result = _timed(case_id, lambda: _run(runner, built_engine_index, query))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if isinstance(expected, tuple):
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("Error: cannot read the query: ") and expected[1] in lines[0]
    else:
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["query"] == query and data["total"] == len(data["hits"])
        _ok_result(expected, data["total"])


def test_engines_agree_on_totals(corpus_index, engine_index):
    for case_id, query, expected in CASES:
        if isinstance(expected, tuple):
            continue
        totals = [search(ix, query, limit=1).total for ix in (corpus_index, engine_index)]
        assert totals[0] == totals[1], (case_id, totals)


@pytest.mark.parametrize("args", [["-ОДКБ"], ["--", "-ОДКБ"], ["ОДКБ", "-", "-Казахстан"]])
def test_leading_minus_on_the_command_line(runner, built_index, args):
    """Without '--' click takes '-ОДКБ' for an option: still a usage error, not a traceback."""
    result = runner.invoke(cli, ["search", "--index", str(built_index), *args])
    assert result.exit_code in (0, 2) and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_undecodable_bytes_in_argv(built_index):
    """A real process: bytes that are not UTF-8 reach Python as lone surrogates."""
    cli_path = Path(sys.executable).with_name("cstocorpus")
    proc = subprocess.run([cli_path, "search", b"\xffCSTO", "--index", str(built_index)],
                          capture_output=True, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "undecodable character at position 1" in err
