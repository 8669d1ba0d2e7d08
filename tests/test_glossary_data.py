"""Structural checks of the data in corpus/glossary.yaml (no index, no search).

The glossary is edited by hand; these tests catch what a reviewer would miss in a diff: a
duplicated id or alias, a typo in a kind, a scoped alias that the document does not contain,
a name a seed text uses that is missing, a new ОДКБ-rendering abbreviation left unmapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GLOSSARY = CORPUS / "glossary.yaml"
JA_DOC = "000_3d49c9bf8a994c0c"
TH_DOC = "002_0cdda2ff3fc24d48"

LANGS = ("ru", "th", "ja", "en")
KINDS = {"organization", "body", "state", "former_state", "capital", "city", "person", "document", "term",
         "region"}
LINKS = ("broader", "narrower", "related")
CONCEPT_KEYS = {"id", "kind", "scoped", "family", "short", "note", *LINKS, *LANGS}
SCOPE_KEYS = {"doc", "note", *LANGS}

# Aliases deliberately shared by two concepts in one language: {(lang, alias): {concept ids}}.
# Empty: every name means one concept. Add an entry only with a comment saying why.
SHARED_ALIASES: dict[tuple[str, str], set[str]] = {}

# Dotted Thai abbreviations in the Thai text that are NOT renderings of ОДКБ or its organs.
TH_ABBREVIATIONS_NOT_MAPPED = {
    "พ.ศ.",  # Buddhist era, in dates
    "ศ.",  # the tail of "ปีพ. ศ. 2547" (a split พ.ศ.)
}

# (concept, language, alias, document): names the seed texts use that must stay in the
# glossary; the alias must be a name of the concept (everywhere, or scoped to that document)
# and must occur in that document's source file.
SEED_NAMES = [
    ("csto", "en", "CSTO", TH_DOC),
    ("csto", "en", "ODKB", TH_DOC),
    ("csto", "th", "องค์การสนธิสัญญาความมั่นคงร่วม", TH_DOC),
    ("csto", "th", "คสช.", TH_DOC),
    ("csto", "th", "กสทช.", TH_DOC),
    ("csto", "th", "กศน.", TH_DOC),
    ("csto", "ru", "ОДКБ", JA_DOC),
    ("armenia", "th", "อาร์เมเนีย", TH_DOC),
    ("belarus", "th", "เบลารุส", TH_DOC),
    ("kazakhstan", "th", "คาซัคสถาน", TH_DOC),
    ("kazakhstan", "th", "สาธารณรัฐคาซัคสถาน", TH_DOC),
    ("kazakhstan", "ja", "カザフスタン", JA_DOC),
    ("kazakhstan", "ru", "Казахстан", JA_DOC),
    ("kyrgyzstan", "th", "คีร์กีซสถาน", TH_DOC),
    ("kyrgyzstan", "th", "สาธารณรัฐคีร์กีซ", TH_DOC),
    ("kyrgyzstan", "en", "Kyrgyzstan", TH_DOC),
    ("kyrgyzstan", "ja", "クルグズスタン", JA_DOC),
    ("kyrgyzstan", "ru", "Кыргызстан", JA_DOC),
    ("russia", "th", "รัสเซีย", TH_DOC),
    ("russia", "th", "สหพันธรัฐรัสเซีย", TH_DOC),
    ("tajikistan", "th", "ทาจิกิสถาน", TH_DOC),
    ("tajikistan", "ja", "タジキスタン", JA_DOC),
    ("tajikistan", "ru", "Таджикистан", JA_DOC),
    ("uzbekistan", "th", "อุซเบกิสถาน", TH_DOC),
    ("collective_security_council", "th", "คณะมนตรีความมั่นคงร่วม", TH_DOC),
    ("collective_security_council", "en", "Collective Security Council", TH_DOC),
    ("collective_security_council", "en", "CSC", TH_DOC),
    ("council_of_foreign_ministers", "th", "ครม.", TH_DOC),
    ("council_of_defence_ministers", "en", "CMO", TH_DOC),
    ("committee_of_secretaries_of_security_councils", "th", "คณะกรรมการเลขาธิการคณะมนตรีความมั่นคง", TH_DOC),
    ("parliamentary_assembly", "en", "CSTO PA", TH_DOC),
    ("parliamentary_assembly", "th", "ป.ป.ช.", TH_DOC),
    ("joint_staff", "th", "สำนักงานใหญ่ร่วม", TH_DOC),
    ("collective_rapid_reaction_forces", "en", "CRRF", TH_DOC),
    ("collective_rapid_reaction_forces", "ru", "КСОР", JA_DOC),
    ("collective_aviation_forces", "th", "กองกำลังการบินร่วม", TH_DOC),
    ("peacekeeping_forces", "th", "กองกำลังรักษาสันติภาพ", TH_DOC),
    ("peacekeeping", "th", "การรักษาสันติภาพ", TH_DOC),
    ("terrorism", "th", "การก่อการร้าย", TH_DOC),
    ("extremism", "th", "ลัทธิสุดโต่ง", TH_DOC),
    ("drug_trafficking", "th", "การค้ายาเสพติด", TH_DOC),
    ("illegal_migration", "th", "การย้ายถิ่นอย่างผิดกฎหมาย", TH_DOC),
    ("military_technical_cooperation", "th", "ความร่วมมือทางวิชาการทางทหาร", TH_DOC),
    ("joint_exercises", "th", "การฝึกร่วม", TH_DOC),
    ("medvedev", "en", "Medvedev", TH_DOC),
    ("medvedev", "th", "เมดเวเดฟ", TH_DOC),
    ("volodin", "en", "Volodin", TH_DOC),
    ("naryshkin", "en", "Naryshkin", TH_DOC),
    ("bordyuzha", "en", "Nikolai Bordyuzha", TH_DOC),
    ("lukashenko", "en", "Alexander Lukashenko", TH_DOC),
    ("lukashenko", "th", "อเล็กซานเดอร์ ลูกาเชนโก", TH_DOC),
    ("yeltsin", "th", "บอริส เยลต์ซิน", TH_DOC),
    ("collective_security_treaty", "ja", "集団安全保障条約", JA_DOC),
    ("collective_security_treaty", "th", "สนธิสัญญาความมั่นคงร่วม", TH_DOC),
    ("csto_charter", "ja", "CSTO憲章", JA_DOC),
    ("peacekeeping_agreement", "ja", "平和維持軍に関する合意", JA_DOC),
    ("cis", "en", "CIS", TH_DOC),
    ("sco", "en", "SCO", TH_DOC),
    ("eaeu", "en", "EAEU", TH_DOC),
    ("nato", "en", "NATO", TH_DOC),
    ("un", "th", "สหประชาชาติ", TH_DOC),
    ("osce", "en", "OSCE", TH_DOC),
    ("guam", "th", "กวม", TH_DOC),
    ("dushanbe", "th", "ดูชานเบ", TH_DOC),
    ("yerevan", "th", "เยเรวาน", TH_DOC),
    ("astana", "th", "อัสตานา", TH_DOC),
    ("chisinau", "th", "คีชีเนา", TH_DOC),
    ("tashkent", "th", "ทาชเคนต์", TH_DOC),
]

_SCRIPT = {
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
}
_NOT_LATIN = re.compile(r"[\u0400-\u04ff\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]")


def _key(alias: str) -> str:
    """How two aliases compare: NFC, case-folded, ё = е, runs of spaces as one."""
    text = unicodedata.normalize("NFC", alias).casefold().replace("ё", "е")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def concepts(data) -> list[dict]:
    return data["concepts"]


@pytest.fixture(scope="module")
def by_id(concepts) -> dict[str, dict]:
    return {c["id"]: c for c in concepts}


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    catalog = yaml.safe_load((CORPUS / "catalog.yaml").read_text(encoding="utf-8"))
    return {d["id"]: (CORPUS / d["file"]).read_text(encoding="utf-8") for d in catalog["documents"]}


def _names(concept: dict, family: bool = True):
    """(lang, alias, doc) for every alias of a concept (its family words too, unless not
    ``family``); doc is "" for an unscoped alias."""
    for lang in LANGS:
        for alias in concept.get(lang) or []:
            yield lang, alias, ""
        for alias in (concept.get("family") or {}).get(lang) or [] if family else []:
            yield lang, alias, ""
    for scope in concept.get("scoped") or []:
        for lang in LANGS:
            for alias in scope.get(lang) or []:
                yield lang, alias, scope["doc"]


def test_file_parses_into_a_concepts_list(data, concepts):
    assert isinstance(data, dict) and set(data) == {"concepts"}
    assert isinstance(concepts, list)
    assert 120 <= len(concepts) <= 250
    assert all(isinstance(c, dict) for c in concepts)


def test_the_project_loader_accepts_the_file():
    from cstocorpus.glossary.load import load_glossary

    glossary = load_glossary(CORPUS)
    assert len(glossary.concepts) >= 120


def test_ids_are_unique_and_well_formed(concepts):
    ids = [c.get("id") for c in concepts]
    bad = [i for i in ids if not isinstance(i, str) or not re.fullmatch(r"[a-z0-9_]+", i)]
    assert not bad
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes


def test_kinds_and_keys(concepts):
    for c in concepts:
        assert c.get("kind") in KINDS, c["id"]
        assert set(c) <= CONCEPT_KEYS, (c["id"], set(c) - CONCEPT_KEYS)


def test_every_concept_has_english_and_russian_names(concepts):
    for c in concepts:
        for lang in ("en", "ru"):
            assert isinstance(c.get(lang), list) and c[lang], (c["id"], lang)


def test_aliases_are_clean_strings_in_their_own_script(concepts):
    for c in concepts:
        for lang, alias, doc in _names(c):
            where = (c["id"], lang, alias, doc)
            assert isinstance(alias, str) and alias, where
            assert alias == alias.strip() and "  " not in alias and "\n" not in alias, where
            assert unicodedata.normalize("NFC", alias) == alias, where
            if lang in _SCRIPT:
                assert _SCRIPT[lang].search(alias), where
            else:  # English: Latin script only
                assert not _NOT_LATIN.search(alias), where


def test_no_alias_is_repeated_within_a_concept(concepts):
    for c in concepts:
        seen = set()
        for lang, alias, doc in _names(c):
            key = (lang, _key(alias))
            assert key not in seen, (c["id"], lang, alias)
            seen.add(key)


def test_no_alias_names_two_concepts(concepts):
    """One name, one concept per language; a scoped alias clashes with any alias of another
    concept that applies in its document (unscoped, or scoped to the same document)."""
    owners: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for c in concepts:
        for lang, alias, doc in _names(c):
            owners[(lang, _key(alias))].append((c["id"], doc))
    clashes = []
    for (lang, alias), uses in owners.items():
        ids = {i for i, _ in uses}
        if len(ids) < 2 or SHARED_ALIASES.get((lang, alias)) == ids:
            continue
        for a, doc_a in uses:
            for b, doc_b in uses:
                if a < b and (not doc_a or not doc_b or doc_a == doc_b):
                    clashes.append((lang, alias, a, b))
    assert not clashes


def test_links_name_other_concepts_and_both_ends_agree(concepts, by_id):
    """A link names a concept; the loader completes the other end (``a narrower b`` is ``b
    broader a``), and a concept is never both related to and above or below another."""
    from cstocorpus.glossary.load import load_glossary

    for c in concepts:
        for link in LINKS:
            targets = c.get(link) or []
            assert isinstance(targets, list), (c["id"], link)
            assert all(t in by_id and t != c["id"] for t in targets), (c["id"], link, targets)
    loaded = {c.id: c for c in load_glossary(CORPUS).concepts}
    for c in loaded.values():
        for n in c.narrower:
            assert c.id in loaded[n].broader
        for r in c.related:
            assert c.id in loaded[r].related
            assert r not in c.narrower and r not in c.broader
    assert sum(len(c.narrower) for c in loaded.values()) >= 15


def test_short_forms_are_head_words_of_the_concepts_own_names(concepts):
    """A short form is what a text keeps of a name once it has named the concept: a word of
    one of the concept's names in that language, never a name of its own."""
    for c in concepts:
        short = c.get("short") or {}
        assert isinstance(short, dict) and set(short) <= set(LANGS), c["id"]
        for lang, words in short.items():
            names = [n.casefold() for n in c.get(lang) or []]
            for word in words:
                assert isinstance(word, str) and word.strip(), (c["id"], lang)
                assert word.casefold() not in names, (c["id"], lang, word)
                assert any(word.casefold() in n for n in names), (c["id"], lang, word)


def test_family_words_are_words_of_one_language(concepts):
    for c in concepts:
        family = c.get("family") or {}
        assert isinstance(family, dict) and set(family) <= set(LANGS), c["id"]
        for lang, words in family.items():
            assert isinstance(words, list) and words, (c["id"], lang)


def test_the_shared_alias_exceptions_are_still_needed(concepts):
    for (lang, alias), ids in SHARED_ALIASES.items():
        having = {c["id"] for c in concepts if any(l == lang and _key(a) == alias for l, a, _ in _names(c))}
        assert having == ids, (lang, alias)


def test_scoped_entries_name_a_catalogued_document_and_say_why(concepts, sources):
    for c in concepts:
        scoped = c.get("scoped")
        if scoped is None:
            continue
        assert isinstance(scoped, list) and scoped, c["id"]
        for scope in scoped:
            assert set(scope) <= SCOPE_KEYS, (c["id"], set(scope) - SCOPE_KEYS)
            assert scope.get("doc") in sources, (c["id"], scope.get("doc"))
            assert isinstance(scope.get("note"), str) and scope["note"].strip(), (c["id"], scope["doc"])
            assert any(scope.get(lang) for lang in LANGS), (c["id"], scope["doc"])


def test_every_scoped_alias_occurs_in_its_document(concepts, sources):
    missing = [(c["id"], lang, alias, doc) for c in concepts for lang, alias, doc in _names(c)
               if doc and alias not in sources[doc]]
    assert not missing


@pytest.mark.parametrize(("concept", "lang", "alias", "doc"), SEED_NAMES,
                         ids=[f"{c}-{lang}-{a}" for c, lang, a, _ in SEED_NAMES])
def test_names_used_by_the_seed_texts_are_aliases(by_id, sources, concept, lang, alias, doc):
    assert concept in by_id
    names = {(l, _key(a)) for l, a, d in _names(by_id[concept]) if d in ("", doc)}
    assert (lang, _key(alias)) in names
    assert alias in sources[doc]


def test_seed_name_checks_cover_the_key_concepts():
    covered = {c for c, *_ in SEED_NAMES}
    key = {"csto", "armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan",
           "collective_security_council", "parliamentary_assembly", "peacekeeping", "terrorism",
           "medvedev", "volodin", "naryshkin", "bordyuzha", "collective_security_treaty"}
    assert key <= covered and len(covered) >= 15


def test_every_dotted_thai_abbreviation_of_the_thai_text_is_decided(concepts, sources):
    """The machine translation renders ОДКБ and its organs as Thai agency abbreviations
    (คสช., กสทช., ครม., …); each one found there is a scoped alias, or listed as not one."""
    text = sources[TH_DOC]
    found = set(re.findall(r"(?<![\u0e00-\u0e7f])[\u0e01-\u0e2e]{1,5}\.(?:[\u0e01-\u0e2e]{1,4}\.)*", text))
    scoped = {a for c in concepts for lang, a, doc in _names(c) if doc == TH_DOC and lang == "th"}
    assert found - scoped - TH_ABBREVIATIONS_NOT_MAPPED == set()
    assert not (TH_ABBREVIATIONS_NOT_MAPPED & scoped)


def test_ambiguous_thai_abbreviations_are_never_unscoped(concepts):
    """A Thai agency abbreviation means something else in any other Thai text."""
    for c in concepts:
        for alias in c.get("th") or []:
            assert not re.search(r"[\u0e00-\u0e7f]\.$", alias), (c["id"], alias)
