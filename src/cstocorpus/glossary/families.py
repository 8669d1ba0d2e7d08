"""Word families by rule: the words a derivation relates meet under one key.

``terrorism``, ``terrorist`` and ``terroristic``; ``терроризм``, ``террорист`` and
``террористический``; ``テロリズム`` and ``テロリスト``; ``過激主義``, ``過激派`` and
``過激主義者``; ``การก่อการร้าย``, ``ผู้ก่อการร้าย`` and ``กลุ่มก่อการร้าย`` are each one family.
Whether a query finds a concept must not depend on which member of the family it uses, nor
must the passages a concept finds.  Two operations, on analyzed lemma sequences:

- ``family_key``: what is left when the derivational affixes are taken off (``террор``,
  ``過激``, ``ก่อการร้าย``); two sequences with the same key are one family.  The query
  reader looks a query's key up among the keys of the glossary's names.
- ``family_variants``: the other members of a name's family, generated from its key with the
  affixes of the same class, so a concept also finds the passages that only use them
  (a variant the corpus does not have matches nothing, at the cost of one term lookup).

The rules, per script (a lemma's script says which rules apply, so a Latin name inside a
Thai query is read as English):

- Latin and Cyrillic: one word; endings in classes (-ism/-ist/-istic; -изм/-ист/-истский/
  -истический; ...), each with a shortest stem so short words keep their meaning.
- Katakana: the loanword endings -リズム/-イズム/-リスト/-イスト.
- Japanese kanji words: trailing suffix words 主義, 者, 派, 的 (~ism, ~ist, ~faction, ~ic).
- Thai: leading nominalizers and agent or group words (การ, ความ, ผู้, นัก, กลุ่ม, ลัทธิ,
  ขบวนการ, องค์กร, ...); the core that is left is the family's key and, for Thai, also
  what the text is searched for, since every derived form contains it.

These are rules, not a list of words: the glossary's ``family:`` entries add what rules
cannot derive (``หัวรุนแรง`` beside ``สุดโต่ง``).
"""

from __future__ import annotations

from functools import lru_cache

Lemmas = tuple[str, ...]

#: Ending classes for one Latin or Cyrillic word: (endings, shortest stem).  Endings within
#: a class replace each other; the bare stem is a member too (``террор``, ``terror``).
ENDING_CLASSES: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = {
    "latin": (
        (("ism", "ist", "istic"), 4),
        (("ization", "ize", "izing"), 4),
        (("ation", "ate", "ative"), 5),
        (("ing", "er"), 6),  # peacekeeping/peacekeeper, trafficking/trafficker
    ),
    "cyrillic": (
        (("изм", "ист", "истка", "истский", "истический"), 4),
        (("ция", "ционный"), 4),  # интеграция/интеграционный, миграция/миграционный
        (("чество", "ец", "ческий"), 5),  # миротворчество/миротворец/миротворческий
    ),
    "katakana": (
        (("リズム", "リスト"), 2),  # テロリズム/テロリスト
        (("イズム", "イスト"), 2),  # ナショナリズム has リズム; モダニズム/モダニスト イズム
    ),
}
#: Japanese words that derive an ism, an agent or an adjective from the words before them.
JA_SUFFIXES = ("主義", "者", "派", "的")
#: The members a Japanese key generates: key + these (the bare key is not searched: a
#: kanji stem alone is often a broader word, 分離 "separation" beside 分離主義).
JA_VARIANTS: tuple[Lemmas, ...] = (("主義",), ("主義", "者"), ("派",), ("者",), ("的",))
#: Thai words that make a noun of an action or quality, an agent or a group of the words
#: after them.
TH_PREFIXES = frozenset({"การ", "ความ", "ผู้", "นัก", "กลุ่ม", "ลัทธิ", "ขบวนการ", "องค์กร", "องค์การ",
                         "ฝ่าย", "พวก"})


#: Thai words that link the parts of a phrase (adverb, relative, genitive markers; ทาง and
#: ด้าน, "in the field of", which make an adjective of the noun after them: ทางทหาร,
#: ด้านการทหาร "military"; a nominalizing การ inside the phrase) and that the same phrase is
#: written with or without, or one for another.
TH_LINKING = frozenset({"อย่าง", "ที่", "ของ", "แห่ง", "ทาง", "ด้าน", "การ"})


def _thai_core(lemmas: Lemmas) -> Lemmas:
    """A Thai phrase without its leading nominalizers, agent and group words."""
    i = 0
    while i < len(lemmas) - 1 and lemmas[i] in TH_PREFIXES:
        i += 1
    return lemmas[i:]


def script_of(word: str) -> str:
    """"thai", "kanji", "katakana", "cyrillic", "latin" or "" (digits, symbols, mixed kana)."""
    for ch in word:
        o = ord(ch)
        if 0x0E00 <= o <= 0x0E7F:
            return "thai"
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            return "kanji"
        if 0x0400 <= o <= 0x04FF:
            return "cyrillic"
        if ch.isalpha() and o < 0x0250:
            return "latin"
    if word and all(0x30A0 <= ord(ch) <= 0x30FF for ch in word):
        return "katakana"
    return ""


@lru_cache(maxsize=65536)
def word_stem(word: str) -> tuple[str, int] | None:
    """``(stem, class index)`` of one word that ends in a derivational ending, else None."""
    classes = ENDING_CLASSES.get(script_of(word))
    if not classes:
        return None
    best = None
    for n, (endings, shortest) in enumerate(classes):
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= shortest:
                if best is None or len(ending) > best[2]:
                    best = (word[: -len(ending)], n, len(ending))
    return None if best is None else best[:2]


def family_key(lemmas: Lemmas) -> Lemmas:
    """The key of a lemma sequence's family (the sequence itself when no rule applies)."""
    if not lemmas:
        return lemmas
    scripts = {script_of(w) for w in lemmas}
    if scripts == {"thai"}:
        core = _thai_core(lemmas)
        # Linking words inside a Thai phrase come and go between writers (การย้ายถิ่นอย่าง
        # ผิดกฎหมาย / การย้ายถิ่นผิดกฎหมาย): the key leaves them out.
        inner = tuple(w for w in core[1:-1] if w not in TH_LINKING)
        return core[:1] + inner + core[-1:] if len(core) > 2 else core
    if "kanji" in scripts and lemmas[-1] in JA_SUFFIXES:
        core = list(lemmas)
        while len(core) > 1 and core[-1] in JA_SUFFIXES:
            core.pop()
        return tuple(core)
    if len(lemmas) == 1:
        stem = word_stem(lemmas[0])
        if stem is not None:
            return (stem[0],)
    return lemmas


def family_variants(lemmas: Lemmas) -> list[Lemmas]:
    """The other members of the family of ``lemmas`` that the text may use, by rule."""
    key = family_key(lemmas)
    if key == lemmas:
        return []
    scripts = {script_of(w) for w in lemmas}
    if scripts == {"thai"}:
        out = [_thai_core(lemmas), key]  # the core, and the core without its linking words
    elif "kanji" in scripts:
        out = [key + suffix for suffix in JA_VARIANTS]
    else:
        base, n = word_stem(lemmas[0])
        out = [(base,), *((base + e,) for e in ENDING_CLASSES[script_of(lemmas[0])][n][0])]
    return [v for v in dict.fromkeys(out) if v != lemmas]
