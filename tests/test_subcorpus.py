"""Filters and named subcorpora: the same options with the same meaning on every command,
resolved from the catalog metadata stored with the index (tests/filtercorpus.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.subcorpus import SelectionError, SubcorpusFileError, filters, load_subcorpora, select
from cstocorpus.subcorpus.dates import DateError, date_span

from .conftest import JA_DOC, TH_DOC
from .filtercorpus import make_filter_corpus

RU, EN, JA = "101_ru_statement", "102_en_report", "103_ja_note"
#: Every command that reads passages takes the same filters.
FILTERED_COMMANDS = ("search", "concordance", "export", "stats", "freq", "collocates", "ngrams", "keywords",
                     "dispersion")
#: Those that take a query or a word.
WITH_QUERY = ("search", "concordance", "export", "collocates", "dispersion")
FILTER_OPTIONS = ("--lang", "--doc", "--from", "--to", "--author", "--tag", "--kind", "--subcorpus")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def filter_corpus(tmp_path_factory):
    return make_filter_corpus(tmp_path_factory.mktemp("filters") / "corpus")


@pytest.fixture(scope="module")
def filter_index(runner, filter_corpus, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("filters-index") / "index"
    result = runner.invoke(cli, ["build", "--corpus", str(filter_corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.fixture(scope="module")
def documents(filter_index):
    from cstocorpus.index.reader import CorpusIndex

    index = CorpusIndex(filter_index)
    yield index.documents
    index.close()


def chosen(documents, **asked):
    return select(documents, ["ru", "th", "ja", "en"], filters(**asked)).docs


def run(runner, corpus, index, *args):
    return runner.invoke(cli, [*args, "--corpus", str(corpus), "--index", str(index)])


@pytest.mark.parametrize("text, first, last", [
    ("2019", "2019-01-01", "2019-12-31"), ("2024-02", "2024-02-01", "2024-02-29"),
    ("2023-02", "2023-02-01", "2023-02-28"), ("2021-05-14", "2021-05-14", "2021-05-14")])
def test_partial_dates_are_the_days_they_name(text, first, last):
    span = date_span(text)
    assert (span.first.isoformat(), span.last.isoformat()) == (first, last)


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "2023-02-29", "24-01-01", "2024/01/01", "May 2024"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(DateError):
        date_span(text)


def test_dates_select_documents_whose_date_could_fall_in_the_range(documents):
    assert chosen(documents, date_from="2019-06") == (RU, EN, JA)  # "2019" overlaps June 2019 onwards
    assert chosen(documents, date_to="2019-05") == (EN,)
    assert chosen(documents, date_from="2020") == (RU, JA)
    assert chosen(documents, date_from="2021-05-15", date_to="2023-01-31") == ()
    assert chosen(documents, date_from="2023-02-28", date_to="2023-03") == (JA,)  # 2023-02 holds the 28th
    # undated documents (both seeds) are left out whenever a range is given, and the selection says so
    sel = select(documents, [], filters(date_from="1900"))
    assert sel.docs == (RU, EN, JA) and JA_DOC not in sel.docs and "2 documents without" in sel.describe()


def test_author_tag_kind_and_doc(documents):
    assert chosen(documents, authors=["ivanov"]) == (EN,)  # case-insensitive, part of a name
    assert chosen(documents, authors=["Smith", "МИД"]) == (RU, EN)  # repeated: any of them
    assert chosen(documents, tags=["STATEMENT"]) == (RU, JA)
    assert chosen(documents, tags=["statement,analysis"]) == (RU, EN, JA)  # comma-separated
    assert chosen(documents, tags=["politics"]) == (JA_DOC,)  # the seed page's front-matter tag
    assert chosen(documents, kinds=["markdown"]) == (JA_DOC, RU)
    assert chosen(documents, kinds=["text"]) == (TH_DOC, EN, JA)
    assert chosen(documents, kinds=["text"], tags=["statement"], date_from="2023") == (JA,)  # all must hold
    assert chosen(documents, docs=[RU, JA_DOC]) == (JA_DOC, RU)
    assert chosen(documents) is None  # no filter: every document


@pytest.mark.parametrize("asked, message", [
    ({"langs": ["xx"]}, "unknown language code 'xx'"),
    ({"docs": ["nope"]}, "no document 'nope' in the index"),
    ({"authors": ["Lavrov"]}, "no document in the index has the author 'Lavrov' (authors: Ivanov, Ivan;"),
    ({"tags": ["treaty"]}, "no document in the index has the tag 'treaty' (tags: Politics; analysis; mfa; statement)"),
    ({"kinds": ["pdf"]}, "no document in the index has the kind 'pdf' (kinds: markdown; text)"),
    ({"date_from": "2024-13"}, "--from '2024-13' is not a real date: there is no month 13"),
    ({"date_to": "2023-02-29"}, "--to '2023-02-29' is not a real date: February 2023 has 28 days"),
    ({"date_from": "2024", "date_to": "2020"}, "the range starts (2024) after it ends (2020)"),
    ({"subcorpus": "nope"}, "no subcorpus 'nope'"),
])
def test_unanswerable_filters_are_one_sentence(documents, asked, message):
    with pytest.raises(SelectionError) as err:
        select(documents, ["ru", "th", "ja", "en"], filters(**asked))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_named_subcorpora(filter_corpus, documents):
    named = {name: s.filters for name, s in load_subcorpora(filter_corpus).items()}
    assert set(named) == {"mfa-statements", "recent-ru"}
    sel = select(documents, [], filters(subcorpus="mfa-statements"), named)
    assert sel.docs == (RU, JA)
    recent = select(documents, [], filters(subcorpus="recent-ru"), named)
    assert recent.langs == ("ru",) and recent.docs == (RU, JA)
    # command-line filters apply together with the subcorpus's own
    assert select(documents, [], filters(subcorpus="recent-ru", langs=["en"]), named).nothing
    assert select(documents, [], filters(subcorpus="mfa-statements", tags=["mfa"]), named).docs == (RU,)


@pytest.mark.parametrize("text, message", [
    ("subcorpora:\n  x:\n    langs: [ru]\n", "subcorpus 'x': unknown key 'langs' (use description, lang, doc"),
    ("subcorpora:\n  x:\n    from: 2024-02-30\n", "subcorpus 'x': from '2024-02-30' is not a real date"),
    ("subcorpora:\n  x:\n    description: nothing\n", "subcorpus 'x' has no filter"),
    ("subcorpora:\n  Bad Name:\n    lang: ru\n", "subcorpus 'Bad Name': a name is lowercase letters"),
    ("subcorpora: [a, b]\n", "must have a 'subcorpora:' mapping"),
    ("subcorpora:\n  x: [\n", "is not valid YAML (line"),
    ("subcorpora:\n  x:\n    tag: {a: 1}\n", "subcorpus 'x': tag must be a value or a list of values"),
])
def test_subcorpus_file_errors_are_one_sentence(tmp_path, text, message):
    (tmp_path / "subcorpora.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SubcorpusFileError) as err:
        load_subcorpora(tmp_path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_yaml_dates_and_missing_file(tmp_path):
    assert load_subcorpora(tmp_path) == {}
    (tmp_path / "subcorpora.yaml").write_text("subcorpora:\n  x:\n    from: 2024-05-01\n    to: 2025\n")
    x = load_subcorpora(tmp_path)["x"].filters
    assert (x.date_from, x.date_to) == ("2024-05-01", "2025")


@pytest.mark.parametrize("command", FILTERED_COMMANDS)
def test_every_command_has_the_same_filters(runner, command):
    help_text = runner.invoke(cli, [command, "--help"]).output
    for option in FILTER_OPTIONS:
        assert option in help_text, (command, option)


def test_filters_agree_across_commands(runner, filter_corpus, filter_index):
    """A word's passage count in ``freq`` is the total of ``search`` with the same filters,
    and ``export`` writes the same passages, for each kind of filter."""
    for args in (["--tag", "statement"], ["--from", "2020"], ["--author", "ivanov"], ["--kind", "text"],
                 ["--subcorpus", "mfa-statements"], ["--lang", "ru", "--to", "2022"]):
        found = json.loads(run(runner, filter_corpus, filter_index, "search", "ОДКБ", "--literal", "--limit", "0",
                               "--format", "json", *args).stdout)
        freq = json.loads(run(runner, filter_corpus, filter_index, "freq", "--by", "lemma", "--top", "100000",
                              "--all", "--format", "json", *args).stdout)
        count = next((t["passages"] for t in freq["terms"] if t["term"] == "одкб"), 0)
        assert found["total"] == count, args
        exported = run(runner, filter_corpus, filter_index, "export", "ОДКБ", "--literal", "--format", "jsonl", *args)
        assert exported.exit_code == 0, exported.output
        ids = [json.loads(line)["passage_id"] for line in exported.stdout.splitlines()]
        assert sorted(ids) == sorted(h["passage_id"] for h in found["hits"]), args
        stats = json.loads(run(runner, filter_corpus, filter_index, "stats", "--format", "json", *args).stdout)
        assert stats["selection"]["filters"], args
        kwic = json.loads(run(runner, filter_corpus, filter_index, "concordance", "ОДКБ", "--literal", "--limit", "0",
                              "--format", "json", *args).stdout)
        assert kwic["passages"] == found["total"] and {x["passage_id"] for x in kwic["lines"]} == \
            {h["passage_id"] for h in found["hits"]}, args
        spread = json.loads(run(runner, filter_corpus, filter_index, "dispersion", "ОДКБ", "--literal",
                                "--format", "json", *args).stdout)
        assert spread["hits"] == kwic["total"], args
        node = json.loads(run(runner, filter_corpus, filter_index, "collocates", "ОДКБ", "--format", "json",
                              *args).stdout)
        assert sum(x["node_frequency"] for x in node["languages"]) == kwic["total"], args
    ru = json.loads(run(runner, filter_corpus, filter_index, "search", "ОДКБ", "--format", "json",
                        "--from", "2020", "--limit", "0").stdout)
    # the dated Japanese note is found through the glossary; the undated seed page is left out
    assert {h["doc_id"] for h in ru["hits"]} == {RU, JA}


def test_cli_errors_exit_2_with_one_sentence(runner, filter_corpus, filter_index):
    for command in FILTERED_COMMANDS:
        args = [command, *(["ОДКБ"] if command in WITH_QUERY else []), "--tag", "treaty"]
        result = run(runner, filter_corpus, filter_index, *args)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith("Error: no document in the index has the tag 'treaty'")
        assert len(result.stderr.strip().splitlines()) == 1
    bad = run(runner, filter_corpus, filter_index, "search", "ОДКБ", "--from", "2024-02-30")
    assert bad.exit_code == 2 and "is not a real date: February 2024 has 29 days" in bad.stderr
    stats = run(runner, filter_corpus, filter_index, "stats", "--from", "2030")
    assert stats.exit_code == 0 and stats.stdout.startswith("0 documents, 0 passages")


def test_the_corpus_subcorpora_file_resolves_on_the_seed_index(corpus_index):
    from cstocorpus.subcorpus import resolve

    from .conftest import CORPUS

    named = load_subcorpora(CORPUS)
    assert named and all(s.description for s in named.values())
    mfa = resolve(corpus_index, filters(subcorpus="mfa-statements"), CORPUS)
    assert mfa.docs == (JA_DOC,) and mfa.langs == ("ru",)
    for name in named:
        assert not resolve(corpus_index, filters(subcorpus=name), CORPUS).nothing, name
