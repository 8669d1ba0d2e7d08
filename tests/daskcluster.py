"""A Dask cluster of real processes on 127.0.0.1 for the cluster-build tests: a scheduler and
workers started with Dask's own command line (``python -m dask scheduler`` / ``dask worker``,
each in a session of its own), and stopped with everything they started.

``preload``: a Python file each worker runs when it starts (``dask worker --preload``): the
tests write ones that make a worker misbehave on purpose at a known task."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT = 120.0  # s: two workers importing the analysis stack on a loaded machine


class DaskCluster:
    def __init__(self, directory: Path, workers: int = 2, preload: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.directory = directory
        self.workers = workers
        self.preload = preload
        self.env = {**os.environ, **(env or {})}
        self.scheduler: subprocess.Popen | None = None
        self.worker_processes: list[subprocess.Popen] = []
        self.address = ""

    def __enter__(self) -> DaskCluster:
        try:
            self.start_scheduler()
            for n in range(self.workers):
                self.start_worker(n)
            self.wait_for_workers()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, args: list[str], log: str) -> subprocess.Popen:
        with (self.directory / log).open("wb") as out:
            return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)

    def start_scheduler(self) -> None:
        info = self.directory / "scheduler.json"
        self.scheduler = self._spawn(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                                      "--scheduler-file", str(info)], "scheduler.log")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                self.address = json.loads(info.read_text(encoding="utf-8"))["address"]
                return
            except (OSError, ValueError, KeyError):
                if self.scheduler.poll() is not None:
                    raise RuntimeError(f"the Dask scheduler exited: {self.log('scheduler.log')}")
                time.sleep(0.2)
        raise RuntimeError("the Dask scheduler did not start")

    def start_worker(self, n: int) -> None:
        args = ["worker", self.address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--name", f"worker-{n}"]
        if self.preload is not None:
            args += ["--preload", str(self.preload)]
        self.worker_processes.append(self._spawn(args, f"worker-{n}.log"))

    def wait_for_workers(self) -> None:
        """Until every worker says it registered with the scheduler."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            logs = [self.log(f"worker-{n}.log") for n in range(len(self.worker_processes))]
            if all("Registered to:" in text for text in logs):
                return
            for n, process in enumerate(self.worker_processes):
                if process.poll() is not None:
                    raise RuntimeError(f"Dask worker {n} exited: {logs[n][-2000:]}")
            time.sleep(0.3)
        raise RuntimeError("the Dask workers did not register")

    def log(self, name: str) -> str:
        try:
            return (self.directory / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Each process's session ended (a worker's nanny and the worker it started)."""
        processes = [p for p in (*self.worker_processes, self.scheduler) if p is not None]
        for process in processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
