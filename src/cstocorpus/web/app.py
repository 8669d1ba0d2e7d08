"""The ASGI application: pages, the JSON API (``web.api``, when present), the stylesheet and
the fonts, behind one set of safety headers.

Read-only by construction: every route is a GET that reads the index; nothing is fetched
from elsewhere (no CDN), so the Content-Security-Policy allows only this server's own files:
its stylesheet, its fonts and one small script of its own (``static/passage.js``, the copy
button; every page works without it), never an inline script.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from . import pages, view_catalog, view_glossary, view_stats
from .render import TEMPLATES
from .state import IndexHolder

STATIC = Path(__file__).parent / "static"

#: Only this server's own files (no inline script, no plugin, nothing from another origin);
#: forms only post back here.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: The font packages the project installs (``stats.fonts``), served as web fonts so Thai and
#: Japanese render on a machine that has no such font of its own.
WEB_FONTS = {"ja.ttf": "matplotlib-fontja", "th.ttf": "fontpkg-noto-sans-thai"}


class SafetyHeaders:
    """Adds ``HEADERS`` to every HTTP response that does not set them itself.  A plain ASGI
    middleware: Starlette's ``BaseHTTPMiddleware`` would run each request through extra
    tasks and streams, a cost every search paid under load."""

    RAW = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in HEADERS.items()]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.RAW if h[0] not in present)]
            await send(message)

        return await self.app(scope, receive, with_headers)


def create_app(index_dir: Path | str = "index", corpus_dir: Path | str = "corpus") -> FastAPI:
    """The application serving the index in ``index_dir`` (reopened when a build replaces
    it) and the source files of ``corpus_dir``."""
    app = FastAPI(title="cstocorpus", version=__version__, docs_url=None, redoc_url=None,
                  description="Search a multilingual (ru, th, ja, en) corpus about the CSTO.")
    app.state.holder = IndexHolder(Path(index_dir), Path(corpus_dir))
    app.state.templates = TEMPLATES

    app.add_middleware(SafetyHeaders)

    @app.get("/fonts/{name}", include_in_schema=False)
    def font(name: str):
        from ..stats.fonts import FontsMissing, font_file

        if name not in WEB_FONTS:
            return Response("no such font", status_code=404, media_type="text/plain")
        try:
            path = font_file(WEB_FONTS[name])
        except FontsMissing:
            return Response("font not installed", status_code=404, media_type="text/plain")
        return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(view_catalog.router)
    app.include_router(view_stats.router)
    app.include_router(view_glossary.router)
    _add_api(app)
    return app


def _add_api(app: FastAPI) -> None:
    """The JSON API of ``web.api``: an ``add_api_routes(app)`` function or a ``router``."""
    try:
        api = importlib.import_module(f"{__package__}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.api":
            raise
        return
    if hasattr(api, "add_api_routes"):
        api.add_api_routes(app)
    elif hasattr(api, "router"):
        app.include_router(api.router)


#: Where ``serve --workers N`` tells each worker process the index and the corpus are.
INDEX_VARIABLE, CORPUS_VARIABLE = "CSTOCORPUS_SERVE_INDEX", "CSTOCORPUS_SERVE_CORPUS"


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``serve --workers N`` (a uvicorn factory)."""
    import os

    return create_app(os.environ.get(INDEX_VARIABLE, "index"), os.environ.get(CORPUS_VARIABLE, "corpus"))
