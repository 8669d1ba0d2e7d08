"""Which language a passage is in.

The corpus languages have three different scripts, so counting letters per script is
enough for most passages, costs nothing and is exact on short ones (a heading like
``CSTO憲章``), where statistical detectors guess.  Only Latin and Cyrillic text can be in
another language of the same script (German, Ukrainian); for those, long enough texts are
checked with langdetect, but only when they contain a letter the corpus language does not
use (``ä``, ``é``, ``ñ`` for English; ``і``, ``ә``, ``ў`` for Russian).  Without that evidence
langdetect is wrong more often than right on this corpus: it calls an English list of file
names Italian and a Russian sentence about Chile Bulgarian, at 0.99999 "probability", so its
confidence cannot tell.  The cost: Bulgarian, and Dutch or Indonesian written without
accents, are tagged ``ru``/``en`` (measured with ``cstocorpus evaluate``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from cstocorpus.analysis.scripts import (
    CYRILLIC,
    JAPANESE,
    LATIN,
    SCRIPT_LANGUAGE,
    THAI,
    script_of,
    script_of_language,
)
from cstocorpus.models import UNDETERMINED

#: Letters a Latin/Cyrillic text needs before langdetect is asked (below that it guesses).
MIN_LETTERS_FOR_DETECTOR = 40
#: How sure langdetect must be to overrule the script's language.
MIN_CONFIDENCE = 0.90
# Letter weights.  Thai and Japanese passages quote Latin names and acronyms all the time
# (``Nikolai Bordyuzha เป็นเลขาธิการ CSTO``), English or Russian ones hardly ever contain Thai
# or Japanese, and one kana or kanji carries about as much text as three Latin letters
# (Thai vowel and tone marks are not letters, so Thai words count fewer letters too).
# Russian texts quote English titles and names (``альбом Strata Presents the End of the
# World``) far more often than English texts quote Russian, hence Cyrillic's 2.
_WEIGHT = {THAI: 2, JAPANESE: 3, CYRILLIC: 2}
#: The letters each corpus language needs; any other letter of its script is evidence that a
#: text may be in another language written in that script.
_ALPHABET = {LATIN: frozenset("abcdefghijklmnopqrstuvwxyz"), CYRILLIC: frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")}
# Order in which ties are broken.
_PRIORITY = (THAI, JAPANESE, CYRILLIC, LATIN)


def identify(text: str) -> str:
    """ISO 639-1 code of the language of ``text``, or ``und`` when it has no letters.

    The script with the most (weighted) letters decides: Thai → ``th``, kana or Han →
    ``ja`` (Chinese is not a corpus language), Cyrillic → ``ru``, Latin → ``en``.
    """
    counts = Counter(script_of(ch) for ch in text if ch.isalpha())
    scores = {s: counts[s] * _WEIGHT.get(s, 1) for s in _PRIORITY if counts[s]}
    if not scores:
        return UNDETERMINED
    script = max(_PRIORITY, key=lambda s: (scores.get(s, 0), -_PRIORITY.index(s)))
    lang = SCRIPT_LANGUAGE[script]
    if (script in (LATIN, CYRILLIC) and counts[script] >= MIN_LETTERS_FOR_DETECTOR
            and _has_foreign_letter(text, script)):
        other = _detect(text)
        if other and other != lang and script_of_language(other) == script:
            return other
    return lang


def _has_foreign_letter(text: str, script: str) -> bool:
    """Whether ``text`` has a letter of ``script`` outside the corpus language's alphabet."""
    alphabet = _ALPHABET[script]
    return any(ch.isalpha() and ch not in alphabet and script_of(ch) == script for ch in text.lower())


def _detect(text: str) -> str | None:
    """langdetect's language if it is at least ``MIN_CONFIDENCE`` sure, else ``None``."""
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    _seed()
    try:
        best = detect_langs(text)[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang if best.prob >= MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def _seed() -> None:
    """Make langdetect deterministic (it samples randomly)."""
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
