"""The query parser accepts the documented syntax and refuses everything else with one sentence."""

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
    ("x" * 10_000, "limit"),
    ("(" * 40 + "a" + ")" * 40, "nested"),
])
def test_errors_are_sentences(query, reason):
    with pytest.raises(QuerySyntaxError, match=reason):
        parse(query)
