"""Look a query word up in the packaged bilingual word lists (see the package docstring)."""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

JMDICT = "JMdict"
LOANWORDS = "PyThaiNLP loanwords"
#: At most this many translations of one word into one language: an English word glosses
#: dozens of Japanese words (``drug``), and searching all would find anything.
MAX_TRANSLATIONS = 6


@dataclass(frozen=True)
class Translation:
    source: str  # the dictionary it comes from
    lang: str  # the language of ``text``
    text: str


@lru_cache(maxsize=1)
def _jmdict() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(Japanese → glosses, gloss → Japanese words, those whose first gloss it is first)."""
    ja_en: dict[str, tuple[str, ...]] = {}
    firsts: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    path = Path(str(resources.files("cstocorpus.lexicon") / "data" / "ja_en_jmdict.tsv"))
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            ja, glosses = line.rstrip("\n").split("\t", 1)
            english = tuple(glosses.split("|"))
            ja_en[ja] = english
            for n, g in enumerate(english):
                (firsts if n == 0 else others).setdefault(g, []).append(ja)
    en_ja = {g: tuple(firsts.get(g, []) + others.get(g, [])) for g in {*firsts, *others}}
    return ja_en, en_ja


@lru_cache(maxsize=1)
def _loanwords() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(Thai → English, English → Thai) from PyThaiNLP's checked transliteration pairs."""
    th_en: dict[str, list[str]] = {}
    en_th: dict[str, list[str]] = {}
    try:  # found without importing PyThaiNLP (which takes a second)
        spec = importlib.util.find_spec("pythainlp")
        path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "th_en_transliteration_v1.4.tsv"
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except (AttributeError, TypeError, StopIteration, OSError, csv.Error):  # no PyThaiNLP or no list: none
        rows = []
    for row in rows:
        th, en = (row.get("th") or "").strip(), (row.get("en") or "").strip().lower()
        if th and en and str(row.get("check", "")).lower() == "true" and len(en) >= 4:
            th_en.setdefault(th, []).append(en)
            en_th.setdefault(en, []).append(th)
    return ({k: tuple(v) for k, v in th_en.items()}, {k: tuple(v) for k, v in en_th.items()})


def translations(text: str, lang: str, lemma: str = "") -> list[Translation]:
    """The translations of one query word (``text`` as typed, ``lemma`` its lemma) written in
    ``lang``, from every dictionary that has it."""
    out: list[Translation] = []
    keys = list(dict.fromkeys(k for k in (text, lemma) if k))
    if lang == "ja":
        ja_en, _ = _jmdict()
        for k in keys:
            out += [Translation(JMDICT, "en", g) for g in ja_en.get(k, ())[:MAX_TRANSLATIONS]]
    elif lang == "en":
        _, en_ja = _jmdict()
        _, en_th = _loanwords()
        for k in (k.lower() for k in keys):
            out += [Translation(JMDICT, "ja", j) for j in en_ja.get(k, ())[:MAX_TRANSLATIONS]]
            out += [Translation(LOANWORDS, "th", t) for t in en_th.get(k, ())[:MAX_TRANSLATIONS]]
    elif lang == "th":
        th_en, _ = _loanwords()
        for k in keys:
            out += [Translation(LOANWORDS, "en", e) for e in th_en.get(k, ())[:MAX_TRANSLATIONS]]
    return list(dict.fromkeys(out))
