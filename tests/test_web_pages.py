"""The web pages through an ASGI test client: search (passages and concordance), passage
view, exports, source files, errors, limits and the safety headers, on the seed corpus; and
every hostile string of ``webcorpus`` escaped."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from cstocorpus.web import create_app  # noqa: E402

from .conftest import JA_DOC, TH_DOC, _build  # noqa: E402
from .webcorpus import ATTRIBUTE, DOC_ID, JS_URL, SCRIPT, make_web_corpus  # noqa: E402


@pytest.fixture(scope="module")
def client(built_index, corpus_copy):
    return TestClient(create_app(built_index, corpus_copy))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    corpus = make_web_corpus(tmp_path_factory.mktemp("web") / "corpus")
    index = _build(corpus, corpus.parent / "index", "whoosh")
    return TestClient(create_app(index, corpus))


def hits_of(html: str) -> list[str]:
    return re.findall(r'href="/passage/([^"?]+)', html)


def test_search_page_shows_reading_total_tiers_and_citations(client):
    r = client.get("/", params={"q": "ОДКБ"})
    assert r.status_code == 200
    assert "Read as:" in r.text
    total = int(re.search(r"<strong>([\d,]+)</strong> passage", r.text).group(1).replace(",", ""))
    assert total > 20 and "tier 2" in r.text and "tier 1" in r.text
    assert len(hits_of(r.text)) == 20  # the default page
    assert "<mark>ОДКБ</mark>" in r.text
    assert "matched: why this passage" in r.text


def test_search_pages_are_the_library_results_in_order(client, corpus_index):
    from cstocorpus.search import search

    expected = [h.passage["passage_id"] for h in search(corpus_index, "CSTO", limit=30).hits]
    first = hits_of(client.get("/", params={"q": "CSTO", "limit": 15}).text)
    second = hits_of(client.get("/", params={"q": "CSTO", "limit": 15, "offset": 15}).text)
    assert first + second == expected


def test_filters_in_the_url_select_as_the_cli_does(client):
    r = client.get("/", params={"q": "CSTO", "lang": "th", "limit": 200})
    assert r.status_code == 200
    langs = set(re.findall(r'<span class="lang">(\w+)</span>', r.text))
    assert langs == {"th"}
    only_ja_doc = client.get("/", params={"q": "ОДКБ", "doc": JA_DOC, "limit": 200}).text
    assert all(h.startswith(JA_DOC) for h in hits_of(only_ja_doc))
    bad = client.get("/", params={"q": "CSTO", "lang": "xx"})
    assert bad.status_code == 400 and 'class="error"' in bad.text


def test_concordance_sorts_and_pages(client):
    base = {"q": "ОДКБ", "view": "kwic", "limit": 5}
    first = client.get("/", params=base | {"sort": "R1"})
    assert first.status_code == 200
    total = int(re.search(r"<strong>([\d,]+)</strong> occurrence", first.text).group(1).replace(",", ""))
    numbers = [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', first.text)]
    assert numbers == [1, 2, 3, 4, 5] and total > 5
    second = client.get("/", params=base | {"sort": "R1", "offset": 5}).text
    assert [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', second)] == [6, 7, 8, 9, 10]
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert client.get("/", params=base | {"sort": "nonsense"}).status_code == 400


def test_queries_in_four_scripts(client):
    for q in ("ОДКБ", "องค์การสนธิสัญญาความมั่นคงร่วม", "集団安全保障条約機構", "CSTO"):
        r = client.get("/", params={"q": q})
        assert r.status_code == 200, q
        assert hits_of(r.text), q


def test_passage_view_has_neighbours_citation_and_source(client, corpus_index):
    from cstocorpus.search import search

    pid = search(corpus_index, "ОДКБ", limit=1).hits[0].passage["passage_id"]
    r = client.get(f"/passage/{pid}")
    assert r.status_code == 200
    assert r.text.count('class="neighbour"') >= 2 and 'class="current"' in r.text
    assert f"passage {pid}" in r.text  # the full citation names the passage
    assert 'button type="button" class="copy" data-copy="citation" hidden' in r.text  # shown by the script
    script = client.get("/static/passage.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "clipboard" in script.text
    source = client.get(f"/source/{JA_DOC}")
    assert source.status_code == 200 and source.headers["content-type"].startswith("text/plain")
    assert source.content == (client.app.state.holder.corpus_dir / "sources" / f"{JA_DOC}.txt").read_bytes()


def test_unknown_or_malformed_ids_are_404(client):
    assert client.get("/passage/000_nope:deadbeef").status_code == 404
    assert client.get("/passage/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/source/..%2Fcatalog.yaml").status_code == 404
    assert client.get("/source/nope").status_code == 404


def test_exports_every_format_parse(client):
    common = {"q": "CSTO", "lang": "th", "limit": 5}
    md = client.get("/export", params=common | {"format": "md"})
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]
    assert md.text.count("\n> ") >= 1 or md.text.startswith(">") or "> " in md.text
    rows = list(csv.DictReader(io.StringIO(client.get("/export", params=common | {"format": "csv"}).text)))
    assert len(rows) == 5 and {r["lang"] for r in rows} == {"th"}
    lines = client.get("/export", params=common | {"format": "jsonl"}).text.splitlines()
    assert len(lines) == 5 and all(json.loads(line)["doc_id"] == TH_DOC for line in lines)
    assert "@" in client.get("/export", params=common | {"format": "bibtex"}).text
    assert "TY  -" in client.get("/export", params=common | {"format": "ris"}).text
    assert isinstance(json.loads(client.get("/export", params=common | {"format": "csl-json"}).text), list)
    assert client.get("/export", params=common | {"format": "docx"}).status_code == 400


def test_limits_and_bad_queries_are_one_sentence(client):
    assert client.get("/", params={"q": "x" * 501}).status_code == 400
    assert client.get("/", params={"q": "CSTO", "limit": 100000}).status_code == 400
    r = client.get("/", params={"q": '"unclosed'})
    assert r.status_code == 400 and "cannot read the query" in r.text


def test_safety_headers_and_web_fonts(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp  # only the app's own script file
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    for name in ("th.ttf", "ja.ttf"):
        font = client.get(f"/fonts/{name}")
        assert font.status_code == 200 and font.content[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    assert client.get("/fonts/../../etc/passwd").status_code == 404
    assert "@font-face" in client.get("/static/style.css").text


def test_nothing_writes(client):
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/").status_code == 405


def test_no_index_is_one_sentence(tmp_path, corpus_copy):
    r = TestClient(create_app(tmp_path / "none", corpus_copy)).get("/", params={"q": "CSTO"})
    assert r.status_code == 503 and "cstocorpus build" in r.text


HOSTILE = (SCRIPT, ATTRIBUTE, "<b>Bold</b>", "<img src=x")
#: The one script tag a page may have: the app's own file (the passage page's copy button).
OWN_SCRIPT = '<script src="/static/passage.js" defer></script>'


def assert_escaped(html: str) -> None:
    for raw in HOSTILE:
        assert raw not in html, raw
    assert "<script" not in html.lower().replace(OWN_SCRIPT, "")
    assert not re.search(r'href="\s*javascript:', html, re.I)
    assert "onmouseover=" not in html.replace("&#34;onmouseover=", "").replace("&quot;onmouseover=", "")


def test_hostile_text_and_catalog_are_escaped_everywhere(hostile):
    search = hostile.get("/", params={"q": "ОДКБ"})
    assert search.status_code == 200 and hits_of(search.text)
    assert "&lt;script&gt;" in search.text
    assert_escaped(search.text)
    assert_escaped(hostile.get("/", params={"q": "CSTO", "view": "kwic"}).text)
    for pid in set(hits_of(search.text)):
        page = hostile.get(f"/passage/{pid}")
        assert page.status_code == 200
        assert_escaped(page.text)
        assert JS_URL in page.text  # shown, as text
    echo = hostile.get("/", params={"q": SCRIPT + ATTRIBUTE})
    assert_escaped(echo.text)


def test_hostile_source_file_is_never_html(hostile):
    r = hostile.get(f"/source/{DOC_ID}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_documents_table_and_document_page(client, corpus_index):
    r = client.get("/documents")
    assert r.status_code == 200
    for doc_id, doc in corpus_index.documents.items():
        assert f'href="/documents/{doc_id}"' in r.text
        page = client.get(f"/documents/{doc_id}")
        assert page.status_code == 200
        assert page.text.count('class="ordinal"') == doc["passages"]
    only_th = client.get("/documents", params={"lang": "th"}).text
    assert TH_DOC in only_th and f'href="/documents/{JA_DOC}"' not in only_th
    assert client.get("/documents/..%2Fcatalog").status_code == 404


def test_statistics_tabs_show_the_commands_numbers(client, corpus_index):
    counts = client.get("/statistics").text
    assert f"{corpus_index.manifest['passages']:,}" in counts
    freq = client.get("/statistics", params={"tab": "freq", "lang": "th", "top": 5}).text
    assert freq.count('<td class="num">') >= 5 * 6
    coll = client.get("/statistics", params={"tab": "collocates", "word": "ОДКБ"})
    assert coll.status_code == 200 and "Collocates of" in coll.text
    disp = client.get("/statistics", params={"tab": "dispersion", "q": "CSTO"}).text
    assert "<line " in disp and "DP" in disp
    kw = client.get("/statistics", params={"tab": "keywords"}).text
    assert "choose the part with a filter" in kw
    assert client.get("/statistics", params={"tab": "nope"}).status_code == 400
    assert client.get("/statistics", params={"tab": "collocates", "word": "CSTO", "window": "zz"}).status_code == 400


def test_glossary_browser(client):
    r = client.get("/glossary")
    assert r.status_code == 200 and 'href="/glossary/csto"' in r.text
    assert "ОДКБ" in r.text and "集団安全保障条約機構" in r.text
    narrowed = client.get("/glossary", params={"q": "армен"}).text
    assert 'href="/glossary/csto"' not in narrowed and narrowed.count('href="/glossary/') >= 1
    concept = client.get("/glossary/csto")
    assert concept.status_code == 200 and "Passages by name" in concept.text
    assert "Short forms" not in concept.text
    treaty = client.get("/glossary/collective_security_treaty").text
    assert "Short forms" in treaty and "สนธิสัญญา" in treaty and "Договор" in treaty
    assert client.get("/glossary/nope").status_code == 404


def test_serve_binds_here_by_default_and_warns_otherwise(monkeypatch, built_index, corpus_copy):
    import uvicorn
    from click.testing import CliRunner

    from cstocorpus.cli import cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    args = ["serve", "--index", str(built_index), "--corpus", str(corpus_copy)]
    here = CliRunner().invoke(cli, args + ["--port", "8123"])
    assert here.exit_code == 0 and calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8123
    assert "Warning" not in here.output
    anywhere = CliRunner().invoke(cli, args + ["--host", "0.0.0.0"])
    assert anywhere.exit_code == 0 and calls[-1]["host"] == "0.0.0.0"
    assert "Warning: listening on 0.0.0.0" in anywhere.output
    for port in ("-1", "65536", "9223372036854775808", "ten"):
        refused = CliRunner().invoke(cli, args + ["--port", port])
        assert refused.exit_code == 2 and "--port" in refused.output, port
    assert len(calls) == 2
    # several processes: uvicorn starts each from the factory, which finds the locations in the environment
    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: (apps.append(app), calls.append(kw)))
    from cstocorpus.web import app as web_app

    monkeypatch.setenv(web_app.INDEX_VARIABLE, "")  # restored after the test
    monkeypatch.setenv(web_app.CORPUS_VARIABLE, "")
    two = CliRunner().invoke(cli, args + ["--workers", "2"])
    assert two.exit_code == 0 and calls[-1]["workers"] == 2 and calls[-1]["factory"] is True
    made = getattr(web_app, apps[-1].split(":")[1])()
    assert made.state.holder.index_dir == built_index.resolve() and made.state.holder.corpus_dir == corpus_copy.resolve()
    assert CliRunner().invoke(cli, args + ["--workers", "0"]).exit_code == 2


def test_a_new_generation_is_served_once_it_is_current(tmp_path):
    corpus = make_web_corpus(tmp_path / "corpus")
    index = _build(corpus, tmp_path / "index", "whoosh")
    client = TestClient(create_app(index, corpus))
    before = client.get("/documents").text
    assert before.count('href="/documents/') == 1
    extra = corpus / "sources" / "second.txt"
    extra.write_text("Вторая заметка об ОДКБ.\n", encoding="utf-8")
    import hashlib

    entry = ('  - {"id": "901_second", "file": "sources/second.txt", "sha256": "%s", "format": "text", '
             '"title": "Second", "languages": ["ru"]}\n' % hashlib.sha256(extra.read_bytes()).hexdigest())
    with (corpus / "catalog.yaml").open("a", encoding="utf-8") as fh:
        fh.write(entry)
    _build(corpus, index, "whoosh")
    after = client.get("/documents").text
    assert after.count('href="/documents/') == 2 and "901_second" in after
    assert client.get("/passage/901_second:00000000").status_code == 404


def test_documents_carry_lists_warning_when_the_index_cannot_be_read(tmp_path, built_index, corpus_copy):
    import shutil

    from click.testing import CliRunner

    from cstocorpus.cli import cli
    from cstocorpus.index.location import IndexLocation

    index = tmp_path / "index"
    shutil.copytree(built_index, index, symlinks=True)
    manifest = IndexLocation(index).current() / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["passages"] = int(data.get("passages") or 0) + 1  # the signature no longer matches
    manifest.write_text(json.dumps(data), encoding="utf-8")
    listed = CliRunner().invoke(cli, ["list", "--format", "json", "--index", str(index), "--corpus", str(corpus_copy)])
    assert listed.exit_code == 0 and "Warning: " in listed.stderr
    warning = listed.stderr.split("Warning: ", 1)[1].strip()
    client = TestClient(create_app(index, corpus_copy))
    api = client.get("/api/documents")
    assert api.status_code == 200 and api.json() == json.loads(listed.stdout)
    assert json.loads('"' + api.headers["X-Cstocorpus-Warning"] + '"') == warning
    shown = client.get("/documents")
    assert shown.status_code == 200 and "Warning:" in shown.text
    assert all(f'href="/documents/{row["id"]}"' in shown.text for row in api.json())
    assert client.get("/api/search", params={"q": "ОДКБ"}).status_code == 503


def test_passage_from_a_search_marks_the_querys_matches(client, corpus_index):
    from cstocorpus.search import search

    for query in ("ОДКБ", "ก่อการร้าย", "集団安全保障条約機構"):
        hit = search(corpus_index, query, limit=1).hits[0]
        pid = hit.passage["passage_id"]
        r = client.get(f"/passage/{pid}", params={"q": query})
        current = re.search(r'<p class="current"[^>]*>(.*?)</p>', r.text, re.S).group(1)
        marked = re.findall(r"<mark>(.*?)</mark>", current)
        # the same spans search marks in its hit
        assert marked == [hit.passage["text"][a:b] for a, b in hit.highlights], query
        assert "<mark>" not in client.get(f"/passage/{pid}").text  # no query: nothing marked
    api = client.get(f"/api/passage/{pid}", params={"q": "集団安全保障条約機構"}).json()
    assert api["passage"]["highlights"] == [list(span) for span in hit.highlights]
    assert all("highlights" in p for p in api["before"] + api["after"])
    assert "highlights" not in client.get(f"/api/passage/{pid}").json()["passage"]
    assert client.get(f"/passage/{pid}", params={"q": '"unclosed'}).status_code == 400
