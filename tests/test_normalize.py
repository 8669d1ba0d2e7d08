"""Normalization must fold what readers consider the same, and map every character back."""

import unicodedata

import pytest

from cstocorpus.normalize import normalize, search_key

from .conftest import SEEDS


def test_width_folding_and_mapping():
    n = normalize("ＣＳＴＯに関する　ｶﾞｲﾄﾞ")
    assert n.text == "CSTOに関する ガイド"
    # the half-width ｶﾞ (two characters) becomes one ガ that maps back to both
    g = n.text.index("ガ")
    assert n.to_original(g, g + 1) == (9, 11)
    assert n.to_original(0, 4) == (0, 4)


def test_whitespace_folded_and_invisibles_dropped():
    n = normalize("  Коллективные\u200b силы\n\n\tоперативного\u00adреагирования  ")
    assert n.text == "Коллективные силы оперативногореагирования"
    start = n.text.index("силы")
    assert n.to_original(start, start + 4) == (16, 20)


def test_thai_sara_am_is_kept():
    text = "สำนักเลขาธิการ น้ำ"
    n = normalize(text)
    assert n.text == text  # NFKC would have split ำ into ํ + า
    assert unicodedata.normalize("NFKC", text) != text


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_mapping_is_exact(name):
    """Every normalized character maps to an original span whose own NFKC is consistent."""
    original = SEEDS[name].read_text(encoding="utf-8")
    n = normalize(original)
    assert len(n.starts) == len(n.text)
    for i, ch in enumerate(n.text):
        piece = original[n.starts[i]:n.ends[i]]
        if ch == " ":
            assert piece.isspace() or unicodedata.normalize("NFKC", piece).isspace()
        else:
            assert ch in unicodedata.normalize("NFKC", piece) or ch in piece


def test_search_key():
    assert search_key("Ёлка") == "елка"
    assert search_key("CSTO") == "csto"


def test_zero_width_space_separates_words():
    n = normalize("Коллективные\u200bсилы\u200b\u200b ОДКБ\u200b")
    assert n.text == "Коллективные силы ОДКБ"
    assert n.to_original(12, 13) == (12, 13)  # the space is the zero width space


@pytest.mark.parametrize(
    "ch",
    ["\ufeff", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
     *map(chr, range(0x2066, 0x206A)), "\x00", "\x07", "\x1b", "\x7f", "\x81", "\x9f"],
)
def test_invisible_and_control_characters_are_dropped_inside_words(ch):
    """Bidi controls, joiners, BOMs and C0/C1 controls vanish; offsets still cover them."""
    text = f"ОД{ch}КБ и สน{ch}ธิ"
    n = normalize(text)
    assert n.text == "ОДКБ и สนธิ"
    assert n.to_original(0, 4) == (0, 5)  # the word's span includes the invisible character
    assert text[slice(*n.to_original(7, 11))] == f"สน{ch}ธิ"


@pytest.mark.parametrize("ch", ["\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2028", "\u2029", "\u3000"])
def test_control_whitespace_is_a_space(ch):
    assert normalize(f"ОДКБ{ch}СНГ").text == "ОДКБ СНГ"


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [("A\x1b\u0300", "\u00c0", (0, 3)), ("e\u200b\u0301", "\u00e9", (0, 3)),
     ("e\u200b\u200d\u0301s", "\u00e9s", (0, 4)), ("ก\u200bิน", "กิน", (0, 3))],
)
def test_invisible_character_between_a_letter_and_its_mark(text, expected, span):
    """The mark stays with its letter (and composes with it); the letter's span covers both."""
    n = normalize(text)
    assert n.text == expected and normalize(n.text).text == n.text
    assert n.to_original(0, 1) == span
