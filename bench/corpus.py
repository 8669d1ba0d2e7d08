"""Deterministic benchmark corpora built from real text.

A corpus of N passages is a directory like ``corpus/``: ``catalog.yaml`` (same schema),
``glossary.yaml`` (copied from the real corpus, so cross-language search has its names) and
``sources/bench_NNNNN.txt`` plain-text files of 500–2000 passages each.  Every file is a title
line and paragraphs separated by blank lines, one passage each; ``cstocorpus build`` finds
exactly N passages.

Paragraphs are real sentences recombined: 1–4 sentences of one language drawn from the seed
passages (``corpus/sources``) and the UD treebank sentences (``# text =`` lines of
``../shared/eval/ud/*.conllu``, read where they are, never copied into the repository).
Languages are mixed within every document: each document has a main language (half of its
paragraphs; main languages go round in proportion to the mix) and the other paragraphs are
drawn from the overall mix ``LANGUAGE_MIX``.

Deterministic: one ``random.Random(SEED)`` drives everything, inputs are read in sorted
order, nothing depends on hash randomization; the same inputs and size give byte-identical
files.  Streaming: files are written one at a time; only the sentence pool (a few MB) is held
in memory.

    python -m bench.corpus --size 10000 --out bench/work/corpus-10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
UD_DIR = REPO.parent / "shared" / "eval" / "ud"

SEED = 20240601
GENERATOR_VERSION = 1
META = "bench-corpus.json"
#: Written while ``bench.run`` has one document edited (to time a rebuild), removed once the
#: document is restored; a corpus left with it (the run was killed) is restored before use.
EDITED = "bench-edited.json"
#: Share of paragraphs per language over the whole corpus.
LANGUAGE_MIX = {"ru": 0.35, "th": 0.30, "ja": 0.20, "en": 0.15}
MAIN_SHARE = 0.5  # share of a document's paragraphs in its main language
FILE_PASSAGES = (500, 2000)  # passages per source file (title line included)
SENTENCES_PER_PARAGRAPH = (1, 1, 2, 2, 2, 3, 3, 4)
JOINER = {"ja": ""}  # sentences of other languages are joined by a space


@dataclass(frozen=True)
class Pool:
    sentences: dict[str, tuple[str, ...]]  # lang -> sentences, in input order
    titles: dict[str, tuple[str, ...]]  # lang -> short sentences usable as a title line
    inputs: dict[str, str]  # input file (relative name) -> sha256


def _clean(text: str) -> str:
    return " ".join(text.split())


def load_pool(seed_corpus: Path = SEED_CORPUS, ud_dir: Path = UD_DIR) -> Pool:
    """Seed passages (block texts of the parsed seed sources) and UD sentences, by language."""
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import SourceDocument, read_sources
    from cstocorpus.evaluation import language_of_file
    from cstocorpus.evaluation.conllu import read_conllu
    from cstocorpus.langid import identify

    sentences: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_MIX}
    inputs: dict[str, str] = {}
    catalog = load_catalog(seed_corpus)
    for item in read_sources(catalog):
        if not isinstance(item, SourceDocument):
            continue
        inputs[f"corpus/{item.record.file}"] = item.record.sha256
        for block in item.parsed.blocks:
            text = _clean(block.text)
            lang = identify(text)
            if lang in sentences and len(text) >= 3:
                sentences[lang].append(text)
    ud_files = sorted(ud_dir.glob("*.conllu"))
    if not ud_files:
        raise SystemExit(f"no UD treebanks (*.conllu) in {ud_dir}: the benchmark corpus is built from them")
    for path in ud_files:
        lang = language_of_file(path)
        if lang not in sentences:
            continue
        inputs[f"../shared/eval/ud/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
        for sentence in read_conllu(path):
            text = _clean(sentence.text)
            if text and identify(text) == lang:
                sentences[lang].append(text)
    missing = [lang for lang, items in sentences.items() if not items]
    if missing:
        raise SystemExit(f"no sentences for {', '.join(missing)} in the seed corpus or {ud_dir}")
    titles = {lang: tuple(_title(s) for s in items if 8 <= len(s) <= 60) or (items[0][:40],)
              for lang, items in sentences.items()}
    return Pool({k: tuple(v) for k, v in sentences.items()}, titles, inputs)


def _title(sentence: str) -> str:
    return sentence.rstrip(".!?…。！？ ")


def file_sizes(size: int, rng: random.Random) -> list[int]:
    """Passages per file: 500–2000 each, summing to ``size`` (a small corpus is one file)."""
    low, high = FILE_PASSAGES
    sizes: list[int] = []
    left = size
    while left > 0:
        n = rng.randint(low, high)
        if left - n < low:  # do not leave a tiny last file
            n = left if left <= high else left - low
        sizes.append(n)
        left -= n
    return sizes


def _paragraph(rng: random.Random, pool: Pool, lang: str) -> str:
    items = pool.sentences[lang]
    count = rng.choice(SENTENCES_PER_PARAGRAPH)
    return JOINER.get(lang, " ").join(items[rng.randrange(len(items))] for _ in range(count))


def generate(size: int, out: Path, pool: Pool | None = None, seed: int = SEED) -> dict:
    """Write a corpus of exactly ``size`` passages into ``out`` (replaced); return its metadata."""
    if size < 2:
        raise ValueError("a benchmark corpus needs at least 2 passages")
    pool = pool or load_pool()
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    sources = out / "sources"
    sources.mkdir(parents=True)
    langs, weights = list(LANGUAGE_MIX), list(LANGUAGE_MIX.values())
    entries: list[str] = []
    totals = {lang: 0 for lang in LANGUAGE_MIX}
    total_bytes = 0
    credit = {lang: 0.0 for lang in langs}
    for number, count in enumerate(file_sizes(size, rng), start=1):
        doc_id = f"bench_{number:05d}"
        for lang in langs:  # smooth weighted round robin: main languages follow the mix
            credit[lang] += LANGUAGE_MIX[lang]
        main = max(langs, key=lambda lang: credit[lang])
        credit[main] -= 1.0
        doc_langs = {lang: 0 for lang in LANGUAGE_MIX}
        lines = [rng.choice(pool.titles[main])]
        doc_langs[main] += 1
        for _ in range(count - 1):
            lang = main if rng.random() < MAIN_SHARE else rng.choices(langs, weights)[0]
            lines.append(_paragraph(rng, pool, lang))
            doc_langs[lang] += 1
        data = ("\n\n".join(lines) + "\n").encode("utf-8")
        (sources / f"{doc_id}.txt").write_bytes(data)
        total_bytes += len(data)
        for lang, n in doc_langs.items():
            totals[lang] += n
        present = sorted((lang for lang in doc_langs if doc_langs[lang]), key=lambda lang: (-doc_langs[lang], lang))
        entries.append(_catalog_entry(doc_id, data, lines[0], present, count))
    header = (f"# Benchmark corpus of {size} passages, generated by bench/corpus.py (seed {seed});\n"
              "# synthetic: real sentences recombined, not a citable source.\n\ndocuments:\n")
    (out / "catalog.yaml").write_text(header + "\n".join(entries), encoding="utf-8")
    glossary = SEED_CORPUS / "glossary.yaml"
    if glossary.exists():
        shutil.copyfile(glossary, out / "glossary.yaml")
    meta = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "passages": size,
        "documents": len(entries),
        "source_bytes": total_bytes,
        "languages": totals,
        "inputs": pool.inputs,
        "pool": pool_digest(pool),
    }
    (out / META).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def pool_digest(pool: Pool) -> str:
    """A hash of the sentences the corpus is drawn from.  The input files alone are not
    enough: how the seed sources are cut into blocks is cstocorpus's own code, and a corpus
    generated before a change there is not the one a fresh clone generates."""
    text = json.dumps([pool.sentences, pool.titles], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _catalog_entry(doc_id: str, data: bytes, title: str, langs: list[str], count: int) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 -- a JSON string is a YAML string
    return (
        f"  - id: {doc_id}\n"
        f"    file: sources/{doc_id}.txt\n"
        f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
        f"    format: text\n"
        f"    title: {q(title)}\n"
        f"    languages: [{', '.join(langs)}]\n"
        f"    notes: {q(f'Synthetic benchmark document: {count} passages of recombined seed and UD sentences.')}\n"
    )


def ensure(size: int, out: Path, seed: int = SEED) -> tuple[dict, bool]:
    """The corpus in ``out``, generated unless an identical one (same size, seed, inputs,
    sentence pool, generator) is already there.  Returns (metadata, whether it was generated now)."""
    pool = load_pool()
    restore_edit(out)
    meta_path = out / META
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            meta = {}
        if (meta.get("passages") == size and meta.get("seed") == seed and meta.get("inputs") == pool.inputs
                and meta.get("pool") == pool_digest(pool) and meta.get("generator_version") == GENERATOR_VERSION):
            return meta, False
    return generate(size, out, pool, seed), True


def first_document(out: Path) -> str:
    """The id of the corpus's first document (``bench_00001``)."""
    for line in (out / "catalog.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: "):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"no document in {out / 'catalog.yaml'}")


def edit_one_document(out: Path, doc_id: str, paragraph: str) -> dict:
    """Append ``paragraph`` to the source of ``doc_id`` and give the catalog its new sha256,
    as a user editing one file would; ``restore_edit`` undoes it.  Nothing is copied: the
    catalog text and the file's length are kept in ``EDITED`` until the restore."""
    catalog_path = out / "catalog.yaml"
    catalog = catalog_path.read_text(encoding="utf-8")
    source = out / "sources" / f"{doc_id}.txt"
    before = source.read_bytes()
    old_sha = hashlib.sha256(before).hexdigest()
    line = f"    file: sources/{doc_id}.txt\n    sha256: {old_sha}\n"
    if catalog.count(line) != 1:
        raise SystemExit(f"cannot find {doc_id} with its sha256 in {catalog_path}")
    (out / EDITED).write_text(json.dumps({"doc_id": doc_id, "size": len(before), "catalog": catalog},
                                         ensure_ascii=False) + "\n", encoding="utf-8")
    after = before + ("\n" + paragraph.strip() + "\n").encode("utf-8")
    source.write_bytes(after)
    new_sha = hashlib.sha256(after).hexdigest()
    catalog_path.write_text(catalog.replace(line, line.replace(old_sha, new_sha)), encoding="utf-8")
    return {"doc_id": doc_id, "passages_before": before.decode("utf-8").count("\n\n") + 1,
            "bytes_before": len(before), "bytes_added": len(after) - len(before)}


def restore_edit(out: Path) -> bool:
    """Undo ``edit_one_document`` if it is in effect (also after a killed run)."""
    marker = out / EDITED
    if not marker.exists():
        return False
    edit = json.loads(marker.read_text(encoding="utf-8"))
    source = out / "sources" / f"{edit['doc_id']}.txt"
    if source.exists():
        with source.open("r+b") as f:
            f.truncate(edit["size"])
    (out / "catalog.yaml").write_text(edit["catalog"], encoding="utf-8")
    marker.unlink()
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of passages")
    parser.add_argument("--out", type=Path, required=True, help="corpus directory to (re)create")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    meta = generate(args.size, args.out, seed=args.seed)
    print(json.dumps({k: v for k, v in meta.items() if k != "inputs"}, sort_keys=True))


if __name__ == "__main__":
    main()
