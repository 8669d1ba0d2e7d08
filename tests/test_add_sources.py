"""``cstocorpus add`` with the sources researchers collect: folders of web pages, PDFs and Word
files, and URLs (served by a local HTTP server on 127.0.0.1 only); then search, show and
export them with their citations."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import shutil
import threading
import time

import pytest
import rispy
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog
from cstocorpus.cli import cli
from cstocorpus.manage.fetch import FetchError, fetch

from .conftest import CORPUS
from .documents import ARTICLES, docx_file, html_page, pdf_file, scanned_pdf
from .test_formats import RU_PAGES


def run(corpus, tmp_path, *args):
    result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def inbox_corpus(tmp_path_factory):
    """The seed corpus after ``add inbox/``: a folder of four good sources in four languages
    and formats, two broken PDFs, and a picture the default patterns leave alone."""
    tmp = tmp_path_factory.mktemp("inbox")
    corpus = shutil.copytree(CORPUS, tmp / "corpus")
    inbox = tmp / "inbox"
    (inbox / "web").mkdir(parents=True)
    (inbox / "web" / "ru-exercises.html").write_text(html_page(ARTICLES["ru"], "https://example.org/ru/1"),
                                                     encoding="utf-8")
    docx_file(inbox / "ja-note.docx", ARTICLES["ja"])
    pdf_file(inbox / "report.pdf", RU_PAGES, title="Доклад об учениях ОДКБ", author="Иванов, Иван",
             header="Институт безопасности — доклад 2024")
    (inbox / "th-note.md").write_text(
        "---\ntitle: บันทึกเรื่อง CSTO\nauthor: สมชาย ใจดี\ndate: 2024-07-20\nurl: https://example.org/th/2\n"
        "tags: [CSTO, การฝึก]\n---\n\n" + "\n\n".join(ARTICLES["th"].sections[0][1]) + "\n", encoding="utf-8")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    scanned_pdf(inbox / "scan.pdf")
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (inbox / ".hidden.txt").write_text("not this", encoding="utf-8")
    result = run(corpus, tmp, "add", str(inbox))
    return corpus, tmp, inbox, result


def test_add_folder_adds_every_readable_file_and_reports_each_refused_one(inbox_corpus):
    corpus, _, inbox, result = inbox_corpus
    assert result.exit_code == 1  # two were refused
    refused = [line for line in result.stderr.splitlines() if line.startswith("Not added: ")]
    assert refused == [
        f"Not added: {inbox / 'broken.pdf'}: not a readable PDF (PSEOF: Unexpected EOF)",
        f"Not added: {inbox / 'scan.pdf'}: the PDF has no text layer (its 2 page(s) are images, as in a scan): "
        "run OCR on it first and add the result",
    ]
    assert "4 of 6 sources added; 2 not added (above)." in result.stderr
    formats = {r.format for r in load_catalog(corpus).documents[2:]}
    assert formats == {"html", "docx", "pdf", "markdown"}


def _record(corpus, fmt):
    return next(r for r in load_catalog(corpus).documents[2:] if r.format == fmt)  # after the seeds


def test_document_metadata_fills_the_catalog(inbox_corpus):
    corpus = inbox_corpus[0]
    page = _record(corpus, "html")
    assert (page.title, page.authors, page.published, page.url, page.publisher, page.languages) == (
        "Учения ОДКБ в Казахстане", ("Иванов, Иван",), "2024-05-01", "https://example.org/ru/1",
        "Институт безопасности", ("ru",))
    pdf = _record(corpus, "pdf")
    assert (pdf.title, pdf.authors, pdf.published) == ("Доклад об учениях ОДКБ", ("Иванов, Иван",), "2024-05-01")
    word = _record(corpus, "docx")
    assert (word.title, word.authors, word.published, word.languages[0]) == (
        "CSTOの合同演習について", ("山田 太郎",), "2024-06-15", "ja")
    note = _record(corpus, "markdown")
    assert (note.title, note.authors, note.published, note.url, note.tags) == (
        "บันทึกเรื่อง CSTO", ("สมชาย ใจดี",), "2024-07-20", "https://example.org/th/2", ("CSTO", "การฝึก"))
    text = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    assert "# from the page's metadata" in text and "# from the PDF's metadata" in text
    assert "# from the Word file's properties" in text and "# from the text's front matter" in text


def test_added_sources_are_searched_shown_and_exported_with_their_citations(inbox_corpus):
    corpus, tmp, _, _ = inbox_corpus
    pdf = _record(corpus, "pdf")
    found = json.loads(run(corpus, tmp, "search", "Беларуси", "--doc", pdf.id, "--format", "json").stdout)
    [hit] = found["hits"]
    assert hit["citation"]["pages"] == ["1", "2"] and hit["citation"]["location"] == "pp. 1–2"
    assert "pp. 1–2" in hit["citation"]["text"] and "§ Итоги" in hit["citation"]["text"]
    shown = run(corpus, tmp, "show", hit["passage_id"])
    assert "pp. 1–2" in shown.stdout
    # no running header, page number or web-page furniture became a passage
    for query in ("институт", "конфиденциальности", "файлы cookie", "クッキー", "2024"):
        result = json.loads(run(corpus, tmp, "search", query, "--format", "json", "--literal",
                                "--limit", "0").stdout)
        assert not [h for h in result["hits"] if h["doc_id"] in (pdf.id, _record(corpus, "html").id)], query
    page = _record(corpus, "html")
    ris = rispy.loads(run(corpus, tmp, "export", "учения", "--doc", page.id, "--format", "ris").stdout)
    [entry] = ris
    assert entry["title"] == "Учения ОДКБ в Казахстане" and entry["urls"] == ["https://example.org/ru/1"]
    assert entry["date"].startswith("2024/05/01") and entry["publisher"] == "Институт безопасности"
    md = run(corpus, tmp, "export", "Беларуси", "--doc", pdf.id).stdout
    assert "pp. 1–2" in md and "Доклад об учениях ОДКБ" in md


def test_glob_chooses_files_in_a_folder(tmp_path):
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf_file(inbox / "a.pdf", [[("l", "ОДКБ провела учения.")]])
    (inbox / "b.html").write_text(html_page(ARTICLES["en"]), encoding="utf-8")
    result = run(corpus, tmp_path, "add", str(inbox), "--glob", "*.pdf", "--no-build")
    assert result.exit_code == 0, result.output
    assert [r.format for r in load_catalog(corpus).documents[2:]] == ["pdf"]
    empty = run(corpus, tmp_path, "add", str(inbox), "--glob", "*.odt")
    assert empty.exit_code == 2 and "no files to add" in empty.stderr


# --- URLs -----------------------------------------------------------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    pages: dict = {}

    def do_GET(self):  # noqa: N802 - the http.server name
        route = self.pages.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body = route
        if status == "slow":
            time.sleep(2)
            status = 200
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up early (the size limit, the timeout test) is what is tested:
        nothing to print (it would land in the output a CliRunner is capturing)."""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pdf = pdf_file(tmp_path_factory.mktemp("pdf") / "r.pdf", RU_PAGES).read_bytes()
    page = html_page(ARTICLES["en"], "https://example.org/en/1").encode("utf-8")
    cp1251 = html_page(ARTICLES["ru"], charset="windows-1251").replace("©", "(c)").encode("cp1251")
    _Site.pages = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, page),
        "/old": (301, {"Location": "/moved"}, b""),
        "/moved": (302, {"Location": "/article"}, b""),
        "/ru": (200, {"Content-Type": "text/html; charset=windows-1251"}, cp1251),
        "/files/report": (200, {"Content-Type": "application/pdf"}, pdf),
        "/photo": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "/huge": (200, {"Content-Type": "text/html", "Content-Length": str(10**10)}, b""),
        "/slow": ("slow", {"Content-Type": "text/html"}, page),
    }
    server = _Server(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", {"article": page, "pdf": pdf, "ru": cp1251}
    server.shutdown()
    server.server_close()


def test_add_url_follows_redirects_keeps_the_bytes_and_records_where_and_when(site, tmp_path):
    base, bodies = site
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    result = run(corpus, tmp_path, "add", f"{base}/old", "--no-build")
    assert result.exit_code == 0, result.output
    record = load_catalog(corpus).documents[-1]
    assert load_catalog(corpus).path_of(record).read_bytes() == bodies["article"]  # as received
    assert record.url == f"{base}/article" and record.accessed == dt.date.today().isoformat()
    assert record.format == "html" and record.title == "CSTO exercises in Kazakhstan"
    assert record.notes == (f"Downloaded from {base}/old, redirected via {base}/moved → {base}/article "
                            f"on {record.accessed} (text/html).")
    assert f"Added {base}/old as {record.id}" in result.stderr


def test_add_url_honours_the_content_type_and_its_charset(site, tmp_path):
    base, bodies = site
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    result = run(corpus, tmp_path, "add", f"{base}/files/report", f"{base}/ru", "--url", "", "--no-build")
    assert result.exit_code == 0, result.output
    pdf, page = load_catalog(corpus).documents[-2:]
    assert pdf.format == "pdf" and pdf.file.endswith(".pdf")
    assert load_catalog(corpus).path_of(pdf).read_bytes() == bodies["pdf"]
    assert page.encoding == "cp1251" and page.title == "Учения ОДКБ в Казахстане"
    assert load_catalog(corpus).path_of(page).read_bytes() == bodies["ru"]


@pytest.mark.parametrize(("path", "says"), [
    ("/photo", "the server sent image/png, which cstocorpus does not read"),
    ("/huge", "the server announces 10,000,000,000 bytes, more than the 50,000,000 cstocorpus downloads"),
    ("/missing", "the server answered 404 Not Found"),
])
def test_bad_downloads_are_refused_in_one_sentence(site, tmp_path, path, says):
    base, _ = site
    corpus = shutil.copytree(CORPUS, tmp_path / "corpus")
    result = run(corpus, tmp_path, "add", f"{base}{path}", "--no-build")
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if x.startswith("Not added")]
    assert line.startswith(f"Not added: {base}{path}: {says}")
    assert len(load_catalog(corpus).documents) == 2


def test_no_server_and_no_answer_are_one_sentence(site, tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as err:
        fetch(f"http://127.0.0.1:{port}/x", tmp_path)
    assert str(err.value).startswith(f"http://127.0.0.1:{port}/x: cannot connect to 127.0.0.1 (no network")
    base, _ = site
    with pytest.raises(FetchError) as err:
        fetch(f"{base}/slow", tmp_path, timeout=0.5)
    assert str(err.value) == f"{base}/slow: no answer from 127.0.0.1 within 0.5 seconds"
    with pytest.raises(FetchError, match="more than the 1,000 cstocorpus downloads"):
        fetch(f"{base}/article", tmp_path, max_bytes=1000)
