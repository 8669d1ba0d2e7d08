"""The statistics pages and endpoints count what the commands count: the same running-word
units by default (a Thai or Japanese compound is one word), the other units when asked, and
the very numbers ``--format json`` prints."""

from __future__ import annotations

import html
import json
import re

import pytest

pytest.importorskip("fastapi")
from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from cstocorpus.cli import cli  # noqa: E402
from cstocorpus.web import create_app  # noqa: E402

from .conftest import JA_DOC  # noqa: E402


@pytest.fixture(scope="module")
def client(built_index, corpus_copy):
    return TestClient(create_app(built_index, corpus_copy))


@pytest.fixture(scope="module")
def cli_json(built_index, corpus_copy):
    def run(*args):
        result = CliRunner().invoke(cli, [*args, "--format", "json", "--index", str(built_index),
                                          "--corpus", str(corpus_copy)])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)
    return run


def page(client, **params) -> str:
    r = client.get("/statistics", params=params)
    assert r.status_code == 200, r.text
    return html.unescape(r.text)


def freq_rows(text: str) -> list[tuple[str, int]]:
    return [(term, int(count.replace(",", ""))) for term, count in
            re.findall(r'<tr><td class="num">\d+</td><td><a [^>]*>([^<]+)</a></td><td class="num">([\d,]+)</td>', text)]


def num(n: int) -> str:
    return f"{n:,}"


@pytest.mark.parametrize("lang", ["th", "ja"])
def test_freq_page_counts_running_words_as_the_cli(client, cli_json, lang):
    words = cli_json("freq", "--lang", lang, "--top", "15")
    parts = cli_json("freq", "--lang", lang, "--top", "15", "--units", "parts")
    # the two units differ on Thai and Japanese text, so the page can only match one of them
    assert words["tokens"] != parts["tokens"]
    shown = page(client, tab="freq", lang=lang, top=15)
    assert freq_rows(shown) == [(t["term"], t["count"]) for t in words["terms"]]
    assert f"{num(words['tokens'])} running words" in shown
    shown_parts = page(client, tab="freq", lang=lang, top=15, units="parts")
    assert freq_rows(shown_parts) == [(t["term"], t["count"]) for t in parts["terms"]]
    assert f"{num(parts['tokens'])} parts" in shown_parts


def test_collocates_ngrams_keywords_dispersion_pages_are_the_cli_numbers(client, cli_json):
    for units in ("words", "parts"):
        coll = cli_json("collocates", "CSTO", "--units", units)
        shown = page(client, tab="collocates", word="CSTO", units=units)
        for lang in coll["languages"]:
            assert f"node {lang['node_frequency']} times in {num(lang['tokens'])}" in shown
            for c in lang["collocates"]:
                assert f'<td lang="{lang["lang"]}">{c["term"]}</td><td class="num">{c["cooccurrences"]}</td>' in shown
        grams = cli_json("ngrams", "--lang", "th", "--units", units)
        shown = page(client, tab="ngrams", lang="th", units=units)
        for lang in grams["languages"]:
            assert f"{num(lang['types'])} n-grams in {num(lang['tokens'])}" in shown
            assert [g["ngram"] for g in lang["ngrams"]] == re.findall(r'literal=1">([^<]+)</a>', shown)
        kw = cli_json("keywords", "--doc", JA_DOC, "--units", units)
        shown = page(client, tab="keywords", doc=JA_DOC, units=units)
        for lang in kw["languages"]:
            assert f"{num(lang['target_tokens'])} {'running words' if units == 'words' else 'parts'} against" in shown
        disp = cli_json("dispersion", "ОДКБ", "--units", units)
        shown = page(client, tab="dispersion", q="ОДКБ", units=units)
        assert f"<strong>{num(disp['hits'])}</strong> hits" in shown
        assert f"{disp['per_million']:,.1f} per million" in shown
    # and the units matter: Thai collocates of CSTO are counted over different totals
    words = {x["lang"]: x["tokens"] for x in cli_json("collocates", "CSTO")["languages"]}
    parts = {x["lang"]: x["tokens"] for x in cli_json("collocates", "CSTO", "--units", "parts")["languages"]}
    assert words["th"] != parts["th"]


@pytest.mark.parametrize("path,args,params", [
    ("collocates", ["collocates", "CSTO"], {"word": "CSTO"}),
    ("ngrams", ["ngrams", "--lang", "ja"], {"lang": "ja"}),
    ("keywords", ["keywords", "--doc", JA_DOC], {"doc": JA_DOC}),
    ("dispersion", ["dispersion", "ОДКБ"], {"q": "ОДКБ"}),
    ("freq", ["freq", "--lang", "th"], {"lang": "th"}),
])
def test_api_statistics_take_units_as_the_cli(client, cli_json, path, args, params):
    default = client.get(f"/api/{path}", params=params).json()
    assert default == cli_json(*args) and default["units"] == "words"
    parts = client.get(f"/api/{path}", params={**params, "units": "parts"}).json()
    assert parts == cli_json(*args, "--units", "parts") and parts != default
    assert client.get(f"/api/{path}", params={**params, "units": "letters"}).status_code == 400


def test_bad_values_are_one_sentence(client):
    for params in ({"tab": "freq", "units": "letters"}, {"tab": "ngrams", "n": "9-2"},
                   {"tab": "keywords", "doc": JA_DOC, "max_p": "2"}, {"tab": "collocates", "word": "CSTO", "window": "zz"}):
        r = client.get("/statistics", params=params)
        assert r.status_code == 400 and 'class="error"' in r.text, params
