"""The query parser accepts the documented syntax and refuses everything else with one sentence."""

import re

import pytest

from cstocorpus.query.parser import And, Not, Or, Phrase, QuerySyntaxError, Word, parse


def test_words_are_anded():
    assert parse("Казахстан безопасность") == And((Word("Казахстан"), Word("безопасность")))


def test_phrases_or_not_prefix_and_parentheses():
    tree = parse('"Совет коллективной безопасности" OR (КСОР -Казахстан) безопасн*')
    assert tree == Or((
        Phrase("Совет коллективной безопасности"),
        And((And((Word("КСОР"), Not(Word("Казахстан")))), Word("безопасн", prefix=True))),
    ))


def test_or_binds_looser_than_and():
    assert parse("a b OR c") == Or((And((Word("a"), Word("b"))), Word("c")))


def test_hyphenated_word_is_not_negation():
    assert parse("военно-политической") == Word("военно-политической")
    assert parse("ОДКБ NOT Казахстан") == And((Word("ОДКБ"), Not(Word("Казахстан"))))


def test_typographic_quotes():
    assert parse("«Совет коллективной безопасности»") == Phrase("Совет коллективной безопасности")
    assert parse("「集団安全保障条約」") == Phrase("集団安全保障条約")


@pytest.mark.parametrize("query, reason", [
    ('"unclosed phrase', "unbalanced quote"),
    ("(a b", "never closed"),
    ("a b)", "closes nothing"),
    ("OR a", "needs a word before"),
    ("a OR", "needs a word after"),
    ("a AND", "needs a word after"),
    ("NOT", "needs a word to exclude"),
    ("-a", "only excludes"),
    ("NOT a NOT b", "only excludes"),
    ("a OR -b", "cannot be one side"),
    ("*", "wildcard needs at least one letter"),
    ("a*b", "can only end a word"),
    ('""', "is empty"),
    ("()", "empty parentheses"),
    ("", "empty"),
    ("   \x00\x07 ", "empty"),
    ("x" * 10_000, "limit is 2000 characters"),
    ("(" * 40 + "a" + ")" * 40, "nested"),
    ("((((", "'(' at position 4 is never closed"),
    (")", "')' at position 1 closes nothing"),
    ("a ()", "empty parentheses at position 3"),
    ("(OR a)", "'OR' at position 2 needs a word before"),
    ("a*", "at least 2 letters"),
    ("б* OR ОДКБ", "at least 2 letters"),
    ("1*", "at least 2 letters"),
    ("a\u0301*", "at least 2 letters"),
    ("ОДКБ\udcff", "undecodable character at position 5"),
])
def test_errors_are_sentences(query, reason):
    with pytest.raises(QuerySyntaxError, match=re.escape(reason)):
        parse(query)


def test_prefix_length():
    assert parse("ab*") == Word("ab", prefix=True)
    assert parse("ﬁ*") == Word("ﬁ", prefix=True)  # NFKC: two letters
    assert parse("安*") == Word("安", prefix=True)  # one kanji or kana is enough
    assert parse("カ*") == Word("カ", prefix=True)
    assert parse("กิ*") == Word("กิ", prefix=True)  # a Thai letter and its vowel mark


def test_invisible_characters_are_dropped_but_zero_width_space_separates():
    assert parse("ОД\u00adКБ") == Word("ОДКБ")
    assert parse("CS\u200bTO") == And((Word("CS"), Word("TO")))  # ZWSP separates words, as in documents
    assert parse("\ufeffОД\u00adКБ\x00") == Word("ОДКБ")
    assert parse("\u202eCSTO \x1b") == Word("CSTO")
    assert parse("N\u00adOT") == Word("NOT")  # an operator is only the word as typed
    assert parse("ОДКБ -\u200b") == And((Word("ОДКБ"), Word("-")))  # a lone '-' is no negation


def test_repeated_words_are_searched_once():
    assert parse("ОДКБ ОДКБ ОДКБ") == Word("ОДКБ")
    assert parse("a OR b OR a") == Or((Word("a"), Word("b")))
    assert parse("x -y -y") == And((Word("x"), Not(Word("y"))))
