"""The search evaluation harness (``cstocorpus evaluate-search``, ``make eval-search``) on a
small judged set written for these tests (tests/data/judged-tiny.yaml)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.searcheval import JudgedSetError, evaluate_search, load_judged
from cstocorpus.searcheval import report

from .conftest import JA_DOC

TINY = Path(__file__).parent / "data" / "judged-tiny.yaml"


@dataclass
class _Hit:
    passage: dict


@dataclass
class _Result:
    hits: list


def _stub(index, by_first_line: dict[str, list[int]]):
    """A search that returns, for each query, the JA page's passages starting at the given lines."""
    passages = {p["lines"][0]: p for p in index.all_stored() if p["doc_id"] == JA_DOC}

    def search(_index, query, docs=(), limit=None, literal=False):
        assert docs == [JA_DOC]  # only the judged documents are searched
        return _Result([_Hit(passages[n]) for n in by_first_line.get(query, [])])
    return search


def test_scores_are_counted_against_the_judgments(corpus_index):
    judged = load_judged(TINY)
    search = _stub(corpus_index, {
        "Kazakhstan": [39, 42, 31],  # 2 of 6 relevant, one wrong hit (Kyrgyz quote)
        "Казахстан": [42, 43, 44, 45],  # all 4 Russian ones, none of the 2 Japanese
        "CSTO Charter": [20],  # the passage of lines 20-21 holds the judged line 21
    })
    ev = evaluate_search(corpus_index, judged, search=search)
    q = {(s.concept, s.lang): s for s in ev.queries}
    assert (q["kazakhstan", "en"].found, q["kazakhstan", "en"].relevant) == (2, 6)
    assert q["kazakhstan", "en"].precision == pytest.approx(2 / 3)
    assert q["kazakhstan", "ru"].recall == pytest.approx(4 / 6)
    assert q["kazakhstan", "ru"].recall_other == 0.0  # the Japanese passages are the other language
    assert q["kazakhstan", "ja"].recall == 0.0 and q["kazakhstan", "ja"].precision is None
    assert q["csto_charter", "en"].recall == 1.0 and q["csto_charter", "en"].precision == 1.0
    overall = ev.totals()
    assert overall.relevant == 6 * 3 + 2 and overall.found == 2 + 4 + 1
    assert overall.precision == pytest.approx((2 + 4 + 1) / (3 + 4 + 1))
    assert ev.totals("ru").recall == pytest.approx(4 / 6)
    assert not ev.unmatched


def test_real_search_on_both_engines(engine_index):
    ev = evaluate_search(engine_index, load_judged(TINY))
    assert ev.totals().recall == 1.0 and ev.totals().precision == 1.0
    assert ev.totals("en").recall_other == 1.0


def test_command_table_and_json(built_index):
    runner = CliRunner()
    table = runner.invoke(cli, ["evaluate-search", str(TINY), "--index", str(built_index)])
    assert table.exit_code == 0, table.output
    assert "recall" in table.output and "kazakhstan" in table.output
    out = runner.invoke(cli, ["evaluate-search", str(TINY), "--index", str(built_index), "--format", "json"])
    data = json.loads(out.output)
    assert data["overall"]["queries"] == 5 and set(data["by_language"]) == {"en", "ru", "ja"}
    literal = json.loads(runner.invoke(cli, ["evaluate-search", str(TINY), "--index", str(built_index),
                                             "--format", "json", "--literal"]).output)
    assert literal["literal"] and literal["overall"]["recall"] < data["overall"]["recall"]


@pytest.mark.parametrize("text, message", [
    ("concepts: 3", "must have a 'concepts' list"),
    ("concepts: [{id: a, queries: {en: x}}]", "has no relevant passage"),
    ("concepts: [{id: a, queries: {xx: x}, relevant: [{doc: d, line: 1}]}]", "queries must map"),
    ("concepts: [{id: a, queries: {en: x}, relevant: [{doc: d}]}]", "needs a 'doc' and a 'line'"),
])
def test_bad_judged_sets_are_refused_with_a_reason(tmp_path, text, message, built_index):
    path = tmp_path / "judged.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JudgedSetError, match=message):
        load_judged(path)
    result = CliRunner().invoke(cli, ["evaluate-search", str(path), "--index", str(built_index)])
    assert result.exit_code == 2 and message in result.output


def test_report_names_unmatched_judgments(corpus_index, tmp_path):
    path = tmp_path / "judged.yaml"
    path.write_text("concepts: [{id: a, queries: {en: Kazakhstan}, relevant: [{doc: %s, line: 2}]}]" % JA_DOC,
                    encoding="utf-8")
    ev = evaluate_search(corpus_index, load_judged(path))
    assert ev.unmatched == [("a", JA_DOC, 2)]  # line 2 is front matter: no passage
    assert "no passage of" in report.table(ev)
