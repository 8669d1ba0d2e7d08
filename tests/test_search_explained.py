"""Every result says how the query was read, which tier each hit is in, and why a search
found nothing -- on the seed texts, with both engines and through the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.search import search


def test_scores_are_in_order_within_each_tier_and_tiers_in_order(engine_index):
    result = search(engine_index, "terrorism", limit=None)
    tiers = [h.tier for h in result.hits]
    assert tiers == sorted(tiers) and set(tiers) == {1, 2}
    for t in (1, 2):
        scores = [h.score for h in result.hits if h.tier == t]
        assert scores == sorted(scores, reverse=True)
    assert result.tier_totals == (tiers.count(1), tiers.count(2))
    assert sum(result.tier_totals) == result.total


def test_tier_totals_hold_when_the_second_tier_is_only_counted(engine_index):
    everything = search(engine_index, "ก่อการร้าย", limit=None)
    page = search(engine_index, "ก่อการร้าย", limit=3)
    assert page.tier_totals == everything.tier_totals and all(h.tier == 1 for h in page.hits)


def test_the_reading_is_in_every_result(engine_index):
    result = search(engine_index, "Council of Foreign Ministers 2015")
    reading = result.interpretation
    assert reading["summary"] == "concept “Council of Foreign Ministers” AND word “2015”"
    unit = reading["units"][0]
    assert unit["read_as"] == "concept" and unit["concepts"][0]["id"] == "council_of_foreign_ministers"
    assert set(unit["searched"]["languages"]) >= {"ru", "th"} and unit["searched"]["names"] >= 5
    family = search(engine_index, "extremist").interpretation
    assert family["summary"].startswith("“extremist” = concept “extremism” (word family)")
    literal = search(engine_index, "Council of Foreign Ministers", literal=True).interpretation
    assert literal["literal"] and all(u["read_as"] == "word" for u in literal["units"])


def test_explain_lists_every_name_with_language_and_reason(engine_index):
    result = search(engine_index, "Kyrgyzstan", explain=True)
    expansion = result.interpretation["expansion"]
    assert {"lang": "ja", "name": "クルグズスタン", "reason": "glossary: Kyrgyzstan"} in [
        {k: e[k] for k in ("lang", "name", "reason")} for e in expansion]
    assert any(e["reason"] == "transliteration" for e in expansion)
    assert any("クルグズスタン" in line and "glossary: Kyrgyzstan" in line for line in result.explanation)


@pytest.mark.parametrize("query, why", [
    ("Kazakhstan submarine", "no passage has “submarine”"),
    ("Volodin Tashkent", "no passage has all of: “Volodin”, “Tashkent”"),
])
def test_zero_hits_say_why(engine_index, query, why):
    result = search(engine_index, query)
    assert result.total == 0
    assert result.advice["why"].startswith(why)


def test_zero_hits_suggest_what_would_find_something(engine_index):
    charter = search(engine_index, "Charter").advice["suggestions"]
    assert any("CSTO Charter" in s and "Charter of the United Nations" in s for s in charter)
    literal = search(engine_index, "Council of Foreign Ministers", literal=True).advice["suggestions"]
    assert any(s.startswith("without --literal") and "7 passages" in s for s in literal)
    adjective = search(engine_index, "Таджикистанский").advice["suggestions"]  # no such word in the texts
    assert any("Таджикистан (Tajikistan)" in s for s in adjective)  # the closest glossary name
    assert any(s.startswith("the prefix таджикистан* finds") for s in adjective)
    filtered = search(engine_index, "Armenia", langs=["ru"]).advice["suggestions"]
    everywhere = search(engine_index, "Armenia").total
    assert any(s.startswith(f"without the filters, {everywhere} passages") for s in filtered)


def test_few_hits_suggest_linked_concepts(engine_index):
    result = search(engine_index, '"religious extremism"')
    assert 0 < result.total <= 3
    assert any("extremism" in s for s in result.advice["suggestions"])


def test_table_output_shows_the_reading_the_tiers_and_the_advice(built_index):
    runner = CliRunner()
    out = runner.invoke(cli, ["search", "terrorism", "--limit", "0", "--index", str(built_index)]).output
    assert "Read as: concept “terrorism” and 1 narrower concept" in out
    assert out.index("Tier 1, the query's own words") < out.index("Tier 2, found through other names")
    page = runner.invoke(cli, ["search", "ก่อการร้าย", "--limit", "2", "--index", str(built_index)]).output
    assert "Tier 2, found through other names" in page and "not shown" in page
    zero = runner.invoke(cli, ["search", "Volodin", "Tashkent", "--index", str(built_index)]).output
    assert "Why: no passage has all of: “Volodin”, “Tashkent”." in zero and "Try: each alone finds" in zero
    explained = runner.invoke(cli, ["search", "Armenia", "--explain", "--index", str(built_index)]).output
    assert "th  อาร์เมเนีย  — glossary: Armenia" in explained


def test_json_and_csv_carry_the_tier(built_index):
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["search", "Armenia", "--format", "json", "--limit", "0",
                                          "--index", str(built_index)]).output)
    assert {h["tier"] for h in data["hits"]} == {2}
    assert data["tiers"][1]["total"] == data["total"] == len(data["hits"]) >= 15
    csv_out = runner.invoke(cli, ["search", "Armenia", "--format", "csv", "--index", str(built_index)]).output
    assert csv_out.splitlines()[0].startswith("rank,tier,score,")
