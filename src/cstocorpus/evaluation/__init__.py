"""Measuring the analyzers and language identification against gold treebanks.

CoNLL-U file → gold sentences (``conllu``) → the project's own tokens, lemmas and language
tags for the same text → scores (``metrics``) and speed against the raw libraries
(``baselines``), per file (``runner``).  ``cstocorpus evaluate`` and ``make eval`` use it.
"""

from cstocorpus.evaluation.runner import (
    EVAL_LANGUAGES,
    FileReport,
    evaluate_file,
    language_of_file,
)

__all__ = ["EVAL_LANGUAGES", "FileReport", "evaluate_file", "language_of_file"]
