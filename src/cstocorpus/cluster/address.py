"""A scheduler address as ``build --cluster`` takes it: ``tcp://HOST:PORT`` (``HOST:PORT`` means the same)."""

from __future__ import annotations

import re

from . import ClusterError

_ADDRESS = re.compile(r"(?:tcp://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>\d{1,5})")


def scheduler_address(text: str) -> str:
    """``text`` as ``tcp://HOST:PORT``; ``ClusterError`` for anything else (checked before
    Dask sees it: a Dask client given a bad address fails noisily at exit)."""
    match = _ADDRESS.fullmatch(text.strip())
    if match is None or not 0 < int(match["port"]) < 65536:
        raise ClusterError(f"{text!r} is not a Dask scheduler address: give it as tcp://HOST:PORT "
                           "(a scheduler listens on port 8786 unless told otherwise)")
    return f"tcp://{match['host']}:{int(match['port'])}"
