"""``cstocorpus export`` on the seed corpus: every format read back by a real parser, excerpts and
their offsets checked against the stored passages, citations rendered by citeproc-py from the
catalog (quoted sources, machine translation, missing fields), counts, and user errors.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import Field
from click.testing import CliRunner

from cstocorpus.export.collect import collect
from cstocorpus.export.command import FORMATS, export, writer
from cstocorpus.export.csl import csl_item, quoted_item
from cstocorpus.export.excerpts import OMISSION, excerpt_pieces
from cstocorpus.export.references import write_bibtex, write_csl_json, write_ris
from cstocorpus.export.render import CitationRenderer
from cstocorpus.export.sentences import sentence_spans
from cstocorpus.search import search

from .conftest import JA_DOC, TH_DOC

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))
JA_TITLE = "CSTOに関する基本事項"
TH_TITLE = "อวัยวะของ คสช. การถอดรหัส ODKB องค์ประกอบของ คสช. CSTO และสหพันธรัฐรัสเซีย"
JA_EN = "Basic facts about the CSTO"
TH_EN = ("Organs of the CSTO; the abbreviation ODKB decoded; composition of the CSTO; "
         "the CSTO and the Russian Federation")
# As cited in a note: the original title in quotes, then the catalog's English translation in brackets.
JA_CITED = f"“{JA_TITLE}” [{JA_EN}]"
TH_CITED = f"“{TH_TITLE}” [{TH_EN}]"
# The three foreign-ministry pages the Japanese page quotes (Kyrgyzstan, Tajikistan, Kazakhstan).
QUOTED_HOSTS = ("mfa.gov.kg", "mfa.tj", "www.kazembassy.ru")
BOTH_DOCS = "ОДКБ OR ODKB"  # six quoted Russian passages in the Japanese page, the Thai title line


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def renderer():
    return CitationRenderer()


def run(runner, index_dir, *args):
    return runner.invoke(export, [*args, "--literal", "--index", str(index_dir)])


def exported(runner, index_dir, query, fmt, *args):
    result = run(runner, index_dir, query, "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    return result


def jsonl(runner, index_dir, query, *args) -> list[dict]:
    out = exported(runner, index_dir, query, "jsonl", *args).stdout
    return [json.loads(line) for line in out.splitlines()]


# --- every format, read back by its own parser ------------------------------------------------

def test_bibtex_parses_one_entry_per_document_and_per_quoted_source(runner, built_index, corpus_index):
    out = exported(runner, built_index, BOTH_DOCS, "bibtex").stdout
    library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    hits = search(corpus_index, BOTH_DOCS, limit=None, literal=True).hits
    # a Russian query: the Russian quotes rank before the Thai title line
    assert hits[0].passage["doc_id"] == JA_DOC and len(hits) == 7
    keys = [e.key for e in library.entries]
    assert keys[0] == JA_DOC and keys[-1] == TH_DOC and len(keys) == 5  # the page, its 3 quoted pages, the Thai text
    ja, *quoted, th = library.entries
    assert ja.fields_dict["title"].value == JA_TITLE  # the original title, untouched
    note = ja.fields_dict["note"].value
    assert note.startswith(f"Title in English: {JA_EN}; Quotes: https://")
    assert "annotation" not in ja.fields_dict  # every hit in the page is in a quoted text
    for entry in quoted:
        fields = {k: f.value for k, f in entry.fields_dict.items()}
        assert entry.entry_type == "online" and fields["url"].split("/")[2] in QUOTED_HOSTS
        assert fields["note"] == f"Quoted in: {JA_TITLE} ({JA_DOC})" and fields["url"] in note
        annotation = fields["annotation"]
        assert "\\textbf" not in out and "**" not in annotation and "ОДКБ" in annotation
        for hit in hits:
            if hit.passage.get("source_url") == fields["url"]:
                assert f"[{hit.passage['passage_id']}]" in annotation
    assert th.entry_type == "misc"  # no URL in the seed catalog: not claimed to be @online
    assert th.fields_dict["note"].value == f"machine translation from Russian; Title in English: {TH_EN}"
    assert "author" not in ja.fields_dict and "date" not in ja.fields_dict and "url" not in ja.fields_dict
    assert "7 passages match" in library.comments[0].comment


def test_bibtex_escapes_what_latex_would_read(runner, built_index):
    # The kazembassy.ru URL has underscores; raw, LaTeX would stop on them.
    out = exported(runner, built_index, "Казахстан", "bibtex").stdout
    # escaped in the notes; the url field is verbatim in biblatex, so it stays as written
    assert "quoting https://www.kazembassy.ru/rus/sotrudnichestvo/mnogostoronnee\\_sotrudnichestvo" in out
    assert out.count("mnogostoronnee_sotrudnichestvo") == out.count("url = {https://www.kazembassy.ru")
    library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
    kazakh = next(e for e in library.entries if "kazembassy" in e.fields_dict.get("url", Field("url", "")).value)
    assert kazakh.fields_dict["url"].value == \
        "https://www.kazembassy.ru/rus/sotrudnichestvo/mnogostoronnee_sotrudnichestvo/odkb/"


def test_ris_parses_one_record_per_document_and_per_quoted_source(runner, built_index):
    out = exported(runner, built_index, BOTH_DOCS, "ris").stdout
    records = rispy.loads(out)
    ja, *quoted, th = records
    assert [r["id"] for r in (ja, th)] == [JA_DOC, TH_DOC] and len(quoted) == 3
    assert ja["type_of_reference"] == "GEN" and ja["title"] == JA_TITLE and ja["language"] == "Japanese"
    assert ja["translated_title"] == JA_EN and th["translated_title"] == TH_EN  # TT
    assert ja["notes"][0].startswith("Quotes: https://") and len(ja["notes"]) == 1
    excerpts = [n for q in quoted for n in q["notes"][1:]]
    assert len(excerpts) == 6 and all(n.startswith(f"[{JA_DOC}:") for n in excerpts)
    assert all("ОДКБ" in n and "**" not in n for n in excerpts)  # plain text
    for q in quoted:
        assert q["type_of_reference"] == "ELEC" and q["urls"][0].split("/")[2] in QUOTED_HOSTS
        assert q["notes"][0] == f"Quoted in: {JA_TITLE} ({JA_DOC})"
    assert th["type_of_work"] == "machine translation from Russian" and th["title"] == TH_TITLE
    assert len(th["notes"]) == 1 and "ODKB" in th["notes"][0] and "**" not in th["notes"][0]
    assert "urls" not in ja and "year" not in ja and "authors" not in ja
    assert not out.startswith("1.")  # no counter line: TY is the first tag of a record


def test_csl_json_validates_against_the_csl_schema(runner, built_index):
    items = json.loads(exported(runner, built_index, BOTH_DOCS, "csl-json").stdout)
    jsonschema.validate(items, SCHEMA)
    ja, *quoted, th = items
    assert [ja["id"], th["id"]] == [JA_DOC, TH_DOC] and len(quoted) == 3
    assert ja == {**ja, "type": "document", "title": JA_TITLE, "language": "ja", "keyword": "Politics"}
    assert ja["note"].startswith(f"Title in English: {JA_EN}; Quotes: ")
    assert th["genre"] == "machine translation from Russian" and th["language"] == "th"
    assert not {"author", "issued", "accessed", "URL", "publisher", "annote"} & set(ja)
    excerpts = [e for q in quoted for e in q["custom"]["excerpts"]]
    assert len(excerpts) == 6 and all(e["passage_id"] in q["annote"] for q in quoted for e in q["custom"]["excerpts"])
    assert all(e["source_url"] and e["citation"].startswith(e["source_url"]) for e in excerpts)
    assert all(q["note"] == f"Quoted in: {JA_TITLE} ({JA_DOC})" and q["URL"] in ja["note"] for q in quoted)
    assert not any("**" in i.get("annote", "") for i in items)


def test_a_full_catalog_record_reaches_every_reference_format(corpus_index):
    # The seed catalog leaves most fields empty; a complete record shows where each one goes.
    full = {**corpus_index.documents[TH_DOC], "title_en": "Organs of the CSTO", "url": "https://example.org/a_b",
            "authors": ["Иванов, Иван", "TASS"], "publisher": "TASS", "published": "2020-05-03",
            "accessed": "2024-01-02", "tags": ["CSTO", "Russia"]}
    result = collect(corpus_index, "Naryshkin", renderer=CitationRenderer())
    result.items = {TH_DOC: csl_item(full)}
    result.documents = {TH_DOC: full}

    (entry,) = bibtexparser.parse_string(write_bibtex(result), append_middleware=[LatexDecodingMiddleware()]).entries
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert entry.entry_type == "online" and fields["url"] == "https://example.org/a_b"
    assert fields["title"] == TH_TITLE and fields["author"] == "Иванов, Иван and TASS"
    assert fields["note"] == "machine translation from Russian; Title in English: Organs of the CSTO"
    assert (fields["date"], fields["urldate"], fields["keywords"]) == ("2020-05-03", "2024-01-02", "CSTO, Russia")

    (ris,) = rispy.loads(write_ris(result))
    assert ris["type_of_reference"] == "ELEC" and ris["authors"] == ["Иванов, Иван", "TASS"]
    assert ris["title"] == TH_TITLE and ris["translated_title"] == "Organs of the CSTO"
    assert (ris["year"], ris["date"], ris["access_date"]) == ("2020", "2020/05/03/", "2024/01/02/")
    assert ris["urls"] == ["https://example.org/a_b"] and ris["keywords"] == ["CSTO", "Russia"]

    (item,) = json.loads(write_csl_json(result))
    jsonschema.validate([item], SCHEMA)
    assert item["issued"] == {"date-parts": [[2020, 5, 3]]} and item["accessed"] == {"date-parts": [[2024, 1, 2]]}
    # a person's name in family and given parts, an institution literal
    assert item["type"] == "webpage" and item["author"] == [{"family": "Иванов", "given": "Иван"}, {"literal": "TASS"}]


def test_csl_json_of_no_hits_is_an_empty_valid_array(runner, built_index):
    result = exported(runner, built_index, "Naryshkin", "csl-json", "--lang", "ru")
    assert json.loads(result.stdout) == [] and "0 passages match 'Naryshkin'; 0 written." in result.stderr
    jsonschema.validate([], SCHEMA)


def test_csv_and_jsonl_hold_every_match_in_rank_order(runner, built_index, corpus_index):
    total = search(corpus_index, "ОДКБ", limit=1, literal=True).total
    rows = list(csv.DictReader(io.StringIO(exported(runner, built_index, "ОДКБ", "csv").stdout)))
    records = jsonl(runner, built_index, "ОДКБ")
    assert len(rows) == len(records) == total == 6
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, 7)]
    for row, rec in zip(rows, records, strict=True):
        assert row["passage_id"] == rec["passage_id"] and row["excerpt"] == rec["excerpt"]
        assert json.loads(row["excerpt_offsets"]) == rec["excerpt_offsets"]
        assert row["citation"] == rec["citation"] and row["lang"] == rec["lang"] == "ru"
        assert row["section"] == " › ".join(rec["section"])
        assert [int(row["passage_start"]), int(row["passage_end"])] == rec["passage_span"]


def test_markdown_is_blockquotes_each_followed_by_its_citation(runner, built_index):
    out = exported(runner, built_index, "ОДКБ", "md").stdout
    blocks = out.split("\n\n")
    assert "6 passages match 'ОДКБ'; all 6 written." in blocks[1]
    quotes = [i for i, b in enumerate(blocks) if b.startswith("> ")]
    assert len(quotes) == 6
    for i in quotes:
        assert "**ОДКБ**" in blocks[i]
        assert f", quoted in {JA_CITED}, n.d., sec. CSTO加盟国が発表する一次資料 › " in blocks[i + 1]
        assert blocks[i + 2].startswith(f"passage `{JA_DOC}:") and " · ru · § " in blocks[i + 2]


# --- excerpts and offsets ---------------------------------------------------------------------

def test_excerpt_offsets_point_into_the_stored_passage(runner, built_index, corpus_index):
    for query in ("ОДКБ", "ก่อการร้าย", "文献", "Naryshkin"):
        for rec in jsonl(runner, built_index, query):
            text = corpus_index.passage(rec["passage_id"])["text"]
            pieces = rec["excerpt_offsets"]
            assert rec["excerpt"] == OMISSION.join(text[s:e] for s, e in pieces)
            assert rec["excerpt_marked"].replace("**", "") == rec["excerpt"]
            assert all(a[1] < b[0] for a, b in zip(pieces, pieces[1:]))
            for s, e in rec["highlights"]:
                assert any(ps <= s and e <= pe for ps, pe in pieces)
                assert f"**{text[s:e]}**" in rec["excerpt_marked"]


def test_sentence_context_quotes_only_the_sentences_with_hits(runner, built_index, corpus_index):
    records = {r["passage_id"]: r for r in jsonl(runner, built_index, "ОДКБ")}
    # The Tajik ministry's paragraph: hits in its first and last sentences, not the long middle one.
    rec = next(r for r in records.values() if r["excerpt"].startswith("Республика Таджикистан придает"))
    assert rec["excerpt"] == ("Республика Таджикистан придает важное значение участию в деятельности ОДКБ."
                              " […] Таджикистан выступает за то, чтобы ОДКБ на деле превращалась в весомый "
                              "фактор обеспечения безопасности.")
    text = corpus_index.passage(rec["passage_id"])["text"]
    assert rec["excerpt_offsets"] == [[0, 75], [477, len(text)]]
    # Two adjacent sentences with hits are one piece; "2015 г. созданы" does not end a sentence.
    rec = next(r for r in records.values() if r["excerpt"].startswith("В настоящее время КСОР"))
    assert len(rec["excerpt_offsets"]) == 1 and rec["excerpt"].endswith("авиационные силы ОДКБ.")
    whole = {r["passage_id"]: r for r in jsonl(runner, built_index, "ОДКБ", "--context", "passage")}
    for pid, rec in whole.items():
        assert rec["excerpt_offsets"] == [[0, len(corpus_index.passage(pid)["text"])]]
        assert rec["context"] == "passage"
    assert sum(len(r["excerpt"]) for r in records.values()) < sum(len(r["excerpt"]) for r in whole.values())


def test_sentence_rules():
    ru = "Так, 23 декабря 2014 г. на сессии. В. В. Путин сказал: «Да!» Потом ушёл?  Да."
    assert [ru[s:e] for s, e in sentence_spans(ru, "ru")] == [
        "Так, 23 декабря 2014 г. на сессии.", "В. В. Путин сказал: «Да!»", "Потом ушёл?", "Да."]
    ja = "CSTOは1992年に設立された。加盟国は6か国！「本当？」と聞いた"
    assert [ja[s:e] for s, e in sentence_spans(ja, "ja")] == [
        "CSTOは1992年に設立された。", "加盟国は6か国！", "「本当？」", "と聞いた"]
    assert sentence_spans("  \n ", "ru") == [] and sentence_spans("one", "en") == [(0, 3)]


def test_thai_sentences_come_from_crfcut_with_exact_offsets(corpus_index):
    hit = next(h for h in search(corpus_index, "ก่อการร้าย", limit=None).hits if len(h.highlights) == 3)
    text = hit.passage["text"]
    spans = sentence_spans(text, "th")
    assert len(spans) > 3  # a space-free model cut, not one sentence per passage
    gaps = zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(text)])
    assert all(text[a:b].isspace() or a == b for a, b in gaps)  # the sentences cover the whole text
    pieces = excerpt_pieces(text, hit.highlights, "th", "sentence")
    assert sum(e - s for s, e in pieces) < len(text)
    for hs, he in hit.highlights:
        assert any(s <= hs and he <= e for s, e in pieces)


# --- citations through CSL --------------------------------------------------------------------

def test_a_citation_renders_for_every_seed_document(corpus_index, renderer):
    notes = {doc_id: renderer.note(csl_item(doc)) for doc_id, doc in corpus_index.documents.items()}
    # The seed catalog has no authors, URL, publisher or dates: nothing is made up for them;
    # "n.d." is the style's own word for the missing date.
    assert notes == {
        JA_DOC: f"“{JA_TITLE}”, n.d.",  # the title as written, nothing in brackets inside it
        TH_DOC: f"“{TH_TITLE}”, machine translation from Russian, n.d.",
    }


def test_catalog_fields_flow_into_the_citation(corpus_index, renderer):
    doc = {**corpus_index.documents[JA_DOC], "title_en": "Basics of the CSTO", "authors": ["Ministry of Foreign Affairs"],
           "publisher": "MOFA", "url": "https://example.org/csto", "published": "2020-05", "accessed": "2024-01-02"}
    note = renderer.note(csl_item(doc), ("section", "概要"), translation=doc["title_en"])
    assert note == ("Ministry of Foreign Affairs, “CSTOに関する基本事項” [Basics of the CSTO], MOFA, May 2020, "
                    "sec. 概要, accessed January 2, 2024, https://example.org/csto.")
    translated = {**corpus_index.documents[TH_DOC], "machine_translated": False}
    assert "translated from Russian" in renderer.note(csl_item(translated))
    assert "machine translation" not in renderer.note(csl_item(translated))


def test_quoted_ministry_texts_cite_the_quoted_url_and_the_page(runner, built_index):
    records = jsonl(runner, built_index, "Кыргызстан")
    quoted = [r for r in records if r["source_url"]]
    assert quoted and all(r["source_url"].startswith("https://mfa.gov.kg/") for r in quoted)
    for r in quoted:
        assert r["citation"] == (f"{r['source_url']}, quoted in {JA_CITED}, n.d., "
                                 f"sec. {' › '.join(r['section'])}.")
    ris = rispy.loads(exported(runner, built_index, "Кыргызстан", "ris").stdout)
    kyrgyz = next(r for r in ris if r.get("urls", [""])[0].startswith("https://mfa.gov.kg/"))
    assert all("quoting https://mfa.gov.kg/" in note for note in kyrgyz["notes"] if "[000_" in note)


def test_quoted_item_is_a_webpage_known_by_its_url():
    item = quoted_item("https://mfa.tj/ru/main/view/147/x", "ru")
    jsonschema.validate([item], SCHEMA)
    assert item["type"] == "webpage" and item["URL"] == "https://mfa.tj/ru/main/view/147/x"


def test_thai_document_says_it_is_a_machine_translation(runner, built_index):
    (rec,) = jsonl(runner, built_index, "Naryshkin")
    assert rec["doc_id"] == TH_DOC and rec["lang"] == "th" and "**Naryshkin**" in rec["excerpt_marked"]
    assert rec["citation"].startswith(f"{TH_CITED}, machine translation from Russian, n.d.")


# --- counts, files, errors --------------------------------------------------------------------

def test_counts_with_and_without_limit(runner, built_index):
    result = exported(runner, built_index, "ОДКБ", "jsonl")
    assert len(result.stdout.splitlines()) == 6
    assert result.stderr.strip() == "6 passages match 'ОДКБ'; all 6 written."
    result = exported(runner, built_index, "ОДКБ", "jsonl", "--limit", "2")
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.strip() == "6 passages match 'ОДКБ'; 2 written (--limit 2), 4 not written."
    md = exported(runner, built_index, "ОДКБ", "md", "--limit", "2").stdout
    assert "6 passages match 'ОДКБ'; 2 written (--limit 2), 4 not written." in md
    assert md.count("\n> ") == 2
    assert len(jsonl(runner, built_index, "ОДКБ", "--limit", "0")) == 6  # 0: all, as in search


def test_output_file_is_written_and_counts_go_to_stderr(runner, built_index, tmp_path):
    target = tmp_path / "odkb.bib"
    target.write_text("old", encoding="utf-8")
    result = run(runner, built_index, "ОДКБ", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == f"6 passages match 'ОДКБ'; all 6 written to {target}."
    assert target.read_text(encoding="utf-8").startswith("@comment{cstocorpus export")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odkb.bib"]  # no temporary file left


def test_failed_write_keeps_the_old_file(runner, built_index, tmp_path, monkeypatch):
    target = tmp_path / "keep.md"
    target.write_text("old", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run(runner, built_index, "ОДКБ", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


@pytest.mark.parametrize("args, message", [
    (["ОДКБ", '"unclosed'], "Error: cannot read the query: "),
    (["ОДКБ", "--lang", "xx"], "Error: unknown language code 'xx'"),
    (["ОДКБ", "--doc", "nope"], "Error: no document 'nope' in the index"),
    (["ОДКБ", "-o", "/nonexistent-dir/out.md"], "Error: cannot write /nonexistent-dir/out.md: the directory "),
])
def test_user_errors_are_one_sentence_and_exit_2(runner, built_index, args, message):
    result = run(runner, built_index, *args)
    assert result.exit_code == 2 and result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_output_path_that_is_a_directory(runner, built_index, tmp_path):
    result = run(runner, built_index, "ОДКБ", "-o", str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_no_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(export, ["ОДКБ", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no index in ") and "cstocorpus build" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_a_writer_and_ends_with_a_newline(runner, built_index, fmt):
    assert callable(writer(fmt))
    assert exported(runner, built_index, "Naryshkin", fmt).stdout.endswith("\n")


def test_excerpts_never_end_inside_a_quotation(corpus_index):
    """Whatever sentence a hit falls in, the excerpt holds whole quotations (when the passage does)."""
    from cstocorpus.export.excerpts import quote_depths

    checked = widened = 0
    for doc_id in corpus_index.documents:
        for p in corpus_index.neighbours(doc_id, 0, 0, 10_000):
            text = p["text"]
            depth = quote_depths(text)
            if depth[-1] or not any(q in text for q in '"“«「'):
                continue  # no quotation, or one the passage itself leaves open
            for s, e in sentence_spans(text, p["lang"]):
                pieces = excerpt_pieces(text, [(s, e)], p["lang"], "sentence")
                for a, b in pieces:
                    assert depth[a] == 0 and depth[b] == 0, (p["passage_id"], text[a:b])
                checked += 1
                widened += pieces != [(s, e)]
    assert checked > 50 and widened > 0


def test_the_thai_quoted_phrase_stays_whole(corpus_index):
    # The passage the issue names: crfcut cuts inside "…ร่วมกัน"; the excerpt goes on to the closing quote.
    from cstocorpus.export.excerpts import quote_depths

    [p] = [p for p in corpus_index.neighbours(TH_DOC, 0, 0, 10_000) if p["passage_id"].endswith(":a418a367")]
    text = p["text"]
    depth = quote_depths(text)
    cut = next((s, e) for s, e in sentence_spans(text, "th") if depth[e] and text[:e].endswith("ร่วมกัน"))
    [(a, b)] = excerpt_pieces(text, [cut], "th", "sentence")
    assert a <= cut[0] and b > cut[1] and depth[a] == depth[b] == 0
