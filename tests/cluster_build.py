"""``cstocorpus build`` in a process of its own for the cluster tests, with chunks small enough
that the seed corpus makes many Dask tasks, out of step with documents, and short cluster
timeouts.  The Dask client lives in this process, never in the test process (whose later
tests fork analysis workers).

    python -m tests.cluster_build CHUNK TIMEOUT [IN_FLIGHT_FILE|-] -- build arguments…

``IN_FLIGHT_FILE``: where to write the largest number of chunks that were in flight at once."""

from __future__ import annotations

import atexit
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    chunk, timeout, in_flight_file, separator, *arguments = argv
    assert separator == "--"
    from cstocorpus.cli import cli
    from cstocorpus.cluster import analysis, connection
    from cstocorpus.index import parallel

    parallel.CHUNK = int(chunk)
    connection.CONNECT_TIMEOUT = float(timeout)
    if in_flight_file != "-":
        _count_in_flight(analysis, Path(in_flight_file))
    cli(["build", *arguments], prog_name="cstocorpus")


def _count_in_flight(analysis, path: Path) -> None:
    """Chunks submitted and not yet taken back, at most (written when the process exits)."""
    state = {"now": 0, "most": 0, "submitted": 0}
    real_init, real_result = analysis.RemoteChunk.__init__, analysis.RemoteChunk.result

    def init(self, *args):
        real_init(self, *args)
        state["now"] += 1
        state["submitted"] += 1
        state["most"] = max(state["most"], state["now"])

    def result(self):
        state["now"] -= 1
        return real_result(self)

    analysis.RemoteChunk.__init__, analysis.RemoteChunk.result = init, result
    atexit.register(lambda: path.write_text(f"{state['most']} {state['submitted']}\n", encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
