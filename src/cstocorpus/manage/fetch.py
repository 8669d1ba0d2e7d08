"""``cstocorpus add URL``: download a source as it is served, and say where it came from.

httpx does the HTTP (timeouts, redirects, streaming).  The bytes are kept exactly as received
(the corpus keeps sources as received); what the server said about them decides how they are
read: the content type chooses the reader (an image or an archive is refused), its charset
the text encoding.  The final URL after redirects, the redirects themselves and the date of
access go into the catalog entry.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Largest download accepted, in bytes.
MAX_BYTES = 50_000_000
TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 10
USER_AGENT = "cstocorpus (a research corpus tool; fetches one page at a time)"

# Content type → the file suffix the readers know it by.
_SUFFIX = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md",
}
# Types that say nothing (a misconfigured server): the bytes and the URL's name decide.
_UNSPECIFIC = {"", "application/octet-stream", "binary/octet-stream", "application/download"}


class FetchError(Exception):
    """The URL could not be downloaded; the message is one sentence saying why."""


@dataclass
class Fetched:
    url: str  # as given
    final_url: str  # after redirects
    redirects: list[str] = field(default_factory=list)  # every URL that redirected, in order
    content_type: str = ""
    charset: str = ""
    accessed: str = ""  # ISO date of the download
    path: Path | None = None  # the bytes as received, in a temporary file


def is_url(argument: str) -> bool:
    return bool(re.match(r"https?://", str(argument), re.IGNORECASE))


def fetch(url: str, directory: Path, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download ``url`` into a file under ``directory``; ``FetchError`` with one sentence if it fails."""
    import httpx

    host = urlsplit(url).hostname or url
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: the server answered {response.status_code} "
                                 f"{response.reason_phrase or ''}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: the server announces {int(declared):,} bytes, more than the "
                                 f"{max_bytes:,} cstocorpus downloads")
            chunks, size = [], 0
            for chunk in response.iter_raw():  # as received: no decompression of the content itself
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: more than {max_bytes:,} bytes; download it yourself and add the file")
                chunks.append(chunk)
            data = b"".join(chunks)
            encoding = response.headers.get("content-encoding", "").lower()
            if encoding and encoding != "identity":  # a transport encoding (gzip): undo it only
                data = _decompress(data, encoding, url)
            final = str(response.url)
            redirects = [str(r.url) for r in response.history]
            content_type = response.headers.get("content-type", "")
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; give the final address") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer from {host} within {timeout:g} seconds") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: cannot connect to {host} (no network, or the name does not resolve: "
                         f"{_reason(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: the download failed ({type(exc).__name__}: {_reason(exc)})") from None
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = ""
    m = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
    if m:
        charset = m.group(1).lower()
    suffix = _SUFFIX.get(mime)
    if suffix is None and mime not in _UNSPECIFIC and not mime.startswith("text/"):
        raise FetchError(f"{url}: the server sent {mime}, which cstocorpus does not read "
                         "(it reads HTML, PDF, Word .docx, Markdown and plain text)")
    name = Path(unquote(urlsplit(final).path)).name
    if suffix is None:
        suffix = Path(name).suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,10}", Path(name).suffix.lower()) else ".txt"
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem)[:60] or "download"
    fd, tmp = tempfile.mkstemp(prefix=f"{stem}.", suffix=suffix, dir=directory)
    with open(fd, "wb") as fh:
        fh.write(data)
    return Fetched(url, final, redirects, mime, charset, dt.date.today().isoformat(), Path(tmp))


def _decompress(data: bytes, encoding: str, url: str) -> bytes:
    import gzip
    import zlib

    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(data)
        if encoding == "deflate":
            return zlib.decompress(data)
    except (OSError, zlib.error, EOFError):
        raise FetchError(f"{url}: the {encoding}-compressed answer is damaged") from None
    raise FetchError(f"{url}: the server compressed the answer with {encoding}, which cstocorpus cannot undo")


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
