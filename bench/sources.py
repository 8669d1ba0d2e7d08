"""Time to add one source file, per format: ``python -m bench.sources`` (needs the test extra,
which writes the files: ``make install-test``).

For each format it writes the test documents of ``tests/documents.py`` (four languages; the
PDF has two pages), then times, in this process with the analyzers already loaded, reading
the file (``read_document``) and the whole ``cstocorpus add`` of it into a copy of the seed
corpus (read, catalog, analyze, index with Whoosh), as the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.sources import read_document
from tests.documents import ARTICLES, docx_file, html_page, pdf_file
from tests.test_formats import RU_PAGES

REPO = Path(__file__).resolve().parent.parent


def _files(root: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {"html": [], "pdf": [], "docx": [], "markdown": []}
    for lang, article in ARTICLES.items():
        page = root / f"{lang}.html"
        page.write_text(html_page(article), encoding="utf-8")
        files["html"].append(page)
        files["docx"].append(docx_file(root / f"{lang}.docx", article))
        md = root / f"{lang}.md"
        body = "\n\n".join(f"## {h}\n\n" + "\n\n".join(ps) for h, ps in article.sections)
        md.write_text(f"---\ntitle: {article.title}\n---\n\n{body}\n", encoding="utf-8")
        files["markdown"].append(md)
    files["pdf"].append(pdf_file(root / "report.pdf", RU_PAGES, header="Институт безопасности — доклад 2024"))
    return files


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = _files(root)
        runner = CliRunner()
        warm = root / "warm"
        shutil.copytree(REPO / "corpus", warm)
        runner.invoke(cli, ["build", "--corpus", str(warm), "--index", str(root / "warm-index")])
        print(f"{'format':<9} {'files':>5} {'read (ms, median)':>18} {'add (ms, median)':>17}")
        for fmt, paths in files.items():
            reads, adds = [], []
            for _ in range(args.repeat):
                for path in paths:
                    start = time.perf_counter()
                    read_document(path)
                    reads.append(time.perf_counter() - start)
                    corpus = root / f"c-{fmt}-{path.stem}"
                    shutil.rmtree(corpus, ignore_errors=True)
                    shutil.copytree(warm, corpus)
                    index = root / f"i-{fmt}-{path.stem}"
                    shutil.rmtree(index, ignore_errors=True)
                    shutil.copytree(root / "warm-index", index, symlinks=True)
                    start = time.perf_counter()
                    result = runner.invoke(cli, ["add", str(path), "--corpus", str(corpus), "--index", str(index)])
                    adds.append(time.perf_counter() - start)
                    if result.exit_code:
                        raise SystemExit(f"add {path} failed: {result.output}")
            print(f"{fmt:<9} {len(paths):>5} {statistics.median(reads) * 1000:>18.0f} "
                  f"{statistics.median(adds) * 1000:>17.0f}")


if __name__ == "__main__":
    main()
