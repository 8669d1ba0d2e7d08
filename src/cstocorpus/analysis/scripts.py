"""Which writing system each character belongs to, and which analyzer reads each stretch.

Passages mix scripts (a Thai sentence naming ``Sergei Naryshkin``, a Japanese page quoting
Russian), and each language needs its own tokenizer, so the pipeline cuts a passage into
*script runs* and hands each run to the analyzer of the language written in that script.

Characters shared by all scripts (digits, punctuation, spaces, symbols, combining accents)
are ``COMMON``: they belong to whatever run they sit in, so ``พ.ศ. 2535`` stays one Thai run
and ``CSTO PA`` one Latin run.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from cstocorpus.models import CORPUS_LANGUAGES, UNDETERMINED

THAI = "thai"
JAPANESE = "japanese"  # hiragana, katakana, Han, ー, 々, 〆
CYRILLIC = "cyrillic"
LATIN = "latin"
OTHER = "other"  # letters of any other script (Greek, Armenian, Arabic, Hangul, ...)
COMMON = "common"  # digits, punctuation, spaces, symbols, combining accents

#: The corpus language written in each script.
SCRIPT_LANGUAGE: dict[str, str] = {THAI: "th", JAPANESE: "ja", CYRILLIC: "ru", LATIN: "en"}

#: Numbers as one token, decimal and thousands separators included (``19.5``, ``25,000``).
NUMBER = r"\d+(?:[.,]\d+)*"

# Code point ranges per script, sorted; letters, marks and digits in them belong to that
# script (punctuation and symbols inside these blocks, like ・ or ฿, stay common).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, LATIN),
    (0x0061, 0x007A, LATIN),
    (0x00AA, 0x00AA, LATIN),
    (0x00BA, 0x00BA, LATIN),
    (0x00C0, 0x02AF, LATIN),  # Latin-1 letters, Extended-A/B, IPA (× and ÷ are symbols)
    (0x02B0, 0x02FF, COMMON),  # modifier letters such as ʼ, shared by many scripts
    (0x0400, 0x052F, CYRILLIC),
    (0x0E00, 0x0E7F, THAI),
    (0x1C80, 0x1C8F, CYRILLIC),
    (0x1D00, 0x1D7F, LATIN),
    (0x1E00, 0x1EFF, LATIN),
    (0x2C60, 0x2C7F, LATIN),
    (0x2DE0, 0x2DFF, CYRILLIC),
    (0x2E80, 0x2FDF, JAPANESE),  # CJK and Kangxi radicals
    (0x3005, 0x3007, JAPANESE),  # 々 〆 〇
    (0x3021, 0x3029, JAPANESE),  # Hangzhou numerals
    (0x3031, 0x3035, JAPANESE),  # kana repeat marks
    (0x303B, 0x303B, JAPANESE),  # 〻
    (0x3040, 0x30FF, JAPANESE),  # hiragana, katakana (・ and ゠ are punctuation)
    (0x31F0, 0x31FF, JAPANESE),
    (0x3400, 0x4DBF, JAPANESE),
    (0x4E00, 0x9FFF, JAPANESE),
    (0xA640, 0xA69F, CYRILLIC),
    (0xA720, 0xA7FF, LATIN),
    (0xAB30, 0xAB6F, LATIN),
    (0xF900, 0xFAFF, JAPANESE),
    (0xFB00, 0xFB06, LATIN),  # ligatures ﬀ ﬁ ...
    (0xFF21, 0xFF3A, LATIN),  # full-width letters (NFKC folds them, raw text may not be)
    (0xFF41, 0xFF5A, LATIN),
    (0xFF66, 0xFF9F, JAPANESE),  # half-width katakana
    (0x1B000, 0x1B16F, JAPANESE),  # kana supplement / extended
    (0x20000, 0x3134F, JAPANESE),  # Han extensions B-G
)

#: Non-corpus languages by script, so that e.g. a German passage's Latin words go to the
#: generic analyzer instead of the English lemmatizer.  Covers every code langdetect can
#: return for Latin or Cyrillic text, plus neighbours of the CSTO region.
LANGUAGE_SCRIPT: dict[str, str] = {
    **dict.fromkeys(
        "af az ca cs cy da de eo es et eu fi fr ga gl hr hu id is it la lb lt lv ms mt nl no "
        "pl pt ro sk sl so sq sv sw tk tl tr uz vi".split(),
        LATIN,
    ),
    **dict.fromkeys("ba be bg ce cv kk ky mk mn os sah sr tg tt uk".split(), CYRILLIC),
    **dict.fromkeys("zh zh-cn zh-tw yue".split(), JAPANESE),
    **{lang: script for script, lang in SCRIPT_LANGUAGE.items()},
}


@lru_cache(maxsize=8192)
def _script_of_non_ascii(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat[0] not in "LMN":
        return COMMON
    cp = ord(ch)
    for lo, hi, script in _RANGES:
        if cp < lo:
            break
        if cp <= hi:
            return script
    return OTHER if cat[0] == "L" else COMMON


def script_of(ch: str) -> str:
    """The script class of one character."""
    if ch < "\x80":
        return LATIN if ch.isalpha() else COMMON
    return _script_of_non_ascii(ch)


def _class(ranges: list[tuple[int, int]]) -> str:
    return "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


def _run_pattern() -> regex.Pattern[str]:
    """One regex whose matches are the script runs: a letter of one script, then everything
    up to the next letter of another script.

    The same classification as ``script_of`` (letters, marks and digits in a script's
    ranges belong to it; other letters are ``OTHER``), compiled so that finding the runs of
    a passage costs one C-level scan instead of a Python loop over its characters.
    """
    classes = {}
    for script in (LATIN, CYRILLIC, THAI, JAPANESE):
        ranges = [(lo, hi) for lo, hi, s in _RANGES if s == script]
        classes[script] = f"[[{_class(ranges)}]&&[\\p{{L}}\\p{{M}}\\p{{N}}]]"
    classes[OTHER] = f"[\\p{{L}}--[{_class([(lo, hi) for lo, hi, _ in _RANGES])}]]"
    lettered = "||".join(classes.values())
    groups = [f"(?P<{script}>{cls}[^[{lettered}]--{cls}]*)" for script, cls in classes.items()]
    return regex.compile("|".join(groups), regex.V1)


_RUN = _run_pattern()


# Fast path for the common case, a passage in one script: the first letter's script, then one
# scan (stdlib ``re``, plain ranges, several times faster than ``_RUN``'s set operations) for
# any letter or non-ASCII digit outside that script's blocks.  Anything found sends the
# passage to ``_RUN``, so the result is always the same; marks are not looked at (a mark of
# another script with no letter of that script around it does not occur in real text).
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_FOREIGN = {
    script: re.compile("[^\\W_0-9" + "".join(
        f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi, s in _RANGES if s == script) + "]")
    for script in (LATIN, CYRILLIC, THAI, JAPANESE)
}


def _single_script(text: str) -> str | None:
    first = _FIRST_LETTER.search(text)
    if first is None:
        return None
    foreign = _FOREIGN.get(script_of(first.group()))
    if foreign is None or foreign.search(text) is not None:
        return None
    return script_of(first.group())


def script_runs(text: str) -> list[tuple[int, int, str]]:
    """Cut ``text`` into maximal ``(start, end, script)`` runs covering all of it.

    Common characters join the run they are in, or the next one at the very start; a text
    of only common characters is a single ``COMMON`` run.
    """
    single = _single_script(text)
    if single is not None:
        return [(0, len(text), single)]
    runs = [(m.start(), m.end(), m.lastgroup) for m in _RUN.finditer(text)]
    if not runs:
        return [(0, len(text), COMMON)] if text else []
    if runs[0][0]:  # leading common characters join the first lettered run
        runs[0] = (0, *runs[0][1:])
    return runs


def script_of_language(lang: str) -> str | None:
    """The script a language is written in, if known."""
    return LANGUAGE_SCRIPT.get(lang) or LANGUAGE_SCRIPT.get(lang.split("-")[0])


def run_language(script: str, passage_lang: str) -> str:
    """The language whose analyzer reads a run of ``script`` in a ``passage_lang`` passage.

    A run in a corpus script goes to that script's corpus language, unless the passage is
    in another language written in the same script (``uk``, ``de``): then its words are that
    language's, which only the generic analyzer can index.  Runs without letters follow
    the passage; letters of other scripts get the generic analyzer.
    """
    own = passage_lang not in CORPUS_LANGUAGES
    if script == COMMON:
        return passage_lang
    if script == OTHER:
        return passage_lang if own else UNDETERMINED
    if own and script_of_language(passage_lang) == script:
        return passage_lang
    return SCRIPT_LANGUAGE[script]
