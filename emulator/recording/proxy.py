"""``lms-emulator record``: a reverse proxy that records every exchange with the upstream tenant.

The client points at the proxy with its real credentials. Each request goes to the upstream as
received (method, raw path and query byte for byte, headers but Host and hop-by-hop ones, body);
the answer goes back unchanged (status, headers, body bytes, still compressed if it was). Then the
exchange, sanitised (:mod:`.sanitize`), is appended to the cassette (:mod:`.writer`). An unreachable
upstream gets a 502 with a JSON body naming it, and nothing is recorded.

Served by Waitress (several clients at once, one thread each); :mod:`.upstream` talks to the
upstream (``http.client``, the target byte for byte), TLS verified against the system store or ``--ca``.
"""

from __future__ import annotations

import gzip
import json
import logging
import queue
import threading
import zlib
from urllib.parse import urlsplit

from ..replay import ReplayServer
from .sanitize import Exchange, Sanitizer
from .upstream import UPSTREAM_ERRORS, Upstream
from .writer import CassetteWriter

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
       "transfer-encoding", "upgrade", "host", "content-length", "proxy-connection"}

def _decoded(body: bytes, encoding: str) -> bytes:
    """The body without its Content-Encoding, for the recording (the client gets the original)."""
    try:
        for enc in reversed([e.strip().lower() for e in encoding.split(",") if e.strip()]):
            if enc in ("gzip", "x-gzip"):
                body = gzip.decompress(body)
            elif enc == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif enc == "br":
                import brotli  # type: ignore[import-not-found]

                body = brotli.decompress(body)
    except (OSError, zlib.error, ImportError, EOFError):
        return body
    return body


def _request_headers(environ) -> list[tuple[str, str]]:
    out = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = key.replace("_", "-").title()
        else:
            continue
        if value != "" or key.startswith("HTTP_"):
            out.append((name, value))
    return out


def check_upstream(upstream: str) -> None:
    parts = urlsplit(upstream)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--upstream must be an http(s) URL such as https://acme.talentlms.com, "
                         f"not {upstream!r}")


class RecordingProxy:
    """The WSGI app: forward, answer, record."""

    def __init__(self, upstream: str, writer: CassetteWriter, sanitizer: Sanitizer, ca: str | None = None,
                 timeout: float = 60.0) -> None:
        check_upstream(upstream)
        parts = urlsplit(upstream)
        self.upstream = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path.rstrip("/")
        self.writer = writer
        self.sanitizer = sanitizer
        self.client = Upstream(self.upstream, ca, timeout)
        self.recorded = 0
        self.pending = 0  # answered, not yet recorded
        self._idle = threading.Event()
        self._idle.set()
        self._count_lock = threading.Lock()
        self._queue: queue.SimpleQueue[Exchange] = queue.SimpleQueue()
        threading.Thread(target=self._run, daemon=True, name="lms-emulator-recorder").start()

    def __call__(self, environ, start_response):
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI") or (
            environ.get("PATH_INFO", "/") + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else ""))
        if "://" in raw:  # absolute-form request target
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        target = self.prefix + raw
        method = environ["REQUEST_METHOD"]
        length = environ.get("CONTENT_LENGTH") or "0"
        body = environ["wsgi.input"].read(int(length)) if length.isdigit() and int(length) > 0 else b""
        headers = _request_headers(environ)
        forward = [(k, v) for k, v in headers if k.lower() not in HOP]
        try:
            answer = self.client.send(method, target, forward, body, length="CONTENT_LENGTH" in environ)
        except UPSTREAM_ERRORS as exc:
            body_out = json.dumps({"error": f"upstream {self.upstream} unreachable",
                                   "upstream": self.upstream, "detail": str(exc)}).encode()
            start_response("502 Bad Gateway", [("Content-Type", "application/json"),
                                               ("Content-Length", str(len(body_out)))])
            return [body_out]
        payload = answer.body
        out_headers = [(k, v) for k, v in answer.headers if k.lower() not in HOP]
        out_headers.append(("Content-Length", str(len(payload))))
        start_response(f"{answer.status} {answer.reason}".rstrip(), out_headers)
        encoding = answer.header("Content-Encoding")
        exchange = Exchange(method, raw, headers, body, answer.status, answer.reason, answer.headers,
                            _decoded(payload, encoding) if encoding else payload)
        with self._count_lock:
            self.pending += 1
            self._idle.clear()
        return _ThenRecord(payload, lambda: self._queue.put(exchange))

    def _run(self) -> None:
        """The recorder thread: sanitises and writes exchanges in the order they were answered, off
        the request threads (a keep-alive client's next request never waits for the last recording)."""
        while True:
            exchange = self._queue.get()
            try:
                self.writer.add(self.sanitizer.interaction(exchange))
                with self._count_lock:
                    self.recorded += 1
            except Exception:  # noqa: BLE001 - one bad exchange must not stop the recording
                logging.getLogger("lms_emulator.record").exception("could not record %s %s", exchange.method,
                                                                   exchange.raw_path)
            finally:
                with self._count_lock:
                    self.pending -= 1
                    if not self.pending:
                        self._idle.set()

    def wait_recorded(self, timeout: float = 60.0) -> bool:
        """Wait until every answered exchange is in the writer (the CLI and tests stop after this)."""
        return self._idle.wait(timeout)


class _ThenRecord:
    """The response body; the exchange is handed to the recorder in ``close()``, which the server calls
    once the client has the answer."""

    def __init__(self, payload: bytes, then) -> None:
        self.payload = payload
        self.then = then

    def __iter__(self):
        yield self.payload

    def close(self) -> None:
        self.then()


class ProxyServer(ReplayServer):
    """The proxy served by Waitress from a thread of this process (the CLI and tests), as replay is;
    stopping waits until every answered exchange is written."""

    def __init__(self, proxy: RecordingProxy, host: str = "127.0.0.1", port: int = 0, threads: int = 8) -> None:
        super().__init__(proxy, host=host, port=port, threads=threads, ident="lms-emulator-record")
        self.proxy = proxy

    def stop(self) -> None:
        self.proxy.wait_recorded()
        super().stop()
        self.proxy.writer.close()
