"""Find the spans to highlight in a hit from the tokens stored with its passage.

Done in the application rather than by the index: each passage stores its tokens' offsets in
its original text, so a highlight always lands on what the reader sees, for any backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from .query.compiler import MatchSpec

# A stored token: [start, end, lemma key, form key]
StoredToken = Sequence


def highlight_spans(tokens: Sequence[StoredToken], spec: MatchSpec) -> list[list[int]]:
    """Sorted, merged ``[start, end]`` spans of the tokens the query matched."""
    spans: list[tuple[int, int]] = []
    for start, end, lemma, form in tokens:
        if lemma in spec.lemmas or form in spec.forms or any(
            lemma.startswith(p) or form.startswith(p) for p in spec.prefixes
        ):
            spans.append((start, end))
    for lemmas, forms in spec.sequences:
        n = len(lemmas)
        for i in range(len(tokens) - n + 1):
            if all(tokens[i + k][2] == lemmas[k] or tokens[i + k][3] == forms[k] for k in range(n)):
                spans.append((tokens[i][0], tokens[i + n - 1][1]))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
