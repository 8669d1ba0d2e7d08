"""The Whoosh schema: what the index knows about each passage.

Two searchable fields hold the analyzers' output: ``lemma`` (every form of a word meets its
lemma) and ``form`` (the exact surface, boosted so exact words rank first); ``pairs`` holds
each lemma joined with the next, so a phrase can be matched on far shorter postings.  Everything a hit,
a highlight or a citation needs is stored, so searching never has to read the corpus.
"""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .pretokenized import PretokenizedTokenizer

#: Bumped whenever the schema or the meaning of a stored field changes; an index with another
#: version is refused and must be rebuilt.  2: compounds as alternatives at their first part's
#: position, and the analyzers' new lemmas (an index of version 1 would miss query lemmas).
#: 3: transliteration keys of names (``translit``, ``names``) and the analyzed glossary.
#: 4: ``pairs``, each lemma joined with the next (``pretokenized.encode_pairs``), for phrases.
#: 5: bound tokens (no word of their own) under marked terms, nested compounds, ``units``.
#: 6: the corpus in columns beside the engine's files (``columns``), for word statistics.
#: 7: the running words (compounds as units, as ``freq`` counts them) in the columns too.
FORMAT_VERSION = 7
FORMAT_NAME = "cstocorpus-whoosh"

FORM_BOOST = 1.5


def build_schema() -> Schema:
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        lang=ID(stored=True),
        kind=ID(stored=True),
        ordinal=NUMERIC(stored=True, sortable=True),
        lemma=TEXT(analyzer=PretokenizedTokenizer(), phrase=True),
        form=TEXT(analyzer=PretokenizedTokenizer(), phrase=True, field_boost=FORM_BOOST),
        translit=TEXT(analyzer=PretokenizedTokenizer(), phrase=False),  # names' cross-script keys
        pairs=TEXT(analyzer=PretokenizedTokenizer(), phrase=True),  # lemma pairs, for counting phrases
        section=STORED,  # list of headings
        text=STORED,  # original passage text, shown and highlighted
        tokens=STORED,  # [[start, end, lemma, form], ...] spans into ``text`` for highlighting
        names=STORED,  # [[start, end, key], ...] names and their transliteration keys
        units=STORED,  # [[start, end, lemma, form], ...] compounds, for the running words
        bound=STORED,  # [i, ...] the tokens that are no word of their own (analysis.units)
        span=STORED,  # [start, end] in the normalized document text
        lines=STORED,  # [first, last] line in the original file
        source_url=STORED,
    )
