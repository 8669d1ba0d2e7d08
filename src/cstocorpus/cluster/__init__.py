"""Analysis of a build's sources on a Dask distributed cluster (``build --cluster tcp://HOST:8786``).

Analysis is nearly all of a build's work and each block is analyzed on its own, so it can run
on other machines: the build sends chunks of block texts to the cluster's workers (which have
cstocorpus installed) instead of to local processes, and takes the analyzed fields back in
order, while the sources are read and the index written where ``build`` runs, exactly as a
local build does (``index.parallel._pipelined`` with a Dask client's futures).  Dask reruns
the tasks of a worker that dies; a cluster that cannot be reached, has no workers, goes away
or runs other code stops the build with a ``ClusterError`` and the previous index stays.

Dask is optional (``pip install 'cstocorpus[cluster]'``): only ``connection`` and
``analysis`` import it, and only when a build asks for a cluster.
"""

from __future__ import annotations


class ClusterError(Exception):
    """The cluster cannot do the build's analysis (one sentence, for the user)."""
