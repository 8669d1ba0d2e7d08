"""How queries are read, on the seed texts with both engines: names typed without quotes,
parts of names, word families, narrower concepts, and what quotes mean."""

from __future__ import annotations

import pytest

from cstocorpus.query import parse
from cstocorpus.query.compiler import compile_query
from cstocorpus.search import search


def reading(index, query: str, literal: bool = False) -> list[tuple[str, str, tuple[str, ...]]]:
    """(text, how, concepts) of each unit of the query."""
    return [(u.text, u.how, u.concepts) for u in compile_query(parse(query), index.glossary, literal).units]


def reasons(result) -> set[str]:
    return {m["reason"] for h in result.hits for m in h.matched}


def ids(result) -> set[str]:
    return {h.passage["passage_id"] for h in result.hits}


# --- class 1: names typed without quotes ------------------------------------------------------


@pytest.mark.parametrize("query, concept", [
    ("Council of Foreign Ministers", "council_of_foreign_ministers"),
    ("Совет министров иностранных дел", "council_of_foreign_ministers"),
    ("CSTO Charter", "csto_charter"),
    ("Устав ОДКБ", "csto_charter"),
    ("กฎบัตร CSTO", "csto_charter"),  # across scripts
    ("CSTO憲章", "csto_charter"),  # one word holding two scripts
])
def test_unquoted_names_are_read_as_their_concept(engine_index, query, concept):
    assert reading(engine_index, query) == [(query, "name", (concept,))]
    unquoted = search(engine_index, query, limit=None)
    quoted = search(engine_index, f'"{query}"', limit=None)
    assert unquoted.total > 0 and ids(quoted) <= ids(unquoted)


@pytest.mark.parametrize("query", ["กฎบัตร CSTO", "Совет коллективной безопасности", "คาซัคสถาน อาร์เมเนีย"])
def test_reading_a_name_never_loses_what_the_words_find(engine_index, query):
    """Unquoted, the words of a name still find the passages that have them apart (tier 1,
    with the name in a row ranked first): reading adds, it never takes away."""
    literal = ids(search(engine_index, query, limit=None, literal=True))
    read = search(engine_index, query, limit=None)
    assert literal and literal <= ids(read)
    assert {h.passage["passage_id"] for h in read.hits if h.tier == 1} == literal


def test_unquoted_names_without_glossary_help_stay_words(engine_index):
    assert search(engine_index, "Council of Foreign Ministers", limit=None, literal=True).total == 0
    assert reading(engine_index, "Council of Foreign Ministers", literal=True) == [
        (w, "word", ()) for w in ("Council", "of", "Foreign", "Ministers")]


def test_names_and_other_words_in_one_query(engine_index):
    """The longest run that is a name wins; the words left over are ANDed as words."""
    units = reading(engine_index, "Kazakhstan Collective Rapid Reaction Forces 2015")
    assert units == [("Kazakhstan", "name", ("kazakhstan",)),
                     ("Collective Rapid Reaction Forces", "name", ("collective_rapid_reaction_forces",)),
                     ("2015", "word", ())]
    result = search(engine_index, "Kazakhstan Collective Rapid Reaction Forces 2015", limit=None)
    assert result.total >= 1
    assert all("2015" in h.passage["text"] or "2558" in h.passage["text"] for h in result.hits)


def test_a_word_with_a_symbol_inside_is_not_split(engine_index):
    assert reading(engine_index, "CSTO~2") == [("CSTO~2", "word", ())]
    assert search(engine_index, "CSTO~2", limit=None).total == 0


def test_a_japanese_word_holding_a_name_and_a_word(engine_index):
    units = reading(engine_index, "集団安全保障条約機構設立")
    assert units[0] == ("集団安全保障条約機構", "name", ("csto",))
    assert units[1][1] == "word"


# --- class 2: parts of names ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Secretary General", "Генеральный секретарь", "事務局長"])
def test_a_distinctive_part_reaches_its_concept(engine_index, query):
    assert reading(engine_index, query) == [(query, "part", ("secretary_general",))]
    result = search(engine_index, query, limit=None)
    assert result.total >= 5
    assert "glossary: CSTO Secretary General" in reasons(result)


def test_an_ambiguous_part_is_reported_not_guessed(engine_index):
    compiled = compile_query(parse("Charter"), engine_index.glossary)
    (unit,) = compiled.units
    assert unit.how == "word" and not unit.concepts
    assert {"csto_charter", "un_charter"} <= set(unit.ambiguous)
    # no concept's names are searched: only the word, its translations and its transliteration
    assert not any(r.reason.startswith(("glossary", "family", "narrower")) for r in compiled.spec.rules)


# --- class 3: word families ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["extremism", "extremist", "экстремизм", "экстремистский", "экстремисты",
                                   "過激主義", "過激派", "ลัทธิสุดโต่ง", "สุดโต่ง"])
def test_every_member_of_a_family_finds_the_concept(engine_index, query):
    result = search(engine_index, query, limit=None)
    baseline = search(engine_index, "extremism", limit=None)
    assert ids(result) == ids(baseline) and result.total >= 4


@pytest.mark.parametrize("query", ["ก่อการร้าย", "การก่อการร้าย", "ผู้ก่อการร้าย", "terrorism", "terrorist",
                                   "террорист", "テロリスト"])
def test_thai_derivation_does_not_decide_whether_terrorism_is_found(engine_index, query):
    result = search(engine_index, query, limit=None)
    assert result.total >= 17
    texts = {m["text"] for h in result.hits for m in h.matched}
    assert {"การก่อการร้าย", "ก่อการร้าย"} & texts


def test_the_family_finds_passages_that_only_use_a_derived_word(engine_index):
    """Line 65 of the Thai text has only ผู้ก่อการร้าย (terrorists); a search for terrorism
    finds it through the family, and says so."""
    result = search(engine_index, "terrorism", limit=None)
    line65 = [h for h in result.hits if h.passage["lines"][0] == 65]
    assert line65
    assert any(m["reason"] == "family: terrorism" for m in line65[0].matched)


# --- class 5: narrower concepts, and quotes ---------------------------------------------------------


def test_narrower_concepts_are_followed_and_said(engine_index):
    result = search(engine_index, "organized crime", limit=None)
    assert any(r.startswith("narrower: ") for r in reasons(result))
    narrower = {r for r in reasons(result) if r.startswith("narrower: ")}
    assert "narrower: drug trafficking" in narrower or "narrower: transnational organized crime" in narrower


def test_a_quoted_name_is_its_exact_wording_then_its_other_names_only(engine_index):
    """``"международному терроризму"`` is international terrorism: its names in other
    languages, never every passage on terrorism (its broader concept)."""
    quoted = search(engine_index, '"международному терроризму"', limit=None)
    broader = search(engine_index, "терроризм", limit=None)
    literal = search(engine_index, '"международному терроризму"', limit=None, literal=True)
    assert literal.total == 1
    assert literal.total < quoted.total < broader.total
    assert all(r in ("lemma", "glossary: international terrorism") for r in reasons(quoted))


def test_a_quoted_concept_leaves_out_family_and_narrower(engine_index):
    unquoted = reasons(search(engine_index, "terrorism", limit=None))
    quoted = reasons(search(engine_index, '"terrorism"', limit=None))
    assert "family: terrorism" in unquoted and "narrower: international terrorism" in unquoted
    assert not any(r.startswith(("family", "narrower")) for r in quoted)
