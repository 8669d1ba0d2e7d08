"""What the benchmark measures, one child process per measurement (run by ``bench.run``).

    python -m bench.probe analyze CORPUS     # analyzers only: read, normalize, identify, analyze
    python -m bench.probe open INDEX         # cold open: open the index, run one query
    python -m bench.probe queries INDEX [--repeat 50] [--warmup 3]   # query latency
    python -m bench.probe wordstats INDEX [--repeat 5] [--warmup 1]  # concordance, collocates, keywords

Each prints one JSON object on stdout.  The parent measures the whole process (wall time and
peak RSS); the times printed here are the inner ones (after imports).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

#: The fixed query mix: (kind, query text, --lang filter).  Words that occur in the seed
#: passages or the UD sentences, so every corpus size has hits.
QUERY_MIX: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lemma", "безопасностью", ()),  # one Russian form -> every form of its lemma
    ("and", "Россия США", ()),  # two words ANDed
    ("phrase", '"Совет коллективной безопасности"', ()),  # lemma sequence, in order
    ("lang_filter", "CSTO", ("th",)),  # a Latin name, Thai passages only
    ("crosslang", "Armenia", ()),  # glossary: also Армения, アルメニア, อาร์เมเนีย
    ("common", "и OR the OR の OR ที่", ()),  # the commonest word of each language: most passages
)
LIMIT = 10  # as `cstocorpus search` prints by default


def analyze(corpus: Path) -> dict:
    """Everything a build does to the text and nothing else: read each source (streamed, one
    document at a time), then normalize + identify + analyze_with_compounds every block."""
    t0 = time.perf_counter()
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import SourceDocument, read_sources
    from cstocorpus.passages import iter_passages

    t_import = time.perf_counter()
    passages = tokens = chars = 0
    langs: Counter[str] = Counter()
    for source in read_sources(load_catalog(corpus)):
        if not isinstance(source, SourceDocument):
            raise SystemExit(f"cannot read {source}")
        for p in iter_passages(source.record.id, source.parsed.blocks):
            passages += 1
            tokens += len(p.tokens)
            chars += len(p.text)
            langs[p.lang] += 1
    t_end = time.perf_counter()
    return {"passages": passages, "tokens": tokens, "chars": chars, "languages": dict(sorted(langs.items())),
            "import_s": round(t_import - t0, 3), "analyze_s": round(t_end - t_import, 3)}


def cold_open(index: Path) -> dict:
    t0 = time.perf_counter()
    from cstocorpus.index.reader import CorpusIndex
    from cstocorpus.search import search

    t_import = time.perf_counter()
    ix = CorpusIndex(index)
    t_open = time.perf_counter()
    kind, text, langs = QUERY_MIX[0]
    result = search(ix, text, langs, limit=LIMIT)
    t_query = time.perf_counter()
    ix.close()
    return {"import_s": round(t_import - t0, 3), "open_s": round(t_open - t_import, 4),
            "first_query_s": round(t_query - t_open, 4), "query": text, "total": result.total}


def queries(index: Path, repeat: int, warmup: int) -> dict:
    from cstocorpus.index.reader import CorpusIndex
    from cstocorpus.search import search

    ix = CorpusIndex(index)
    passages = int(ix.manifest.get("passages", 0))
    out = {}
    for kind, text, langs in QUERY_MIX:
        result = None
        for _ in range(warmup):
            result = search(ix, text, langs, limit=LIMIT)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = search(ix, text, langs, limit=LIMIT)
            times.append(time.perf_counter() - t0)
        out[kind] = {"query": text, "lang": list(langs), "total": result.total,
                     "share": round(result.total / passages, 4) if passages else None,
                     "times_ms": [round(t * 1000, 3) for t in times]}
    ix.close()
    return {"passages": passages, "repeat": repeat, "warmup": warmup, "limit": LIMIT, "queries": out}


#: Word statistics the benchmark times (``wordstats``): what each is, as a researcher runs it.
WORDSTATS = {
    "concordance_r1": "concordance of a word in about 1 % of passages, sorted by R1 (first page of 50)",
    "collocates": "collocates of the most frequent content word (5L5R, logDice, top 30)",
    "keywords": "keywords of one document against the rest of the corpus",
}


def pick_words(columns) -> tuple[str, str]:
    """The content lemma whose passage share is nearest 1 %, and the most frequent content
    lemma: chosen from the index, so every corpus size has both."""
    import numpy as np

    from cstocorpus.stats.stopwords import is_stopword

    size = len(columns.lexicon)
    pairs = np.unique(columns.token_passage.astype(np.int64) * size + np.asarray(columns.lemma))
    in_passages = np.bincount(pairs % size, minlength=size)
    frequency = np.bincount(np.asarray(columns.lemma), minlength=size)
    target = 0.01 * len(columns.passage_ids)

    def content(n: int) -> bool:
        term = columns.lexicon[n]
        return len(term) >= 4 and term.isalpha() and not is_stopword(term)

    near = sorted(np.flatnonzero(in_passages), key=lambda n: (abs(in_passages[n] - target), columns.lexicon[n]))
    rare = next(columns.lexicon[n] for n in near if content(n))
    common = next(columns.lexicon[n] for n in np.argsort(-frequency, kind="stable") if content(n))
    return rare, common


def wordstats(index: Path, repeat: int, warmup: int) -> dict:
    """``WORDSTATS`` in one process that opened the index once: the first run (the corpus
    columns read from disk) and ``repeat`` timed runs after ``warmup``; and the same three as
    ``cstocorpus`` command lines, for ``bench.run`` to time as whole processes."""
    t0 = time.perf_counter()
    from cstocorpus.concordance import concordance, parse_sort
    from cstocorpus.index.reader import CorpusIndex
    from cstocorpus.subcorpus import filters, resolve
    from cstocorpus.wordstats.collocates import collocates
    from cstocorpus.wordstats.keywords import keywords
    from cstocorpus.wordstats.node import read_node
    from cstocorpus.wordstats.view import CorpusView

    t_import = time.perf_counter()
    ix = CorpusIndex(index)
    rare, common = pick_words(ix.columns)
    ix.close()
    ix = CorpusIndex(index)  # a fresh reader: the first timed run reads the columns itself
    doc = sorted(ix.documents)[0]
    target = resolve(ix, filters(docs=[doc]))
    tasks = {
        "concordance_r1": lambda: concordance(ix, rare, sort=parse_sort("R1"), limit=50),
        "collocates": lambda: collocates(CorpusView(ix.columns), read_node(common, "lemma")),
        "keywords": lambda: keywords(CorpusView(ix.columns, target), None),
    }
    out = {}
    for kind, task in tasks.items():
        t = time.perf_counter()
        result = task()
        first = time.perf_counter() - t
        for _ in range(warmup):
            task()
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            task()
            times.append(time.perf_counter() - t)
        out[kind] = {"what": WORDSTATS[kind], "first_ms": round(first * 1000, 2),
                     "times_ms": [round(x * 1000, 2) for x in times], **_summary(kind, result)}
    passages = len(ix.columns.passage_ids)
    out["concordance_r1"]["share"] = round(out["concordance_r1"]["passages"] / passages, 4)
    ix.close()
    commands = {
        "concordance_r1": ["concordance", rare, "--sort", "R1"],
        "collocates": ["collocates", common],
        "keywords": ["keywords", "--doc", doc],
    }
    return {"import_s": round(t_import - t0, 3), "passages": passages, "rare": rare, "common": common,
            "document": doc, "repeat": repeat, "warmup": warmup, "kinds": out, "commands": commands}


def _summary(kind: str, result) -> dict:
    if kind == "concordance_r1":
        return {"query": result.query, "occurrences": result.total, "passages": result.passages}
    if kind == "collocates":
        return {"query": result.node.text, "node_frequency": sum(x.node_frequency for x in result.languages),
                "languages": [x.lang for x in result.languages]}
    return {"languages": [x.lang for x in result.languages],
            "target_tokens": sum(x.target_tokens for x in result.languages),
            "keywords": sum(x.positive_total + x.negative_total for x in result.languages)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="One benchmark measurement (run by bench.run).")
    parser.add_argument("what", choices=("analyze", "open", "queries", "wordstats"))
    parser.add_argument("path", type=Path, help="corpus directory (analyze) or index directory")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    if args.what == "analyze":
        result = analyze(args.path)
    elif args.what == "open":
        result = cold_open(args.path)
    elif args.what == "wordstats":
        result = wordstats(args.path, args.repeat, args.warmup)
    else:
        result = queries(args.path, args.repeat, args.warmup)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
