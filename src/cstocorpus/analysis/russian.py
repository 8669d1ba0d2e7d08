"""Russian: words lemmatized with pymorphy3, each parse chosen with its sentence in view.

pymorphy3 works word by word: its first parse is the most frequent reading of the form,
right for about 95 % of the words of encyclopedic text (UD Russian GSD).  Most of the rest
are forms that two lemmas share (``этом`` of ``это`` or ``этот``, ``ним`` of ``он`` or
``они``, ``Вартанов`` the surname or the genitive plural of ``Вартан``), and the words
around them decide.  So a sentence is read in two passes: every word form is looked up once
(cached per process), and only the words whose readings disagree on the lemma are weighed
again.  Each lemma scores the summed probability of its readings times the best product of
context factors one of its readings earns (the numbers are under "weights" below):

* capitals: a capitalized word inside a sentence is a name (``Name``/``Surn``/``Geox``...
  readings preferred), a lowercase one is not; an unknown capitalized word that does not
  end like an inflected form is its own lemma (``Мопертюи``, not a guessed ``Мопертюй``);
* government: after a preposition, the cases it takes (``с ним`` → ``он``, ``к ним`` →
  ``они``), also over adjectives in between;
* agreement: an adjective or determiner agrees with the word after it (``этого тренда`` →
  ``этот`` but ``После этого Лайт`` → ``это``; possessive ``его стиль`` keeps ``его`` but
  ``его назначили`` is ``он``), a noun with the adjective before it, a first name with the
  patronymic or surname next to it (``Евгения Георгиевна``);
* the form alone: a reading that needs the text's ``е`` read as ``ё`` (``все`` as
  ``всё``) only when nothing else fits; a name that pymorphy3 guesses by cutting off an
  unknown prefix (``опенинг`` as a form of ``Инга``) counts as no name; a hyphenated
  compound whose halves both inflect is lemmatized in both (``страны-участницы`` →
  ``страна-участница``).

Lemmas follow the conventions of Universal Dependencies Russian (GSD): possessive
``его/её/их`` keep their form, and so do the prepositions ``во/со/ко/об``; superlatives are
their own lemma (``лучший``, ``ближайший``); a woman's patronymic too (``Петровна``);
``должен`` is its own; short passive participles belong to their verb (``развит`` →
``развить``); the text's ``ь`` is kept (``предгорье``, ``Юрьевич``); ``%`` is
``процент-знак``; acronyms keep their form (``НАТО``, ``РДТТ``); ``2014 г.`` is ``год``.

Hyphenated compounds (``военно-политической``, ``государств-членов``) stay one token:
splitting them would index the halves as separate words.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache

import pymorphy3
import regex
from pymorphy3.units import DictionaryAnalyzer as _DictionaryAnalyzer
from pymorphy3.units import UnknownPrefixAnalyzer as _UnknownPrefixAnalyzer

from cstocorpus.analysis.generic import LETTER, RegexAnalyzer
from cstocorpus.analysis.scripts import NUMBER
from cstocorpus.models import Token
from cstocorpus.normalize import search_key

# Stress marks that some texts put on vowels (замо́к); they are no part of the word.
_STRESS = re.compile("[\u0300\u0301]")

_morph: pymorphy3.MorphAnalyzer | None = None
_morph_lock = threading.Lock()


def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """The process's one MorphAnalyzer (loading the dictionaries takes a while)."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


_EMPTY: frozenset[str] = frozenset()

# --- grammar ------------------------------------------------------------------------------

_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_PERSON = frozenset({"Name", "Surn", "Patr"})
# Word ends that are no case ending: an unknown word ending so may be its own lemma.
_UNINFLECTED = re.compile(r"(?:[оюэь]|(?<![игкх])и|(?<![оеёыиая])[бвгджзклмнпрстфхцчшщ])$")
# Readings that the next word confirms: самый before an adjective (самой первой), больший
# before часть (бо́льшая часть: most of).
_BEFORE = {
    "самый": lambda nxt: bool(_details(nxt).adjs),
    "больший": lambda nxt: nxt.lemma == "часть",
}
# Particles that may stand between a determiner and its noun (в том же году).
_CLITICS = frozenset({"же", "ж", "ли", "бы", "б"})
_ADJLIKE = frozenset({"ADJF", "PRTF"})
_NOMINAL = frozenset({"NOUN", "NPRO", "ADJF", "PRTF", "NUMR"})
_NOT_GOVERNED = frozenset({"ADVB", "CONJ", "PRCL", "PREP", "COMP", "INTJ"})
_CASES = {"nomn": "nomn", "gent": "gent", "datv": "datv", "accs": "accs", "ablt": "ablt",
          "loct": "loct", "voct": "nomn", "gen2": "gent", "acc2": "accs", "loc2": "loct"}
# The cases each common preposition takes.
_GOVERNMENT: dict[str, frozenset[str]] = {
    prep: frozenset(cases.split())
    for preps, cases in (
        ("в во на", "accs loct"),
        ("с со", "gent ablt"),
        ("к ко благодаря согласно вопреки навстречу", "datv"),
        ("по", "datv loct accs"),
        ("о об обо", "loct accs"),
        ("при", "loct"),
        ("за под подо", "accs ablt"),
        ("над надо перед передо", "ablt"),
        ("между", "ablt gent"),
        ("через сквозь про", "accs"),
        ("от ото до из изо у без для около после вокруг против среди из-за из-под вместо "
         "кроме ради вдоль возле мимо внутри накануне вследствие насчёт насчет посреди близ "
         "относительно", "gent"),
    )
    for prep in preps.split()
}
# Prepositions with the vowel added before some consonant clusters: UD keeps their form.
_VOCALIZED = frozenset("во со ко об обо ото изо подо надо передо".split())
# Abbreviations written with a full stop that pymorphy3 does not expand.
_ABBREVIATIONS = {
    "г": "год", "гг": "год", "в": "век", "вв": "век", "тыс": "тысяча", "млн": "миллион",
    "млрд": "миллиард", "трлн": "триллион", "чел": "человек", "др": "другой", "руб": "рубль",
    "долл": "доллар",
}

# --- weights ------------------------------------------------------------------------------
# A lemma's score is the summed probability of its readings (pymorphy3's, times the static
# weights below) times the best product of context factors one of its readings earns.  The
# values are round numbers, set on the first half of UD Russian GSD dev only and checked on
# the second half.

# What the form alone says about a reading (static weights):
_YO = 0.02  # все read as всё: the text writes е, and many texts write ё where they mean it
_HALF_INFLECTED = 0.02  # страны-участница when страна-участница is a reading too
_NAME_PLURAL = 0.2  # Вартанов as the genitive plural of the name Вартан
_SHORT_ADJECTIVE = 0.9  # развит as развитой when the participle of развить is a reading
_PREDICATIVE = 1.5  # намерен as itself, a short-only adjective, rather than a participle
_COMPARATIVE_DOUBLET = 0.5  # Большая as больший (bigger) rather than большой
_UNINFLECTED_NAME = 0.5  # an unknown uninflected-looking word as its own lemma (Кайрелл)
# What the sentence says (context factors):
_LOWERCASE_NAME = 0.1  # a name reading of a lowercase word
_CAPITALIZED_NAME = 10  # a name reading of a capitalized word inside a sentence
_CAPITALIZED_UNKNOWN = 3  # an unknown capitalized word as its own lemma
_GOVERNED = 4  # a case the preposition before takes
_NOT_GOVERNED_CASE = 0.01  # a case it does not take
_NOT_NOMINAL = 0.2  # a verb or short form right after a preposition
_AGREES = 4  # an adjective reading that agrees with the next word
_DISAGREES = 0.3  # ... that does not, though the next word is a noun or adjective
_NO_NOUN = 0.5  # ... with no noun or adjective after it
_PRONOUN_BEFORE_NOUN = 0.2  # это, not этот, though a noun that agrees follows
_PRONOUN_ALONE = 3  # он, not possessive его, when no noun follows
_NOUN_AGREES = 2  # a noun reading that agrees with the adjective before it
_NAMES_AGREE = 3  # a name reading that agrees with the name next to it (Евгения Георгиевна)
_ABBREVIATED = 10  # an abbreviation reading of a word written with a full stop
_CONFIRMED = 4  # a reading the next word confirms (_BEFORE)


# --- one word form, looked up once --------------------------------------------------------------


class _TagInfo:
    """What the rules read from one pymorphy3 tag (tags repeat: computed once per tag)."""

    __slots__ = ("pos", "case", "agree", "adjlike", "noun", "proper", "person", "abbr", "special",
                 "femn_patr", "neut", "name_plur")

    def __init__(self, tag):
        grammemes = tag.grammemes
        pos = self.pos = tag.POS
        case = self.case = _CASES.get(tag.case) if tag.case else None
        self.agree = _agreement_keys(case, tag) if case and pos in _NOMINAL else ()
        self.adjlike = pos in _ADJLIKE
        self.noun = pos == "NOUN"
        self.proper = not _PROPER.isdisjoint(grammemes)
        self.person = not _PERSON.isdisjoint(grammemes)
        self.abbr = "Abbr" in grammemes
        self.femn_patr = "femn" in grammemes and "Patr" in grammemes
        self.neut = "neut" in grammemes
        self.name_plur = "Name" in grammemes and "plur" in grammemes
        # Readings whose lemma UD writes differently from pymorphy3 (see _lemma_of).
        self.special = pos in ("PREP", "ADJS") or (pos == "ADJF" and "Supr" in grammemes)


@lru_cache(maxsize=4096)
def _tag_info(tag) -> _TagInfo:
    return _TagInfo(tag)


def _agreement_keys(case: str, tag) -> tuple[str, ...]:
    """``case|number|gender`` keys under which an adjective and its noun meet."""
    if "plur" in tag.grammemes or "Pltm" in tag.grammemes:
        return (f"{case}|plur|",)
    gender = tag.gender
    if gender is None:  # common gender (сирота), indeclinable, or unknown
        return (f"{case}|sing|masc", f"{case}|sing|femn", f"{case}|sing|neut")
    return (f"{case}|sing|{gender}",)


def _lemma_of(word: str, p) -> str:
    """The lemma of a parse whose tag is ``special``, in the conventions of UD Russian."""
    pos = p.tag.POS
    if pos == "PREP":
        return word if word in _VOCALIZED else p.normal_form
    if pos == "ADJS":
        return "должен" if p.normal_form == "должный" else p.normal_form
    cut = word.rfind("ш")  # a superlative: лучшего → лучший, not хороший
    return word[: cut + 1] + "ий" if cut > 0 else p.normal_form


class _Parse:
    """One reading of a word form, as the sentence pass weighs it."""

    __slots__ = ("lemma", "pos", "case", "agree", "weight", "proper", "unknown_self", "abbr",
                 "pronoun")

    def __init__(self, lemma, pos, case, agree, weight, proper, unknown_self, abbr, pronoun):
        self.lemma = lemma  # search key
        self.pos = pos
        self.case = case  # one of _CASES' values, or None
        self.agree = agree  # agreement keys (see _agreement_keys)
        self.weight = weight  # pymorphy3's probability times what the form alone says
        self.proper = proper  # a name (a reading pymorphy3 knows, or a suffix guess)
        self.unknown_self = unknown_self  # a guess that the form is its own lemma
        self.abbr = abbr
        self.pronoun = pronoun  # a pronoun reading of a form that is also a determiner


class _Entry:
    """What the sentence pass needs to know about one word form.

    ``heads``, ``adjs``, ``names`` and ``abbr`` are worked out only when a neighbour asks
    (``_details``): most words are neither ambiguous nor next to an ambiguous word.
    """

    __slots__ = ("lemma", "parses", "governs", "plain", "raw", "heads", "adjs", "names", "abbr",
                 "adjective")

    def __init__(self, lemma, parses, governs, raw, plain=False):
        self.plain = plain  # the first reading is a dictionary word, not an abbreviation
        self.lemma = lemma  # the lemma (search key) when the context is not looked at
        self.parses = parses  # the readings (_Parse), when they disagree on the lemma; else None
        self.governs = governs  # cases taken, if the word is a preposition; else None
        self.raw = raw  # pymorphy3's parses with their _TagInfo, until _details has run
        self.heads: frozenset[str] = _EMPTY  # agreement keys of its noun and adjective readings
        self.adjs: frozenset[str] = _EMPTY  # ... of its adjective and participle readings
        self.names: frozenset[str] = _EMPTY  # ... of its first name/patronymic/surname readings
        self.abbr = False  # some reading is an abbreviation
        self.adjective = raw is not None  # every reading is an adjective or a participle


def _details(e: _Entry) -> _Entry:
    raw = e.raw
    if raw is not None:
        e.raw = None
        heads: set[str] = set()
        adjs: set[str] = set()
        names: set[str] = set()
        for p, info in raw:
            if info.agree:
                if info.adjlike:
                    adjs.update(info.agree)
                    heads.update(info.agree)
                elif info.noun:
                    heads.update(info.agree)
                if info.person and _is_dictionary_parse(p):
                    names.update(info.agree)
            if info.abbr:
                e.abbr = True
            if not info.adjlike:
                e.adjective = False
        e.heads, e.adjs, e.names = frozenset(heads), frozenset(adjs), frozenset(names)
    return e


def _soft_sign(word: str, lemma: str) -> str:
    """Keep the spelling with ь of the text: ущелье, not ущелие; Юрьевич, not Юриевич."""
    c = 0
    end = min(len(word), len(lemma)) - 1
    while c < end and word[c] == lemma[c]:
        c += 1
    vowels = ("е", "ё", "и", "я", "ю")
    if word[c] == "ь" and lemma[c] == "и" and word[c + 1 : c + 2] in vowels and (
        lemma[c + 1 : c + 2] in vowels  # третьего stays третий
    ):
        return lemma[:c] + "ь" + lemma[c + 1 :]
    return lemma


def _is_dictionary_parse(p) -> bool:
    stack = p.methods_stack
    return len(stack) == 1 and type(stack[0][0]) is _DictionaryAnalyzer


def _is_prefix_guess(p) -> bool:
    return any(type(m[0]) is _UnknownPrefixAnalyzer for m in p.methods_stack)


@lru_cache(maxsize=200_000)
def _entry(word: str) -> _Entry:
    """The readings of a lowercased, stress-free word form."""
    parses = morph_analyzer().parse(word)
    if not parses:
        return _Entry(word, None, None, None)
    infos = [_tag_info(p.tag) for p in parses]
    lemmas = []
    soft = "ь" in word
    for p, info in zip(parses, infos):
        lemma = _lemma_of(word, p) if info.special else p.normal_form
        if "ё" in lemma:
            lemma = lemma.replace("ё", "е")
        if soft and "и" in lemma:
            lemma = _soft_sign(word, lemma)
        lemmas.append(lemma)
    first = lemmas[0]
    raw = list(zip(parses, infos))
    governs = _GOVERNMENT.get(word) if infos[0].pos == "PREP" else None
    plain = _is_dictionary_parse(parses[0]) and not infos[0].abbr
    any_known = plain or any(_is_dictionary_parse(p) for p in parses)
    uninflected = not any_known and word.isalpha() and _UNINFLECTED.search(word) is not None
    if all(lemma == first for lemma in lemmas) and not uninflected and not (
        first == "тот" or any(info.femn_patr for info in infos)
    ):
        return _Entry(first, None, governs, raw, plain)
    readings = _readings(word, raw, lemmas, any_known, uninflected)
    lemma = readings[0].lemma
    if all(r.lemma == lemma for r in readings):
        return _Entry(lemma, None, governs, raw, plain)
    return _Entry(lemma, readings, governs, raw, plain)


def _readings(word, raw, lemmas, any_known, uninflected) -> tuple[_Parse, ...]:
    """The readings of a word form whose parses may disagree on the lemma."""
    itself = search_key(word)
    verbal = any(info.pos in ("PRTS", "VERB") for _, info in raw)
    lemma_set = set(lemmas)
    has_adjs = any(info.adjlike for _, info in raw)
    readings = []
    # страны-участницы: страна-участница (both halves inflect) over страны-участница
    head = word.split("-", 1)[0] + "-" if "-" in word else None
    both_inflect = head is not None and any(not lemma.startswith(head) for lemma in lemmas)
    for (p, info), lemma in zip(raw, lemmas):
        pos = info.pos
        known = _is_dictionary_parse(p)
        weight = p.score + 0.001
        if p.word != word:  # read with ё where the text has е
            weight *= _YO
        if both_inflect and lemma.startswith(head):
            weight *= _HALF_INFLECTED
        if info.name_plur:  # Вартанов: a surname, not the genitive plural of Вартан
            weight *= _NAME_PLURAL
        if pos == "ADJS" and verbal:
            if lemma == itself:  # намерен, a short adjective only, not намерить's participle
                weight *= _PREDICATIVE
            else:  # развит: the participle of развить rather than развитой, when in doubt
                weight *= _SHORT_ADJECTIVE
        if pos == "ADJF" and lemma[-2:] == "ий" and lemma[:-2] + "ой" in lemma_set:
            weight *= _COMPARATIVE_DOUBLET  # but бо́льшая часть: see _BEFORE
        proper = info.proper and not _is_prefix_guess(p)
        if info.femn_patr:
            # UD keeps a woman's patronymic: Петровны → Петровна, not Петрович
            nominative = p.inflect({"nomn"})
            if nominative is not None:
                lemma = search_key(nominative.word)
        readings.append(_Parse(lemma, pos, info.case, info.agree, weight, proper,
                               not known and lemma == itself, info.abbr,
                               pos == "NPRO" and has_adjs))
        if lemma == "тот" and info.neut and info.case not in (None, "nomn", "accs"):
            # кроме того, о том: the pronoun то (UD), unless a noun follows
            readings.append(_Parse("то", "NPRO", info.case, (), weight, False, False, False, True))
    if uninflected and not any(r.unknown_self for r in readings):
        # An unknown name that looks uninflected (Мопертюи, Кайрелл): maybe just itself.
        readings.append(_Parse(itself, "NOUN", None, (), _UNINFLECTED_NAME, False, True,
                               False, False))
    return tuple(readings)


def _key(word: str) -> str:
    return _STRESS.sub("", word.lower())


def lemmatize(word: str) -> str:
    """Lemma (search key) of one word without context: its first reading, in UD conventions."""
    return _entry(_key(word)).lemma


# --- a sentence ------------------------------------------------------------------------------

_SENTENCE_END = re.compile("[.!?…]")
# A year or a century before г. or в.: 2014, 1990-1995, XX, XIX—XX (also with Cyrillic Х).
_NUMERAL = re.compile(r"[\d.,\-–—]*\d[\d.,\-–—]*|[IVXLCDMХ\-–—]+")


def _has_letter(token: str) -> bool:
    return token.isalpha() or any(c.isalpha() for c in token)


def _choose(i: int, words: Sequence[str], entries: list[_Entry | None], initial: bool) -> str:
    """The lemma of word ``i`` whose readings disagree, its neighbours considered."""
    e = entries[i]
    word = words[i]
    n = len(entries)
    prev = entries[i - 1] if i else None
    k = i + 1
    while k < n and words[k] in _CLITICS:
        k += 1
    nxt = entries[k] if k < n else None
    if nxt is not None:
        _details(nxt)
    if prev is not None:
        _details(prev)
    _details(e)
    capital = word[:1].isupper()
    dotted = word[-1:] == "."
    # The preposition this word depends on: right before it, or before its adjectives.
    governs = None
    j = i - 1
    while j >= 0 and j > i - 4:
        pj = entries[j]
        if pj is None:
            break
        if pj.governs is not None:
            governs = pj.governs
            break
        if not _details(pj).adjective:  # only adjectives stand between a preposition and its noun
            break
        j -= 1
    after = nxt.heads if nxt is not None else _EMPTY
    before = prev.adjs if prev is not None else _EMPTY
    determiner = bool(e.adjs & after) if after else False
    prev_names = prev.names if prev is not None and words[i - 1][:1].isupper() else _EMPTY
    next_names = nxt.names if nxt is not None and words[k][:1].isupper() else _EMPTY
    prior: dict[str, float] = {}
    best: dict[str, float] = {}
    for p in e.parses:
        f = 1.0
        if p.proper:
            if not capital:
                f *= _LOWERCASE_NAME
            elif not initial:
                f *= _CAPITALIZED_NAME
        elif p.unknown_self and capital:
            f *= _CAPITALIZED_UNKNOWN
        if governs is not None and not p.unknown_self:
            if p.case is not None:
                f *= _GOVERNED if p.case in governs else _NOT_GOVERNED_CASE
            elif p.pos not in _NOT_GOVERNED:
                f *= _NOT_NOMINAL
        if p.pos in _ADJLIKE:
            if after:
                if any(a in after for a in p.agree):
                    f *= _AGREES
                else:
                    f *= _DISAGREES
            else:
                f *= _NO_NOUN
        elif p.pronoun:
            f *= _PRONOUN_BEFORE_NOUN if determiner else _PRONOUN_ALONE
        elif p.pos == "NOUN" and before and p.agree:
            if any(a in before for a in p.agree):
                f *= _NOUN_AGREES
        if p.proper and capital and p.agree and (prev_names or next_names):
            if any(a in prev_names or a in next_names for a in p.agree):
                f *= _NAMES_AGREE
        if dotted and p.abbr:
            f *= _ABBREVIATED
        lemma = p.lemma
        if lemma in _BEFORE and nxt is not None and _BEFORE[lemma](nxt):
            f *= _CONFIRMED
        prior[lemma] = prior.get(lemma, 0.0) + p.weight
        if f > best.get(lemma, 0.0):
            best[lemma] = f
    return max(prior, key=lambda lemma: prior[lemma] * best[lemma])


def _special(i: int, words: Sequence[str], key: str) -> str | None:
    """Lemmas decided by the form alone: abbreviations."""
    word = words[i]
    if word[-1] == "." and key[:-1] in _ABBREVIATIONS:
        base = key[:-1]
        if base in ("г", "в", "гг", "вв"):  # 2014 г., XX в.: only after a number
            if i == 0 or not _NUMERAL.fullmatch(words[i - 1]):
                if base == "г" and i + 1 < len(words) and words[i + 1][:1].isupper():
                    return "город"  # г. Москва
                return None
        return _ABBREVIATIONS[base]
    if len(word) > 1 and word.isupper() and word.isalpha():
        # An acronym (НАТО, РДТТ), unless a long word the dictionary knows (РОССИИ).
        if len(word) <= 4 or not _entry(key).plain:
            return key
    return None


def lemmatize_sentence(words: Sequence[str]) -> list[str]:
    """Search-key lemmas of one sentence's tokens (words, numbers, punctuation) in order."""
    n = len(words)
    out: list[str] = [""] * n
    entries: list[_Entry | None] = [None] * n
    pending = []
    for i, w in enumerate(words):
        if not _has_letter(w):
            out[i] = "процент-знак" if w == "%" else search_key(w)
            continue
        key = _key(w)
        fixed = _special(i, words, key)
        if fixed is not None:
            out[i] = fixed
            continue
        if key[-1] == "." and len(key) > 1:
            e = _entry(key[:-1])
            if not _details(e).abbr:  # not an abbreviation pymorphy3 knows (spp.): as written
                out[i] = key
                continue
        else:
            e = _entry(key)
        entries[i] = e
        out[i] = e.lemma
        if e.parses is not None:
            pending.append(i)
    if pending:
        initial = True
        k = 0
        for i in range(n):
            if k < len(pending) and pending[k] == i:
                out[i] = _choose(i, words, entries, initial)
                k += 1
            w = words[i]
            if entries[i] is not None or _has_letter(w) or w[:1].isdigit():
                initial = False
            elif _SENTENCE_END.search(w):
                initial = True
    return out


class RussianAnalyzer(RegexAnalyzer):
    """Words (hyphenated compounds whole) and numbers."""

    pattern = regex.compile(rf"{LETTER}+(?:[-\u2010]{LETTER}+)*|{NUMBER}")

    def __init__(self, lang: str = "ru"):
        super().__init__(lang)
        morph_analyzer()  # load now, not in the middle of the first passage

    def lemmatize(self, word: str) -> str:
        return lemmatize(word)

    def lemmatize_words(self, words: Sequence[str]) -> list[str]:
        """Lemmas (search keys) of one sentence's tokens in order, each read in context.

        Punctuation and numbers come back as they are (``%`` as ``процент-знак``)."""
        return lemmatize_sentence(words)

    def analyze(self, text: str) -> list[Token]:
        """Word and number tokens, lemmatized in context like ``lemmatize_words``.

        The text between two tokens, if it is not just space, goes into the sentence as one
        punctuation token, so that agreement never reaches across a comma and a capital
        after a full stop counts as the start of a sentence."""
        matches = list(self.pattern.finditer(text))
        if not matches:
            return []
        words: list[str] = []
        where: list[int] = []
        pos = 0
        for m in matches:
            start = m.start()
            if start > pos:
                gap = text[pos:start].strip()
                if gap:
                    words.append(gap)
            form = m.group()
            end = m.end()
            if text.startswith(".", end) and form.lower() in _ABBREVIATIONS:
                form += "."  # 2014 г. → год
            where.append(len(words))
            words.append(form)
            pos = end
        lemmas = lemmatize_sentence(words)
        return [Token(m.group(), lemmas[k], self.lang, m.start(), m.end())
                for m, k in zip(matches, where)]
