"""The recording proxy's side of the upstream: one kept-alive connection per proxy thread, through the
standard library's public ``http.client``, which sends a request target byte for byte.

``requests``/urllib3 normalise a target before sending it (upper-case percent escapes, encode what
they find invalid), and reaching past that took overriding a private urllib3 method; a vendor must see
the client's bytes (TalentLMS's ``email:ada%40acme.io,custom_field_1:a%2cb%3ac``), and the plain
connection is also the cheapest path per request. TLS is verified against the system store, or only
against ``--ca`` when one is given; no proxy settings from the environment apply.
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

#: what a failed exchange with the upstream raises (the proxy answers 502 naming the upstream)
UPSTREAM_ERRORS = (OSError, http.client.HTTPException, ValueError)
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
_IDEMPOTENT = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}


@dataclass
class Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]  # as received, repeated names kept (Set-Cookie)
    body: bytes  # still Content-Encoded if it was; chunked transfer already undone

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


def _readable(sock) -> bool:
    """Whether an idle kept-alive socket has something to read: for an idle connection, the EOF of an
    upstream that closed it."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([sock], [], [], 0)[0])


class Upstream:
    """``send(method, target, headers, body)``: the upstream's answer to exactly that request."""

    def __init__(self, base: str, ca: str | None = None, timeout: float = 60.0) -> None:
        parts = urlsplit(base)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname or "", parts.port
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca) if self.https else None
        self._local = threading.local()

    def _connect(self) -> http.client.HTTPConnection:
        if self.https:
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=self.context)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's connection, and whether it was used before (kept alive)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and conn.sock is not None and _readable(conn.sock):
            conn.close()  # the upstream closed a kept-alive connection meanwhile (readable means EOF)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn, conn.sock is not None

    def send(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes,
             length: bool) -> Answer:
        """``length``: send a Content-Length (the client sent one, or there is a body). A kept-alive
        connection the upstream dropped just as it was reused is retried once on a new connection, for
        the methods HTTP lets a client repeat (idempotent ones)."""
        conn, reused = self._connection()
        try:
            return self._exchange(conn, method, target, headers, body, length)
        except _STALE:
            if not reused or method.upper() not in _IDEMPOTENT:
                raise
        return self._exchange(self._connection()[0], method, target, headers, body, length)

    @staticmethod
    def _exchange(conn: http.client.HTTPConnection, method: str, target: str, headers: list[tuple[str, str]],
                  body: bytes, length: bool) -> Answer:
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)  # Host: the upstream's own
            for name, value in headers:
                conn.putheader(name, value)
            if length or body:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            response = conn.getresponse()
            payload = response.read()
        except UPSTREAM_ERRORS:
            conn.close()
            raise
        if response.will_close:
            conn.close()
        return Answer(response.status, response.reason or "", list(response.getheaders()), payload)

