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
