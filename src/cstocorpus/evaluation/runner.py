"""Scoring one CoNLL-U file: what the index would get from our analyzers, against the gold.

Each sentence is normalized as passages are (NFKC and the rest), analyzed, and the tokens
mapped back to the original text, so segmentation is scored exactly as search sees it.
Which scores apply depends on the language:

* Thai: word-boundary and word precision/recall/F1 (Thai lemmas are the words themselves);
* Japanese: word F1 on short units, lemma accuracy on the words segmented as in the gold;
* Russian, English: lemma accuracy of the gold words (so a tokenization difference does not
  count twice), overall and without punctuation, symbols and numbers; word F1 as information;
* all: language identification on sentences and on seeded 1- and 3-word items.

Speed is wall time of one pass over the file in this process (Thai and Japanese: ``analyze``,
what the index runs; Russian and English: ``lemmatize_words`` on the gold words), after the
analyzers have loaded (their caches start empty), next to the raw library doing the same work
(``baselines``); one untimed raw pass first pages the dictionaries in for both.  A second
pass of both sides gives the warm figures (caches full, as for most of a large build).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cstocorpus.analysis import analyze, analyzer_for, tokenize
from cstocorpus.evaluation import baselines
from cstocorpus.evaluation.conllu import Sentence, read_conllu
from cstocorpus.evaluation.langid_items import word_items
from cstocorpus.evaluation.metrics import Accuracy, Segmentation, same_lemma
from cstocorpus.langid import identify
from cstocorpus.normalize import normalize

EVAL_LANGUAGES = ("th", "ja", "ru", "en")
#: Gold words left out of the "words only" lemma score.
NON_WORD_UPOS = frozenset({"PUNCT", "SYM", "NUM"})
_FILE_LANGUAGE = re.compile(r"^(th|ja|ru|en)[_-]")


def language_of_file(path: Path) -> str | None:
    """``th``/``ja``/``ru``/``en`` from a UD-style file name (``ja_gsd-ud-dev.conllu``)."""
    m = _FILE_LANGUAGE.match(Path(path).name.lower())
    return m.group(1) if m else None


@dataclass
class FileReport:
    file: str
    lang: str
    sentences: int
    tokens: int  # gold surface tokens
    words: int  # gold syntactic words
    characters: int
    speed: dict[str, float] = field(default_factory=dict)
    segmentation: dict[str, Any] = field(default_factory=dict)
    lemma: dict[str, Any] = field(default_factory=dict)
    langid: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_file(path: Path, lang: str, *, speed: bool = True) -> FileReport:
    """Score the analyzers and the identifier on one gold file of language ``lang``."""
    sentences = read_conllu(path)
    report = FileReport(
        file=str(path), lang=lang, sentences=len(sentences),
        tokens=sum(len(s.tokens) for s in sentences), words=sum(len(s.words) for s in sentences),
        characters=sum(len(s.text) for s in sentences),
    )
    _load_analyzers()
    if speed:  # the first pass over a dictionary pages it in: neither timed side should pay
        _raw_seconds(sentences, lang)
    # The timed pass comes first, while the analyzers' caches are empty.
    if lang in ("ru", "en"):
        report.lemma, seconds = _gold_word_lemmas(sentences, lang)
        token_count = report.words
    elif speed:
        seconds, token_count = _time_analyze(sentences, lang)
    segmentation, predicted = _segment(sentences, lang)
    report.segmentation = {"boundary": segmentation.boundary.as_dict(), "word": segmentation.word.as_dict()}
    if lang == "ja":
        report.lemma = _matched_lemmas(sentences, predicted)
    if speed:
        report.speed = _speed(sentences, lang, seconds, token_count)
        report.speed.update(_warm_speed(sentences, lang, report.speed))
    report.langid = _langid(sentences, lang, Path(path).name)
    return report


#: One word in each corpus script: analyzing it loads every analyzer and its tables (simplemma
#: loads lazily on its first word), so that no timed pass pays for loading.
_WARM_UP = "CSTO states ОДКБ государства องค์การ 集団安全保障"


def _load_analyzers() -> None:
    for lang in EVAL_LANGUAGES:
        analyzer_for(lang)
    tokenize(_WARM_UP, "ja")


def _time_analyze(sentences: Sequence[Sentence], lang: str) -> tuple[float, int]:
    """Seconds ``analyze`` (the index's path: words, no punctuation tokens) takes over the
    normalized sentences, and how many words it found."""
    texts = [normalize(s.text).text for s in sentences]
    count = 0
    start = time.perf_counter()
    for text in texts:
        count += len(analyze(text, lang))
    return time.perf_counter() - start, count


def _segment(sentences: Sequence[Sentence], lang: str):
    """Our tokens of each sentence (spans in the original text, punctuation included), scores."""
    scores = Segmentation()
    predicted: list[list[tuple[int, int, str]]] = []
    for s in sentences:
        norm = normalize(s.text)
        spans = [(*norm.to_original(t.start, t.end), t.lemma) for t in tokenize(norm.text, lang)]
        predicted.append(spans)
        scores.add(s.text, [(a, b) for a, b, _ in spans], s.spans)
    return scores, predicted


def _gold_word_lemmas(sentences: Sequence[Sentence], lang: str) -> tuple[dict[str, Any], float]:
    analyzer = analyzer_for(lang)
    overall, words_only = Accuracy(), Accuracy()
    seconds = 0.0
    for s in sentences:
        forms = [w.form for w in s.words]
        start = time.perf_counter()
        lemmas = analyzer.lemmatize_words(forms)
        seconds += time.perf_counter() - start
        for word, lemma in zip(s.words, lemmas):
            ok = same_lemma(lemma, word.lemma)
            overall.add(ok)
            if word.upos not in NON_WORD_UPOS:
                words_only.add(ok)
    return {"all": overall.as_dict(), "words": words_only.as_dict()}, seconds


def _matched_lemmas(sentences: Sequence[Sentence], predicted) -> dict[str, Any]:
    """Lemma accuracy on the tokens whose span is exactly a one-word gold token."""
    overall, words_only = Accuracy(), Accuracy()
    for s, spans in zip(sentences, predicted):
        ours = {(a, b): lemma for a, b, lemma in spans}
        for span, word in zip(s.spans, s.words if len(s.words) == len(s.tokens) else ()):
            if span in ours:
                ok = same_lemma(ours[span], word.lemma)
                overall.add(ok)
                if word.upos not in NON_WORD_UPOS:
                    words_only.add(ok)
    return {"all": overall.as_dict(), "words": words_only.as_dict()}


def _speed(sentences: Sequence[Sentence], lang: str, seconds: float, token_count: int) -> dict[str, float]:
    raw = _raw_seconds(sentences, lang)
    if lang in ("th", "ja"):
        counted_chars = sum(len(s.text) for s in sentences)
    else:
        counted_chars = sum(len(w.form) for s in sentences for w in s.words)
    counted_tokens = token_count
    return {
        "seconds": seconds,
        "chars_per_second": counted_chars / seconds if seconds else 0.0,
        "tokens_per_second": counted_tokens / seconds if seconds else 0.0,
        "raw_seconds": raw,
        "raw_chars_per_second": counted_chars / raw if raw else 0.0,
        "ratio_to_raw": raw / seconds if seconds else 0.0,
    }


def _warm_speed(sentences: Sequence[Sentence], lang: str, cold: dict[str, float]) -> dict[str, float]:
    """A second pass of both sides: the analyzers' caches now hold the file's words, as they
    hold a large corpus's frequent words for most of a build."""
    if lang in ("th", "ja"):
        texts = [normalize(s.text).text for s in sentences]
        start = time.perf_counter()
        for text in texts:
            analyze(text, lang)
    else:
        analyzer = analyzer_for(lang)
        forms = [[w.form for w in s.words] for s in sentences]
        start = time.perf_counter()
        for words in forms:
            analyzer.lemmatize_words(words)
    seconds = time.perf_counter() - start
    raw = _raw_seconds(sentences, lang)
    chars = cold["chars_per_second"] * cold["seconds"]
    return {
        "warm_seconds": seconds,
        "warm_chars_per_second": chars / seconds if seconds else 0.0,
        "warm_raw_seconds": raw,
        "warm_ratio_to_raw": raw / seconds if seconds else 0.0,
    }


def _raw_seconds(sentences: Sequence[Sentence], lang: str) -> float:
    if lang in ("th", "ja"):
        texts = [normalize(s.text).text for s in sentences]
        return (baselines.thai if lang == "th" else baselines.japanese)(texts)
    words = [[w.form for w in s.words] for s in sentences]
    return (baselines.russian if lang == "ru" else baselines.english)(words)


def _langid(sentences: Sequence[Sentence], lang: str, seed: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    lettered = [s.text for s in sentences if any(ch.isalpha() for ch in s.text)]
    results["sentences_without_letters"] = len(sentences) - len(lettered)
    kinds = {
        "sentences": lettered,  # "?" or "-----" is in no language
        "1_word": word_items(sentences, lang, 1, seed),
        "3_words": word_items(sentences, lang, 3, seed),
    }
    for kind, items in kinds.items():
        acc = Accuracy()
        wrong: dict[str, int] = {}
        for item in items:
            got = identify(normalize(item).text)
            acc.add(got == lang)
            if got != lang:
                wrong[got] = wrong.get(got, 0) + 1
        results[kind] = {**acc.as_dict(), "confused_with": dict(sorted(wrong.items()))}
    return results
