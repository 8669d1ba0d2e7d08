"""Word statistics count words as ``freq`` does: a Thai or Japanese compound is one word
(``外務省``, ``หน่วยงาน``), ``--units parts`` counts the analyzers' pieces.  Checked against
``freq`` (per-language totals and term counts), against the running words of the stored
passages, and on the seed texts' compounds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.stats.running import running_units
from cstocorpus.stats.store import stored_passages
from cstocorpus.wordstats.dispersion import dispersion

from .conftest import JA_DOC, TH_DOC
from .test_wordstats import filter_index  # noqa: F401  (the fixture)

JA_COMPOUND = "外務省"  # Sudachi: 外務 + 省
TH_COMPOUND = "หน่วยงาน"  # UD Thai: หน่วย + งาน


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, index_dir, *args) -> dict:
    result = runner.invoke(cli, [*args, "--index", str(index_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def freq_of(runner, index_dir, lang, units="words", by="lemma") -> tuple[int, dict[str, int]]:
    data = run(runner, index_dir, "freq", "--lang", lang, "--all", "--top", "100000", "--units", units, "--by", by)
    return data["tokens"], {t["term"]: t["count"] for t in data["terms"]}


def test_columns_hold_the_running_words_freq_counts(engine_index):
    words = engine_index.columns.stream("words")
    tokens = engine_index.columns
    passages = stored_passages(engine_index)
    assert words.passage_ids == tokens.passage_ids and len(passages) == len(words.passage_ids)
    fields = {f["passage_id"]: f for f in engine_index.all_stored()}
    compounds = 0
    for n, (pid, p) in enumerate(zip(words.passage_ids, passages)):
        lo, hi = int(words.offsets[n]), int(words.offsets[n + 1])
        assert [(words.lexicon[a], words.lexicon[b]) for a, b in zip(words.lemma[lo:hi], words.form[lo:hi])] \
            == list(p.words)
        compounds += len(p.lemmas) - len(p.words)
        # every token points into the running word that holds it
        stored = fields[pid]
        spans = [(u[0], u[1]) for u, _ in running_units(stored["tokens"], stored["units"] or ())]
        t_lo = int(tokens.offsets[n])
        for i, t in enumerate(stored["tokens"]):
            a, b = spans[int(tokens.unit_of[t_lo + i])]
            assert a <= t[0] and t[1] <= b
    assert compounds > 300  # Thai and Japanese compounds read as one word each
    lexicon = words.term_number
    assert (words.form == lexicon[JA_COMPOUND]).sum() == 3 and (tokens.form == lexicon[JA_COMPOUND]).sum() == 0


@pytest.mark.parametrize("lang, word", [("ja", JA_COMPOUND), ("th", TH_COMPOUND), ("ru", "ОДКБ")])
def test_collocates_count_words_as_freq_does(runner, built_index, lang, word):
    total, counts = freq_of(runner, built_index, lang)
    data = run(runner, built_index, "collocates", word, "--lang", lang, "--min-freq", "1", "--min-cooc", "1",
               "--all", "--top", "0")
    [mine] = data["languages"]
    assert mine["tokens"] == total
    assert mine["node_frequency"] == counts[word.lower()] > 0
    listed = mine["collocates"]
    assert listed and all(c["frequency"] == counts[c["term"]] for c in listed)
    parts_total, parts = freq_of(runner, built_index, lang, "parts")
    data = run(runner, built_index, "collocates", word, "--lang", lang, "--units", "parts", "--min-freq", "1",
               "--min-cooc", "1", "--all", "--top", "0")
    [mine] = data["languages"]
    assert mine["tokens"] == parts_total and all(c["frequency"] == parts[c["term"]] for c in mine["collocates"])
    if lang != "ru":
        assert parts_total > total and word not in parts


def test_keywords_count_words_as_freq_does(runner, filter_index):  # noqa: F811
    root = filter_index.generation.parent
    total, counts = freq_of(runner, root, "ja")
    assert counts[JA_COMPOUND] == 4  # three times in the seed text, once in the note
    data = run(runner, root, "keywords", "--doc", "103_ja_note", "--lang", "ja", "--min-freq", "1", "--max-p", "1",
               "--all", "--top", "0")
    [ja] = data["languages"]
    assert ja["target_tokens"] + ja["reference_tokens"] == total
    listed = {k["term"]: k for k in ja["positive"] + ja["negative"]}
    assert (listed[JA_COMPOUND]["target"], listed[JA_COMPOUND]["reference"]) == (1, 3)
    assert all(k["target"] + k["reference"] == counts[t] for t, k in listed.items())
    assert "外務" not in listed and "省" not in listed
    parts = run(runner, root, "keywords", "--doc", "103_ja_note", "--lang", "ja", "--units", "parts",
                "--min-freq", "1", "--max-p", "1", "--all", "--top", "0")
    [ja_parts] = parts["languages"]
    parts_total, _ = freq_of(runner, root, "ja", "parts")
    assert ja_parts["target_tokens"] + ja_parts["reference_tokens"] == parts_total > total


def test_ngrams_keep_compounds_whole(runner, built_index):
    words = run(runner, built_index, "ngrams", "--lang", "ja", "--n", "1-3", "--min-freq", "2", "--all",
                "--top", "0")
    grams = {tuple(g["ngram"].split()): g["frequency"]
             for x in words["languages"] for g in x["ngrams"]}
    _, counts = freq_of(runner, built_index, "ja", by="form")
    assert grams[(JA_COMPOUND,)] == counts[JA_COMPOUND] == 3
    assert grams[("一次", "資料")] == 2
    assert not any(("外務", "省") == g[i:i + 2] or ("一", "次") == g[i:i + 2] for g in grams for i in range(len(g)))
    parts = run(runner, built_index, "ngrams", "--lang", "ja", "--n", "2", "--units", "parts", "--all", "--top", "0")
    split = {tuple(g["ngram"].split())
             for x in parts["languages"] for g in x["ngrams"]}
    assert ("外務", "省") in split and ("一", "次") in split
    th = run(runner, built_index, "ngrams", "--lang", "th", "--n", "1", "--all", "--top", "0")
    _, th_counts = freq_of(runner, built_index, "th", by="form")  # n-grams are of forms by default
    unigrams = {g["ngram"]: g["frequency"]
                for x in th["languages"] for g in x["ngrams"]}
    assert unigrams[TH_COMPOUND] == th_counts[TH_COMPOUND] > 0
    assert all(unigrams[g] == th_counts[g] for g in unigrams) and len(unigrams) > 500
    _, th_parts = freq_of(runner, built_index, "th", "parts", "form")
    assert unigrams.get("งาน", 0) < th_parts["งาน"]  # the piece of หน่วยงาน is not counted as a word


def test_dispersion_sizes_and_positions_in_running_words(engine_index):
    result = dispersion(engine_index, "ОДКБ")
    parts = dispersion(engine_index, "ОДКБ", units="parts")
    assert result.hits == parts.hits == 253
    passages = stored_passages(engine_index)
    for row in result.rows:
        assert row.tokens == row.document_tokens == sum(len(p.words) for p in passages if p.doc_id == row.doc_id)
    th, th_parts = (next(r for r in x.rows if r.doc_id == TH_DOC) for x in (result, parts))
    assert th.tokens < th_parts.tokens and th.hits == th_parts.hits
    assert all(0 < x < 1 for x in th.positions) and th.positions == sorted(th.positions)
    # the same hits, a little further along where compounds before them count as one word
    assert [round(x, 1) for x in th.positions] != [] and abs(th.positions[0] - th_parts.positions[0]) < 0.05
    ja = next(r for r in result.rows if r.doc_id == JA_DOC)
    assert ja.tokens == sum(len(p.words) for p in passages if p.doc_id == JA_DOC)
