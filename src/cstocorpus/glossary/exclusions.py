"""corpus/not_cross_language.yaml: frequent corpus words deliberately left out of the glossary.

``glossary suggest`` lists the frequent words no concept covers, the glossary's to-do list.
Some of them are decided: a general verb, a calendar word, a piece of a name the analyzer cuts
off.  They are written here, in groups that share one reason, so that ``suggest`` and the
coverage report stop listing them and a reviewer sees why each was left out.

A word is compared as the index stores it: analyzed in its language like the glossary's
names (a Russian word by its lemma, a Thai or Japanese one as the segmenter cuts it), so
``являться`` also stands for ``является``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..analysis import analyze
from ..models import CORPUS_LANGUAGES
from ..normalize import normalize
from .load import GlossaryError, read_yaml

EXCLUSIONS_FILE = "not_cross_language.yaml"
GROUP_KEYS = frozenset({"reason", *CORPUS_LANGUAGES})


@dataclass(frozen=True)
class Excluded:
    lang: str
    word: str  # as written in the file
    lemmas: tuple[str, ...]  # as analyzed: what a corpus word is compared with
    reason: str


@dataclass
class Exclusions:
    words: tuple[Excluded, ...] = ()
    problems: tuple[str, ...] = ()  # what ``glossary check`` reports; the rest is still usable

    def __post_init__(self):
        self._by_lemmas: dict[tuple[str, ...], Excluded] = {}
        for e in self.words:
            self._by_lemmas.setdefault(e.lemmas, e)

    def reason(self, lemmas: tuple[str, ...]) -> str | None:
        """Why the word with these lemmas is not cross-language, or None if it is not listed."""
        e = self._by_lemmas.get(lemmas)
        return e.reason if e is not None else None


def load_exclusions(corpus_dir: Path) -> Exclusions:
    """The exclusions of a corpus (none when it has no such file).  Mistakes that leave the
    rest readable (a group without a reason, a word listed twice) are collected as
    ``problems``; a file that is not a list of groups is a ``GlossaryError``."""
    path = Path(corpus_dir) / EXCLUSIONS_FILE
    if not path.exists():
        return Exclusions()
    data, duplicates = read_yaml(path)
    problems = [f"{path}: {d}" for d in duplicates]
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise GlossaryError(f"{path} must have a 'groups' list")
    words: list[Excluded] = []
    seen: dict[tuple[str, tuple[str, ...]], str] = {}
    for n, group in enumerate(data["groups"], 1):
        where = f"{path}: group {n}"
        if not isinstance(group, dict):
            problems.append(f"{where} is not a mapping")
            continue
        unknown = sorted(set(group) - GROUP_KEYS, key=str)
        if unknown:
            problems.append(f"{where} has an unknown key {unknown[0]!r}; the keys are reason and "
                            f"the languages {', '.join(CORPUS_LANGUAGES)}")
        reason = group.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"{where} has no 'reason': say why its words are not cross-language")
            reason = ""
        for lang in CORPUS_LANGUAGES:
            listed = group.get(lang) or []
            if isinstance(listed, str):
                listed = [listed]
            if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
                problems.append(f"{where}: '{lang}' must be a list of words")
                continue
            for word in listed:
                lemmas = tuple(t.lemma for t in analyze(normalize(word.strip()).text, lang))
                if not lemmas:
                    problems.append(f"{where}: the {lang} word {word!r} has no letters or digits")
                    continue
                if (lang, lemmas) in seen:
                    problems.append(f"{where}: the {lang} word {word!r} is already listed in {seen[lang, lemmas]}")
                    continue
                seen[(lang, lemmas)] = f"group {n}"
                words.append(Excluded(lang, word.strip(), lemmas, reason.strip()))
    return Exclusions(tuple(words), tuple(problems))
