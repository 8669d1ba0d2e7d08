"""The ``cstocorpus serve`` command (registered in ``cli.py``): the web app under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..cliutil import location_options

LOCAL = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine (e.g. 0.0.0.0) lets other machines read the corpus.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes answering side by side (each opens the index): more use more cores "
                   "and memory.")
@location_options
def serve(host, port, workers, corpus_dir, index_dir):
    """Serve the corpus in a browser: search, concordance, passages, exports, documents,
    statistics and the glossary, read-only, at http://HOST:PORT/.

    Reads the index that 'cstocorpus build' writes, and serves a new one as soon as a build
    makes it current.  Listens only on this machine unless --host says otherwise.
    """
    import uvicorn

    from .app import CORPUS_VARIABLE, INDEX_VARIABLE, create_app

    if host not in LOCAL:
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can read "
                   "the corpus (there is no login).", err=True)
    click.echo(f"Serving {index_dir} at http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl+C stops)",
               err=True)
    if workers == 1:
        uvicorn.run(create_app(index_dir, corpus_dir), host=host, port=port, log_level="warning")
        return
    # several processes: uvicorn starts each from an import string, so the locations travel in
    # the environment (``app_from_environment``)
    os.environ[INDEX_VARIABLE], os.environ[CORPUS_VARIABLE] = str(Path(index_dir).resolve()), str(Path(corpus_dir).resolve())
    uvicorn.run("cstocorpus.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
