"""cstocorpus: a multilingual corpus and search index about the CSTO."""

__version__ = "0.1.0"
