"""Measuring search against judged relevance sets: recall, other-language recall, precision@10.

A judged set (``eval/search/judged-dev.yaml``) says, for each concept, which passages are
relevant (by document and first source line) and what a researcher would type for it in
each language (``judged``).  Each query is searched like a user would, and the hits are
scored against the judgments (``measure``), per query, per query language and overall
(``report``).  ``cstocorpus evaluate-search`` and ``make eval-search`` run it.
"""

from cstocorpus.searcheval.judged import JudgedConcept, JudgedSet, JudgedSetError, load_judged
from cstocorpus.searcheval.measure import QueryScore, SearchEvaluation, evaluate_search

__all__ = ["JudgedConcept", "JudgedSet", "JudgedSetError", "QueryScore", "SearchEvaluation",
           "evaluate_search", "load_judged"]
