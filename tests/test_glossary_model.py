"""The glossary as the search uses it: the loader's checks and links, word families by rule,
parts of names, and the analyzed glossary stored with the index."""

from __future__ import annotations

import pytest

from cstocorpus.glossary import AnalyzedGlossary, load_glossary
from cstocorpus.glossary.families import family_key, family_variants
from cstocorpus.glossary.load import GlossaryError, glossary_from_data

from .conftest import CORPUS


def _concept(ident, **more):
    return {"id": ident, "kind": "term", "en": [ident.replace("_", " ")], **more}


@pytest.mark.parametrize("concepts, message", [
    ([_concept("a", narrower=["x"])], "concept 'a' has narrower 'x', which is no concept"),
    ([_concept("a", broader=["a"])], "concept 'a' lists itself as broader"),
    ([_concept("a", broader=["b"]), _concept("b", broader=["c"]), _concept("c", broader=["a"])],
     "the broader links go round in a circle: a → b → c → a"),
    ([_concept("a", related=["b"], narrower=["b"]), _concept("b")], "linked as both related and broader/narrower"),
    ([_concept("a", famly={"en": ["x"]})], "concept 'a' has an unknown key 'famly'"),
    ([_concept("a", family={"xx": ["x"]})], "'family' must map languages"),
    ([_concept("a", family={"en": "x"})], None),  # a single word is a list of one
    ([_concept("a", short={"xx": ["a"]})], "'short' must map languages"),
    ([_concept("a", short=["a"])], "'short' must map languages"),
    ([_concept("a", narrower="b"), _concept("b")], None),
])
def test_loader_checks_links_and_keys(concepts, message):
    data = {"concepts": concepts}
    if message is None:
        glossary_from_data(data)
        return
    with pytest.raises(GlossaryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        glossary_from_data(data)


@pytest.mark.parametrize("text, line, key", [
    ("concepts:\n# a commented header\nconcepts:\n  - {id: a, kind: term, en: [a]}\n", 3, "concepts"),
    ("concepts:\n  - id: a\n    kind: term\n    en: [a]\n    en: [b]\n", 5, "en"),
])
def test_the_loader_refuses_a_key_written_twice(tmp_path, text, line, key):
    """PyYAML keeps the last of two equal keys without a word: a second ``concepts:`` would
    silently drop every concept above it."""
    (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=f"line {line}: the key '{key}' appears a second time"):
        load_glossary(tmp_path)


def test_links_are_completed_at_both_ends():
    g = glossary_from_data({"concepts": [_concept("crime", narrower=["drugs"]), _concept("drugs"),
                                         _concept("arms", broader=["crime"], related=["drugs"])]})
    by_id = {c.id: c for c in g.concepts}
    assert by_id["crime"].narrower == ("drugs", "arms")
    assert by_id["drugs"].broader == ("crime",) and by_id["drugs"].related == ("arms",)


@pytest.mark.parametrize("members", [
    [("terrorism",), ("terrorist",), ("terroristic",)],
    [("терроризм",), ("террорист",), ("террористический",)],
    [("экстремизм",), ("экстремист",), ("экстремистский",)],
    [("миротворчество",), ("миротворец",), ("миротворческий",)],
    [("интеграция",), ("интеграционный",)],
    [("テロリズム",), ("テロリスト",), ("テロ",)],
    [("過激", "主義"), ("過激", "派"), ("過激", "主義", "者")],
    [("การ", "ก่อการร้าย"), ("ผู้", "ก่อการร้าย"), ("กลุ่ม", "ก่อการร้าย"), ("องค์กร", "ก่อการร้าย"), ("ก่อการร้าย",)],
    [("ลัทธิ", "สุด", "โต่ง"), ("สุด", "โต่ง")],
    # linking words inside a Thai phrase come and go
    [("การ", "ย้าย", "ถิ่น", "อย่าง", "ผิด", "กฎหมาย"), ("การ", "ย้าย", "ถิ่น", "ผิด", "กฎหมาย")],
    # ทาง / ด้าน ("in the field of") and an inner การ make an adjective, one for another
    [("ความร่วมมือ", "ด้าน", "เทคนิค", "ทาง", "ทหาร"), ("ความร่วมมือ", "ทาง", "เทคนิค", "การ", "ทหาร"),
     ("ความร่วมมือ", "ทาง", "เทคนิค", "ทาง", "การ", "ทหาร")],
])
def test_word_families_meet_under_one_key(members):
    keys = {family_key(m) for m in members}
    assert len(keys) == 1, keys
    first, *rest = members
    found = set(family_variants(first)) | {first}
    assert all(m in found or family_key(m) in found for m in rest)


@pytest.mark.parametrize("word", [("state",), ("csto",), ("одкб",), ("казахстан",), ("bring",), ("отец",),
                                  ("system",), ("協定",)])
def test_short_and_ordinary_words_have_no_family(word):
    assert family_key(word) == word and family_variants(word) == []


@pytest.fixture(scope="module")
def analyzed() -> AnalyzedGlossary:
    return AnalyzedGlossary.build(load_glossary(CORPUS))


@pytest.mark.parametrize("lemmas, concepts", [
    (("secretary", "general"), ("secretary_general",)),
    (("генеральный", "секретарь"), ("secretary_general",)),
    (("事務", "局", "長"), ("secretary_general",)),
    (("secretariat",), ("secretariat",)),
    (("事務", "局"), ("secretariat",)),  # 事務局長 holds it only as 事務局 + the office suffix 長
    (("military", "committee"), ("military_committee",)),
])
def test_distinctive_parts_reach_their_concept(analyzed, lemmas, concepts):
    found = analyzed.lookup(lemmas, lemmas)
    assert found is not None and found.how == "part" and found.concepts == concepts


@pytest.mark.parametrize("lemmas, some", [
    (("charter",), {"csto_charter", "un_charter"}),
    (("устав",), {"csto_charter", "un_charter"}),
    (("security", "council"), {"collective_security_council", "un_security_council"}),
    (("เลขาธิการ",), {"secretariat", "secretary_general"}),
])
def test_ambiguous_parts_reach_no_concept(analyzed, lemmas, some):
    found = analyzed.lookup(lemmas, lemmas)
    assert found is not None and not found.concepts and some <= set(found.ambiguous)


@pytest.mark.parametrize("lemmas", [("system",), ("система",), ("pa",), ("rats",), ("白",), ("長",), ("council",)])
def test_ordinary_words_abbreviations_and_scoped_names_are_no_parts(analyzed, lemmas):
    found = analyzed.lookup(lemmas, lemmas)
    assert found is None or not found.concepts


def test_family_lookup_and_collisions(analyzed):
    assert analyzed.lookup(("extremist",), ("extremists",)).concepts == ("extremism",)
    assert analyzed.lookup(("ก่อการร้าย",), ("ก่อการร้าย",)).concepts == ("terrorism",)
    # องค์การสนธิสัญญาความมั่นคงร่วม without องค์การ is the Treaty's name: no family of the CSTO
    treaty = ("สนธิสัญญา", "ความ", "มั่นคง", "ร่วม")
    assert not any(a.concept == "csto" and a.lemmas == treaty for a in analyzed.aliases)
    assert analyzed.lookup(treaty, treaty).concepts == ("collective_security_treaty",)


def test_narrower_closure_follows_links_down_only(analyzed):
    assert "drug_trafficking" in analyzed.narrower_closure("organized_crime")  # through transnational crime
    assert "organized_crime" not in analyzed.narrower_closure("drug_trafficking")


def test_json_round_trip_and_older_indexes(analyzed):
    again = AnalyzedGlossary.from_json(analyzed.to_json())
    assert again.aliases == analyzed.aliases and again.parts == analyzed.parts
    assert again.concepts == analyzed.concepts
    names_only = [a for a in analyzed.to_json()["aliases"] if a["role"] == "name"]
    old = AnalyzedGlossary.from_json([{k: v for k, v in a.items() if k != "role"} for a in names_only])
    assert old.concepts_named(("armenia",), ("armenia",)) == ["armenia"]


def test_thai_linking_words_do_not_join_phrases_of_other_content_words():
    assert family_key(("ความร่วมมือ", "ทาง", "ทหาร")) != family_key(("ความร่วมมือ", "ทาง", "เทคนิค"))
    assert family_key(("ความร่วมมือ", "ทาง", "เทคนิค", "ทาง", "ทหาร")) != family_key(("ความร่วมมือ", "ทาง", "ทหาร"))


def test_office_suffixes_make_another_word():
    from cstocorpus.glossary.parts import holds

    assert not holds(("csto", "事務", "局", "長"), ("事務", "局"))
    assert holds(("csto", "事務", "局"), ("事務", "局"))
    assert holds(("secretary", "general"), ("secretary",))  # not Japanese: no suffix rule


def test_short_forms_are_kept_apart_from_names_and_survive_the_index():
    """Short forms are stored with the analyzed glossary but are no name, family word or
    part: a query never reads them as the concept (``query.context`` searches them)."""
    analyzed = AnalyzedGlossary.build(load_glossary(CORPUS))
    shorts = analyzed.shorts_of("collective_security_treaty")
    assert {(a.lang, a.lemmas) for a in shorts} >= {("th", ("สนธิสัญญา",)), ("ru", ("договор",))}
    assert analyzed.lookup(("договор",), ("договор",)) is None
    again = AnalyzedGlossary.from_json(analyzed.to_json())
    assert again.shorts_of("collective_security_treaty") == shorts
