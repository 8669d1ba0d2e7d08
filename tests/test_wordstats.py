"""Collocates, n-grams, keywords and dispersion on the seed texts (and on the filter test
corpus for English and for keywords), every number checked against an independent count over
the passages' stored tokens, NLTK's association measures or a worked example.  The independent
counts and the NLTK cross-checks run on the tokens (the *parts* stream, ``--units parts``);
``test_wordunits.py`` checks the running words (the default) against ``freq``."""

from __future__ import annotations

import csv
import io
import json
import math
import struct
import warnings
from collections import Counter

import numpy as np
import pytest
from click.testing import CliRunner
from nltk.metrics.association import BigramAssocMeasures as NLTK

from cstocorpus.cli import cli
from cstocorpus.stats.stopwords import is_stopword
from cstocorpus.subcorpus import EVERYTHING, filters, resolve
from cstocorpus.wordstats.collocates import WindowError, collocates, parse_window
from cstocorpus.wordstats.dispersion import dispersion, gries_dp
from cstocorpus.wordstats.keywords import keywords
from cstocorpus.wordstats.measures import association, keyness, significance_threshold
from cstocorpus.wordstats.ngrams import NgramSizeError, ngrams, parse_sizes
from cstocorpus.wordstats.node import NodeError, read_node
from cstocorpus.wordstats.view import CorpusView

from .conftest import JA_DOC, TH_DOC
from .filtercorpus import make_filter_corpus

FIELD = {"lemma": 2, "form": 3}


def stored(index, selection=EVERYTHING):
    """The selected passages' stored fields, in document order: the independent token stream."""
    found = [f for f in index.all_stored() if selection.has(f["doc_id"], f["lang"])]
    return sorted(found, key=lambda f: (f["doc_id"], f["ordinal"]))


# --- collocates ------------------------------------------------------------------------------

def naive_collocates(passages, lang, node_terms, left, right, by):
    """Evert's window counts by plain loops: every window position once, node tokens left out."""
    k = len(node_terms)
    f = FIELD[by]
    o11, c1, n, r1, f_node = Counter(), Counter(), 0, 0, 0
    for p in passages:
        if p["lang"] != lang:
            continue
        words = [t[f] for t in p["tokens"]]
        n += len(words)
        c1.update(words)
        starts = [i for i in range(len(words) - k + 1) if tuple(words[i:i + k]) == node_terms]
        f_node += len(starts)
        nodes = {i + j for i in starts for j in range(k)}
        window = set()
        for i in starts:
            window.update(range(max(0, i - left), i))
            window.update(range(i + k, min(len(words), i + k + right)))
        window -= nodes
        r1 += len(window)
        o11.update(words[i] for i in window)
    return o11, c1, n, r1, f_node


@pytest.mark.parametrize("word, lang, window, by", [
    ("ОДКБ", "ru", (5, 5), "lemma"), ("безопасность", "ru", (2, 3), "form"), ("CSTO", "th", (5, 5), "lemma"),
    ("ประเทศ", "th", (3, 0), "lemma"), ("の", "ja", (2, 2), "form"), ("ความมั่นคง", "th", (4, 4), "lemma")])
def test_collocates_match_an_independent_count_and_nltk(engine_index, word, lang, window, by):
    view = CorpusView(engine_index.columns, EVERYTHING, by)
    node = read_node(word, by)
    result = collocates(view, node, window, "ll", min_freq=1, min_cooc=1, top=None, keep_stopwords=True)
    mine = next(x for x in result.languages if x.lang == lang)
    o11, c1, n, r1, f_node = naive_collocates(stored(engine_index), lang, node.terms, *window, by)
    assert (mine.tokens, mine.window_tokens, mine.node_frequency) == (n, r1, f_node)
    attracted = {t for t in o11 if o11[t] / r1 > c1[t] / n}
    assert {c.term for c in mine.collocates} == attracted and len(attracted) > 3
    for c in mine.collocates:
        t = c.term
        assert (c.cooccurrences, c.frequency) == (o11[t], c1[t])
        assert c.ll == pytest.approx(NLTK.likelihood_ratio(o11[t], (r1, c1[t]), n), rel=1e-9, abs=1e-9)
        assert c.mi == pytest.approx(NLTK.pmi(o11[t], (r1, c1[t]), n), rel=1e-9)
        assert c.t == pytest.approx(NLTK.student_t(o11[t], (r1, c1[t]), n), rel=1e-9)
        assert c.logdice == pytest.approx(14 + math.log2(NLTK.dice(o11[t], (f_node, c1[t]), n)), rel=1e-9)
    lls = [c.ll for c in mine.collocates]
    assert lls == sorted(lls, reverse=True)


def test_association_worked_example():
    """ОДКБ and создать in the Russian quotes, by hand: o11 3, r1 79, c1 4, n 296, node 10 times.
    e11 = 79·4/296 = 1.0676; MI = log2(3/1.0676) = 1.4906; t = (3 − 1.0676)/√3 = 1.1157;
    logDice = 14 + log2(6/14) = 12.7776; G² = 2(3 ln(3/1.0676) + 76 ln(76/77.932) + 1 ln(1/2.9324)
    + 216 ln(216/214.068)) = 4.1134."""
    m = association(np.array([3]), 79, np.array([4]), 296, 10)
    assert m["expected"][0] == pytest.approx(1.0676, abs=1e-4)
    assert m["mi"][0] == pytest.approx(1.4906, abs=1e-4) and m["t"][0] == pytest.approx(1.1157, abs=1e-4)
    assert m["logdice"][0] == pytest.approx(12.7776, abs=1e-4) and m["ll"][0] == pytest.approx(4.1134, abs=1e-4)


def test_collocates_defaults_leave_out_stop_words_and_rare_words(corpus_index):
    view = CorpusView(corpus_index.columns)
    result = collocates(view, read_node("CSTO", "lemma"))
    th = next(x for x in result.languages if x.lang == "th")
    assert th.collocates and len(th.collocates) <= 30
    assert all(not is_stopword(c.term) and c.frequency >= 3 and c.cooccurrences >= 2 for c in th.collocates)
    scores = [c.logdice for c in th.collocates]
    assert scores == sorted(scores, reverse=True)
    # a phrase as the node: its words in a row
    phrase = collocates(view, read_node('"коллективной безопасности"', "lemma"), min_freq=1, min_cooc=1)
    assert [x.node_frequency for x in phrase.languages] == [2]


def test_windows_and_nodes():
    assert parse_window("5L5R") == (5, 5) and parse_window("3l0r") == (3, 0) and parse_window(" 0L 2R ") == (0, 2)
    for bad in ("5", "0L0R", "L5R", "30L1R"):
        with pytest.raises(WindowError):
            parse_window(bad)
    assert read_node("безопасностью", "lemma").terms == ("безопасность",)
    assert read_node("безопасностью", "form").terms == ("безопасностью",)
    for bad in ("a OR b", "безоп*", "ОДКБ -Казахстан"):
        with pytest.raises(NodeError):
            read_node(bad, "lemma")


# --- n-grams ---------------------------------------------------------------------------------

def naive_ngrams(passages, lang, n_range, by, min_freq):
    f = FIELD[by]
    freq, docs, where = Counter(), {}, {}
    for p in passages:
        if p["lang"] != lang:
            continue
        tokens, text = p["tokens"], p["text"]
        for n in range(n_range[0], n_range[1] + 1):
            for i in range(len(tokens) - n + 1):
                run = tokens[i:i + n]
                if any(text[a[1]:b[0]].strip() for a, b in zip(run, run[1:])):
                    continue  # punctuation between two of its words
                gram = tuple(t[f] for t in run)
                freq[gram] += 1
                docs.setdefault(gram, set()).add(p["doc_id"])
                where.setdefault(gram, set()).add(p["passage_id"])
    return {g: (c, len(docs[g]), len(where[g])) for g, c in freq.items() if c >= min_freq}


@pytest.mark.parametrize("lang, sizes, by", [("th", (2, 3), "form"), ("ru", (1, 4), "lemma"), ("ja", (2, 2), "form")])
def test_ngrams_match_an_independent_count(engine_index, lang, sizes, by):
    result = ngrams(CorpusView(engine_index.columns, EVERYTHING, by), sizes, min_freq=2, top=None, keep_stopwords=True)
    mine = {g.words: (g.frequency, g.documents, g.passages) for x in result.languages if x.lang == lang
            for g in x.ngrams}
    expected = naive_ngrams(stored(engine_index), lang, sizes, by, 2)
    assert mine == expected and len(mine) > 5
    listed = [g for x in result.languages if x.lang == lang for g in x.ngrams]
    keys = [(-g.frequency, -len(g.words), g.words) for g in listed]
    assert keys == sorted(keys)


def test_ngrams_do_not_cross_punctuation_and_skip_stop_word_edges(corpus_index):
    view = CorpusView(corpus_index.columns, resolve(corpus_index, filters(langs=["ru"])), "form")
    grams = {g.words for x in ngrams(view, (2, 3), min_freq=1, top=None, keep_stopwords=True).languages
             for g in x.ngrams}
    assert ("одкб", "так") not in grams and ("безопасности", "так") not in grams  # «… безопасности. Так, …»
    assert ("коллективной", "безопасности") in grams
    clean = [g for x in ngrams(view, (2, 3), min_freq=1, top=None).languages for g in x.ngrams]
    assert clean and all(not is_stopword(g.words[0]) and not is_stopword(g.words[-1]) for g in clean)
    containing = ngrams(CorpusView(corpus_index.columns, EVERYTHING, "lemma"), (2, 3),
                        read_node("CSTO", "lemma"), min_freq=2, top=None)
    assert all("csto" in g.words for x in containing.languages for g in x.ngrams)
    assert parse_sizes("2-4") == (2, 4) and parse_sizes("3") == (3, 3)
    for bad in ("0", "4-2", "2-9", "two"):
        with pytest.raises(NgramSizeError):
            parse_sizes(bad)


# --- keywords --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def filter_index(tmp_path_factory):
    from cstocorpus.catalog import load_catalog
    from cstocorpus.index.builder import build_index
    from cstocorpus.index.location import IndexLocation
    from cstocorpus.index.reader import CorpusIndex

    corpus = make_filter_corpus(tmp_path_factory.mktemp("ws") / "corpus")
    root = tmp_path_factory.mktemp("ws-index") / "index"
    build_index(load_catalog(corpus), IndexLocation(root), engine="tantivy")
    index = CorpusIndex(root)
    index.corpus_dir = corpus
    yield index
    index.close()


def test_keywords_match_an_independent_count_and_hand_formulas(filter_index):
    target = resolve(filter_index, filters(docs=["101_ru_statement"]))
    result = keywords(CorpusView(filter_index.columns, target, "lemma"), None, min_freq=1, max_p=1.0, top=None,
                      keep_stopwords=True)
    [ru] = result.languages
    every = stored(filter_index)
    a = Counter(t[2] for p in every if p["doc_id"] == "101_ru_statement" and p["lang"] == "ru" for t in p["tokens"])
    b = Counter(t[2] for p in every if p["doc_id"] != "101_ru_statement" and p["lang"] == "ru" for t in p["tokens"])
    n1, n2 = sum(a.values()), sum(b.values())
    assert (ru.target_tokens, ru.reference_tokens) == (n1, n2) and n1 > 30 and n2 > 250
    listed = {k.term: k for k in ru.positive + ru.negative}
    assert set(listed) == {w for w in a | b if a[w] / n1 != b[w] / n2}
    for word, k in listed.items():
        assert (k.target, k.reference) == (a[word], b[word])
        assert k.g2 == pytest.approx(NLTK.likelihood_ratio(a[word], (n1, a[word] + b[word]), n1 + n2), abs=1e-6)
        assert k.bic == pytest.approx(k.g2 - math.log(n1 + n2), abs=1e-9)
        ra, rb = max(a[word], 0.5) / n1, max(b[word], 0.5) / n2
        assert k.log_ratio == pytest.approx(math.log2(ra / rb), abs=1e-9)
        if b[word]:
            assert k.pdiff == pytest.approx((a[word] / n1 - b[word] / n2) / (b[word] / n2) * 100, rel=1e-9)
        else:
            assert k.pdiff is None
        assert k.p == pytest.approx(math.erfc(math.sqrt(k.g2 / 2)), rel=1e-9)
        assert (k in ru.positive) == (a[word] / n1 > b[word] / n2)
    # the statement speaks of terrorism, the quoted ministries do not
    assert "терроризм" in {k.term for k in ru.positive}


def test_keyness_worked_example():
    """a = 10 of n1 = 1,000 target tokens, b = 5 of n2 = 5,000 reference tokens.  Expected cells:
    1000·15/6000 = 2.5, 1000·5985/6000 = 997.5, 5000·15/6000 = 12.5, 5000·5985/6000 = 4987.5;
    G² = 2(10 ln 4 + 990 ln(990/997.5) + 5 ln 0.4 + 4995 ln(4995/4987.5))
       = 2(13.8629 − 7.4717 − 4.5815 + 7.5058) = 18.631;
    log ratio = log2(0.01/0.001) = 3.3219; %DIFF = (0.01 − 0.001)/0.001 · 100 = 900;
    BIC = 18.631 − ln 6000 (8.6995) = 9.931; p = erfc(√9.3154) = erfc(3.0521) ≈ 1.59e-5."""
    k = keyness(np.array([10]), 1000, np.array([5]), 5000)
    assert k["g2"][0] == pytest.approx(18.631, abs=1e-3) and k["log_ratio"][0] == pytest.approx(3.3219, abs=1e-4)
    assert k["pdiff"][0] == pytest.approx(900.0) and k["bic"][0] == pytest.approx(9.931, abs=1e-3)
    assert k["p"][0] == pytest.approx(1.59e-5, rel=1e-2)
    # a word the reference lacks: log ratio counts the zero as 0.5, %DIFF has no value
    none = keyness(np.array([4]), 1000, np.array([0]), 5000)
    assert none["log_ratio"][0] == pytest.approx(math.log2((4 / 1000) / (0.5 / 5000))) and np.isnan(none["pdiff"][0])
    assert significance_threshold(0.05) == pytest.approx(3.8415, abs=1e-3)
    assert significance_threshold(0.01) == pytest.approx(6.6349, abs=1e-3)


def test_keywords_thresholds_and_reference(filter_index):
    target = resolve(filter_index, filters(docs=["101_ru_statement"]))
    view = CorpusView(filter_index.columns, target)
    strict = keywords(view, None, min_freq=2, max_p=0.05)
    [ru] = strict.languages
    assert all(k.g2 >= 3.84 and k.target >= 2 for k in ru.positive)
    assert all(k.g2 >= 3.84 and k.reference >= 2 for k in ru.negative)
    assert all(not is_stopword(k.term) for k in ru.positive + ru.negative)
    whole = keywords(view, CorpusView(filter_index.columns), "corpus", min_freq=1, max_p=1.0, top=None)
    [ru_all] = whole.languages
    assert ru_all.reference_tokens == ru.target_tokens + ru.reference_tokens


# --- dispersion ------------------------------------------------------------------------------

def test_gries_dp_worked_examples():
    assert gries_dp([1, 2, 3, 4], [10, 20, 30, 40]) == (0.0, 0.0)  # hits follow the sizes exactly
    dp, norm = gries_dp([10, 0, 0, 0], [10, 20, 30, 40])  # all in the smallest part: ½(0.9+0.2+0.3+0.4)
    assert dp == pytest.approx(0.9) and norm == pytest.approx(1.0)
    assert gries_dp([0, 5], [50, 50]) == (pytest.approx(0.5), pytest.approx(1.0))
    assert gries_dp([0, 0], [1, 1]) == (None, None)


def test_dispersion_counts_match_the_concordance_and_stored_tokens(engine_index):
    from cstocorpus.concordance import concordance

    result = dispersion(engine_index, "ОДКБ", units="parts")
    lines = concordance(engine_index, "ОДКБ", limit=None).lines
    assert result.hits == len(lines) == 253
    every = stored(engine_index)
    by_doc = {d: [p for p in every if p["doc_id"] == d] for d in (JA_DOC, TH_DOC)}
    hits = Counter(line.passage["passage_id"] for line in lines)
    for row in result.rows:
        ps = by_doc[row.doc_id]
        assert row.tokens == row.document_tokens == sum(len(p["tokens"]) for p in ps)
        assert row.hits == sum(hits[p["passage_id"]] for p in ps)
        sizes = [len(p["tokens"]) for p in ps]
        counts = [hits[p["passage_id"]] for p in ps]
        expected = 0.5 * sum(abs(c / sum(counts) - s / sum(sizes)) for c, s in zip(counts, sizes))
        assert row.dp == pytest.approx(expected, abs=1e-12)
        assert len(row.positions) == row.hits and all(0 < x < 1 for x in row.positions)
        assert row.positions == sorted(row.positions)
    sizes = [r.tokens for r in result.rows]
    assert result.dp_documents == pytest.approx(
        0.5 * sum(abs(r.hits / result.hits - r.tokens / sum(sizes)) for r in result.rows))
    assert (result.documents, result.documents_with_hits, result.passages) == (2, 2, engine_index.manifest["passages"])
    # the first hit of the Thai text is in its first passages: position follows document order
    th = next(r for r in result.rows if r.doc_id == TH_DOC)
    first_line = min((line for line in lines if line.doc_id == TH_DOC), key=lambda x: x.position)
    before = sum(len(p["tokens"]) for p in by_doc[TH_DOC] if p["ordinal"] < first_line.passage["ordinal"])
    assert th.positions[0] == pytest.approx((before + first_line.first + 0.5) / th.document_tokens)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_dispersion_plot_png_and_svg(corpus_index, tmp_path):
    from PIL import Image

    from cstocorpus.wordstats.plot import render

    result = dispersion(corpus_index, "CSTO")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render(result, "png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    width, height = _png_size(png)
    assert width == 1100 and height == int(100 * (1.3 + 0.42 * 2))
    (tmp_path / "d.png").write_bytes(png)
    image = Image.open(tmp_path / "d.png").convert("L")
    assert sum(image.histogram()[:128]) > 5_000  # ticks and labels, not a blank canvas
    left = image.crop((0, 0, 6, height))  # the longest label (the Thai title) keeps a margin, never clipped
    assert min(left.getdata()) > 200
    svg = render(result, "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg and render(result, "svg") == svg  # deterministic


# --- columns ---------------------------------------------------------------------------------

def test_columns_hold_the_stored_tokens(engine_index):
    c = engine_index.columns
    every = stored(engine_index)
    assert c.passage_ids == [p["passage_id"] for p in every]
    for n, p in enumerate(every):
        lo, hi = int(c.offsets[n]), int(c.offsets[n + 1])
        assert [c.lexicon[x] for x in c.lemma[lo:hi]] == [t[2] for t in p["tokens"]]
        assert [c.lexicon[x] for x in c.form[lo:hi]] == [t[3] for t in p["tokens"]]
        text = p["text"]
        gaps = [0] + [int(bool(text[a[1]:b[0]].strip())) for a, b in zip(p["tokens"], p["tokens"][1:])]
        assert list(c.gap[lo:hi]) == gaps
    assert c.lexicon == sorted(set(c.lexicon))
    assert [bool(x) for x in c.stop] == [is_stopword(t) for t in c.lexicon] and c.stop.any()


def test_columns_are_the_same_for_every_engine(corpus_index, engine_index):
    from cstocorpus.index.columns import ARRAYS, META, array_path

    for name in ARRAYS:
        assert array_path(corpus_index.generation, name).read_bytes() == \
            array_path(engine_index.generation, name).read_bytes()
    assert (corpus_index.generation / META).read_bytes() == (engine_index.generation / META).read_bytes()


def test_incremental_build_writes_the_columns_a_full_build_writes(tmp_path):
    import shutil

    from cstocorpus.catalog import load_catalog, sha256_of
    from cstocorpus.index.builder import build_index
    from cstocorpus.index.columns import ARRAYS, META, array_path
    from cstocorpus.index.location import IndexLocation

    corpus = make_filter_corpus(tmp_path / "corpus")
    location = IndexLocation(tmp_path / "index")
    build_index(load_catalog(corpus), location, engine="tantivy")
    statement = corpus / "sources" / "ru_statement.md"
    old_sha = sha256_of(statement)
    statement.write_text(statement.read_text(encoding="utf-8") + "\nОДКБ проводит учения «Взаимодействие».\n",
                         encoding="utf-8")
    catalog = corpus / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(old_sha, sha256_of(statement)), encoding="utf-8")
    report = build_index(load_catalog(corpus), location)
    assert report.incremental and report.analyzed == ["101_ru_statement"]
    fresh = IndexLocation(tmp_path / "full")
    build_index(load_catalog(corpus), fresh, engine="tantivy")
    a, b = location.current(), fresh.current()
    for name in ARRAYS:
        assert array_path(a, name).read_bytes() == array_path(b, name).read_bytes(), name
    assert (a / META).read_bytes() == (b / META).read_bytes()
    shutil.rmtree(tmp_path / "full")


# --- the command line ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def invoke(runner, index_dir, *args, corpus=None):
    extra = ["--corpus", str(corpus)] if corpus else []
    return runner.invoke(cli, [*args, "--index", str(index_dir), *extra])


@pytest.mark.parametrize("args", [
    ["collocates", "ОДКБ"], ["collocates", "ความมั่นคง", "--window", "3L3R"], ["collocates", "CSTO", "--by", "form"],
    ["collocates", "の", "--all", "--min-freq", "1"], ["ngrams", "--lang", "th"], ["ngrams", "--n", "2", "--lang", "ja", "--all"],
    ["ngrams", "--containing", "ОДКБ", "--lang", "ru", "--min-freq", "1"], ["dispersion", "Казахстан"],
    ["keywords", "--lang", "th", "--reference", "corpus"]])
def test_commands_in_three_formats_on_the_seed_corpus(runner, built_index, args):
    table = invoke(runner, built_index, *args)
    assert table.exit_code == 0, table.output
    data = json.loads(invoke(runner, built_index, *args, "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(invoke(runner, built_index, *args, "--format", "csv").stdout)))
    assert data["units"] == "words" and all(row["units"] == "words" for row in rows)  # a CSV says what was counted
    parts = list(csv.DictReader(io.StringIO(
        invoke(runner, built_index, *args, "--units", "parts", "--format", "csv").stdout)))
    assert bool(parts) == bool(rows) and all(row["units"] == "parts" for row in parts)
    if args[0] == "dispersion":
        assert len(rows) == len(data["rows"]) == 2 and data["hits"] > 20
    elif args[0] == "keywords":
        assert len(rows) == sum(len(x["positive"]) + len(x["negative"]) for x in data["languages"])
    else:
        key = "collocates" if args[0] == "collocates" else "ngrams"
        assert len(rows) == sum(len(x[key]) for x in data["languages"]) > 0
        for row, item in zip(rows, [i for x in data["languages"] for i in x[key]]):
            assert row["term" if key == "collocates" else "ngram"] == item["term" if key == "collocates" else "ngram"]


def test_english_and_keywords_through_the_command_line(runner, filter_index):
    en = json.loads(invoke(runner, filter_index.generation.parent, "collocates", "CSTO", "--lang", "en",
                           "--min-freq", "1", "--format", "json").stdout)
    assert [x["lang"] for x in en["languages"]] == ["en"] and en["languages"][0]["node_frequency"] == 3
    assert "exercise" in {c["term"] for c in en["languages"][0]["collocates"]}
    kw = invoke(runner, filter_index.generation.parent, "keywords", "--author", "МИД", "--min-freq", "1",
                corpus=filter_index.corpus_dir)
    assert kw.exit_code == 0, kw.output
    assert "[ru] target 34 words (3 passages), reference 296 words (7 passages)" in kw.stdout
    # once in 34 words, never in the 296 of the quoted ministries: G² 4.57, p 0.032
    assert "министерство" in kw.stdout and "4.57  0.032" in kw.stdout
    sub = json.loads(invoke(runner, filter_index.generation.parent, "keywords", "--subcorpus", "mfa-statements",
                            "--format", "json", corpus=filter_index.corpus_dir).stdout)
    assert {x["lang"] for x in sub["languages"]} == {"ru", "ja"}


def test_dispersion_plot_through_the_command_line(runner, built_index, tmp_path):
    out = tmp_path / "csto.svg"
    result = invoke(runner, built_index, "dispersion", "CSTO", "--plot", str(out))
    assert result.exit_code == 0 and out.read_bytes().startswith(b"<?xml")
    bad = invoke(runner, built_index, "dispersion", "CSTO", "--plot", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 2 and "PNG or SVG" in bad.stderr


@pytest.mark.parametrize("args, message", [
    (["collocates", "ОДКБ", "--window", "5"], "cannot read the window '5'"),
    (["collocates", "a OR b"], "give one word or one phrase"),
    (["collocates", "ОДКБ", "--min-freq", "0"], "--min-freq must be 1 or more"),
    (["ngrams", "--n", "9"], "--n 9 must be sizes from 1 to 8"),
    (["keywords"], "keywords compares a part of the corpus with the rest"),
    (["keywords", "--lang", "ru", "--reference", "nope"], "no subcorpus 'nope'"),
    (["dispersion", '"CSTO'], "cannot read the query"),
    (["collocates", "ОДКБ", "--tag", "treaty"], "no document in the index has the tag 'treaty'"),
])
def test_errors_are_one_sentence(runner, built_index, args, message):
    result = invoke(runner, built_index, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
