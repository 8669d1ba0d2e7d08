"""The corpus in a browser: ``web.app.create_app`` builds the ASGI application that
``cstocorpus serve`` runs.  Pages (``pages``) and the JSON API are views over the same library
functions the command line calls; nothing here writes to the corpus or the index.

``create_app`` is imported lazily, so ``cstocorpus`` (whose ``serve`` command lives in this
package) starts without loading FastAPI for the commands that never serve anything."""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
