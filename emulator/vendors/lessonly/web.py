"""Request-side helpers shared by the route modules: params as Rails sees them, paging, lookups,
and the response headers the recordings show."""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from typing import Any

from flask import Request, Response, g, request

from .errors import LessonlyError, error_response
from .params import ruby_int
from .serialize import View

JSON_TYPES = ("application/json", "text/json")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DEFAULT_PER_PAGE = 50  # DOCS config.rb pagination_query_params
MAX_PER_PAGE = 1000  # larger values are clamped (DOCS)


def to_i(value: Any, default: int = 0) -> int:
    """Ruby's ``String#to_i``: leading digits (with a sign) or 0; how Rails reads page/per_page."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    match = re.match(r"\s*([+-]?[0-9]+)", str(value or ""))  # ASCII only, as Ruby; "¹" is not a digit
    return ruby_int(match.group(1)) if match else default


def parse_body(req: Request) -> dict | None:
    """The request body as Rails' params parser sees it, or None when it is not parseable JSON.

    JSON is parsed only for a JSON content type; a JSON value that is not an object (VCR user.delete
    sent ``""``) yields no params. Form bodies give their flat fields. Other content types are ignored.
    """
    raw = req.get_data(cache=True)
    ctype = (req.mimetype or "").lower()
    if not raw.strip():
        return {}
    if ctype in JSON_TYPES or ctype.endswith("+json"):
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting too deep
            return None
        return data if isinstance(data, dict) else {}
    if ctype in FORM_TYPES:
        return req.form.to_dict()
    return {}


def params() -> dict:
    """Query string (flat keys) merged under the body, as Rails merges them into ``params``."""
    merged: dict[str, Any] = {k: v for k, v in request.args.items() if "[" not in k}
    merged.update(g.get("body") or {})
    return merged


def view() -> View:
    tenant = g.tenant
    sub = tenant.config.subdomain or tenant.name
    return View(tenant.state, tenant.clock.now(), f"https://{sub}.lessonly.com",
                tenant.config.settings.get("time_zone") or View.zone)


def paging() -> tuple[int, int]:
    page = max(1, to_i(request.args.get("page"), 1))
    per_page = to_i(request.args.get("per_page"), DEFAULT_PER_PAGE)
    if per_page < 1:
        per_page = DEFAULT_PER_PAGE
    return page, min(per_page, MAX_PER_PAGE)


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


def ok(payload: Any, status: int = 200) -> Response:
    """A success with the recorded headers built in one go (the hot path: no header edits afterwards)."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    etag = 'W/"' + hashlib.md5(body).hexdigest() + '"'
    environ = request.environ
    headers = [("ETag", etag), ("Cache-Control", CACHE_OK),
               ("X-Request-Id", environ.get("HTTP_X_REQUEST_ID") or request_id()),
               ("X-Runtime", _runtime()), ("Vary", "Origin")]
    if status == 200 and environ.get("REQUEST_METHOD") == "GET" and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
        return Response(b"", status=304, headers=headers)  # Rack::ConditionalGet
    return Response(body, status=status, headers=[("Content-Type", "application/json"), *headers])


def fail(exc: LessonlyError) -> Response:
    return error_response(exc.status, exc.message, g.get("tenant"))


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
    headers["X-Request-Id"] = request.environ.get("HTTP_X_REQUEST_ID") or request_id()
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
