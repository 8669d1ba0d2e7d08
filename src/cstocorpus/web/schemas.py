"""The shapes of the JSON API's answers, for its OpenAPI schema (``/openapi.json``): what a
notebook or another program can rely on.  The answers themselves are the commands' own
``--format json`` records, written as they are (``api.answers``); these models describe them
and are checked against real answers in the tests.  Extra fields are allowed: a record may
grow a field without breaking a client."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- shared pieces ---------------------------------------------------------------------------

class Citation(Shape):
    doc_id: str
    passage_id: str
    title: str
    url: str = ""
    source_url: str = ""
    section: str = ""
    location: str = Field(description="Where in the document: page, paragraph or line.")
    lines: list[int] = Field(description="First and last line of the passage in the source file.")
    file: str = ""
    text: str = Field(description="The full citation in one line.")


class Match(Shape):
    query: str = Field(description="The query word this match answers.")
    text: str
    start: int
    end: int
    reason: str = Field(description="Why it matched: its own lemma, a glossary name, a transliteration, ...")


class Selection(Shape):
    filters: dict[str, list[str] | str] = Field(description="The filters as given.")
    langs: list[str]
    documents: list[str] | None = Field(description="The documents selected; null: all.")
    notes: list[str] = []


class Interpretation(Shape):
    summary: str = Field(description="How the query was read, in one sentence.")
    literal: bool
    units: list[dict] = Field(description="Each part of the query: what it was read as and what was searched.")


# --- search, concordance, passage ------------------------------------------------------------

class Hit(Shape):
    rank: int
    tier: int = Field(description="1: the query's own words; 2: found only through another name.")
    score: float
    passage_id: str
    doc_id: str
    lang: str
    section: list[str]
    text: str
    highlights: list[list[int]] = Field(description="[start, end] character spans of the text that matched.")
    matched: list[Match]
    citation: Citation


class Tier(Shape):
    tier: int
    label: str
    total: int
    shown: int


class SearchAnswer(Shape):
    query: str
    interpretation: Interpretation
    total: int = Field(description="Every passage the query matches (exact), not only those shown.")
    tiers: list[Tier]
    hits: list[Hit]
    advice: dict = Field(description='{"why": sentence, "suggestions": [...]} when little or nothing was found.')


class ConcordanceLine(Shape):
    n: int
    left: str
    hit: str
    right: str
    lang: str
    passage_id: str
    doc_id: str
    start: int
    end: int
    tier: int
    matched: list[Match]
    citation_short: str
    citation: Citation


class ConcordanceAnswer(Shape):
    query: str
    total: int = Field(description="Every line (hit) of the query, exact.")
    passages: int
    documents: int
    languages: dict[str, int]
    offset: int
    limit: int | None
    sort: list[str]
    by: str
    context: str
    selection: Selection
    interpretation: Interpretation
    lines: list[ConcordanceLine]


class PassageBrief(Shape):
    passage_id: str
    ordinal: int
    lang: str
    section: list[str]
    text: str
    highlights: list[list[int]] | None = Field(None, description="With ?q=: the spans the query matches.")


class PassageFull(PassageBrief):
    doc_id: str
    kind: str
    span: list[int]
    lines: list[int]
    source_url: str = ""


class PassageAnswer(Shape):
    passage: PassageFull
    before: list[PassageBrief]
    after: list[PassageBrief]
    citation: Citation
    document: dict = Field(description="The document's catalog entry as indexed.")


# --- documents and the index -----------------------------------------------------------------

class DocumentRow(Shape):
    id: str
    title: str
    languages: list[str]
    passages: int | None = Field(description="Passages indexed; null: not indexed.")
    passage_languages: dict[str, int] = {}
    status: str = Field(description="indexed, not indexed, changed since build, refused, ...")
    file: str
    authors: list[str] = []
    published: str = ""
    format: str = ""
    problem: str = ""


class Section(Shape):
    section: list[str]
    first_passage: str
    first_ordinal: int
    passages: int
    languages: dict[str, int]


class DocumentAnswer(Shape):
    document: DocumentRow
    metadata: dict = Field(description="The catalog entry as the index holds it.")
    sections: list[Section]


class IndexAnswer(Shape):
    generation: str
    engine: str
    documents: int
    passages: int
    languages: dict[str, int]


# --- statistics ------------------------------------------------------------------------------

class Counts(Shape):
    documents: int
    passages: int
    tokens: int
    word_types: int
    lemma_types: int
    ttr: float
    share: float


class LanguageCounts(Counts):
    lang: str


class DocumentCounts(Counts):
    doc_id: str
    title: str
    languages: list[str]
    mix: list[dict]


class StatsAnswer(Shape):
    tokens_counted: str
    corpus: Counts
    languages: list[LanguageCounts]
    documents: list[DocumentCounts]


class FreqTerm(Shape):
    rank: int
    term: str
    count: int
    per_million: float
    passages: int
    documents: int
    inside: int = Field(description="Occurrences as a word of its own inside a longer word (units=words).")


class FreqAnswer(Shape):
    by: str
    units: str = Field(description="words (running words: a compound is one) or parts (the analyzers' pieces).")
    langs: list[str]
    passages: int
    tokens: int
    types: int
    stopwords: str
    terms: list[FreqTerm]


class Collocate(Shape):
    term: str
    cooccurrences: int
    frequency: int
    expected: float
    ll: float
    mi: float
    t: float
    logdice: float
    left: int
    right: int


class LanguageCollocates(Shape):
    lang: str
    tokens: int
    node_frequency: int
    window_tokens: int
    candidates: int
    collocates: list[Collocate]


class CollocatesAnswer(Shape):
    units: str
    node: str
    terms: list[str]
    by: str
    window: str
    measure: str
    min_freq: int
    min_cooc: int
    stopwords: str
    selection: Selection
    languages: list[LanguageCollocates]


class Ngram(Shape):
    ngram: str
    n: int
    frequency: int
    documents: int
    passages: int


class LanguageNgrams(Shape):
    lang: str
    tokens: int
    types: int
    ngrams: list[Ngram]


class NgramsAnswer(Shape):
    units: str
    by: str
    n: list[int] = Field(description="Smallest and largest size.")
    containing: str | None
    min_freq: int
    stopwords: str
    selection: Selection
    languages: list[LanguageNgrams]


class Keyword(Shape):
    term: str
    target: int
    reference: int
    target_per_million: float
    reference_per_million: float
    g2: float
    p: float
    log_ratio: float
    pdiff: float | None
    bic: float


class LanguageKeywords(Shape):
    lang: str
    target_tokens: int
    reference_tokens: int
    target_passages: int
    reference_passages: int
    positive_total: int
    negative_total: int
    positive: list[Keyword]
    negative: list[Keyword]


class KeywordsAnswer(Shape):
    units: str
    by: str
    reference: str
    sort: str
    min_freq: int
    max_p: float
    g2_threshold: float
    stopwords: str
    selection: Selection
    languages: list[LanguageKeywords]


class DispersionRow(Shape):
    doc_id: str
    title: str
    hits: int
    tokens: int
    per_10k: float
    passages: int
    passages_with_hits: int
    dp: float | None
    positions: list[float] = Field(description="Where each hit falls in the document, 0 (start) to 1 (end).")


class DispersionAnswer(Shape):
    units: str
    query: str
    hits: int
    tokens: int
    per_million: float
    documents: int
    documents_with_hits: int
    passages: int
    passages_with_hits: int
    dp_documents: float | None
    dp_documents_norm: float | None
    dp_passages: float | None
    dp_passages_norm: float | None
    selection: Selection
    rows: list[DispersionRow]
