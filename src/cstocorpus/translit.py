"""Cross-script name keys: one phonetic key for a personal or place name in any script.

``Медведев``, ``Medvedev``, ``メドヴェージェフ`` and ``เมดเวเดฟ`` all get the key ``MDBD``, so
a name written in one script finds the passages that write it in another.

How a key is made (``name_key``):

1. **Romanize.**  Latin (diacritics folded), Cyrillic and katakana go through ``anyascii``
   (maintained, data in the wheel, ISC licence): ``Медведев`` → ``Medvedev``, ``プーチン`` →
   ``puchin``.  Katakana is prepared first: ``ー`` and ``ッ`` dropped, and a medial ``フ``
   before another consonant read as ``h`` (``ラフモン`` = Rakhmon; a final ``フ`` stays
   ``f``: ``ラブロフ`` = Lavrov).  Thai is read with ``_THAI`` below, the RTGS (Royal
   Institute) *initial* value of each consonant -- the table PyThaiNLP's ``royin`` engine
   uses -- because ``romanize(engine="royin")`` gives word-final consonants their Thai
   value, which loses the foreign sounds names are spelled with (``มอสโก`` → ``motko``,
   ``เมดเวเดฟ`` → ``medwedep``).  Thai vowels are dropped anyway, so their order does not
   matter.
2. **Fold to a consonant skeleton** of coarse classes that absorb what the scripts cannot
   tell apart: vowels and ``y`` dropped (only a word-initial vowel leaves a mark, ``A``);
   ``l = r`` (Japanese); ``b = v = f = w`` (``ラブロフ``, ``ว`` for v); ``k = g = q = c``
   (hard) ``= kh = h = x`` (Thai ``ก`` for g, Japanese ``ハ`` for х); ``s = z = sh`` (Thai
   ``ซ``/``ช``); ``d = j = zh`` (Japanese ``ジ`` for ди/дь, ``ジェ`` for де); ``t = ch = ts``
   (Japanese ``チ`` for ти); ``n`` before ``b``/``p`` = ``m`` (``ンベ``); the same class
   written twice in a row counts once (not across a vowel: ``ジュジャ``).
   Katakana's added vowel after ス/ズ does not part them from another s/z (``クルグズスタン``
   = Kyrgyzstan); a Thai word-initial ``อ`` before a vowel sign is a silent carrier
   (``ออสซีเชีย``: o, not a).
3. **Drop a last v/f/w** (``-ov``, ``-ev``, ``-eff``, ``-ova``, ``Москва``/``มอสโก``).

Precision is measured in ``tests/test_translit.py`` against the whole seed corpus and the
UD dev treebanks: a key that matches everything would be worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from cstocorpus.models import Token

__all__ = ["name_key", "name_keys", "query_key", "romanize"]

#: Shortest key (in consonant classes) that is specific enough to be kept.
MIN_KEY = 2
#: Keys of at most this many consonant classes also carry the class of the first vowel.
SHORT_KEY = 3
#: An all-caps word of at most this many letters is an acronym (CSTO, ОДКБ), not a name.
ACRONYM_MAX = 5
#: Longest run of adjacent Thai pieces joined into one name candidate (``ชู|ล|แมน``).
MAX_THAI_RUN = 4
#: Shortest key (in consonant classes) of a Thai query word made only of dictionary pieces.
QUERY_RUN_KEY = 4

# Thai consonants → Latin, RTGS initial values (PyThaiNLP royin ``_CONSONANTS[...][0]``),
# except where a name transliteration uses the letter for another sound: จ for j/zh,
# ช/ฉ/ฌ for sh (their Russian use: ลูกาเชนโก, ปาชินยาน), ซ for z as well as s.  ห before a
# sonorant only marks the tone (หม, หน, หล, หว...): see ``_thai_to_latin``.  อ is a vowel
# carrier; ญ and ย are glides, dropped like vowels.
_THAI = {
    **dict.fromkeys("กขฃคฅฆ", "k"), "ง": "n", "จ": "j", **dict.fromkeys("ฉชฌ", "sh"),
    **dict.fromkeys("ซศษส", "s"), "ญ": "y", **dict.fromkeys("ฎด", "d"), **dict.fromkeys("ฏต", "t"),
    **dict.fromkeys("ฐฑฒถทธ", "t"), **dict.fromkeys("ณน", "n"), "บ": "b", "ป": "p",
    **dict.fromkeys("ผพภ", "p"), **dict.fromkeys("ฝฟ", "f"), "ม": "m", "ย": "y",
    **dict.fromkeys("รลฬ", "r"), "ฤ": "r", "ฦ": "r", "ว": "w", **dict.fromkeys("หฮ", "h"),
    "อ": "a",
}
#: Thai vowel signs → the vowel class that ``skeleton`` may keep (a; e = e, i; o = o, u).
_THAI_VOWELS = {
    **dict.fromkeys("ะัาำๅใไ", "a"), **dict.fromkeys("ิีึืเแ", "e"), **dict.fromkeys("ุูโ", "o"),
}
_THAI_SONORANTS = set("งญนมยรลว")
_THAI_LEADING_VOWELS = set("เแโใไ")

# Romanized (lowercase ASCII) → consonant classes.  Longest spellings first.  ``V`` is a
# v/f/w that may be dropped at the end of the key; it is written ``B`` in the key.
_DIGRAPHS = [
    ("shch", "S"), ("sch", "S"), ("dzh", "D"), ("zh", "D"), ("sh", "S"), ("tch", "T"),
    ("ch", "T"), ("ts", "T"), ("tz", "T"), ("th", "T"), ("kh", "K"), ("gh", "K"), ("ph", "V"),
    ("ck", "K"), ("ce", "Se"), ("ci", "Si"), ("cy", "Sy"), ("x", "KS"),
]
_SINGLE = {
    "b": "B", "v": "V", "f": "V", "w": "V", "p": "P", "k": "K", "g": "K", "q": "K", "c": "K",
    "h": "K", "s": "S", "z": "S", "d": "D", "j": "D", "t": "T", "l": "R", "r": "R", "m": "M",
    "n": "N",
}
_VOWELS = set("aeiouy")
_VOWEL_CLASS = {"a": "a", "e": "e", "i": "e", "o": "o", "u": "o"}
_DIGRAPH_RE = re.compile("|".join(re.escape(d) for d, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)

_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\u31f0-\u31ff]+")
_SMALL_KANA = "ァィゥェォャュョヮ"
_KATA_FU = re.compile(rf"フ(?=[\u30a1-\u30fa])(?![{_SMALL_KANA}])")
_SMALL_KANA_ROMAJI = re.compile(r"(?<=[^aeiou])iy(?=[aeou])|(?<=v)u(?=[aeio])")
_THAI_RE = re.compile(r"[\u0e01-\u0e4e]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f]+")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_INNER = re.compile(r"['’ʼ\-‐.·・]")  # apostrophes, hyphens, dots inside a form


def romanize(form: str) -> str | None:
    """Lowercase Latin spelling of ``form`` (one script), or None for other scripts."""
    form = _INNER.sub("", form)
    if _THAI_RE.fullmatch(form):
        return _thai_to_latin(form)
    if _KATAKANA.fullmatch(form):
        form = _KATA_FU.sub("ホ", form.replace("ー", "").replace("ッ", ""))
        # anyascii spells small kana in full: シャ "shiya", ヴォ "vuo" -> "sha", "vo"
        return _SMALL_KANA_ROMAJI.sub("", anyascii(form).lower())
    if _CYRILLIC_RE.fullmatch(form) or _LATIN_RE.fullmatch(form):
        return anyascii(form).lower()
    return None


def _thai_to_latin(form: str) -> str:
    out: list[str] = []
    first = True
    pending = ""  # a leading vowel (เ แ โ ใ ไ) is said after the consonant it precedes
    for i, ch in enumerate(form):
        value = _THAI.get(ch)
        if value is None:  # vowel sign (a vowel slot); tone marks and thanthakhat: nothing
            if ch in _THAI_LEADING_VOWELS:
                pending = ch
            elif not "\u0e47" <= ch <= "\u0e4e":
                out.append(_THAI_VOWELS.get(ch, "e"))
            continue
        if ch == "อ" and not first:
            value = "o"  # มอสโก: vowel, not carrier
        elif ch == "อ" and i == 0 and len(form) > 1 and (form[1] == "อ" or form[1] in _THAI_VOWELS) \
                and form[1] not in _THAI_LEADING_VOWELS:
            value, first = "", False  # อับคาเซีย, ออสซีเชีย: a silent carrier; the vowel is the sound
        elif ch in "หอ" and i + 1 < len(form) and form[i + 1] in _THAI_SONORANTS:
            value = "" if ch == "ห" else "a"  # หม, หล: tone mark only
        out.append(value)
        if value:
            first = False
        if pending and value:  # เหม: the vowel follows ม, not the silent ห
            out.append(_THAI_VOWELS[pending])
            pending = ""
    return "".join(out)


def skeleton(latin: str, epenthetic: bool = False) -> str:
    """The consonant-class key of a lowercase Latin spelling (no length check).  With
    ``epenthetic`` (katakana), a lone ``u`` after ス or ズ does not part it from another s/z:
    it is the vowel Japanese adds to a consonant (クルグズスタン, Kyrgyzstan), not a vowel of
    the name (ジュジャ, Бордюжа, keeps its two consonants)."""
    latin = re.sub(r"[^a-z]", "", latin)
    classes = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group()], latin)
    seq: list[str] = []  # classes, with "" marking a vowel between them ("~": a lone epenthetic u)
    for n, ch in enumerate(classes):
        if ch.isupper():
            seq.append(ch)
        elif ch in _VOWELS:
            if seq and seq[-1] in ("", "~"):
                seq[-1] = ""
                continue
            lone_u = epenthetic and ch == "u" and (n + 1 == len(classes) or classes[n + 1] not in _VOWELS)
            seq.append("~" if lone_u else "")
        else:
            seq.append(_SINGLE.get(ch, ""))
    key: list[str] = []
    if seq and seq[0] in ("", "~"):
        key.append("A")
    prev = ""
    for i, c in enumerate(seq):
        if c == "~":
            if prev != "S":
                prev = ""
            continue  # after ス/ズ, prev stays: ズス (zusu) counts once, as in Kyrgyz
        if not c:
            prev = ""
            continue
        if c == "N" and i + 1 < len(seq) and seq[i + 1] in ("B", "P"):
            c = "M"  # Jeenbekov / ジェエンベコフ, Tasmagambetov
        cls = "B" if c == "V" else c
        if cls != (prev and ("B" if prev == "V" else prev)):
            key.append(c)
        prev = c
    # a last v/f/w (-ov, -ev, -eff, Moscow / モスクワ / Москва) is dropped
    if key and key[-1] == "V" and len(key) - (key[0] == "A") > 3:
        key.pop()
    key_s = "".join(key).replace("V", "B")
    if len(key) - (key[0] == "A" if key else 0) <= SHORT_KEY:
        # short keys are too common (Shoigu SK: "sky", "seek"; Lavrov RBR: "river"): add the
        # first vowel (a; e, i; o, u)
        vowel = re.search(r"[aeiou]", latin)
        if vowel:
            key_s += _VOWEL_CLASS[vowel.group()]
    return key_s


@lru_cache(maxsize=65536)
def name_key(form: str) -> str | None:
    """The cross-script key of one word form, or None when it is not a plausible name.

    Not a name: a dotted abbreviation (``คสช.``, ``г.``), a form with digits, hiragana or
    kanji, mixed scripts, an all-caps acronym of at most ``ACRONYM_MAX`` letters or one with
    several capitals and at most one vowel (``KSChS``), or a key shorter than ``MIN_KEY``
    classes.  Abbreviations are letters, not sounds: ``คสช.`` would otherwise meet ``KSChS``.
    """
    if "." in form:
        return None
    form = unicodedata.normalize("NFKC", _EDGE.sub("", form))
    if not form or any(ch.isdigit() for ch in form):
        return None
    letters = [ch for ch in form if ch.isalpha()]
    if len(letters) <= ACRONYM_MAX and all(ch.isupper() for ch in letters) and len(letters) > 1:
        return None
    if sum(ch.isupper() for ch in letters) >= 2 and sum(ch.lower() in "aeiouy" for ch in letters) <= 1:
        return None
    latin = romanize(form)
    if latin is None:
        return None
    key = skeleton(latin, epenthetic=bool(_KATAKANA.fullmatch(form)))
    consonants = sum(c.isupper() for c in key) - key.startswith("A")
    return key if consonants >= MIN_KEY else None


def query_key(text: str, forms: tuple[str, ...]) -> str | None:
    """The key a query word (``text``, analyzed into ``forms``) is also searched by: a word
    of one token, its ``name_key``; a Thai word the segmenter cut into pieces because it does
    not know it (``มินสค์`` → ``มิ|นสค์``: a spelling of a name), the key of the whole word, as
    the index keys such runs (``_thai_runs``): when it is no dictionary word and one of its
    pieces is none either (or, every piece a dictionary word, when its key is long: see
    ``QUERY_RUN_KEY``)."""
    if len(forms) == 1:
        return name_key(forms[0])
    word = "".join(forms)
    if " " in text or len(forms) > MAX_THAI_RUN or not _THAI_RE.fullmatch(word):
        return None
    common, names = _thai_lists()
    if word in common:
        return None
    key = name_key(word)
    if all(f in common and f not in names and len(f) > 1 for f in forms):
        # Every piece is a dictionary word (บอร์ด|ยู|จา, a spelling of Bordyuzha). The user
        # typed it as one word, which no dictionary has: keyed when the key is long enough
        # to be specific (a Thai compound of common words rarely meets a name's skeleton of
        # ``QUERY_RUN_KEY`` consonant classes or more).
        if key is None or sum(c.isupper() for c in key) - key.startswith("A") < QUERY_RUN_KEY:
            return None
    return key


# --- passages -------------------------------------------------------------------------------

_common_thai: frozenset[str] | None = None
_thai_names: frozenset[str] | None = None


def _thai_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(common Thai words, Thai names): PyThaiNLP's word list, and the name sections of the
    hand-written domain list (PyThaiNLP's list also holds a few names: ปูติน, มอสโก)."""
    global _common_thai, _thai_names
    if _common_thai is None:
        from pythainlp.corpus import thai_words

        path = Path(__file__).parent / "analysis" / "data" / "th_domain_words.txt"
        names: set[str] = set()
        keep = False
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("#"):
                heading = line.lstrip("# ").lower()
                if heading.startswith(("states", "capitals", "personal")):
                    keep = True
                elif heading.startswith(("organizations", "terms")):
                    keep = False
                continue
            if keep and line:
                names.add(line)
        _thai_names = frozenset(names)
        _common_thai = frozenset(thai_words()) - _thai_names
    return _common_thai, _thai_names  # type: ignore[return-value]


def _is_capitalized(form: str) -> bool:
    return form[:1].isupper()


def _keyed(text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(first token index, last token index, key) for the names of an analyzed passage.

    Latin and Cyrillic: capitalized words (a Russian word is keyed by its lemma, so
    ``Медведева`` keys as ``Медведев``).  Japanese: katakana words only.  Thai: known names,
    words outside PyThaiNLP's dictionary, and runs of 2-``MAX_THAI_RUN`` adjacent pieces
    that the segmenter cut out of an unknown word (``ชู|ล|แมน``): a run is keyed when one of
    its pieces is not a dictionary word and the whole is not one either; the key goes to
    the run's first token.  ``text`` is the text the token spans index.
    """
    out: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()

    def add(i: int, key: str | None, last: int | None = None) -> None:
        item = (i, i if last is None else last, key)
        if key and item not in seen:
            seen.add(item)
            out.append(item)

    thai_run: list[int] = []
    for i, tok in enumerate(tokens):
        form = tok.form
        first = form[:1]
        if "\u0e00" <= first <= "\u0e7f":
            thai_run.append(i)
            continue
        _thai_runs(text, tokens, thai_run, add)
        thai_run = []
        if "\u30a0" <= first <= "\u30ff" or "\uff66" <= first <= "\uff9f":
            if _KATAKANA.fullmatch(unicodedata.normalize("NFKC", form)):
                add(i, name_key(form))
        elif first.isalpha() and _is_capitalized(form):
            if tok.lang == "ru" and "\u0400" <= first <= "\u052f":
                add(i, name_key(tok.lemma) or name_key(form))
            else:
                add(i, name_key(form))
    _thai_runs(text, tokens, thai_run, add)
    out.sort()
    return out


def name_keys(text: str, tokens: list[Token]) -> list[tuple[int, str]]:
    """(index of the first token, key) of each keyed name; see ``_keyed``."""
    return sorted({(i, key) for i, _, key in _keyed(text, tokens)})


def name_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, key) of each keyed name in ``text``: the index stores the key at the
    name's first token, and a hit highlights the whole name, syllables of a Thai one included."""
    return sorted({(tokens[i].start, tokens[j].end, key) for i, j, key in _keyed(text, tokens)})


def _thai_runs(text, tokens, run, add) -> None:
    if not run:
        return
    common, names = _thai_lists()
    for pos, i in enumerate(run):
        form = tokens[i].form
        if form in names or (form not in common and len(form) > 1):
            add(i, name_key(form))
        if form in common and form not in names and len(form) > 1:
            continue
        # a piece that is no word: join it with up to MAX_THAI_RUN - 1 neighbours
        for start in range(max(0, pos - MAX_THAI_RUN + 1), pos + 1):
            for end in range(pos + 1, min(len(run), start + MAX_THAI_RUN) + 1):
                if end - start < 2:
                    continue
                idx = run[start:end]
                if any(tokens[a].end != tokens[b].start for a, b in zip(idx, idx[1:])):
                    continue
                joined = text[tokens[idx[0]].start:tokens[idx[-1]].end]
                if joined not in common:
                    add(idx[0], name_key(joined), idx[-1])
