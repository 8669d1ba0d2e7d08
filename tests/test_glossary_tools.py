"""``cstocorpus glossary list|show|search|suggest|coverage|check`` on the seed corpus, through
click's CliRunner; the commands that count passages run on both engines."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.search import search

from .conftest import CORPUS, TH_DOC


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, corpus: Path = CORPUS, index: Path | None = None):
    where = ["--corpus", str(corpus)] + (["--index", str(index)] if index is not None else [])
    return runner.invoke(cli, ["glossary", *args, *where])


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of corpus/ a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def edit_glossary(corpus: Path, change) -> None:
    path = corpus / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["concepts"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def concept(concepts: list, ident: str) -> dict:
    return next(c for c in concepts if c["id"] == ident)


# --- list and show: passages counted as search counts them ---------------------------------

#: Labels of several words: search reads each as its concept, with no transliteration rule
#: (that is for single words), so its total is the concept's reach.
MULTIWORD = ("collective_security_council", "council_of_foreign_ministers", "international_terrorism",
             "collective_rapid_reaction_forces", "military_technical_cooperation",
             "collective_security_treaty", "csto_charter")  # with short forms and parts in context


def test_list_counts_what_search_finds(runner, built_engine_index, engine_index):
    data = json.loads(ok(run(runner, "list", "--format", "json", index=built_engine_index)))
    rows = {r["id"]: r for r in data}
    assert len(rows) >= 150 and rows["csto"]["kind"] == "organization"
    for ident in MULTIWORD:
        label = rows[ident]["label"]
        assert rows[ident]["passages"] == search(engine_index, label, limit=None).total > 0, ident
    assert rows["terrorism"]["narrower"] == ["international_terrorism"]
    assert rows["terrorism"]["passages"] > rows["international_terrorism"]["passages"] > 0
    assert rows["armenia"]["ru"] == 2 and rows["csto"]["th"] >= 9  # scoped names counted


def test_list_formats_and_kind(runner, built_index):
    table = ok(run(runner, "list", "--kind", "person", index=built_index))
    assert table.splitlines()[0].split()[:3] == ["id", "kind", "label"]
    assert "bordyuzha" in table and "armenia" not in table
    rows = list(csv.DictReader(io.StringIO(ok(run(runner, "list", "--format", "csv", "--kind", "state",
                                                   index=built_index)))))
    assert rows and {r["kind"] for r in rows} == {"state"} and int(next(r for r in rows if r["id"] == "russia")["passages"]) > 10


def test_show_a_concept_per_language_reason_and_name(runner, built_engine_index, engine_index):
    data = json.loads(ok(run(runner, "show", "international_terrorism", "--format", "json",
                             index=built_engine_index)))
    assert data["names"]["ru"] == ["международный терроризм"] and data["broader"] == ["terrorism"]
    p = data["passages"]
    assert p["all"] == search(engine_index, "international terrorism", limit=None).total
    for lang, n in p["by_language"].items():
        assert n == search(engine_index, "international terrorism", langs=[lang], limit=None).total
    names = {(n["lang"], n["text"]): n["passages"] for n in p["by_name"]}
    assert names[("ru", "международный терроризм")] == 1  # the Tajik statement, «международному терроризму»
    assert names[("th", "การก่อการร้ายระหว่างประเทศ")] >= 1
    broader = json.loads(ok(run(runner, "show", "terrorism", "--format", "json", index=built_engine_index)))
    assert broader["narrower"] == ["international_terrorism"]
    reasons = broader["passages"]["by_reason"]
    assert reasons["narrower: international terrorism"]["all"] == p["all"]
    assert reasons["family"]["th"] > 0  # ก่อการร้าย, ผู้ก่อการร้าย …: derived by rule
    assert any(n["derived"] and n["text"] == "ก่อการร้าย" for n in broader["passages"]["by_name"])


def test_show_short_forms_and_what_they_find(runner, built_engine_index, engine_index):
    data = json.loads(ok(run(runner, "show", "collective_security_treaty", "--format", "json",
                             index=built_engine_index)))
    assert data["short"]["th"] == ["สนธิสัญญา"]
    reasons = data["passages"]["by_reason"]
    short = reasons["short: Collective Security Treaty (named in full in this document)"]
    assert short["th"] > 0 and data["passages"]["all"] == search(engine_index, "Collective Security Treaty",
                                                                   limit=None).total
    text = ok(run(runner, "show", "collective_security_treaty", index=built_engine_index))
    assert "Short forms (only in documents naming it in full): en Treaty; ru Договор" in text


def test_show_scoped_names_with_their_notes(runner, built_index):
    text = ok(run(runner, "show", "csto", index=built_index))
    assert f"Scoped to {TH_DOC}, th: คสช." in text
    assert "machine translation renders ОДКБ" in text
    data = json.loads(ok(run(runner, "show", "csto", "--format", "json", index=built_index)))
    g7 = next(s for s in data["scoped"] if s["names"] == ["G7"])
    assert g7["lang"] == "en" and "семёрка" in g7["note"]
    by_name = {(n["text"], n["only_in_document"]): n["passages"] for n in data["passages"]["by_name"]}
    assert by_name[("คสช.", TH_DOC)] >= 1


def test_show_an_unknown_concept(runner, built_index):
    result = run(runner, "show", "terorism", index=built_index)
    assert result.exit_code == 2
    assert result.output.strip() == "Error: no concept 'terorism' in the glossary; did you mean terrorism?"


# --- search: the reading of a text -------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Council of Foreign Ministers", [("Council of Foreign Ministers", ["council_of_foreign_ministers"], [])]),
    ("Устав ОДКБ 2002", [("Устав ОДКБ", ["csto_charter"], []), ("2002", [], [])]),
    ("extremist", [("extremist", ["extremism"], [])]),
    ("เลขาธิการ CSTO", [("เลขาธิการ CSTO", ["secretary_general"], [])]),
])
def test_search_says_which_concepts_a_text_names(runner, text, expected):
    data = json.loads(ok(run(runner, "search", text, "--format", "json")))
    got = [(u["text"], [c["id"] for c in u["concepts"]], [c["id"] for c in u["ambiguous"]]) for u in data["units"]]
    assert got == expected


def test_search_reports_an_ambiguous_part(runner):
    data = json.loads(ok(run(runner, "search", "Charter", "--format", "json")))
    (unit,) = data["units"]
    assert unit["concepts"] == [] and {"csto_charter", "un_charter"} <= {c["id"] for c in unit["ambiguous"]}
    assert "ambiguous: part of" in ok(run(runner, "search", "Charter"))


# --- suggest: the to-do list follows the glossary ------------------------------------------

def suggested(runner, corpus, index, lang) -> dict[str, dict]:
    data = json.loads(ok(run(runner, "suggest", "--lang", lang, "--top", "1000", "--format", "json",
                             corpus=corpus, index=index)))
    return {w["term"]: w for w in data[lang]}


def test_suggest_stops_listing_a_word_a_concept_takes(runner, corpus, built_engine_index):
    before = suggested(runner, corpus, built_engine_index, "ru")
    assert before["стабильность"]["count"] == before["стабильность"]["uncovered"] == 4
    assert before["стабильность"]["passages"] == 3
    assert "таджикистан" not in before and "одкб" not in before  # names of concepts
    assert "и" not in before and not any(t.isdigit() for t in before)  # stop words, numbers

    def add(concepts):
        concepts.append({"id": "stability", "kind": "term", "en": ["stability"], "ru": ["стабильность"]})
    edit_glossary(corpus, add)
    after = suggested(runner, corpus, built_engine_index, "ru")
    assert "стабильность" not in after and set(after) < set(before)


def test_suggest_counts_only_occurrences_outside_names(runner, corpus, built_index):
    """безопасность is in the names of the Collective Security Council and others: only its
    occurrences outside them are to do."""
    word = suggested(runner, corpus, built_index, "ru")["безопасность"]
    assert word["count"] == 8 and 0 < word["uncovered"] < word["count"]
    assert "collective_security_council" in word["inside_names_of"]


def test_suggest_leaves_out_the_words_listed_as_not_cross_language(runner, corpus, built_index):
    (corpus / "not_cross_language.yaml").unlink(missing_ok=True)
    assert "являться" in suggested(runner, corpus, built_index, "ru")
    (corpus / "not_cross_language.yaml").write_text(
        "groups:\n  - reason: a copula; it names nothing\n    ru: [является]\n", encoding="utf-8")
    assert "являться" not in suggested(runner, corpus, built_index, "ru")


def test_suggest_table_lists_latin_names_of_the_thai_text_as_english(runner, corpus, built_index):
    """KGB occurs only in Latin letters inside the Thai text: without its concept it is an
    English word to do."""
    edit_glossary(corpus, lambda concepts: concepts.remove(concept(concepts, "kgb")))
    text = ok(run(runner, "suggest", "--lang", "en", "--top", "5", corpus=corpus, index=built_index))
    assert text.startswith("en: ") and "uncovered" in text and "kgb" in text.lower()


# --- check ---------------------------------------------------------------------------------

def check(runner, corpus, index=None, *more):
    result = run(runner, "check", *more, corpus=corpus, index=index)
    return result.exit_code, result.stdout


def test_check_passes_the_glossary(runner, built_index):
    code, out = check(runner, CORPUS, built_index)
    assert code == 0, out
    assert "no problems" in out and "names match nothing in the corpus" in out


def test_check_finds_a_name_in_two_concepts(runner, corpus, built_index):
    def add(concepts):
        concepts.append({"id": "armenia_again", "kind": "state", "en": ["Armenia"], "ru": ["Армении"]})
    edit_glossary(corpus, add)
    code, out = check(runner, corpus, built_index)
    assert code == 1
    assert "the en name 'Armenia' belongs to both 'armenia' and 'armenia_again'" in out
    # Армении is read as Армения: search could not tell the two apart either
    assert "'Армения' (armenia) and 'Армении' (armenia_again), read alike," in out


def test_check_finds_broken_links_and_absent_scoped_names(runner, corpus, built_index):
    def break_it(concepts):
        concept(concepts, "terrorism")["narrower"] = ["international_terrorism", "cyberterrorism"]
        concept(concepts, "csto")["scoped"][0]["th"].append("คำที่ไม่มี")
    edit_glossary(corpus, break_it)
    code, out = check(runner, corpus, built_index)
    assert code == 1
    problems = [line for line in out.splitlines() if "concept 'terrorism'" in line or "คำที่ไม่มี" in line]
    assert len(problems) == 2
    assert "has narrower 'cyberterrorism', which is no concept" in problems[0]
    assert f"is scoped to document {TH_DOC} but does not occur in it" in problems[1]


def test_check_finds_a_key_written_twice(runner, corpus):
    path = corpus / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nconcepts:\n", "\nconcepts:\n\nconcepts:\n", 1),
                    encoding="utf-8")
    code, out = check(runner, corpus)
    assert code == 1 and "the key 'concepts' appears a second time" in out
    assert "no index" in out  # and the rest is still checked


def test_check_finds_an_exclusion_that_is_a_name(runner, corpus, built_index):
    (corpus / "not_cross_language.yaml").write_text(
        "groups:\n  - reason: general words\n    ru: [Армения, регион, регион]\n  - ru: [страна]\n", encoding="utf-8")
    code, out = check(runner, corpus, built_index)
    assert code == 1
    assert "the ru word 'Армения' is listed as not cross-language but is a name of 'Armenia'" in out
    assert "the ru word 'регион' is already listed in group 1" in out
    assert "group 2 has no 'reason'" in out


def test_check_json_lists_unmatched_names_per_language(runner, built_index):
    code, out = check(runner, CORPUS, built_index, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["problems"] == []
    unmatched = {(lang, n["name"]) for lang, names in data["unmatched"].items() for n in names}
    assert ("ja", "テロリズム") in unmatched and ("th", "การก่อการร้าย") not in unmatched


def test_commands_refuse_a_broken_glossary_in_one_sentence(runner, corpus, built_index):
    (corpus / "glossary.yaml").write_text("concepts:\n  - id: a\n    kind: nonsense\n    en: [a]\n", encoding="utf-8")
    result = run(runner, "list", corpus=corpus, index=built_index)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "kind 'nonsense'" in result.output and "glossary check" in result.output
