"""``cstocorpus export``: matching passages as quotable excerpts with citations rendered by CSL.

search hits → ``excerpts`` (sentence or passage context, offsets, marked hits) → ``csl``
(catalog document → CSL-JSON item) → ``render`` (citeproc-py, Chicago notes and
bibliography) → ``writers`` (md, csv, jsonl) and ``references`` (bibtex, ris, csl-json);
``command`` is the click command.
"""
