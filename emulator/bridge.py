"""A WSGI app served through Granian's RSGI interface, so a slow client never holds a Python thread.

Granian's WSGI interface hands a request to a thread before its body is in, and reading ``wsgi.input``
has no deadline (Granian has none for bodies: only ``http1_settings.header_read_timeout``), so a client
that stalls mid-upload keeps a thread until it leaves (issue 14, item 4). Here the event loop reads the
whole body first, under a deadline and a size cap, and only then hands the request to a small pool of
threads that run the WSGI app and answer. At most ``work_slots`` vendor requests run at once; the others
wait in the loop, holding no thread. Control requests (``/_emulator/``) skip that queue and have
threads of their own, so health and the control plane answer while vendor requests wait or run long.
A vendor request with nothing ahead of it runs on the loop's own thread instead (see ``__rsgi__``).
docs/decisions/001-server.md says why the adapter is our own and what it costs.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import queue
import sys
import threading
from typing import Callable

#: a body not in after this many seconds gets 408 and its connection closed (``serve --body-timeout``)
BODY_TIMEOUT_S = 30.0
#: threads beyond the work slots, for control requests while every slot is busy
CONTROL_THREADS = 4
CONTROL_PREFIX = "/_emulator"
#: the vendor server's collector thresholds (Python's are 700, 10, 10): see ``_tune_gc``
GC_THRESHOLDS = (5000, 10, 10)
TIMEOUT_BODY = b"408 Request Timeout: the request body did not arrive in time\n"
TIMEOUT_HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close"),
                   ("Content-Length", str(len(TIMEOUT_BODY)))]
_FAILED = (500, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "21")],
           b"Internal Server Error")

log = logging.getLogger("lms_emulator.bridge")


class RsgiBridge:
    """An RSGI application (Granian's ``__rsgi__`` protocol) in front of one WSGI app.

    ``drop_error``: the exception a WSGI answer raises mid-body to have its connection dropped (a fault
    rule); the bytes before it are sent, then the connection is cut, as a WSGI server does.
    """

    #: tune the process's garbage collector when served (Granian's worker runs this bridge alone); off in tests
    tune_gc = True

    def __init__(self, app, work_slots: int, max_body: int, body_timeout: float = BODY_TIMEOUT_S,
                 drop_error: type[BaseException] | None = None, inline: Callable[[], bool] | None = None) -> None:
        self.app = app
        self.inline = inline
        # (method, path) -> whether that vendor request may wait on something outside the process (a name
        # lookup, an outbound call): the app says so (core/app.py); without it, no write runs on the loop
        self.waits = getattr(app, "extensions", {}).get("waits_outside")
        self.in_flight = 0  # requests waiting for or in the pool, not yet answered (counted on the loop)
        self.work_slots = work_slots
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.drop_error = drop_error
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = work_slots + CONTROL_THREADS
        self.slots: asyncio.Semaphore | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.base = {  # what Granian's WSGI interface puts in every environ
            "GATEWAY_INTERFACE": "CGI/1.1", "SCRIPT_NAME": "", "SERVER_SOFTWARE": "Granian",
            "wsgi.errors": sys.stderr, "wsgi.input_terminated": True, "wsgi.multiprocess": False,
            "wsgi.multithread": True, "wsgi.run_once": False, "wsgi.version": (1, 0),
        }

    # --- Granian's hooks ----------------------------------------------------------------------

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        if self.tune_gc:
            _tune_gc()
        self.slots = asyncio.Semaphore(self.work_slots)
        for n in range(self.threads):
            threading.Thread(target=self._work, daemon=True, name=f"lms-emulator-{n}").start()

    def __rsgi_del__(self, loop) -> None:
        for _ in range(self.threads):
            self.jobs.put(None)

    async def __rsgi__(self, scope, proto) -> None:
        if scope.proto != "http":
            return  # no websocket routes
        headers = scope.headers
        body = b""
        if "content-length" in headers or "transfer-encoding" in headers or scope.http_version == "2":
            try:
                async with asyncio.timeout(self.body_timeout):
                    body = await self._body(proto, headers)
            except TimeoutError:
                proto.response_bytes(408, TIMEOUT_HEADERS, TIMEOUT_BODY)
                return
        environ = self.environ(scope, headers, body)
        control = scope.path.startswith(CONTROL_PREFIX)
        if (not control and not self.in_flight and self.inline is not None and self.inline()
                and (not body and scope.method in _INLINE_METHODS
                     or self.waits is not None and not self.waits(scope.method, scope.path))):
            # a vendor request with nothing ahead of it or running (a control call, or a request in the pool,
            # could hold a lock it needs), no fault rule that could make it sleep or drop, and, for a write,
            # nothing outside the process to wait on: answered here on the loop, saving two thread hand-offs
            # and the GIL's back-and-forth between threads (decision 001); it waits for nothing
            try:
                proto.response_bytes(*self._call(environ))
            except Exception:  # noqa: BLE001 - answering failed (client gone): nothing left to tell
                log.debug("answer not sent", exc_info=True)
            return
        done = self.loop.create_future()
        job = (environ, proto, done)
        self.in_flight += 1
        try:
            if control:
                self.jobs.put(job)
                dropped = await done
            else:
                async with self.slots:
                    self.jobs.put(job)
                    dropped = await done
        finally:
            self.in_flight -= 1
        if dropped is not None:
            # a drop fault: the start of the answer, short of its Content-Length; when this returns and the
            # stream is let go, Granian closes the connection (the client sees a broken read)
            status, out_headers, sent = dropped
            await proto.response_stream(status, out_headers).send_bytes(sent)

    # --- the loop's side ----------------------------------------------------------------------

    async def _body(self, proto, headers) -> bytes:
        """The body, at most ``max_body + 1`` bytes (the app answers 413 past ``max_body``)."""
        limit = self.max_body + 1
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) <= limit:
            return await proto()
        parts, size = [], 0
        async for chunk in proto:
            parts.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        return b"".join(parts)[:limit]

    def environ(self, scope, headers, body: bytes) -> dict:
        """The WSGI environ Granian's WSGI interface would build (headers in the order sent)."""
        server, _, port = scope.server.rpartition(":")
        environ = self.base.copy()
        environ["SERVER_PROTOCOL"] = "HTTP/" + scope.http_version
        environ["SERVER_NAME"] = server.strip("[]")
        environ["SERVER_PORT"] = port
        environ["REMOTE_ADDR"] = scope.client.rpartition(":")[0].strip("[]")
        environ["REQUEST_METHOD"] = scope.method
        # RSGI gives the path percent-decoded as UTF-8; WSGI wants those bytes as latin-1
        environ["PATH_INFO"] = scope.path.encode("utf-8", "surrogateescape").decode("latin-1")
        environ["QUERY_STRING"] = scope.query_string
        environ["wsgi.url_scheme"] = scope.scheme
        environ["wsgi.input"] = io.BytesIO(body)
        pairs = headers.items()  # a repeated name comes once per value, its values side by side
        for name, value in pairs:
            key = _KEYS.get(name) or _key(name)
            if key in environ:
                environ[key] += "," + value  # a repeated header, joined as Granian's WSGI joins it
            else:
                environ[key] = value
        names = headers.keys()
        if len(environ) - len(self.base) - _FIXED < len(names):
            for name in names:  # a value not in ASCII is left out of items(); Granian's WSGI gives ""
                environ.setdefault(_KEYS.get(name) or _key(name), "")
        return environ

    # --- the threads' side --------------------------------------------------------------------

    def _work(self) -> None:
        """A pool thread: run the app, answer, wake the request's coroutine (with a drop, if any)."""
        while True:
            job = self.jobs.get()
            if job is None:
                return
            environ, proto, done = job
            dropped = None
            try:
                status, out_headers, out = self._call(environ)
                proto.response_bytes(status, out_headers, out)
            except _Dropped as drop:
                dropped = drop.args
            except Exception:  # noqa: BLE001 - answering failed (client gone): nothing left to tell
                log.debug("answer not sent", exc_info=True)
            self.loop.call_soon_threadsafe(_settle, done, dropped)

    def _call(self, environ: dict) -> tuple[int, list, bytes]:
        captured: list = []

        def start_response(status, headers, exc_info=None):
            captured[:] = [int(status.split(" ", 1)[0]), headers]

        try:
            result = self.app(environ, start_response)
        except Exception:  # noqa: BLE001 - Flask answers its own errors; this is the last resort
            log.exception("request failed")
            return _FAILED
        chunks = []
        try:
            for chunk in result:
                chunks.append(chunk)
        except Exception as exc:  # noqa: BLE001
            if self.drop_error is not None and isinstance(exc, self.drop_error):
                raise _Dropped(captured[0], captured[1], b"".join(chunks)) from None
            log.exception("answer failed")
            return _FAILED
        finally:
            if hasattr(result, "close"):
                result.close()
        return captured[0], captured[1], b"".join(chunks)


def _tune_gc() -> None:
    """The vendor server's collector: what was built before serving is kept out of every later collection
    (the seeded tenants and the app, frozen as soon as they are built by ``server._serve_forever``; here,
    what Granian's start added), and young objects are collected less often. A full collection of a
    10,000-user tenant took 65-80 ms and stalled every connection; decision 001 ("Revisited again
    (session 6)") has the figures. No collection first: building leaves no cyclic garbage to keep (a test
    checks it for every vendor), and one cost 2-14 ms of every server's start (decision 001, session 8)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


_FIXED = 9  # the keys environ() sets before the headers
_INLINE_METHODS = frozenset({"GET", "HEAD"})
_KEYS = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


def _key(name: str) -> str:
    """The environ key of a header name (remembered for the first 1,000 names seen)."""
    key = "HTTP_" + name.upper().replace("-", "_")
    if len(_KEYS) < 1000:
        _KEYS[name] = key
    return key


class _Dropped(Exception):
    """(status, headers, bytes sent): the answer is cut after those bytes."""


def _settle(done: asyncio.Future, dropped) -> None:
    if not done.done():
        done.set_result(dropped)
