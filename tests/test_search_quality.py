"""Search quality on the judged development set (eval/search/judged-dev.yaml), both engines.

The floors sit a little under what search reaches at this commit (README, "Search quality,
measured"): a change that loses recall or precision on any query language fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cstocorpus.searcheval import evaluate_search, load_judged

JUDGED = Path(__file__).resolve().parent.parent / "eval" / "search" / "judged-dev.yaml"

#: (recall, other-language recall, precision@10), pooled over passages.
FLOORS = {
    None: (0.92, 0.92, 0.96),
    "en": (0.92, 0.92, 0.96),
    "ru": (0.92, 0.92, 0.96),
    "ja": (0.92, 0.92, 0.96),
    "th": (0.92, 0.93, 0.95),
}


@pytest.fixture(scope="module")
def evaluation(engine_index):
    if not JUDGED.exists():
        pytest.skip(f"no judged set at {JUDGED}")
    return evaluate_search(engine_index, load_judged(JUDGED))


@pytest.mark.parametrize("lang", list(FLOORS), ids=lambda x: x or "all")
def test_floors(evaluation, lang):
    t = evaluation.totals(lang)
    recall, other, precision = FLOORS[lang]
    assert t.recall >= recall and t.recall_other >= other and t.precision >= precision, t


def test_every_judgment_falls_in_a_passage(evaluation):
    assert not evaluation.unmatched


def test_reading_the_query_beats_the_literal_words(engine_index, evaluation):
    literal = evaluate_search(engine_index, load_judged(JUDGED), literal=True)
    assert evaluation.totals().recall > literal.totals().recall + 0.15
    assert evaluation.totals().recall_other > literal.totals().recall_other + 0.2
