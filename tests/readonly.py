"""Run a command with one directory on a genuinely read-only file system.

The tests run as root here and in CI, and root ignores permission bits: ``chmod -w`` proves
nothing.  So the directory is bind-mounted onto itself read-only inside a private mount
namespace (``unshare -m``, or ``unshare -rm`` as another user: a user namespace of one's
own), which vanishes with the command; nothing outside it sees the mount.  Where neither is
allowed (a container without the capability), ``read_only_or_skip`` skips with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_SCRIPT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'


def _unshare() -> list[str]:
    return ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]


def run_read_only(directory: Path, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``command`` run with ``directory`` mounted read-only (for it alone)."""
    return subprocess.run([*_unshare(), "sh", "-c", _SCRIPT, "sh", str(directory), *command],
                          capture_output=True, text=True, **kwargs)


def cstocorpus_read_only(directory: Path, *args: str) -> subprocess.CompletedProcess:
    """``cstocorpus ARGS`` run with ``directory`` read-only, this test session's key and cache."""
    return run_read_only(directory, [sys.executable, "-c", "from cstocorpus.cli import main; main()", *args],
                         timeout=600)


def _why_not(probe_dir: str) -> str | None:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "needs unshare and mount (util-linux) to make a read-only file system"
    try:
        result = run_read_only(Path(probe_dir), ["sh", "-c", f'! touch "{probe_dir}/probe" 2>/dev/null'],
                               timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot make a read-only file system here ({exc})"
    if result.returncode != 0:
        detail = " ".join(result.stderr.split())[:200] or "the directory stayed writable"
        return f"cannot make a read-only file system here (unshare/mount: {detail})"
    return None


_checked: list[str | None] = []


def read_only_or_skip(tmp_path_factory) -> None:
    """Skip the test, saying why, where no read-only file system can be made (tried once)."""
    if not _checked:
        _checked.append(_why_not(str(tmp_path_factory.mktemp("ro-probe"))))
    if _checked[0]:
        pytest.skip(_checked[0])
