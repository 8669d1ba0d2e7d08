"""``add``, ``remove`` and ``list`` through the command line: the catalog keeps its comments,
sources are copied byte for byte, duplicates and bad ids are refused, the index follows."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import load_catalog, sha256_of
from cstocorpus.cli import cli
from cstocorpus.index.location import IndexLocation
from cstocorpus.manage.catalog_file import corpus_lock

from .conftest import CORPUS, JA_DOC, TH_DOC


@pytest.fixture()
def corpus(tmp_path):
    return shutil.copytree(CORPUS, tmp_path / "corpus")


#: Twelve sentences in the register of a ministry statement (written for these tests).
RU_SENTENCES = [
    "Министры иностранных дел встретились в Ереване в начале мая.",
    "Стороны обсудили положение на границах государств-членов.",
    "Особое внимание было уделено борьбе с незаконным оборотом наркотиков.",
    "Генеральный секретарь доложил о ходе учений миротворческих сил.",
    "Участники согласовали план совместных действий на следующий год.",
    "Делегации подчеркнули важность обмена информацией между спецслужбами.",
    "Было решено провести следующее заседание осенью в Минске.",
    "Отдельно рассматривались вопросы информационной безопасности.",
    "Министры приняли заявление о положении в Центральной Азии.",
    "Текст заявления опубликован на сайтах министерств.",
    "Журналистам рассказали о подготовке к юбилейной сессии.",
    "Встреча прошла в дружественной и деловой атмосфере.",
]


@pytest.fixture()
def ru_text() -> str:
    """Russian sentences written for these tests, as a Markdown page with a title in front matter."""
    sentences = RU_SENTENCES
    body = "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, 12, 3))
    return f"---\ntitle: Сборник предложений\ndate: 2024-05-01\ntags: [test]\n---\n\n{body}\n"


def cstocorpus(corpus, tmp_path, *args):
    result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert "Traceback" not in result.output, result.output
    return result


def _doc_rows(corpus, tmp_path):
    result = cstocorpus(corpus, tmp_path, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)}


def test_add_copies_catalogs_and_indexes_a_new_source(corpus, tmp_path, ru_text):
    assert cstocorpus(corpus, tmp_path, "build").exit_code == 0
    catalog_before = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    new = tmp_path / "statement.md"
    new.write_text(ru_text, encoding="utf-8")

    result = cstocorpus(corpus, tmp_path, "add", str(new), "--author", "Иванов И. И.",
                        "--url", "https://example.org/statement", "--published", "2024-05-01")
    assert result.exit_code == 0, result.output
    assert "Incremental: 1 documents analyzed, 2 unchanged" in result.stdout

    catalog = load_catalog(corpus)
    record = catalog.documents[-1]
    assert record.id == f"003_{sha256_of(new)[:16]}" and record.file == f"sources/{record.id}.md"
    assert catalog.path_of(record).read_bytes() == new.read_bytes()  # byte for byte
    assert (record.title, record.languages, record.authors) == ("Сборник предложений", ("ru",), ("Иванов И. И.",))
    assert (record.url, record.published, record.format) == ("https://example.org/statement", "2024-05-01", "markdown")
    catalog_after = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    assert catalog_after.startswith(catalog_before)  # every comment and entry kept as written
    assert "# from the text's front matter" in catalog_after and "# detected; main language first" in catalog_after

    rows = _doc_rows(corpus, tmp_path)
    assert rows[record.id]["status"] == "indexed" and rows[record.id]["passages"] == 4
    assert rows[record.id]["passage_languages"] == {"ru": 4}
    word = "министров"  # Министры, in another form
    found = cstocorpus(corpus, tmp_path, "search", word, "--doc", record.id, "--format", "json", "--limit", "0")
    assert found.exit_code == 0 and json.loads(found.stdout)["total"] >= 1


def test_same_file_twice_is_reported_not_added(corpus, tmp_path, ru_text):
    new = tmp_path / "a.md"
    new.write_text(ru_text, encoding="utf-8")
    assert cstocorpus(corpus, tmp_path, "add", str(new), "--no-build").exit_code == 0
    catalog = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "same-bytes-other-name.txt"
    copy.write_bytes(new.read_bytes())
    result = cstocorpus(corpus, tmp_path, "add", str(copy), "--no-build")
    assert result.exit_code == 1
    assert "already in the corpus as 003_" in result.stderr and "same sha256" in result.stderr
    assert (corpus / "catalog.yaml").read_text(encoding="utf-8") == catalog
    seed = corpus / "sources" / f"{TH_DOC}.txt"
    assert f"already in the corpus as {TH_DOC}" in cstocorpus(corpus, tmp_path, "add", str(seed)).stderr


@pytest.mark.parametrize("bad_id", ["../evil", "a/b", "..", ".hidden", "x" * 200, "имя"])
def test_ids_with_path_tricks_are_refused(corpus, tmp_path, ru_text, bad_id):
    new = tmp_path / "a.md"
    new.write_text(ru_text, encoding="utf-8")
    before = sorted(p.name for p in corpus.rglob("*"))
    result = cstocorpus(corpus, tmp_path, "add", str(new), "--id", bad_id, "--no-build")
    assert result.exit_code == 1 and "must be letters, digits" in result.stderr
    assert sorted(p.name for p in corpus.rglob("*") if p.name != ".lock") == [n for n in before if n != ".lock"]
    assert not (tmp_path / "evil.md").exists()


def test_add_usage_errors(corpus, tmp_path, ru_text):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(ru_text, encoding="utf-8")
    b.write_text(ru_text + "\nЕщё абзац.\n", encoding="utf-8")
    result = cstocorpus(corpus, tmp_path, "add", str(a), str(b), "--id", "x")
    assert result.exit_code == 2 and "--id names one document" in result.stderr
    missing = cstocorpus(corpus, tmp_path, "add", str(tmp_path / "nope.txt"), "--no-build")
    assert missing.exit_code == 1 and "nope.txt: cannot be read" in missing.stderr
    bad_codec = cstocorpus(corpus, tmp_path, "add", str(a), "--encoding", "klingon", "--no-build")
    assert bad_codec.exit_code == 2 and "unknown encoding 'klingon'" in bad_codec.stderr
    bad_date = cstocorpus(corpus, tmp_path, "add", str(a), "--published", "May 2024", "--no-build")
    assert bad_date.exit_code == 2 and "--published 'May 2024' is not a date: write YYYY" in bad_date.stderr
    assert len(load_catalog(corpus).documents) == 2  # nothing half-added


def test_add_with_explicit_legacy_encoding(corpus, tmp_path, ru_text):
    new = tmp_path / "cp1251.txt"
    new.write_bytes(ru_text.split("---\n", 2)[2].encode("cp1251"))
    result = cstocorpus(corpus, tmp_path, "add", str(new), "--encoding", "cp1251", "--title", "Заявление")
    assert result.exit_code == 0, result.output
    record = load_catalog(corpus).documents[-1]
    assert record.encoding == "cp1251" and record.title == "Заявление" and record.format == "text"
    assert load_catalog(corpus).path_of(record).read_bytes() == new.read_bytes()  # kept as received
    word = "министров"  # Министры, in another form
    found = cstocorpus(corpus, tmp_path, "search", word, "--doc", record.id, "--format", "json")
    assert json.loads(found.stdout)["total"] >= 1


def test_remove_moves_the_file_aside_and_updates_the_index(corpus, tmp_path):
    assert cstocorpus(corpus, tmp_path, "build").exit_code == 0
    source = corpus / "sources" / f"{JA_DOC}.txt"
    original = source.read_bytes()
    result = cstocorpus(corpus, tmp_path, "remove", JA_DOC)
    assert result.exit_code == 0, result.output
    assert f"its file is now {corpus / 'removed' / source.name}" in result.stderr
    assert (corpus / "removed" / source.name).read_bytes() == original and not source.exists()
    assert [r.id for r in load_catalog(corpus).documents] == [TH_DOC]
    assert "Indexed 173 passages from 1 documents" in result.stdout
    catalog = (corpus / "catalog.yaml").read_text(encoding="utf-8")
    assert catalog.startswith("# Citation metadata for every source") and "# the text's first line" in catalog
    assert cstocorpus(corpus, tmp_path, "search", "文献", "--doc", JA_DOC).exit_code == 2  # not in the index


@pytest.mark.parametrize("doc_id, message", [("nope", "no document 'nope' in the catalog"),
                                             ("../catalog", "is not a document id")])
def test_remove_refuses_unknown_ids(corpus, tmp_path, doc_id, message):
    result = cstocorpus(corpus, tmp_path, "remove", doc_id)
    assert result.exit_code == 2 and message in result.stderr
    assert len(load_catalog(corpus).documents) == 2


def test_list_formats_and_statuses(corpus, tmp_path, ru_text):
    rows = _doc_rows(corpus, tmp_path)
    assert [r["status"] for r in rows.values()] == ["not indexed", "not indexed"]
    assert cstocorpus(corpus, tmp_path, "build").exit_code == 0
    rows = _doc_rows(corpus, tmp_path)
    assert {k: (r["status"], r["passages"]) for k, r in rows.items()} == {
        JA_DOC: ("indexed", 23), TH_DOC: ("indexed", 173)}
    assert rows[JA_DOC]["title"] == "CSTOに関する基本事項" and rows[TH_DOC]["machine_translated"] is True

    new = tmp_path / "n.md"
    new.write_text(ru_text, encoding="utf-8")
    cstocorpus(corpus, tmp_path, "add", str(new), "--no-build")
    (corpus / "sources" / f"{JA_DOC}.txt").write_bytes(b"changed behind the catalog's back\n")
    rows = _doc_rows(corpus, tmp_path)
    statuses = [r["status"] for r in rows.values()]
    assert statuses == ["refused", "indexed", "not indexed"] and "sha256" in rows[JA_DOC]["problem"]

    table = cstocorpus(corpus, tmp_path, "list")
    assert table.exit_code == 0 and "3 documents, 196 passages indexed." in table.stdout  # until the next build
    assert TH_DOC in table.stdout and "not indexed" in table.stdout
    parsed = list(csv.DictReader(io.StringIO(cstocorpus(corpus, tmp_path, "list", "--format", "csv").stdout)))
    assert [r["id"] for r in parsed] == list(rows) and parsed[1]["passages"] == "173"


def test_catalog_busy_and_index_busy_give_one_sentence(corpus, tmp_path, ru_text):
    new = tmp_path / "n.md"
    new.write_text(ru_text, encoding="utf-8")
    with corpus_lock(corpus):
        result = cstocorpus(corpus, tmp_path, "add", str(new))
    assert result.exit_code == 1 and "another cstocorpus command is changing the catalog" in result.stderr
    assert len(load_catalog(corpus).documents) == 2
    with IndexLocation(tmp_path / "index").build_lock():
        result = cstocorpus(corpus, tmp_path, "build")
        assert result.exit_code == 1 and "another build is writing the index" in result.stderr
        added = cstocorpus(corpus, tmp_path, "add", str(new), "--wait", "0")  # cataloged; the index waits
        assert added.exit_code == 1 and "another build is still writing the index" in added.stderr
    assert len(load_catalog(corpus).documents) == 3
    assert cstocorpus(corpus, tmp_path, "build").exit_code == 0


def test_add_detects_a_legacy_encoding_and_records_it(corpus, tmp_path, ru_text):
    new = tmp_path / "koi.txt"
    new.write_bytes(ru_text.split("---\n", 2)[2].encode("cp1251"))
    result = cstocorpus(corpus, tmp_path, "add", str(new), "--no-build")
    assert result.exit_code == 0, result.output
    assert "decoded as cp1251 (detected; check the text" in result.stderr
    assert load_catalog(corpus).documents[-1].encoding == "cp1251"
    assert "encoding: cp1251  # detected; check the text" in (corpus / "catalog.yaml").read_text(encoding="utf-8")
