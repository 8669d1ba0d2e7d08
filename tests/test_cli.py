"""The command line, through click's CliRunner: formats, environment, and one-sentence errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli

from .conftest import JA_DOC


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def cli_index(runner, corpus_copy, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    result = runner.invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Indexed" in result.output and "2 documents" in result.output
    return index_dir


def run(runner, index_dir, *args):
    return runner.invoke(cli, [*args, "--index", str(index_dir)])


def test_search_json_shape(runner, cli_index):
    result = run(runner, cli_index, "search", "Кыргызстан", "--format", "json", "--limit", "0")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"query", "interpretation", "total", "tiers", "hits", "advice"}
    assert data["query"] == "Кыргызстан"
    assert data["total"] == len(data["hits"]) >= 1
    assert data["interpretation"]["units"][0]["concepts"][0]["id"] == "kyrgyzstan"
    assert [t["tier"] for t in data["tiers"]] == [1, 2] and sum(t["total"] for t in data["tiers"]) == data["total"]
    hit = data["hits"][0]
    assert set(hit) == {"rank", "tier", "score", "passage_id", "doc_id", "lang", "section", "text", "highlights",
                        "matched", "citation"}
    assert set(hit["citation"]) >= {"title", "url", "source_url", "section", "paragraph", "start", "end", "text"}
    assert hit["rank"] == 1 and hit["lang"] == "ru" and hit["doc_id"] == JA_DOC
    assert hit["citation"]["source_url"].startswith("https://mfa.gov.kg/")
    assert hit["citation"]["title"] == "CSTOに関する基本事項"
    for start, end in hit["highlights"]:
        assert hit["text"][start:end] in ("Кыргызстана", "Кыргызстан")
    assert {m["reason"] for m in hit["matched"]} == {"lemma"}
    for m in hit["matched"]:
        assert hit["text"][m["start"]:m["end"]] == m["text"] and m["query"] == "Кыргызстан"
    literal = json.loads(run(runner, cli_index, "search", "Кыргызстан", "--literal", "--format", "json").stdout)
    assert literal["total"] == len(literal["hits"]) < data["total"]  # other names find more


def test_search_csv(runner, cli_index):
    result = run(runner, cli_index, "search", "ОДКБ", "--format", "csv", "--limit", "0")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    total = json.loads(run(runner, cli_index, "search", "ОДКБ", "--format", "json").stdout)["total"]
    assert len(rows) == total and rows[0]["rank"] == "1" and rows[0]["citation"]


def test_search_table_is_kwic_with_citation(runner, cli_index):
    result = run(runner, cli_index, "search", "Naryshkin", "--limit", "2")
    assert result.exit_code == 0
    assert "**Naryshkin**" in result.output and "passage 002_0cdda2ff3fc24d48:" in result.output
    assert "machine translation from Russian" in result.output


def test_search_filters_from_the_command_line(runner, cli_index):
    out = json.loads(run(runner, cli_index, "search", "CSTO", "--lang", "ja", "--format", "json", "--limit", "0").stdout)
    assert out["total"] > 0 and {h["lang"] for h in out["hits"]} == {"ja"}
    out = json.loads(run(runner, cli_index, "search", "CSTO", "--doc", JA_DOC, "--format", "json").stdout)
    assert {h["doc_id"] for h in out["hits"]} == {JA_DOC}


def test_environment_variables(runner, cli_index, tmp_path):
    result = runner.invoke(cli, ["search", "ОДКБ", "--format", "json"], env={"CSTOCORPUS_INDEX": str(cli_index)})
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] > 0


def test_show_prints_passage_neighbours_and_citation(runner, cli_index):
    hit = json.loads(run(runner, cli_index, "search", "Кыргызстан", "--format", "json").stdout)["hits"][0]
    result = run(runner, cli_index, "show", hit["passage_id"])
    assert result.exit_code == 0
    assert hit["text"] in result.output
    assert "Citation:" in result.output and "mfa.gov.kg" in result.output and "sha256" in result.output
    data = json.loads(run(runner, cli_index, "show", hit["passage_id"], "--format", "json").stdout)
    assert data["passage"]["passage_id"] == hit["passage_id"]
    assert data["before"] and data["before"][-1]["ordinal"] == data["passage"]["ordinal"] - 1
    assert data["after"] and data["after"][0]["ordinal"] == data["passage"]["ordinal"] + 1


@pytest.mark.parametrize("args, message", [
    (["search", '"unbalanced'], "unbalanced quote"),
    (["search", "(ОДКБ"], "never closed"),
    (["search", "OR"], "needs a word"),
    (["search", "ОДКБ", "--lang", "xx"], "unknown language code 'xx'"),
    (["search", "ОДКБ", "--doc", "../etc"], "no document"),
    (["show", "nope:123"], "no passage"),
])
def test_user_errors_are_one_sentence_and_exit_2(runner, cli_index, args, message):
    result = runner.invoke(cli, [*args, "--index", str(cli_index)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.output.strip().splitlines()) == 1


def test_no_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["search", "ОДКБ", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "run 'cstocorpus build' first" in result.output


def test_bad_catalog_is_a_clear_error(runner, tmp_path):
    (tmp_path / "catalog.yaml").write_text("documents:\n  - id: ../../etc\n    file: x\n")
    result = runner.invoke(cli, ["build", "--corpus", str(tmp_path), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2 and "no paths" in result.output


@pytest.mark.parametrize("command", [[], ["build"], ["search"], ["show"]])
def test_help_everywhere(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "--help" in result.output
    if command:
        assert "--index" in result.output and "--corpus" in result.output


def test_unwritable_index_location_is_one_sentence(runner, corpus_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = runner.invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(blocker / "index")])
    assert result.exit_code == 1
    assert "cannot write the index" in result.output and "Traceback" not in result.output


def test_the_command_line_starts_without_the_web_stack():
    """Only ``serve`` needs FastAPI: every other command starts (and a venv without the web
    extras still runs them) without importing it."""
    import subprocess
    import sys

    code = "import sys, cstocorpus.cli; print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
