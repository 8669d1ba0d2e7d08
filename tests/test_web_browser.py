"""The web pages in a real browser: Playwright driving the system's Chromium (Debian's
package; nothing downloaded) against the app served by uvicorn on 127.0.0.1.  Queries typed
in all four scripts, a concordance sorted and paged, a passage opened, an export downloaded
and parsed, a screenshot of every page (in a temporary directory, or in
``CSTOCORPUS_SCREENSHOTS`` when set)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: apt-get install chromium "
                                                         "(.ci/run installs it) to run the browser tests")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install-test)")
uvicorn = pytest.importorskip("uvicorn")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
QUERIES = ("ОДКБ", "องค์การสนธิสัญญาความมั่นคงร่วม", "集団安全保障条約機構", "CSTO")


@pytest.fixture(scope="module")
def server(built_index, corpus_copy):
    from cstocorpus.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(built_index, corpus_copy), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False,
                                  accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("CSTOCORPUS_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def total_of(page) -> int:
    return int(page.locator("p.total strong").inner_text().replace(",", ""))


@pytest.mark.parametrize("query", QUERIES)
def test_typed_queries_in_four_scripts(server, page, shots, query):
    page.goto(server + "/")
    page.fill("input[name=q]", query)
    page.click("form.search button[type=submit]")
    page.wait_for_load_state()
    assert total_of(page) > 0
    assert page.locator("li.hit").count() > 0
    assert page.locator("li.hit mark").count() > 0
    assert "Read as:" in page.locator("section.summary").inner_text()
    page.screenshot(path=str(shots / f"search-{QUERIES.index(query)}.png"), full_page=False)


def test_fonts_load_for_thai_and_japanese(server, page):
    fetched = []
    page.on("response", lambda r: fetched.append((r.url, r.status)))
    page.goto(server + "/?q=CSTO&lang=th")
    page.goto(server + "/?q=CSTO&lang=ja")
    page.wait_for_load_state("networkidle")
    fonts = {u.rsplit("/", 1)[1]: s for u, s in fetched if "/fonts/" in u}
    assert fonts.get("th.ttf") == 200 and fonts.get("ja.ttf") == 200


def test_concordance_sort_and_page(server, page, shots):
    page.goto(server + "/")
    page.fill("input[name=q]", "CSTO")
    page.select_option("select[name=view]", "kwic")
    page.click("form.search button[type=submit]")
    page.select_option("select[name=sort]", "R1")
    page.click("form.kwic-controls button[type=submit]")
    assert "sort=R1" in page.url
    first = page.locator("td.n").all_inner_texts()
    assert first[:3] == ["1", "2", "3"]
    right = [t.strip().split(" ")[0].casefold() for t in page.locator("td.right").all_inner_texts()]
    page.screenshot(path=str(shots / "concordance.png"))
    page.click("a[rel=next]")
    assert "offset=50" in page.url
    assert page.locator("td.n").first.inner_text() == "51"
    assert right  # the first page has right contexts
    page.click("a[rel=prev]")
    assert page.locator("td.n").first.inner_text() == "1"


def test_open_a_passage(server, page, shots):
    page.goto(server + "/?q=ОДКБ")
    page.locator("li.hit a.cite").first.click()
    assert "/passage/" in page.url
    assert page.locator("p.current").count() == 1
    assert page.locator("p.neighbour").count() >= 1
    assert "passage " in page.locator("#citation").inner_text()
    page.screenshot(path=str(shots / "passage.png"), full_page=True)
    source = page.locator("dl.fields a[href^='/source/']")
    assert source.count() == 1
    assert page.request.get(server + source.get_attribute("href")).status == 200


def test_download_an_export_and_parse_it(server, page):
    page.goto(server + "/?q=CSTO&lang=th")
    expected = total_of(page)
    with page.expect_download() as info:
        page.click("p.exports a:text-is('CSV')")
    path = info.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert len(rows) == expected and {r["lang"] for r in rows} == {"th"}
    assert info.value.suggested_filename.endswith(".csv")


@pytest.mark.parametrize("path,name", [
    ("/documents", "documents"), ("/documents/002_0cdda2ff3fc24d48", "document"),
    ("/statistics", "statistics"), ("/statistics?tab=freq&lang=ja", "freq"),
    ("/statistics?tab=collocates&word=ОДКБ", "collocates"), ("/statistics?tab=dispersion&q=CSTO", "dispersion"),
    ("/statistics?tab=ngrams&lang=th", "ngrams"), ("/statistics?tab=freq&lang=th&units=parts", "freq-parts"),
    ("/statistics?tab=keywords&doc=000_3d49c9bf8a994c0c&reference=corpus", "keywords"),
    ("/glossary", "glossary"), ("/glossary/csto", "concept"),
])
def test_every_page_renders(server, page, shots, path, name):
    response = page.goto(server + path)
    assert response.status == 200
    assert page.locator("p.error").count() == 0
    page.screenshot(path=str(shots / f"{name}.png"))


def test_copy_button_copies_the_citation_with_javascript_on(server, browser, shots):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # a CSP refusal shows here
    try:
        page.goto(server + "/?q=ก่อการร้าย")
        page.locator("li.hit a.cite").first.click()
        assert "q=" in page.url and page.locator("p.current mark").count() > 0
        button = page.locator("button.copy")
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.querySelector('button.copy').textContent.startsWith('Copied')")
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("#citation").inner_text().strip()
        page.screenshot(path=str(shots / "passage-js.png"), full_page=True)
        assert not errors, errors
    finally:
        context.close()


def test_copy_button_is_hidden_without_javascript(server, page):
    page.goto(server + "/?q=ОДКБ")
    page.locator("li.hit a.cite").first.click()
    assert page.locator("button.copy").count() == 1 and not page.locator("button.copy").is_visible()
    assert page.locator("p.current mark").count() > 0  # marked by the server, no script needed
