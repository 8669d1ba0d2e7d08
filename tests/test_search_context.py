"""Names that count only in context, and queries read by the words of a name, on the seed
texts with both engines (``query.context``, ``AnalyzedGlossary.by_words``).

Judged passages of the Thai text (002_0cdda2ff3fc24d48) are named by their first line."""

from __future__ import annotations

import pytest

from cstocorpus.glossary.analyzed import close_thai
from cstocorpus.query import parse
from cstocorpus.query.compiler import compile_query
from cstocorpus.query.context import documents_naming
from cstocorpus.search import search

THAI = "002_0cdda2ff3fc24d48"


def reading(index, query: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(u.text, u.how, u.concepts) for u in compile_query(parse(query), index.glossary).units]


def passage_at(index, line: int, doc: str = THAI) -> dict:
    return next(p for p in index.all_stored() if p["doc_id"] == doc and p["lines"][0] == line)


def reasons_at(result, line: int, doc: str = THAI) -> set[str]:
    return {m["reason"] for h in result.hits if h.passage["doc_id"] == doc and h.passage["lines"][0] == line
            for m in h.matched}


def found_lines(result, doc: str = THAI) -> set[int]:
    return {h.passage["lines"][0] for h in result.hits if h.passage["doc_id"] == doc}


# --- short forms: the head word where the document names the concept in full -----------------

SHORT_CST = "short: Collective Security Treaty (named in full in this document)"


def test_a_short_form_finds_the_concept_where_its_document_names_it(engine_index):
    # Line 61: «สนธิสัญญามีส่วนในการสร้างกองกำลัง…» — "the Treaty", named in full elsewhere.
    assert "สนธิสัญญา" in passage_at(engine_index, 61)["text"]
    for query in ("Collective Security Treaty", "Договор о коллективной безопасности", "集団安全保障条約"):
        result = search(engine_index, query, limit=None)
        assert SHORT_CST in reasons_at(result, 61), query
        matched = [m for h in result.hits if h.passage["lines"][0] == 61 for m in h.matched]
        assert {m["text"] for m in matched if m["reason"] == SHORT_CST} == {"สนธิสัญญา"}


def test_a_short_form_inside_another_concepts_name_does_not_count(engine_index):
    # Line 3 names the CSTO (องค์การสนธิสัญญาความมั่นคงร่วม): its สนธิสัญญา is the organization's.
    assert "องค์การสนธิสัญญาความมั่นคงร่วม" in passage_at(engine_index, 3)["text"]
    result = search(engine_index, "Collective Security Treaty", limit=None)
    assert SHORT_CST not in reasons_at(result, 3)
    # Line 300's กฎบัตร is the UN Charter's (กฎบัตรสหประชาชาติ): not the CSTO Charter.
    assert "กฎบัตรสหประชาชาติ" in passage_at(engine_index, 300)["text"]
    assert 300 not in found_lines(search(engine_index, "CSTO Charter", limit=None))


def test_short_forms_only_in_documents_naming_the_concept(engine_index):
    naming = documents_naming(engine_index)
    assert THAI in naming("collective_security_treaty")
    result = search(engine_index, "Collective Security Treaty", limit=None)
    for h in result.hits:
        if any(m["reason"] == SHORT_CST for m in h.matched):
            assert h.passage["doc_id"] in naming("collective_security_treaty")
    # Without documents to search them in, short forms find nothing.
    none = compile_query(parse("Collective Security Treaty"), engine_index.glossary, naming=lambda c: ())
    assert not [r for r in none.spec.rules if r.reason.startswith("short: ")]


def test_short_forms_are_never_a_reading_nor_searched_when_quoted_or_literal(engine_index):
    assert reading(engine_index, "Treaty") == [("Treaty", "word", ())]
    for result in (search(engine_index, '"Collective Security Treaty"', limit=None),
                   search(engine_index, "Collective Security Treaty", limit=None, literal=True)):
        assert not any(m["reason"].startswith("short: ") for h in result.hits for m in h.matched)


# --- a part of a name with its qualifier in the passage --------------------------------------


def test_a_part_with_its_qualifier_in_the_passage_finds_the_concept(engine_index):
    # Line 37: «กฎบัตรและข้อตกลงเกี่ยวกับสถานะทางกฎหมายของ CSTO…»: the Charter, the CSTO apart.
    for query in ("CSTO Charter", "Устав ОДКБ", "CSTO憲章"):
        result = search(engine_index, query, limit=None)
        assert "part with CSTO in the passage: CSTO Charter" in reasons_at(result, 37), query
    # Line 172: «หน่วยงานถาวรของ CSTO คือ สำนักเลขาธิการ…»: the Secretariat.
    assert "part with CSTO in the passage: CSTO Secretariat" in reasons_at(
        search(engine_index, "Secretariat", limit=None), 172)


# --- the words of a name, in another order or with words left out ----------------------------


@pytest.mark.parametrize("query, concept", [
    ("treaty extension protocol", "protocol_treaty_extension"),
    ("Протокол о продлении Договора", "protocol_treaty_extension"),
    ("条約延長議定書", "protocol_treaty_extension"),
    ("พิธีสารขยายสนธิสัญญา", "protocol_treaty_extension"),
    ("Security Council secretaries", "committee_of_secretaries_of_security_councils"),
])
def test_the_words_of_a_name_in_any_order_reach_the_concept(engine_index, query, concept):
    assert reading(engine_index, query) == [(query, "words", (concept,))]
    result = search(engine_index, query, limit=None)
    assert result.total > 0
    assert any(m["reason"].startswith("glossary: ") for h in result.hits for m in h.matched)


def test_line_304_protocol_is_found_from_reordered_words(engine_index):
    # «…ได้ลงนามในพิธีสารว่าด้วยการขยายสนธิสัญญาความมั่นคงร่วม…»
    assert 304 in found_lines(search(engine_index, "treaty extension protocol", limit=None))


@pytest.mark.parametrize("query, expected", [
    ("Kyrgyzstan Tajikistan", [("Kyrgyzstan", "name", ("kyrgyzstan",)), ("Tajikistan", "name", ("tajikistan",))]),
    ("international cooperation", [("international", "word", ()), ("cooperation", "word", ())]),
])
def test_names_and_plain_words_are_not_taken_for_another_name(engine_index, query, expected):
    assert reading(engine_index, query) == expected


# --- Thai names worded differently -----------------------------------------------------------


def test_close_thai_words():
    assert close_thai("ตอบโต้", "ตอบสนอง") and close_thai("เร็ว", "รวดเร็ว")
    assert not close_thai("เร็ว", "ร่วม") and not close_thai("กองกำลัง", "ปฏิกิริยา")


def test_a_thai_name_worded_differently_reaches_its_concept(engine_index):
    query = "กองกำลังตอบโต้เร็ว"  # the text: กองกำลังปฏิกิริยาตอบสนองอย่างรวดเร็ว
    assert reading(engine_index, query) == [(query, "close", ("collective_rapid_reaction_forces",))]
    assert ({h.passage["passage_id"] for h in search(engine_index, query, limit=None).hits}
            == {h.passage["passage_id"] for h in search(engine_index, "Collective Rapid Reaction Forces",
                                                         limit=None).hits})
