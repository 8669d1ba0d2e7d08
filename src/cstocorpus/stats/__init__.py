"""Corpus statistics and frequency lists, read from the passages the index stores.

Every number comes from the ``tokens`` stored with each passage (words and numbers as the
analyzers cut them; no punctuation, no compounds), so ``stats``, ``freq`` and ``search``
count the same things.
"""
