"""The concordance on the seed texts: one line per occurrence with exact totals, context cut
between words and never inside a Thai cluster, sorting checked on Thai, Japanese and Russian
contexts, paging, and the table/JSON/CSV/TSV output (both engines where the index matters)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from click.testing import CliRunner
from pythainlp.util import collate

from cstocorpus.cli import cli
from cstocorpus.concordance import ContextError, SortError, concordance, parse_context, parse_sort
from cstocorpus.search import search
from cstocorpus.subcorpus import filters, resolve
from cstocorpus.textwidth import clusters, display_width

from .conftest import JA_DOC, TH_DOC

#: Russian alphabetical order written out, to check the sort without trusting code points.
RU_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def lines_of(index, query, **kw):
    kw.setdefault("limit", None)
    return concordance(index, query, **kw)


def word_at(line, key, by="form"):
    return line.words(key, 2 if by == "lemma" else 3)


@pytest.mark.parametrize("query", ["ОДКБ", "CSTO", "ความมั่นคง", "文献", "Armenia", '"Совет коллективной безопасности"',
                                   "Казахстан OR Таджикистан"])
def test_one_line_per_occurrence_and_exact_totals(engine_index, query):
    found = search(engine_index, query, limit=None)
    c = lines_of(engine_index, query)
    assert c.passages == found.total and c.total == sum(len(h.highlights) for h in found.hits) == len(c.lines)
    assert c.documents == len({h.passage["doc_id"] for h in found.hits})
    assert sum(c.languages.values()) == c.total
    # the same matches, for the same reasons, as search gives
    assert sorted((m["start"], m["reason"], h.passage["passage_id"]) for h in found.hits for m in h.matched) == \
        sorted((m["start"], m["reason"], line.passage["passage_id"]) for line in c.lines for m in line.matched)
    for line in c.lines:
        text = line.passage["text"]
        assert line.text == " ".join(text[line.start:line.end].split())
        assert [line.start, line.end] in line.hit.highlights


def test_cross_language_lines_say_why(corpus_index):
    c = lines_of(corpus_index, "Armenia")
    th = [line for line in c.lines if line.passage["lang"] == "th"]
    assert th and all(m["reason"] == "glossary: Armenia" for line in th for m in line.matched)
    assert {line.text for line in th} == {"อาร์เมเนีย"}
    assert not lines_of(corpus_index, "Armenia", literal=True).total  # English 'Armenia' is not in the text


@pytest.mark.parametrize("query, size", [("CSTO", 5), ("ความมั่นคง", 3), ("ОДКБ", 2), ("の", 4)])
def test_word_context_takes_that_many_words(corpus_index, query, size):
    c = lines_of(corpus_index, query, context=parse_context(f"{size}w"))
    assert c.lines
    for line in c.lines:
        tokens = line.passage["tokens"]
        w = line.window
        left = [t for t in tokens if w.left_start <= t[0] and t[1] <= line.start]
        right = [t for t in tokens if line.end <= t[0] and t[1] <= w.right_end]
        assert len(left) == min(size, sum(1 for t in tokens if t[1] <= line.start))
        assert len(right) == min(size, sum(1 for t in tokens if t[0] >= line.end))
        # cut where a word starts or ends, or at the passage's edge
        assert w.left_start == 0 or w.left_start in {t[0] for t in tokens}
        assert w.right_end == len(line.passage["text"]) or w.right_end in {t[1] for t in tokens}


@pytest.mark.parametrize("chars", [10, 25, 40])
def test_character_context_never_cuts_a_word_or_a_thai_cluster(corpus_index, chars):
    c = lines_of(corpus_index, "CSTO", context=parse_context(f"{chars}c"), selection=resolve(
        corpus_index, filters(langs=["th"])))
    assert c.total > 100
    for line in c.lines:
        assert clusters(line.left) <= chars and clusters(line.right) <= chars
        tokens = line.passage["tokens"]
        assert line.window.left_start == 0 or line.window.left_start in {t[0] for t in tokens}
        assert line.window.right_end == len(line.passage["text"]) or line.window.right_end in {t[1] for t in tokens}
        for part in (line.left, line.right):
            # no orphan Thai vowel or tone mark at the start of a context
            assert not part or unicodedata.category(part[0]) not in ("Mn", "Mc"), part
        # the nearest word that did not fit would have made the context too long
        first_left = line.window.left_words[-1] if line.window.left_words else line.first
        if line.window.left_start > 0 and first_left > 0:
            wider = " ".join(line.passage["text"][tokens[first_left - 1][0]:line.start].split())
            assert clusters(wider) > chars


def test_thai_is_sorted_in_dictionary_order(corpus_index):
    """R1 of สัตยาบัน, read in the text: โดย, ใน, ยัง, ระดับ, สนธิสัญญา — words starting with the
    leading vowels โ and ใ sort under ด and น, not after ฮ as code points would put them."""
    c = lines_of(corpus_index, "สัตยาบัน", sort=("R1",), literal=True)
    r1 = [word_at(line, "R1")[0] for line in c.lines]
    assert r1 == ["โดย", "ใน", "ยัง", "ระดับ", "สนธิสัญญา"]
    assert sorted(r1) != r1  # code-point order would differ
    big = lines_of(corpus_index, "CSTO", sort=("L1",), selection=resolve(corpus_index, filters(langs=["th"])))
    thai = [word_at(line, "L1")[0] for line in big.lines if word_at(line, "L1")
            and "\u0e00" <= word_at(line, "L1")[0][0] <= "\u0e7f"]
    assert len(set(thai)) > 20 and thai == [w for w in collate(thai)]  # PyThaiNLP's Thai dictionary order


def test_russian_is_sorted_alphabetically_by_lemma_or_form(corpus_index):
    c = lines_of(corpus_index, "безопасность", sort=("L1",), by="lemma", literal=True)
    l1 = [word_at(line, "L1", "lemma")[0] for line in c.lines]
    assert l1 == ["информационный", "коллективный", "коллективный", "обеспечение", "обеспечивать", "область",
                  "проблема", "региональный"]
    r1 = [word_at(line, "R1") for line in lines_of(corpus_index, "ОДКБ", sort=("R1",), literal=True).lines]
    assert r1[-1] == ()  # the hit that ends its passage sorts last
    words = [w[0] for w in r1 if w]
    assert words == ["был", "и", "координация", "на", "совершенствование", "созданы", "сотрудничество",
                     "является", "являются"]
    assert words == sorted(words, key=lambda w: [RU_ALPHABET.index(ch) for ch in w])
    # by form, безопасности and безопасность are different words; by lemma the same
    hits = lines_of(corpus_index, "безопасность", sort=("hit", "position"), literal=True).lines
    assert [line.text for line in hits] == ["безопасности"] * 7 + ["безопасность"]


def test_japanese_is_sorted_by_kana_then_kanji(corpus_index):
    c = lines_of(corpus_index, "CSTO", sort=("R1",), literal=True, selection=resolve(corpus_index, filters(langs=["ja"])))
    assert [word_at(line, "R1")[0] for line in c.lines] == ["が", "に", "に", "に", "加盟", "憲章"]
    # ties keep document order: ¶21, ¶22, ¶23
    assert [line.passage["ordinal"] for line in c.lines][1:4] == [21, 22, 23]
    no = lines_of(corpus_index, "の", sort=("R1",), literal=True, selection=resolve(corpus_index, filters(langs=["ja"])))
    assert [word_at(line, "R1")[0] for line in no.lines] == ["文献", "文献", "文献", "構造", "経緯"]
    by_l2 = lines_of(corpus_index, "の", sort=("L2",), literal=True)
    # ロシア|語, 日本|語, 関する|英語: katakana before kanji, kanji by code point (日 U+65E5 before
    # 関 U+95A2); no word there: last
    assert [word_at(line, "L2") for line in by_l2.lines] == [("ロシア",), ("日本",), ("関する",), (), ()]


def test_secondary_keys_and_other_orders(corpus_index):
    from cstocorpus.concordance.collation import collation_ranks

    c = lines_of(corpus_index, "CSTO", sort=("L1", "R1"), selection=resolve(corpus_index, filters(langs=["th"])))
    ranks = collation_ranks(w for line in c.lines for k in ("L1", "R1") for w in word_at(line, k))

    def expected(line):
        return tuple((0, ranks[w[0]]) if w else (1, 0) for w in (word_at(line, "L1"), word_at(line, "R1")))
    keys = [expected(line) for line in c.lines]
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) < len(keys)  # ties on L1 were broken by R1
    pos = lines_of(corpus_index, "CSTO", sort=("position",))
    keys = [(line.doc_id, line.passage["ordinal"], line.start) for line in pos.lines]
    assert keys == sorted(keys) and keys[0][0] == JA_DOC
    score = lines_of(corpus_index, "CSTO")
    assert [line.rank for line in score.lines] == sorted(line.rank for line in score.lines)
    doc = lines_of(corpus_index, "CSTO", sort=("document",))
    assert [line.doc_id for line in doc.lines] == sorted(line.doc_id for line in doc.lines)


def test_paging_is_a_window_on_one_order(engine_index):
    every = lines_of(engine_index, "CSTO", sort=("R1",))
    pages = [concordance(engine_index, "CSTO", sort=("R1",), offset=o, limit=40) for o in range(0, every.total, 40)]
    assert all(p.total == every.total for p in pages)
    ids = [(line.passage["passage_id"], line.start) for p in pages for line in p.lines]
    assert ids == [(line.passage["passage_id"], line.start) for line in every.lines]
    assert [line.number for line in pages[1].lines][:2] == [41, 42]
    assert concordance(engine_index, "CSTO", offset=10_000).lines == []


def test_filters(corpus_index):
    th = lines_of(corpus_index, "CSTO", selection=resolve(corpus_index, filters(docs=[TH_DOC])))
    assert th.total and {line.doc_id for line in th.lines} == {TH_DOC}
    assert lines_of(corpus_index, "CSTO", selection=resolve(corpus_index, filters(tags=["politics"]))).documents == 1


@pytest.mark.parametrize("text, size", [("5w", "5w"), ("40c", "40c"), ("3", "3w"), (" 7 w ", "7w")])
def test_context_sizes(text, size):
    assert str(parse_context(text)) == size


@pytest.mark.parametrize("text", ["five", "5x", "-3w", "100w", "1000c", ""])
def test_bad_context_sizes(text):
    with pytest.raises(ContextError):
        parse_context(text)


def test_sort_orders():
    assert parse_sort("r1, L2,hit") == ("R1", "L2", "hit")
    for bad in ("R6", "L0", "left", "", "score;"):
        with pytest.raises(SortError):
            parse_sort(bad)


# --- the command line ------------------------------------------------------------------

@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def cli_run(runner, built_index, *args):
    return runner.invoke(cli, ["concordance", *args, "--index", str(built_index)])


def test_table_aligns_hits_in_thai_and_japanese(runner, built_index):
    for args in (["CSTO", "--limit", "0"], ["ความมั่นคง", "--context", "40c"], ["の", "--lang", "ja"]):
        result = cli_run(runner, built_index, *args)
        assert result.exit_code == 0, result.output
        rows = [r for r in result.stdout.splitlines() if " | " in r]
        assert rows
        # the first separator is at the same display column on every line
        columns = {display_width(r[:r.index(" | ")]) for r in rows}
        assert len(columns) == 1, (args, columns)
        second = {display_width(r[:r.index(" | ", r.index(" | ") + 3)]) for r in rows}
        assert len(second) == 1
        assert all(TH_DOC in r or JA_DOC in r for r in rows)  # the short citation
    head = cli_run(runner, built_index, "ОДКБ", "--limit", "3").stdout.splitlines()
    assert head[0].startswith("253 occurrences of 'ОДКБ' in 122 passages of 2 documents (th 236, ru 11, ja 6)")
    assert head[1] == "Read as: “ОДКБ” = concept “CSTO” (its name)"  # as search says it
    assert "lines 1–3 (--offset and --limit for others)" in head[2]


def test_json_csv_tsv(runner, built_index):
    data = json.loads(cli_run(runner, built_index, "Казахстан", "--sort", "L1", "--format", "json",
                              "--limit", "0").stdout)
    assert data["total"] == len(data["lines"]) and data["sort"] == ["L1"] and data["context"] == "5w"
    line = data["lines"][0]
    assert set(line) >= {"n", "left", "hit", "right", "lang", "passage_id", "doc_id", "start", "end", "matched",
                         "citation", "citation_short"}
    assert line["citation"]["passage_id"] == line["passage_id"] and line["citation"]["text"]
    assert {m["reason"] for entry in data["lines"] for m in entry["matched"]} >= {"lemma", "glossary: Kazakhstan"}
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        out = cli_run(runner, built_index, "Казахстан", "--sort", "L1", "--format", fmt, "--limit", "0").stdout
        reader = csv.DictReader(io.StringIO(out), delimiter=delimiter,
                                quoting=csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE)
        rows = list(reader)
        assert [(r["left"], r["hit"], r["right"]) for r in rows] == \
            [(x["left"], x["hit"], x["right"]) for x in data["lines"]]
        assert all(r["citation"].endswith(f"passage {r['passage_id']}.") for r in rows)


def test_cli_errors(runner, built_index):
    for args, message in ((["CSTO", "--context", "wide"], "cannot read the context size 'wide'"),
                          (["CSTO", "--sort", "R9"], "cannot sort by 'R9'"),
                          (['"CSTO'], "cannot read the query"),
                          (["CSTO", "--lang", "xx"], "unknown language code 'xx'")):
        result = cli_run(runner, built_index, *args)
        assert result.exit_code == 2 and result.stderr.startswith(f"Error: {message}"), result.output
        assert len(result.stderr.strip().splitlines()) == 1


def test_text_width_and_clusters():
    from cstocorpus.textwidth import cluster_boundary, pad_left

    assert display_width("ความมั่นคง") == 8  # ั and ่ take no column
    assert display_width("集団安全保障") == 12 and display_width("ОДКБ") == 4 and display_width("ｶﾀｶﾅ") == 4
    assert clusters("มั่น") == 2 and clusters("ความมั่นคง") == 8
    text = "ความมั่นคงร่วม"  # ม + ั + ่ at 4..6: 5 and 6 are inside the cluster
    assert [cluster_boundary(text, i, True) for i in (4, 5, 6, 7)] == [4, 7, 7, 7]
    assert [cluster_boundary(text, i, False) for i in (4, 5, 6, 7)] == [4, 4, 4, 7]
    assert pad_left("กำลัง", 6) == "  กำลัง" and display_width(pad_left("加盟国", 8)) == 8
