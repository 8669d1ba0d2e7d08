"""The ``cstocorpus serve`` command (registered in ``cli.py``): the web app under uvicorn."""

from __future__ import annotations

import click

from ..cliutil import location_options

LOCAL = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine (e.g. 0.0.0.0) lets other machines read the corpus.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@location_options
def serve(host, port, corpus_dir, index_dir):
    """Serve the corpus in a browser: search, concordance, passages, exports, documents,
    statistics and the glossary, read-only, at http://HOST:PORT/.

    Reads the index that 'cstocorpus build' writes, and serves a new one as soon as a build
    makes it current.  Listens only on this machine unless --host says otherwise.
    """
    import uvicorn

    from .app import create_app

    if host not in LOCAL:
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can read "
                   "the corpus (there is no login).", err=True)
    click.echo(f"Serving {index_dir} at http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl+C stops)",
               err=True)
    uvicorn.run(create_app(index_dir, corpus_dir), host=host, port=port, log_level="warning")
