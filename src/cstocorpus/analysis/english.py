"""English (and any Latin-script word in a corpus passage): simplemma lemmas, read in context.

simplemma is a lookup table, fast and without models; unknown words such as ``CSTO`` or
``Naryshkin`` come back unchanged and are indexed lowercased.  Words keep their case when
looked up because case tells ``US`` (the country) from ``us``.

On top of the table:

* **Context-free fixes** (``lemmatize``).  Acronyms and single letters are kept (simplemma
  would read ``ISS`` as *islands*, ``WHO`` as *who*, ``m`` as *be*); a final ``'s`` is
  dropped (``CSTO's`` → ``CSTO``); numbers keep their form (``1990s``, not
  *nineteen-nineties*) without thousands separators (``5,000`` → ``5000``, as UD writes
  them); a lemma that is an archaic spelling is replaced by the modern word when the stem
  cannot take a silent *e* (``thinking`` → *think*, not *thinke*; ``playing`` → *play*;
  ``guarded`` → *guard*) or doubles its *l* only when inflected (``cancelled`` → *cancel*);
  a few irregular forms simplemma gets wrong are fixed (``gone`` → *go*, not *gan*), and a
  few informal spellings of closed-class words are read as the word (``u``, ``b/c``).
* **Context** (``lemmatize_words``), following the UD English (EWT) conventions for the
  words whose lemma depends on their neighbours: ``'s`` is *be* after a pronoun or before
  a determiner, ``not`` or an -ing form (``it's``, ``that's a``), *have* before
  ``been``/``got``, *we* in ``let's``, and the possessive ``'s`` otherwise (also ``s`` for
  an apostrophe left out: ``it s``); ``'d`` is *have* before a participle, else *would*;
  ``m`` after ``I`` is *be*; ``ca``/``wo`` before ``n't`` are *can*/*will*; ``her`` is
  *she* when no noun can follow; ``AM``/``PM`` after a time are *a.m.*/*p.m.*; a month or day
  abbreviation next to a number is the month or day (``Aug 29``); ``left``, ``thought`` and
  other past forms that are also nouns or adjectives are verbs after a subject or an
  auxiliary (``I thought``, ``was left``); -ing and -ed forms after a degree adverb are
  adjectives (``very interested``); ``Regards`` closing a letter stays *regards*.

``analyze`` (the index) and ``lemmatize_words`` (the evaluation) make the same choices: both
run ``lemmatize_words`` over the sentence's tokens, punctuation included.

Speed.  simplemma's call is a chain of strategies behind an ``lru_cache`` and costs a few
microseconds for a new word.  When the analyzer is created, simplemma's English dictionary
is turned into one plain dict, ``form → search key`` with the fixes above applied (about
0.2 s, 180,000 forms); a word of the dictionary then costs one lookup.  The dict is also
the cache of every other word, computed once by ``_slow_key``.  Words that need context
carry a mark on their key, so a sentence without any costs nothing more.
"""

from __future__ import annotations

import re
import string
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from unicodedata import is_normalized

import regex
import simplemma

from cstocorpus.analysis.generic import ALNUM, RegexAnalyzer
from cstocorpus.models import Token
from cstocorpus.normalize import search_key

try:  # simplemma's English suffix rules for words outside its dictionary
    from simplemma.strategies.defaultrules.en import apply_en as _apply_en
except ImportError:  # pragma: no cover - other simplemma layouts
    _apply_en = None

_POSSESSIVE = re.compile(r"(.+)['\u2019][sS]")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")

# --- context-free ----------------------------------------------------------------------

# Forms simplemma reads as other words ("following" is the verb in UD English even in "the
# following"; "least" is not a form of "less" there).
_FIXED = {
    "gone": "go", "swore": "swear", "shook": "shake", "awoken": "awake",
    "following": "follow", "least": "least",
}
# Past forms that are also nouns or adjectives: the verb only where the context says so.
_VERB_READING = {
    "bent": "bend", "bit": "bite", "bore": "bear", "bound": "bind", "broke": "break",
    "drunk": "drink", "felt": "feel", "ground": "grind", "left": "leave", "rose": "rise",
    "rung": "ring", "shot": "shoot", "thought": "think", "won": "win", "wound": "wind",
    "means": "mean", "remains": "remain",
}
# Informal spellings of closed-class words, lemmatized as the word meant (UD does).
_INFORMAL = {"u": "you", "ur": "your", "b/c": "because", "w/": "with", "w/o": "without",
             "pls": "please", "plz": "please"}

# Stems that never take a silent final e in modern spelling: simplemma's table sometimes
# gives the archaic spelling as the lemma (thinking -> thinke, guarded -> guarde).
_NO_SILENT_E = re.compile(
    r"(?:[wxy]|[bcdfghjklmnpqrstvwxz][bdfkmnp]|[lnr]t|[cfp]t|ck|sh|ch|gh|ll|ss|ff"
    r"|(?<!q)[aeio][aeiou][rlkmnp])$"
)
# Verbs in unstressed -el/-al double the l only when inflected (cancelled -> cancel, not
# cancell); stressed -all/-ill/-oll keep it (installed -> install).
_DOUBLED_L = re.compile(r"(?:ell|eall|nall|uall)$")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SPECIAL_CHARS = re.compile(r"[0-9'\u2019\u02bc]")


def _modern(form: str, lemma: str, known: Callable[[str], bool]) -> str:
    """``lemma`` of the lowercase -ing/-ed ``form``, with an archaic spelling replaced by
    the modern one when that is a word of its own (``known``)."""
    if lemma == form:
        return lemma
    if form.endswith("ing"):
        stem = form[:-3]
    elif form.endswith("ed"):
        stem = form[:-2]
    else:
        return lemma
    if lemma == stem + "e" and len(stem) >= 3 and _NO_SILENT_E.search(stem) and known(stem):
        return stem
    if (lemma.endswith("ll") and form.startswith(lemma) and _DOUBLED_L.search(lemma)
            and len(_VOWEL_GROUPS.findall(lemma)) > 1 and known(lemma[:-1])):
        return lemma[:-1]
    return lemma


def _special(form: str) -> bool:
    """Forms ``lemmatize`` treats otherwise than by looking them up: single characters,
    anything with a digit or an apostrophe, acronyms."""
    return (
        len(form) == 1
        or _SPECIAL_CHARS.search(form) is not None
        or (form.isupper() and sum(ch.isalpha() for ch in form) > 1)
    )


def _is_word(word: str) -> bool:
    """Whether ``word`` is a lemma of simplemma's dictionary."""
    return simplemma.is_known(word, lang="en") and simplemma.lemmatize(word, lang="en") == word


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """The context-free lemma of ``word``: simplemma's, except for acronyms and single
    letters, which are kept as they are (simplemma would read ``ISS`` as *islands*, ``WHO``
    as *who* and ``m`` as *be*).  A final ``'s`` is dropped (``CSTO's`` → ``CSTO``), so
    possessives are found by the noun; numbers keep their form, without thousands
    separators (``5,000`` → ``5000``)."""
    if not word or word[0].isdigit() or not any(ch.isalpha() for ch in word):
        return word.replace(",", "") if _THOUSANDS.fullmatch(word) else word
    possessive = _POSSESSIVE.fullmatch(word)
    if possessive:
        return lemmatize(possessive.group(1))
    informal = None if word.isupper() else _INFORMAL.get(word.lower())
    if informal:
        return informal
    if len(word) == 1 or (word.isupper() and sum(ch.isalpha() for ch in word) > 1):
        return word
    low = word.lower()
    fixed = _FIXED.get(low)
    if fixed:
        return fixed
    lemma = simplemma.lemmatize(word, lang="en")
    if lemma != word and not _special(word):
        lemma = _modern(low, lemma, _is_word)
    return lemma


# --- the table ---------------------------------------------------------------------------

#: form -> search key of ``lemmatize(form)`` (marked for the words read in context): every
#: form of simplemma's dictionary, punctuation and single letters, built when the analyzer
#: is created; then every other word met, computed once (the cache of ``_slow_key``).
_table: dict[str, str] = {}
_table_loaded = False
_table_lock = threading.Lock()
_table_size = 0  # entries when built
_ADDED_MAX = 200_000  # words added after that, at most

#: Ends the key of a word that has a handler.  A control character no token contains (it is
#: whitespace to ``str.split`` and to the tokenizer), and so is the separator.
_MARK = "\x1f"
_SEPARATOR = "\x1e"


def _dictionary_items() -> Iterator[tuple[str, str]]:
    """simplemma's English (form, lemma) pairs; none when this simplemma keeps its
    dictionary in a shape we do not know (then every word goes through simplemma)."""
    simplemma.lemmatize("warm", lang="en")  # loads the dictionary
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import (
            DEFAULT_DICTIONARY_FACTORY,
        )

        mapping = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - other layouts
        return
    raw = getattr(mapping, "_dict", mapping)  # simplemma 2 keeps bytes behind a str view
    if not isinstance(raw, dict) or not raw:
        return  # pragma: no cover
    if isinstance(next(iter(raw)), bytes):
        for form, lemma in raw.items():
            yield form.decode(), lemma.decode()
    else:  # pragma: no cover
        yield from raw.items()


def _load_table() -> None:
    """Fill ``_table`` as ``lemmatize`` would (a plain lookup, then ``_modern``) without
    calling it for each form."""
    global _table_loaded, _table_size
    if _table_loaded:
        return
    with _table_lock:
        if _table_loaded:
            return
        table: dict[str, str] = {}
        intern, special_char = sys.intern, _SPECIAL_CHARS.search
        for form, lemma in _dictionary_items():
            # _special(form), inlined: this loop runs 180,000 times
            if len(form) == 1 or special_char(form) or (form.isupper() and _special(form)):
                continue
            if lemma == form:
                table[form] = form if form.islower() and form.isascii() else search_key(form)
            else:
                if lemma[-1] in "el" and (form.endswith("ing") or form.endswith("ed")):
                    lemma = _modern(form.lower(), lemma, _is_word)
                table[form] = intern(search_key(lemma))
        if table:
            for form in (*_FIXED, *_INFORMAL):
                table[form] = search_key(lemmatize(form))
            for ch in string.punctuation:  # punctuation is the commonest non-word
                table.setdefault(ch, ch)
            for ch in string.ascii_letters:  # "I", "a"
                table[ch] = search_key(lemmatize(ch))
            _table.update(table)
            for form in _HANDLERS:
                _table[form] = (_table.get(form) or _slow_key(form)) + _MARK
            _table_size = len(_table)
        _table_loaded = True


def _slow_key(word: str) -> str:
    """``search_key(lemmatize(word))`` for a word that is not in the table.  For a word
    that ``lemmatize`` hands to simplemma as it is (a letter first; no digit, apostrophe,
    hyphen or underscore; not an acronym), simplemma's remaining steps are done here: the
    lookup in the other case (``Thinking`` → ``thinking``), then its English suffix rules
    (``ministries``).  Numbers are kept (without thousands separators).  Other words call
    simplemma."""
    if not _table:
        return search_key(lemmatize(word))
    if word[0].isdigit():
        return search_key(word.replace(",", "") if _THOUSANDS.fullmatch(word) else word)
    if word.isalpha():  # (U+02BC, an apostrophe, is a letter to Python)
        plain = len(word) > 1 and not word.isupper() and "\u02bc" not in word
    else:
        plain = word[0].isalpha() and "-" not in word and "_" not in word and not _special(word)
    if plain and (word.isascii() or is_normalized("NFC", word)):
        low = word.lower()
        if low not in _FIXED and low not in _INFORMAL:
            key = _table.get(low if word[0].isupper() else word.capitalize())
            if key is not None:
                return key.rstrip(_MARK)
            if _apply_en is not None:
                return search_key(_apply_en(word) or word)
    return search_key(lemmatize(word))


def _miss(word: str) -> str:
    key = _slow_key(word)
    if word in _HANDLERS:
        key += _MARK
    if _table_loaded and len(_table) < _table_size + _ADDED_MAX:
        _table[word] = key
    return key


def _key(word: str) -> str:
    """The context-free search key of ``word``."""
    key = _table.get(word) or _miss(word)
    return key[:-1] if key[-1:] == _MARK else key


# --- context ----------------------------------------------------------------------------

# Skipped when looking for the auxiliary or subject before a verb, or the verb after 's.
_ADVERBS = frozenset(
    "not n't n’t never also just really still always already actually now even ever "
    "only probably certainly definitely all both".split()
)
_BE = frozenset("am is are was were be been being 'm ’m 're ’re m re".split())
_HAVE = frozenset("have has had having 've ’ve".split())
_SUBJECTS = frozenset("i you he she we they it who this that which what".split())
# 's is the verb after these, the possessive after a noun.
_S_VERB_AFTER = frozenset(
    "it he she that this there here what who where how when why nothing something "
    "everything somebody someone".split()
)
# A possessive 's is followed by a noun phrase, never by these.
_S_VERB_BEFORE = frozenset(
    "a an the not n't n’t no going gonna getting also just really very so too still "
    "about in on at up out off over all always never".split()
)
_PARTICIPLE_AUX = frozenset("been got gotten had".split())
_PARTICIPLES = frozenset("been had gone done seen taken given known gotten got".split())
# "her" is the pronoun (lemma she), not the determiner, when one of these follows.
_AFTER_OBJECT = frozenset(
    "to and or but that if when as so about for from with in on at by of into up out down "
    "back off away again too a an the this these those some any all more there here then "
    "now yet because before after while until since than like over through".split()
)
_DEGREE = frozenset(
    "very so too more most less pretty quite extremely highly fairly rather somewhat "
    "truly incredibly increasingly".split()
)
_CLOSINGS = frozenset("best kind kindest warm warmest my our".split())
_NEGATED = {"ca": "can", "wo": "will", "sha": "shall"}
_CLOCK = {"am": "a.m.", "pm": "p.m.", "a.m.": "a.m.", "p.m.": "p.m.", "a.m": "a.m.", "p.m": "p.m."}
_CALENDAR = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december", "mon": "monday",
    "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday",
    "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
    "sun": "sunday",
}

Handler = Callable[[Sequence[str], list[str], int], None]


def _lower_at(words: Sequence[str], i: int) -> str:
    return words[i].lower() if 0 <= i < len(words) else ""


def _next_index(words: Sequence[str], i: int) -> int:
    """Index of the first word after ``i`` that is not an adverb (len(words) if none)."""
    i += 1
    while i < len(words) and words[i].lower() in _ADVERBS:
        i += 1
    return i


def _s(words: Sequence[str], keys: list[str], i: int) -> None:
    """``'s`` (or a bare ``s``, as in ``it s``): be, have, us or the possessive 's."""
    prev = _lower_at(words, i - 1)
    nxt = _lower_at(words, i + 1)
    if prev == "let":
        keys[i] = "we"
    elif not prev or not prev[0].isalnum():
        return
    elif _lower_at(words, _next_index(words, i)) in _PARTICIPLE_AUX:
        keys[i] = "have"
    elif prev in _S_VERB_AFTER or nxt in _S_VERB_BEFORE or (nxt.endswith("ing") and len(nxt) > 4):
        keys[i] = "be"
    else:
        keys[i] = "'s"


def _apostrophe(words: Sequence[str], keys: list[str], i: int) -> None:
    """A bare apostrophe after a plural and before a word is the possessive (``soldiers'
    home``), not a quotation mark."""
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if prev[-1:] in ("s", "S") and prev.isalpha() and nxt[:1].isalpha():
        keys[i] = "'s"


def _d(words: Sequence[str], keys: list[str], i: int) -> None:
    """``'d``: *have* before a participle (``I'd been``), else *would* (``I'd like``)."""
    nxt = _lower_at(words, _next_index(words, i))
    if nxt in _PARTICIPLES or (nxt.endswith("ed") and _key(nxt) != nxt):
        keys[i] = "have"
    else:
        keys[i] = "would"


def _m(words: Sequence[str], keys: list[str], i: int) -> None:
    """``m`` of ``I m`` (apostrophe left out) is *be*."""
    if _lower_at(words, i - 1) == "i":
        keys[i] = "be"


def _r(words: Sequence[str], keys: list[str], i: int) -> None:
    """``r`` of ``u r`` is *be*."""
    if _lower_at(words, i - 1) in ("u", "you", "we", "they"):
        keys[i] = "be"


def _her(words: Sequence[str], keys: list[str], i: int) -> None:
    """``her`` before a noun is the determiner (lemma *her*), else the pronoun *she*."""
    nxt = _lower_at(words, i + 1)
    if not nxt or not nxt[0].isalnum() or nxt in _AFTER_OBJECT:
        keys[i] = "she"


def _negated(words: Sequence[str], keys: list[str], i: int) -> None:
    """``ca``/``wo``/``sha`` of ``can't``/``won't``/``shan't``; elsewhere (``Ca``, the state)
    the word is itself."""
    low = words[i].lower()
    keys[i] = _NEGATED[low] if _lower_at(words, i + 1) in ("n't", "n’t", "nt", "not") else low


def _clock(words: Sequence[str], keys: list[str], i: int) -> None:
    """``08:52 AM``: after a number, AM/PM are *a.m.*/*p.m.* (elsewhere ``PM`` is kept)."""
    if i and words[i - 1][-1:].isdigit():
        keys[i] = _CLOCK[words[i].lower()]


def _calendar(words: Sequence[str], keys: list[str], i: int) -> None:
    """``Aug 29``, ``Fri, 24``, ``12 Dec.``: a capitalized month or day abbreviation next to
    a number is the month or the day."""
    word = words[i]
    j = i + 1
    if j < len(words) and words[j] in (".", ","):
        j += 1
    if (j < len(words) and words[j][:1].isdigit()) or (i and words[i - 1][:1].isdigit()):
        keys[i] = _CALENDAR[word.rstrip(".").lower()]


def _regards(words: Sequence[str], keys: list[str], i: int) -> None:
    """``Regards`` / ``Best regards`` closing a letter is the noun *regards*."""
    prev = _lower_at(words, i - 1)
    if not prev or not prev[0].isalnum() or prev in _CLOSINGS:
        keys[i] = "regards"


def _verb_reading(words: Sequence[str], keys: list[str], i: int) -> None:
    """``left``, ``thought``: the verb after a subject or an auxiliary (``I left``, ``was
    left``), the noun or adjective elsewhere (``a thought``, ``turn left``)."""
    j = i - 1
    while j >= 0 and words[j].lower() in _ADVERBS:
        j -= 1
    prev = _lower_at(words, j)
    if prev in _SUBJECTS or prev in _HAVE or prev in _BE:
        keys[i] = _VERB_READING[words[i].lower()]


def _degree(words: Sequence[str], keys: list[str], i: int) -> None:
    """After ``very``/``more``/..., an -ing or -ed form is an adjective and keeps its form
    (``very interested``, ``so loving``)."""
    if i + 1 < len(words):
        low = words[i + 1].lower()
        if len(low) > 4 and (low.endswith("ing") or low.endswith("ed")) and low not in _FIXED:
            keys[i + 1] = low


def _both_cases(words) -> list[str]:
    """The words in lower case and capitalized (sentence-initial)."""
    return [v for w in words for v in (w, w.capitalize())]


_HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(("'s", "’s", "ʼs", "s"), _s),
    **dict.fromkeys(("'d", "’d", "ʼd"), _d),
    **dict.fromkeys(("'", "’"), _apostrophe),
    "m": _m,
    "r": _r,
    **dict.fromkeys(("her", "Her"), _her),
    **dict.fromkeys(_both_cases(_NEGATED), _negated),
    **dict.fromkeys([*_CLOCK, *(w.upper() for w in _CLOCK)], _clock),
    **dict.fromkeys([w for m in _CALENDAR for w in (m.capitalize(), m.capitalize() + ".")], _calendar),
    **dict.fromkeys(("regards", "Regards"), _regards),
    **dict.fromkeys(_both_cases(_VERB_READING), _verb_reading),
    **dict.fromkeys(_both_cases(_DEGREE), _degree),
}


def lemmatize_words(words: Sequence[str]) -> list[str]:
    """Search keys of the lemmas of one sentence's tokens (punctuation included), in order."""
    get = _table.get
    keys = [get(w) or _miss(w) for w in words]
    joined = _SEPARATOR.join(keys)
    at = joined.find(_MARK)
    if at >= 0:  # the marked keys, found without a Python loop over every word
        marked = []
        while at >= 0:
            i = joined.count(_SEPARATOR, 0, at)
            marked.append(i)
            keys[i] = keys[i][:-1]
            at = joined.find(_MARK, at + 1)
        for i in marked:
            _HANDLERS[words[i]](words, keys, i)
    return keys


class EnglishAnalyzer(RegexAnalyzer):
    """Words with internal apostrophes (``don't``, ``Russia's``), alphanumerics (``G20``),
    and numbers with separators (``19.5``)."""

    pattern = regex.compile(rf"\d+(?:[.,]\d+)+|{ALNUM}+(?:['\u2019]{ALNUM}+)*")
    # The same words, or any other non-space character: punctuation is context too.
    _with_punctuation = regex.compile(rf"\d+(?:[.,]\d+)+|{ALNUM}+(?:['\u2019]{ALNUM}+)*|(\S)")

    def __init__(self, lang: str = "en"):
        super().__init__(lang)
        _load_table()

    def lemmatize(self, word: str) -> str:
        return lemmatize(word)

    lemmatize_words = staticmethod(lemmatize_words)

    def analyze(self, text: str) -> list[Token]:
        matches = list(self._with_punctuation.finditer(text))
        keys = lemmatize_words([m.group() for m in matches])
        return [
            Token(m.group(), key, self.lang, m.start(), m.end())
            for m, key in zip(matches, keys)
            if m.group(1) is None
        ]
