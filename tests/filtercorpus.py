"""A corpus for the filter and subcorpus tests: the two seed texts (no date, author or tag in
their catalog entries) and three short documents written for these tests, each with a
publication date, authors, tags and a source format, plus a ``subcorpora.yaml``."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .conftest import CORPUS

#: id -> (file name, text, catalog fields)
EXTRA = {
    "101_ru_statement": ("ru_statement.md", """# Заявление МИД

Министерство иностранных дел Российской Федерации приветствует решения Совета коллективной
безопасности ОДКБ. Государства — члены ОДКБ подтвердили готовность к совместной борьбе с
международным терроризмом.

Россия считает ОДКБ важным инструментом обеспечения безопасности в Центральной Азии.
""", {"format": "markdown", "authors": ["МИД России"], "published": "2021-05-14",
      "tags": ["statement", "mfa"], "languages": ["ru"]}),
    "102_en_report": ("en_report.txt", """Notes on CSTO exercises

The Collective Security Treaty Organization held joint exercises in Tajikistan. The CSTO rapid
reaction forces trained near the Afghan border.

Analysts noted that Russia provided most of the troops for the CSTO exercises.
""", {"format": "text", "authors": ["Ivanov, Ivan", "Smith, Anna"], "published": "2019",
      "tags": ["analysis"], "languages": ["en"]}),
    "103_ja_note": ("ja_note.txt", """集団安全保障条約機構の声明

集団安全保障条約機構は合同演習を実施した。加盟国の外務省は声明を発表した。
""", {"format": "text", "authors": ["外務省"], "published": "2023-02", "tags": ["statement"],
      "languages": ["ja"]}),
}

SUBCORPORA = """# Named subcorpora for the tests.
subcorpora:
  mfa-statements:
    description: Statements of foreign ministries
    tag: [statement]
    author: [МИД, 外務省]
  recent-ru:
    lang: ru
    from: 2020
"""


def _yaml_list(values) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def make_filter_corpus(target: Path) -> Path:
    """Write the corpus into ``target`` (a new directory) and return it."""
    shutil.copytree(CORPUS, target)
    entries = []
    for doc_id, (name, text, meta) in EXTRA.items():
        data = text.encode("utf-8")
        (target / "sources" / name).write_bytes(data)
        entries.append("\n".join([
            f"  - id: {doc_id}",
            f"    file: sources/{name}",
            f"    sha256: {hashlib.sha256(data).hexdigest()}",
            f"    format: {meta['format']}",
            f"    title: {text.splitlines()[0].lstrip('# ')}",
            f"    languages: {_yaml_list(meta['languages'])}",
            f"    authors: {_yaml_list(meta['authors'])}",
            f"    published: \"{meta['published']}\"",
            f"    tags: {_yaml_list(meta['tags'])}",
        ]))
    catalog = target / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(entries) + "\n",
                       encoding="utf-8")
    (target / "subcorpora.yaml").write_text(SUBCORPORA, encoding="utf-8")
    return target
