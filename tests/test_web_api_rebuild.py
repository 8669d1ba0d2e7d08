"""The API keeps answering while ``cstocorpus build --full`` replaces the index, and serves
the new generation once it is current: a real server (uvicorn on 127.0.0.1, in a thread)
and a real build (another process)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
import httpx  # noqa: E402

# The app (web/app.py) is built beside this API; until it is there these tests cannot run.
create_app = pytest.importorskip("cstocorpus.web.app", reason="no web app (web/app.py) yet").create_app

QUERIES = ("ОДКБ", "ก่อการร้าย", "集団安全保障条約機構", "Armenia")
AT_LEAST = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, corpus_copy, built_index):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus_copy, corpus)
    shutil.copytree(built_index, index)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(index, corpus), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", corpus, index
    srv.should_exit = True
    thread.join(15)


def test_no_search_fails_while_build_replaces_the_index(server):
    url, corpus, index = server
    with httpx.Client(base_url=url, timeout=60) as http:
        before = http.get("/api/index").json()["generation"]
        totals = {q: http.get("/api/search", params={"q": q}).json()["total"] for q in QUERIES}
        build = subprocess.Popen([sys.executable, "-c", "from cstocorpus.cli import main; main()", "build", "--full",
                                  "--workers", "1", "--corpus", str(corpus), "--index", str(index)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        answers, during = [], 0
        try:
            while build.poll() is None or len(answers) < AT_LEAST:
                q = QUERIES[len(answers) % len(QUERIES)]
                r = http.get("/api/search", params={"q": q, "limit": 5})
                answers.append((q, r.status_code, r.json().get("total")))
                during += build.poll() is None
        finally:
            out, err = build.communicate(timeout=600)
        assert build.returncode == 0, err
        failed = [a for a in answers if a[1] != 200]
        assert not failed, failed[:5]
        # the same corpus: every answer, from either generation, has the same exact total
        assert all(total == totals[q] for q, _, total in answers)
        assert during > 0, "the build finished before any search was made"
        after = http.get("/api/index").json()["generation"]
        assert after != before and after == (index / "CURRENT").read_text().strip()
