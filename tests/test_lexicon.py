"""General vocabulary across languages through packaged dictionaries (class 4): JMdict for
Japanese ↔ English, PyThaiNLP's loanword list for Thai ↔ English; on the seed texts, both
engines.  Such matches carry their own reason, never a glossary one."""

from __future__ import annotations

import pytest

from cstocorpus.lexicon import translations
from cstocorpus.lexicon.jmdict import HEADER
from cstocorpus.search import search


def reasons(result) -> set[str]:
    return {m["reason"] for h in result.hits for m in h.matched}


@pytest.mark.parametrize("word, lang, expected", [
    ("主権", "ja", ("en", "sovereignty")),
    ("批准", "ja", ("en", "ratification")),
    ("ratification", "en", ("ja", "批准")),
    ("literature", "en", ("ja", "文献")),
    ("cyber", "en", ("th", "ไซเบอร์")),
    ("ไซเบอร์", "th", ("en", "cyber")),
])
def test_packaged_dictionaries_translate_general_words(word, lang, expected):
    assert expected in {(t.lang, t.text) for t in translations(word, lang)}


def test_a_translation_finds_the_other_language_with_its_own_reason(engine_index):
    literature = search(engine_index, "literature", limit=None)
    assert literature.total == 3 and {h.passage["lang"] for h in literature.hits} == {"ja"}
    assert reasons(literature) == {"dictionary: 文献 (JMdict)"}
    cyber = search(engine_index, "cyber", limit=None)
    assert cyber.total >= 1 and "dictionary: ไซเบอร์ (PyThaiNLP loanwords)" in reasons(cyber)
    assert search(engine_index, "literature", limit=None, literal=True).total == 0
    assert search(engine_index, '"literature"', limit=None).total == 0  # quotes: the exact wording


def test_the_reading_counts_dictionary_names(engine_index):
    unit = search(engine_index, "literature").interpretation["units"][0]
    assert unit["read_as"] == "word" and unit["searched"]["dictionary"] == 3  # 文献, 書籍, 文学


def test_the_derived_list_says_where_it_comes_from():
    from importlib import resources

    text = (resources.files("cstocorpus.lexicon") / "data" / "ja_en_jmdict.tsv").read_text(encoding="utf-8")
    assert text.startswith(HEADER.split("%s")[0]) and "CC BY-SA 4.0" in text.splitlines()[1]
    assert len(text.splitlines()) > 15000


def test_function_words_are_not_translated(engine_index):
    """``the`` glosses 其の in JMdict; searching that would find any Japanese text."""
    rules = search(engine_index, "the", explain=True).interpretation["expansion"]
    assert not any(r["reason"].startswith("dictionary") for r in rules)
