"""Running words: each stretch of a passage's text once, as the longest word unit it belongs
to (a compound counts as one word: ``ความร่วมมือ``, ``外務省``).  The one definition of a
*word* as ``freq`` (``stats.store``) and the word statistics (``index.columns``) count it,
taken from what the index stores with each passage: its ``tokens`` (the analyzers' pieces)
and ``units`` (the compounds those pieces form, ``analysis.units``)."""

from __future__ import annotations

from collections.abc import Sequence


def running_units(tokens: Sequence, compounds: Sequence) -> list[tuple[Sequence, bool]]:
    """The running words of a passage, each as its stored item (``[start, end, lemma, form]``)
    and whether it is a compound: from the left, the longest compound that starts at a token
    and overlaps no word already taken, else the token itself."""
    if not compounds:
        return [(t, False) for t in tokens]
    longest: dict[int, Sequence] = {}
    for c in compounds:
        if c[0] not in longest or c[1] > longest[c[0]][1]:
            longest[c[0]] = c
    out: list[tuple[Sequence, bool]] = []
    end = -1
    for t in tokens:
        if t[0] < end:
            continue
        c = longest.get(t[0])
        if c is not None:
            out.append((c, True))
            end = c[1]
        else:
            out.append((t, False))
    return out


def unit_of_tokens(tokens: Sequence, units: Sequence[tuple[Sequence, bool]]) -> list[int]:
    """For each token, the number (in its passage) of the running word it is part of."""
    out, j = [], 0
    for t in tokens:
        while j + 1 < len(units) and units[j + 1][0][0] <= t[0]:
            j += 1
        out.append(j)
    return out
