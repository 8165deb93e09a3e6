"""What every REST answer shares: the success body with the headers the recordings show (``ok``),
the same headers added to every other answer (``decorate``), the 404 of a missing row, and the
serializers' view of the current company."""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from typing import Any

from flask import Response, g, request

from ....core.rendered import JsonBody
from ..errors import LessonlyError
from ..serialize import View


def view() -> View:
    return View.of(g.tenant)


_ids = random.Random()  # request ids only, never data (data comes from the seeded Seeder)
CACHE_OK = "max-age=0, private, must-revalidate"


def request_id() -> str:
    """A version-4 UUID string, like Rails' ``X-Request-Id``, without uuid4()'s per-call cost."""
    n = _ids.getrandbits(128)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[n & 3]}{h[17:20]}-{h[20:32]}"


def _runtime() -> str:
    started = g.get("started")
    return f"{(time.perf_counter() - started) if started else 0.0:.6f}"


_NOT_ID = re.compile(r"[^A-Za-z0-9_\-@]")


def echoed_request_id(environ) -> str:
    """A client's ``X-Request-Id`` as Rails' ActionDispatch::RequestId keeps it (only word characters,
    ``-`` and ``@``, at most 255 of them), or a new UUID when it sent none (or only blanks)."""
    sent = environ.get("HTTP_X_REQUEST_ID")
    if sent and sent.strip():
        return _NOT_ID.sub("", sent)[:255]
    return request_id()


def ok(payload: Any, status: int = 200) -> Response:
    """A success with the recorded headers built in one go (the hot path: no header edits afterwards)."""
    if payload.__class__ is JsonBody:  # a kept text: its ETag is kept on it (bytes never change)
        body = payload
        etag = body.__dict__.get("etag")
        if etag is None:
            etag = body.etag = 'W/"' + hashlib.md5(body).hexdigest() + '"'
    else:
        body = json.dumps(payload, separators=(",", ":")).encode()
        etag = 'W/"' + hashlib.md5(body).hexdigest() + '"'
    environ = request.environ
    headers = [("ETag", etag), ("Cache-Control", CACHE_OK),
               ("X-Request-Id", echoed_request_id(environ)),
               ("X-Runtime", _runtime()), ("Vary", "Origin")]
    if status == 200 and environ.get("REQUEST_METHOD") == "GET" and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
        return Response(b"", status=304, headers=headers)  # Rack::ConditionalGet
    return Response(body, status=status, headers=[("Content-Type", "application/json"), *headers])


def fresh_headers(environ: dict, headers: list) -> list:
    """A replayed answer's headers (core/memo.py): a new ``X-Request-Id`` (or the client's, echoed) and its own
    ``X-Runtime``, as every Rails answer has; the rest as kept."""
    started = environ.get("emulator.started")
    out = []
    for name, value in headers:
        if name == "X-Request-Id":
            value = echoed_request_id(environ)
        elif name == "X-Runtime":
            value = f"{(time.perf_counter() - started) if started else 0.0:.6f}"
        out.append((name, value))
    return out


def found(table_name: str, row_id: int):
    row = g.tenant.state.table(table_name).get(row_id)
    if row is None:
        raise LessonlyError(404)
    return row


def decorate(response: Response) -> Response:
    """Rails' headers on every answer (VCR): weak ETag and ``max-age=0, private, must-revalidate`` on
    2xx, ``no-cache`` otherwise, ``X-Request-Id``, ``X-Runtime``, ``Vary: Origin``; a GET whose ETag
    matches ``If-None-Match`` gets 304, as Rack::ConditionalGet does."""
    headers = response.headers
    if "X-Request-Id" in headers:
        return response  # built by ok()
    headers["X-Request-Id"] = echoed_request_id(request.environ)
    headers["X-Runtime"] = _runtime()
    headers["Vary"] = "Origin"
    if 200 <= response.status_code < 300 and not response.direct_passthrough:
        etag = 'W/"' + hashlib.md5(response.get_data()).hexdigest() + '"'
        headers["ETag"] = etag
        headers["Cache-Control"] = "max-age=0, private, must-revalidate"
        if request.method == "GET" and response.status_code == 200 and etag in request.headers.get(
                "If-None-Match", ""):
            response.status_code = 304
            response.set_data(b"")
            headers.pop("Content-Type", None)
    else:
        headers["Cache-Control"] = "no-cache"
    return response
