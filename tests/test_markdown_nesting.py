"""Deeply nested Markdown is indexed whole or refused in one sentence, never half-read.

markdown-it stops reading at its nesting limit and drops the rest silently: blockquotes
nested 20 levels deep lost their text (19 kept it), lists kept 9 levels of 3,000."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cstocorpus.catalog import sha256_of
from cstocorpus.cli import cli
from cstocorpus.sources import DocumentError, read_document
from cstocorpus.sources.markdown_doc import MAX_NESTING

from .conftest import CORPUS

WORDS = ["Армения", "Белоруссия", "Казахстан", "Киргизия", "Россия", "Таджикистан"]


def _blockquotes(levels: int) -> str:
    """A paragraph at each depth, 1 to ``levels``, each naming its depth."""
    return "".join(">" * depth + f" Уровень {depth}: {WORDS[depth % len(WORDS)]} и ОДКБ.\n" + ">" * depth + "\n"
                   for depth in range(1, levels + 1))


def _list(levels: int) -> str:
    return "".join("  " * depth + f"- пункт {depth}: {WORDS[depth % len(WORDS)]}\n" for depth in range(levels))


@pytest.mark.parametrize("text, count", [(_blockquotes(19), 19), (_blockquotes(20), 20), (_blockquotes(60), 60),
                                         (_list(9), 9), (_list(10), 10), (_list(MAX_NESTING // 2 - 1), 49)])
def test_every_level_keeps_its_text(tmp_path, text, count):
    path = tmp_path / "nested.md"
    path.write_text(text, encoding="utf-8")
    blocks = read_document(path).blocks
    assert len(blocks) == count
    assert [b.line_start for b in blocks] == [n * (2 if text.startswith(">") else 1) + 1 for n in range(count)]
    depth_words = [f"{n + 1}:" if text.startswith(">") else f"пункт {n}:" for n in range(count)]
    assert all(word in b.text for word, b in zip(depth_words, blocks, strict=True))


@pytest.mark.parametrize("text, line", [(_blockquotes(MAX_NESTING), 2 * MAX_NESTING - 1),
                                        (_list(3000), MAX_NESTING // 2)])
def test_deeper_nesting_is_refused_in_one_sentence(tmp_path, text, line):
    path = tmp_path / "nested.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    reason = caught.value.reason
    assert f"nested too deeply at line {line}" in reason and "read the file as plain text" in reason
    plain = read_document(path, "text")  # the way out the sentence names
    assert sum("ОДКБ" in b.text or "пункт" in b.text for b in plain.blocks) >= 1


def test_build_indexes_deep_quotes_whole_and_refuses_deeper_lists(tmp_path):
    corpus = Path(shutil.copytree(CORPUS, tmp_path / "corpus"))
    entries = []
    for name, text in [("deep_quotes", _blockquotes(25)), ("deep_list", _list(3000))]:
        path = corpus / "sources" / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        entries.append(f"\n  - id: {name}\n    file: sources/{name}.md\n    sha256: {sha256_of(path)}\n"
                       "    format: markdown\n")
    with open(corpus / "catalog.yaml", "a", encoding="utf-8") as fh:
        fh.write("".join(entries))
    index = tmp_path / "index"
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("Skipped")] == [
        line for line in result.stderr.splitlines() if "deep_list.md: blockquotes or lists are nested too deeply" in line]
    found = CliRunner().invoke(cli, ["search", "Уровень", "--doc", "deep_quotes", "--limit", "0", "--format", "json",
                                     "--index", str(index)])
    assert json.loads(found.stdout)["total"] == 25  # the 25th level too
