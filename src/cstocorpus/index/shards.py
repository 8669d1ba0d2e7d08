"""A Xapian index in shards: which shard holds a document, what each shard is, and the
cluster file that says where each is served.

``build --engine xapian --shards N`` writes ``shard-0/`` ... ``shard-{N-1}/`` in the
generation, a document's passages all in one shard (``shard_of``: a hash of its id, so the
split does not depend on the order documents come in), and ``shards.json`` with each shard's
UUID and number of passages.  Each shard can then be served by ``xapian-tcpsrv`` (Debian's
``xapian-tools``), and a cluster file names the address of each::

    # shard    address
    shard-0    10.0.0.5:8100
    shard-1    10.0.0.6:8100

Searching with it opens every shard through Xapian's remote backend as one database
(``open_cluster``), so ranking uses the statistics of the whole collection and totals are
exact.  Each remote shard must be the one built (its UUID is checked); one that cannot be
reached stops the search with a sentence naming it, unless partial results are allowed,
and then the missing shards are named with the results.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SHARD_LIST = "shards.json"
#: Xapian's stub database file: a directory holding one opens as the databases it lists.
STUB = "XAPIANDB"
MAX_SHARDS = 64
#: How long to wait for a shard server to accept a connection, and to answer (ms).
CONNECT_TIMEOUT_MS = 5_000
TIMEOUT_MS = 60_000
_LINE = re.compile(r"^(\S+)\s+(\S+?):(\d{1,5})$")


class ClusterError(Exception):
    """A cluster file that cannot be used, or a shard that cannot be searched: one sentence."""


def shard_names(n: int) -> list[str]:
    return [f"shard-{k}" for k in range(n)]


def shard_of(doc_id: str, shards: int) -> int:
    """The shard of a document: a hash of its id, the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") % shards


def write_shard_list(generation: Path, names: list[str]) -> None:
    import xapian

    shards = []
    for name in names:
        db = xapian.Database(str(generation / name))
        shards.append({"name": name, "uuid": _text(db.get_uuid()), "passages": db.get_doccount()})
        db.close()
    (generation / SHARD_LIST).write_text(json.dumps({"shards": shards}, indent=1) + "\n", encoding="utf-8")


def _text(uuid) -> str:
    return uuid.decode("ascii") if isinstance(uuid, bytes) else uuid


def read_shard_list(generation: Path) -> list[dict]:
    """The shards of a generation (empty if it is not sharded)."""
    try:
        return json.loads((generation / SHARD_LIST).read_text(encoding="utf-8"))["shards"]
    except FileNotFoundError:
        return []


@dataclass
class Cluster:
    """Where each shard is served: ``{shard name: (host, port)}``."""

    path: Path
    addresses: dict[str, tuple[str, int]] = field(default_factory=dict)

    def where(self, name: str) -> str:
        host, port = self.addresses[name]
        return f"{host}:{port}"


def read_cluster(path: Path) -> Cluster:
    """Read a cluster file: one ``shard-N HOST:PORT`` line per shard, ``#`` comments."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClusterError(f"cannot read the cluster file {path} ({getattr(exc, 'strerror', None) or exc})") from None
    cluster = Cluster(Path(path))
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE.match(line)
        if m is None or not 0 < int(m.group(3)) < 65536:
            raise ClusterError(f"line {number} of the cluster file {path} is not 'shard-N HOST:PORT': {line!r}")
        if m.group(1) in cluster.addresses:
            raise ClusterError(f"the cluster file {path} names {m.group(1)} twice (line {number})")
        cluster.addresses[m.group(1)] = (m.group(2).strip("[]"), int(m.group(3)))
    return cluster


def open_cluster(generation: Path, cluster: Cluster, allow_partial: bool):
    """One Xapian database of the generation's shards, each opened where ``cluster`` says it
    is served; and the shards left out (``allow_partial``: those that could not be reached)."""
    import xapian

    shards = read_shard_list(generation)
    if not shards:
        raise ClusterError(f"the index was not built in shards, so the cluster file {cluster.path} "
                           "does not apply: build it with --engine xapian --shards N")
    unknown = sorted(set(cluster.addresses) - {s["name"] for s in shards})
    if unknown:
        raise ClusterError(f"the cluster file {cluster.path} names {unknown[0]}, which the index does not have "
                           f"(it has {', '.join(s['name'] for s in shards)})")
    database = xapian.Database()
    missing: list[str] = []
    for shard in shards:
        name = shard["name"]
        if name not in cluster.addresses:
            raise ClusterError(f"the cluster file {cluster.path} does not say where {name} is served")
        host, port = cluster.addresses[name]
        try:
            remote = xapian.remote_open(host, port, TIMEOUT_MS, CONNECT_TIMEOUT_MS)
            uuid = _text(remote.get_uuid())
        except xapian.Error as exc:
            if allow_partial:
                missing.append(f"{name} ({cluster.where(name)})")
                continue
            raise ClusterError(f"{name} of the index cannot be reached at {cluster.where(name)} "
                               f"({exc.get_msg() or type(exc).__name__}): start its xapian-tcpsrv, or search "
                               "with --allow-partial") from None
        if uuid != shard["uuid"]:
            raise ClusterError(f"the server at {cluster.where(name)} serves another database than {name} of "
                               f"this index (UUID {uuid}, not {shard['uuid']}): serve this generation's {name}")
        database.add_database(remote)
    return database, missing
