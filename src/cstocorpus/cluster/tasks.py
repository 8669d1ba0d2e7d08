"""What a Dask worker runs: one chunk of block texts analyzed as a local worker would.

A task never raises for an analyzer's failure: the exception comes back as the result, so the
client can tell a document that cannot be analyzed (left out, as in a local build) from a
cluster that failed (the build stops).  Every result carries the worker's pipeline
fingerprint: a worker with other code or other analysis libraries would make another index.
"""

from __future__ import annotations

import pickle

from ..index.parallel import _analyze_chunk
from ..index.pipeline import pipeline_fingerprint


def analyze_chunk(texts: list[str]) -> tuple[str, str, list | Exception]:
    """``(pipeline fingerprint, worker address, the chunk's analysis or the exception)``."""
    try:
        result: list | Exception = _analyze_chunk(texts)
    except Exception as exc:  # reported with its document, as a local build does
        result = _portable(exc)
    return pipeline_fingerprint(), _worker_address(), result


def _portable(exc: Exception) -> Exception:
    """The exception itself if it can travel back to the client, else one that says the same."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # called outside a worker (tests)
        return "this process"
