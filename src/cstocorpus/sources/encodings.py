"""Which legacy encoding a non-UTF-8 source is probably in, to name it in the refusal.

The build never decodes with a guess: a wrong one gives fluent-looking mojibake that would be
cited.  The guess only goes into the message, so the user can confirm it with ``--encoding``.
charset-normalizer does the detection, restricted to the encodings our languages were
written in; a guess is offered only if the decoded text is mostly letters of the script that
encoding is for, which rules out e.g. Latin-1 French read as cp1251.
"""

from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

# charset-normalizer's name → (the name we suggest, a superset to fall back to, its script).
# Where a standard and a vendor superset both fit (tis-620 / cp874, shift_jis / cp932), the
# standard is suggested when the whole file decodes with it.
_LEGACY = {
    "cp1251": ("cp1251", None, "cyrillic"),
    "koi8_r": ("koi8-r", None, "cyrillic"),
    "tis_620": ("tis-620", "cp874", "thai"),
    "cp874": ("tis-620", "cp874", "thai"),
    "shift_jis": ("shift_jis", "cp932", "japanese"),
    "cp932": ("shift_jis", "cp932", "japanese"),
    "euc_jp": ("euc-jp", None, "japanese"),
    "iso2022_jp": ("iso-2022-jp", None, "japanese"),
}
_UTF16 = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}
# Letters each encoding is for.  The Japanese ones also hold Cyrillic and Greek (texts like
# the seed quote Russian), but not half-width katakana: other encodings' bytes often decode
# to those.  Japanese text must also have some kana, which Chinese misread as Japanese lacks.
_SCRIPT = {
    "cyrillic": regex.compile(r"\p{Cyrillic}"),
    "thai": regex.compile(r"\p{Thai}"),
    "japanese": regex.compile(
        r"(?V1)[[\p{Hiragana}\p{Katakana}\p{Han}\p{Cyrillic}\p{Greek}]--[\uff61-\uff9f]]"
    ),
}
_KANA = regex.compile(r"(?V1)[[\p{Hiragana}\p{Katakana}]--[\uff61-\uff9f]]")
_C1_CONTROL = regex.compile(r"[\x80-\x9f]")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
_NON_ASCII_LETTER = regex.compile(r"(?V1)[[\p{L}\p{M}]--[\x00-\x7f]]")
# Letters of the corpus languages (and Latin, for English): UTF-16 text must be made of these.
_CORPUS_LETTER = regex.compile(
    r"[\p{Latin}\p{Cyrillic}\p{Thai}\p{Hiragana}\p{Katakana}\p{Han}\p{M}]"
)
# Symbols, controls, private use and unassigned characters outside ASCII: a few in real
# text, many in text decoded with the wrong encoding.
_NOISE = regex.compile(r"(?V1)[[^\x00-\x7f]--[\s\p{L}\p{M}\p{N}\p{P}\p{Sc}\p{Sm}]]")

MAX_CHAOS = 0.2  # charset-normalizer's "mess" ratio of the decoded text (its default)
SAMPLE_CHARS = 200_000  # the script check reads this much of the decoded text


def guess_encoding(data: bytes) -> str | None:
    """The encoding ``data`` is most likely in, if that is clear enough to suggest.

    One of ``cp1251``, ``koi8-r``, ``tis-620``, ``cp874``, ``shift_jis``, ``cp932``, ``euc-jp``,
    ``iso-2022-jp``, or, for data with NUL bytes, ``utf-16-le``/``utf-16-be``; ``None`` when
    unsure.  The whole of ``data`` decodes with the name returned.
    """
    if b"\0" in data:
        return _guess_utf16(data)
    match = from_bytes(data, cp_isolation=list(_LEGACY), threshold=MAX_CHAOS).best()
    if match is None or match.encoding not in _LEGACY:
        return None
    preferred, fallback, script = _LEGACY[match.encoding]
    for name in (preferred, fallback):
        text = _decodes(data, name) if name else None
        # tis-620 decodes cp874's quotes and dashes (0x80-0x9F) to C1 controls
        if text is not None and not (fallback and name == preferred and _C1_CONTROL.search(text)):
            return name if _mostly(text[:SAMPLE_CHARS], script) else None
    return None


def _guess_utf16(data: bytes) -> str | None:
    match = from_bytes(data, cp_isolation=list(_UTF16), threshold=MAX_CHAOS).best()
    if match is None or match.encoding not in _UTF16:
        return None
    name = _UTF16[match.encoding]
    text = _decodes(data, name)
    if text is None or "\0" in text:
        return None
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    ours = len(_CORPUS_LETTER.findall(sample))
    noise = len(_NOISE.findall(sample))
    plausible = letters * 2 >= len(sample) and ours * 10 >= letters * 9 and noise * 100 <= len(sample)
    return name if plausible else None


def _decodes(data: bytes, name: str) -> str | None:
    try:
        return codecs.decode(data, name)
    except UnicodeDecodeError:
        return None


def _mostly(text: str, script: str) -> bool:
    """Most non-ASCII letters are of ``script``, which holds a fair share of all letters."""
    if script == "japanese" and not _KANA.search(text):
        return False
    own = len(_SCRIPT[script].findall(text))
    foreign = len(_NON_ASCII_LETTER.findall(text)) - own
    letters = len(_LETTER.findall(text))
    noise = len(_NOISE.findall(text))
    return own > 0 and foreign * 10 <= own and own * 3 >= letters and noise * 20 <= own
