"""``stats`` and ``freq`` on the real seed corpus: counts against a recount from the source files,
agreement with ``build`` and ``search``, the plot, and one-sentence errors."""

from __future__ import annotations

import csv
import io
import json
import struct
import warnings
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.normalize import search_key
from cstocorpus.stats.command import freq, stats
from cstocorpus.stats.render import display_width
from cstocorpus.stats.stopwords import is_stopword

from .conftest import JA_DOC, TH_DOC

BUILD_PASSAGES = {"ja": 16, "ru": 7, "th": 173}  # what `cstocorpus build` prints for the seed corpus


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def recount(corpus_copy):
    """The seed passages as the source files give them (reader, normalizer, analyzers), without the index."""
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import SourceDocument, read_sources
    from cstocorpus.passages import iter_passages

    passages = []
    for source in read_sources(load_catalog(corpus_copy)):
        assert isinstance(source, SourceDocument), source
        passages.extend(iter_passages(source.record.id, source.parsed.blocks))
    return passages


def invoke(runner, command, index_dir, *args):
    return runner.invoke(command, [*args, "--index", str(index_dir)])


def as_json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def stats_json(runner, built_index):
    return as_json(invoke(runner, stats, built_index, "--format", "json"))


def _tally(passages) -> dict:
    tokens = [t for p in passages for t in p.tokens]
    return {
        "passages": len(passages),
        "tokens": len(tokens),
        "word_types": len({search_key(t.form) for t in tokens}),
        "lemma_types": len({t.lemma for t in tokens}),
        "documents": len({p.doc_id for p in passages}),
    }


# --- stats ---------------------------------------------------------------------------------------

def test_language_passages_equal_what_build_printed(stats_json, corpus_index):
    by_lang = {row["lang"]: row["passages"] for row in stats_json["languages"]}
    assert by_lang == BUILD_PASSAGES == corpus_index.manifest["languages"]
    assert stats_json["corpus"]["passages"] == 196 and stats_json["corpus"]["documents"] == 2


def test_stats_match_a_recount_from_the_source_files(stats_json, recount):
    keys = ("passages", "tokens", "word_types", "lemma_types", "documents")
    assert {k: stats_json["corpus"][k] for k in keys} == _tally(recount)
    for row in stats_json["languages"]:
        assert {k: row[k] for k in keys} == _tally([p for p in recount if p.lang == row["lang"]]), row["lang"]
    for doc in stats_json["documents"]:
        mine = [p for p in recount if p.doc_id == doc["doc_id"]]
        assert {k: doc[k] for k in keys} == _tally(mine), doc["doc_id"]
        assert doc["mix"] == [
            {"lang": lang, "passages": n, "tokens": sum(len(p.tokens) for p in mine if p.lang == lang),
             "share": round(sum(len(p.tokens) for p in mine if p.lang == lang) / doc["tokens"], 4)}
            for lang, n in sorted(Counter(p.lang for p in mine).items())]


def test_ratios_and_shares(stats_json):
    total = stats_json["corpus"]["tokens"]
    for row in [*stats_json["languages"], *stats_json["documents"]]:
        assert row["ttr"] == round(row["word_types"] / row["tokens"], 4)
        assert row["share"] == round(row["tokens"] / total, 4)
    assert sum(row["tokens"] for row in stats_json["languages"]) == total
    assert sum(row["passages"] for row in stats_json["documents"]) == stats_json["corpus"]["passages"]


def test_japanese_page_is_partly_russian(stats_json):
    docs = {d["doc_id"]: d for d in stats_json["documents"]}
    ja = docs[JA_DOC]
    assert ja["languages"] == ["ja", "ru"]
    assert [(m["lang"], m["passages"]) for m in ja["mix"]] == [("ja", 16), ("ru", 7)]
    assert sum(m["tokens"] for m in ja["mix"]) == ja["tokens"]
    assert [(m["lang"], m["passages"], m["share"]) for m in docs[TH_DOC]["mix"]] == [("th", 173, 1.0)]


def test_stats_table_and_csv(runner, built_index, stats_json):
    table = invoke(runner, stats, built_index)
    assert table.exit_code == 0, table.output
    assert "2 documents, 196 passages" in table.stdout
    ru = next(r for r in stats_json["languages"] if r["lang"] == "ru")
    assert any(line.split()[:4] == ["ru", "1", "7", f"{ru['tokens']:,}"] for line in table.stdout.splitlines())
    assert f"{JA_DOC}: ja 16 passages" in table.stdout and "ru 7 passages" in table.stdout

    result = invoke(runner, stats, built_index, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["scope"], r["key"]) for r in rows] == [
        ("corpus", "all"), ("language", "ja"), ("language", "ru"), ("language", "th"),
        ("document", JA_DOC), ("document", TH_DOC)]
    assert {r["key"]: int(r["passages"]) for r in rows if r["scope"] == "language"} == BUILD_PASSAGES
    assert rows[4]["languages"] == "ja+ru" and rows[4]["mix"].startswith("ja 16 passages")


# --- freq ----------------------------------------------------------------------------------------

def _recount_freq(recount, lang, by="lemma"):
    counts, passages, docs = Counter(), Counter(), {}
    chosen = [p for p in recount if p.lang == lang]
    for p in chosen:
        terms = [t.lemma if by == "lemma" else search_key(t.form) for t in p.tokens]
        counts.update(terms)
        passages.update(set(terms))
        for term in terms:
            docs.setdefault(term, set()).add(p.doc_id)
    return counts, passages, docs, sum(len(p.tokens) for p in chosen)


@pytest.mark.parametrize("lang,by", [("th", "lemma"), ("ru", "lemma"), ("ru", "form"), ("ja", "lemma")])
def test_freq_matches_a_recount(runner, built_index, recount, stats_json, lang, by):
    """The analyzers' pieces (``--units parts``), recounted from the source files."""
    data = as_json(invoke(runner, freq, built_index, "--lang", lang, "--by", by, "--top", "30", "--units", "parts",
                          "--format", "json"))
    counts, passages, docs, tokens = _recount_freq(recount, lang, by)
    assert data["tokens"] == tokens == next(r["tokens"] for r in stats_json["languages"] if r["lang"] == lang)
    expected = sorted((t for t in counts if not is_stopword(t)), key=lambda t: (-counts[t], t))[:30]
    assert [t["term"] for t in data["terms"]] == expected
    for t in data["terms"]:
        assert (t["count"], t["passages"], t["documents"]) == (counts[t["term"]], passages[t["term"]],
                                                              len(docs[t["term"]]))
        assert t["per_million"] == round(t["count"] / tokens * 1e6, 2)


def test_stop_words_are_left_out_unless_all(runner, built_index):
    def terms(*args):
        return [t["term"] for t in as_json(invoke(runner, freq, built_index, *args, "--format", "json"))["terms"]]

    th, th_all = terms("--lang", "th", "--top", "10"), terms("--lang", "th", "--top", "10", "--all")
    assert th_all[:3] == ["ของ", "ใน", "และ"] and not {"ของ", "ใน", "และ"} & set(th)
    assert th[:2] == ["csto", "องค์กร"]
    parts = terms("--lang", "th", "--top", "10", "--all", "--units", "parts")
    assert parts[:3] == ["การ", "ของ", "ใน"]  # การ of การประชุม, การตัดสินใจ... counted on its own
    ru_all = terms("--lang", "ru", "--top", "5", "--all")
    assert ru_all[:2] == ["в", "и"] and "в" not in terms("--lang", "ru", "--top", "5")
    ja = terms("--lang", "ja", "--top", "100")
    assert "の" in terms("--lang", "ja", "--top", "100", "--all") and "の" not in ja
    assert "為る" not in ja  # する in the list, 為る as the analyzer lemmatizes it


def test_stop_word_lists():
    assert all(is_stopword(w) for w in ("การ", "ของ", "ผู้", "и", "в", "который", "の", "事", "為る", "and", "the"))
    # content words, the acronyms inside Thai text, and numbers stay
    assert not any(is_stopword(w) for w in ("ประเทศ", "одкб", "безопасность", "文献", "csto", "pa", "un", "2535"))


def test_freq_order_is_deterministic_with_ties_by_term(runner, built_index):
    first = invoke(runner, freq, built_index, "--top", "1000", "--all", "--format", "csv").stdout
    assert first == invoke(runner, freq, built_index, "--top", "1000", "--all", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(first)))
    keys = [(-int(r["count"]), r["term"]) for r in rows]
    assert len(rows) == 1000 and keys == sorted(keys) and [int(r["rank"]) for r in rows] == list(range(1, 1001))


def test_passage_frequency_equals_search_total(runner, built_index, corpus_index):
    """Every lemma of each language: passages in `freq` = `search LEMMA --literal --lang XX` total, except
    a lemma the query analyzer reads differently (為る is read as 成る)."""
    from cstocorpus.analysis import analyze
    from cstocorpus.search import search

    checked, differ = 0, []
    for lang in BUILD_PASSAGES:
        data = as_json(invoke(runner, freq, built_index, "--lang", lang, "--all", "--top", "100000",
                              "--format", "json"))
        assert len(data["terms"]) == data["types"] > 30
        for t in data["terms"]:
            total = search(corpus_index, t["term"], [lang], limit=1, literal=True).total
            checked += 1
            if total != t["passages"]:
                differ.append(t["term"])
                assert [tok.lemma for tok in analyze(t["term"], lang)] != [t["term"]], (lang, t, total)
    assert checked > 1400 and len(differ) <= 2, differ

    # and through the command line, as a user would compare them
    word = as_json(invoke(runner, freq, built_index, "--lang", "th", "--top", "6", "--format", "json"))["terms"][5]
    found = as_json(runner.invoke(cli, ["search", word["term"], "--literal", "--lang", "th", "--format", "json",
                                        "--index", str(built_index)]))
    assert word["term"] == "ประเทศสมาชิก" and found["total"] == word["passages"] == 42


def test_freq_table_columns_line_up_in_every_script(runner, built_index):
    result = invoke(runner, freq, built_index, "--lang", "th,ja", "--top", "5000")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    body = lines[start:lines.index("", start)]
    assert any("ประเทศ" in line for line in body) and any("関する" in line for line in body)
    assert len({display_width(line) for line in body}) == 1  # right-aligned last column: equal widths
    assert display_width("มั่นคง") == 4 and display_width("関する") == 6


# --- plot ----------------------------------------------------------------------------------------

def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_plot_is_written_at_its_size_with_every_glyph(runner, built_index, tmp_path):
    path = tmp_path / "stats.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = invoke(runner, stats, built_index, "--plot", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corpus"]["passages"] == 196  # the report is still printed
    assert _png_size(path) == (1200, 900)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]

    from PIL import Image
    dark = sum(Image.open(path).convert("L").histogram()[:128])
    assert dark > 100_000  # bars and text (about 240,000 pixels), not a blank canvas


def test_fonts_cover_every_plot_label(runner, built_index):
    """The bundled fonts hold every character the plot draws; without them the same labels
    are reported as missing glyphs (so the check above can fail)."""
    from io import BytesIO

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font

    from cstocorpus.stats.fonts import BUNDLED, font_file
    from cstocorpus.stats.plot import NATIVE_NAMES

    labels = list(NATIVE_NAMES.values())
    for lang in BUILD_PASSAGES:
        data = as_json(invoke(runner, freq, built_index, "--lang", lang, "--top", "10", "--format", "json"))
        labels += [t["term"] for t in data["terms"]]
    covered = set()
    for distribution, _ in BUNDLED:
        covered |= set(FT2Font(str(font_file(distribution))).get_charmap())
    needed = {ord(ch) for label in labels for ch in label if not ch.isascii()}
    assert needed and needed <= covered, sorted(chr(c) for c in needed - covered)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig = Figure()
            FigureCanvasAgg(fig)
            fig.text(0.1, 0.5, " ".join(labels))
            fig.savefig(BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


# --- errors --------------------------------------------------------------------------------------

def _one_sentence_error(result, code=2, *, contains: str):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and contains in lines[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args,contains", [
    (["--lang", "xx"], "unknown language code 'xx'"),
    (["--lang", "th,xx"], "unknown language code 'xx'"),
    (["--top", "0"], "--top must be 1 or more"),
    (["--top", "-5"], "--top must be 1 or more"),
])
def test_freq_user_errors(runner, built_index, args, contains):
    _one_sentence_error(invoke(runner, freq, built_index, *args), contains=contains)


def test_no_index_yet(runner, tmp_path):
    for command in (stats, freq):
        _one_sentence_error(invoke(runner, command, tmp_path / "none"), contains="run 'cstocorpus build' first")


def test_plot_path_errors(runner, built_index, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "dir.png").mkdir()
    cases = [
        (tmp_path / "missing" / "p.png", "does not exist"),
        (tmp_path / "file.txt" / "p.png", "is not a directory"),
        (tmp_path / "dir.png", "it is a directory"),
        (tmp_path / "p.svg", "ending in .png"),
    ]
    if Path("/proc/self").is_dir():  # a directory nobody can create files in, even root
        cases.append((Path("/proc/cstocorpus-stats.png"), "cannot write the plot to /proc/cstocorpus-stats.png: "))
    for path, contains in cases:
        _one_sentence_error(invoke(runner, stats, built_index, "--plot", str(path)), contains=contains)
        assert not (tmp_path / "missing").exists()
