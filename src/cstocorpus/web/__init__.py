"""The corpus in a browser: ``create_app`` builds the ASGI application that ``cstocorpus
serve`` runs.  Pages (``pages``) and the JSON API are views over the same library functions
the command line calls; nothing here writes to the corpus or the index."""

from .app import create_app

__all__ = ["create_app"]
