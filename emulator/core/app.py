"""The Flask app factory and the one-way request pipeline.

::

    server → JournalMiddleware (record request) → Flask
      /_emulator/… → guard (Host, Origin, JSON writes, token) → control blueprint (no limits, no faults)
      otherwise    → faults → 404/405 → before_auth → surface auth → rate limit → tenant lock → precheck
                     → route handler
                     (a surface with method_check_after_auth answers its 405 at the handler step)
    → hint header → JournalMiddleware (record response)

Each step lives here once; a vendor supplies only its surfaces (auth, routes, error shapes, limits).
"""

from __future__ import annotations

import io
import time
import traceback
from typing import TYPE_CHECKING

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from ..openapi.routes import make_blueprint as make_openapi_blueprint
from .control import make_control_blueprint
from .dispatch import RoutedDispatch
from .errors import VendorError
from .guard import Guard
from .hints import HEADER as HINT_HEADER
from .http import ascii_int_routes
from .journal import clip
from .memo import MEMO_METHODS, Kept, changed, clock_reads, generation
from .vendor import Surface
from .waits import marked

if TYPE_CHECKING:
    from .emulator import Emulator

CONTROL_PREFIX = "/_emulator"
MAX_BODY_BYTES = 10 * 1024 * 1024


def make_vendor_app(emulator: "Emulator") -> Flask:
    vendor = emulator.vendor
    app = Flask(f"emulator.vendors.{vendor.name}")
    ascii_int_routes(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # no automatic OPTIONS answers: an OPTIONS the vendor's routes don't declare gets the vendor's 405
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    # no framework redirect for "//" in a path (Werkzeug's 308 HTML page is no vendor's answer): such a
    # path is unrouted and gets the vendor's own 404 (found by the schemathesis campaign, issue #13)
    app.url_map.merge_slashes = False
    app.extensions["emulator"] = emulator

    surfaces: list[Surface] = sorted(vendor.surfaces(), key=lambda s: len(s.prefix), reverse=True)
    for surface in surfaces:
        app.register_blueprint(surface.blueprint)
    app.register_blueprint(make_control_blueprint(emulator), url_prefix=CONTROL_PREFIX)
    app.register_blueprint(make_openapi_blueprint(), url_prefix=CONTROL_PREFIX)
    if vendor.control_blueprint:
        app.register_blueprint(vendor.control_blueprint(), url_prefix=f"{CONTROL_PREFIX}/{vendor.name}")

    guard = Guard.from_config(emulator.config)

    def surface_for(path: str) -> Surface:
        for surface in surfaces:
            if path.startswith(surface.prefix):
                return surface
        return surfaces[-1]  # the shortest prefix answers paths no surface claims

    @app.before_request
    def pipeline():
        req = request._get_current_object()  # one proxy lookup, not one per use: this runs on every call
        path = req.path
        if path.startswith(CONTROL_PREFIX + "/") or path == CONTROL_PREFIX:
            refused = guard.refusal(req.environ)  # Host, Origin, JSON writes, token: see core/guard.py
            if refused is not None:
                from .control import control_error

                return control_error(*refused)
            return None
        surface = surface_for(path)
        here = g._get_current_object()  # the request's g, looked up once
        here.surface = surface
        entry = req.environ.get("emulator.entry")

        fault = emulator.faults.match(req.method, path)
        if fault is not None:
            if entry is not None:
                entry.fault = fault.describe()
            if fault.delay_s:
                time.sleep(fault.delay_s)
            if fault.drop:
                req.environ["emulator.drop"] = True
                return Response(b"", status=200)
            if fault.status:
                return _fault_response(fault)

        routing = req.routing_exception
        if routing is not None and not (routing.code == 405 and surface.method_check_after_auth):
            return None  # unknown path (or method): the vendor's own 404/405, before auth
        if surface.before_auth is not None:
            early = surface.before_auth(req, emulator.tenants)
            if early is not None:
                return early

        tenant = surface.authenticate(req, emulator.tenants)  # aborts with the vendor's 401/403
        here.tenant = tenant
        if entry is not None:
            entry.tenant = tenant.name
        counted = surface.over_limit is not None and surface.counted(req)
        if counted:
            environ = req.environ
            # a replay from the answer memo that found the limit spent hands its count over (core/memo.py)
            exhausted = environ.pop("emulator.limit_hit") if "emulator.limit_hit" in environ else tenant.limiter.hit()
            if exhausted is not None:
                return surface.over_limit(tenant, exhausted)
        tenant.lock.acquire()
        here.locked = tenant
        if emulator.memo is not None:
            req.environ["emulator.reached"] = (tenant, counted, surface, tenant.state)  # the answer may be kept
        if surface.precheck is not None:
            return surface.precheck(req, tenant)
        return None

    @app.after_request
    def add_hint(response: Response) -> Response:
        req = request._get_current_object()
        if req.path.startswith(CONTROL_PREFIX):
            return response
        hint = g.get("hint") or emulator.hints.find(req.method, req.path)
        if hint:
            response.headers[HINT_HEADER] = hint
            entry = req.environ.get("emulator.entry")
            if entry is not None:
                entry.hint = hint
        return response

    @app.teardown_request
    def release(_exc):
        tenant = g.pop("locked", None)
        if tenant is not None:
            tenant.lock.release()

    if emulator.persist is not None:  # with a data dir: what a control route changed, stored before it answers
        persist = emulator.persist

        @app.teardown_request
        def store_control(_exc):
            if request.path.startswith(CONTROL_PREFIX):
                persist.sync(emulator)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.response is not None:  # a vendor answer raised with core.http.answer()
            return exc.response
        if request.path.startswith(CONTROL_PREFIX):
            from .control import control_error

            return control_error(exc.code or 500, exc.description or exc.name)
        surface = g.get("surface") or surface_for(request.path)
        return surface.http_error(request, exc.code or 500)

    @app.errorhandler(VendorError)
    def vendor_error(exc: VendorError):
        surface = g.get("surface") or surface_for(request.path)
        if surface.render_error is None:
            return unexpected(exc)
        return surface.render_error(request, exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # A bug in the emulator. Keep the traceback in the journal, answer the vendor's 500 shape.
        entry = request.environ.get("emulator.entry")
        if entry is not None:
            entry.fault = "unhandled exception: " + "".join(traceback.format_exception(exc))[-4000:]
        app.logger.exception("unhandled exception")
        if request.path.startswith(CONTROL_PREFIX):
            from .control import control_error

            return control_error(500, f"internal error: {exc!r}")
        surface = g.get("surface") or surface_for(request.path)
        return surface.http_error(request, 500)

    routed = RoutedDispatch(app, skip=lambda path: path.startswith(CONTROL_PREFIX))
    app.wsgi_app = JournalMiddleware(routed, emulator)  # type: ignore[method-assign]
    app.extensions["waits_outside"] = _waits_outside(app, routed)
    return app


def _waits_outside(app: Flask, routed: RoutedDispatch):
    """(method, decoded path) -> whether the vendor route answering it is marked as waiting on something outside
    the process (core/waits.py); serve's bridge runs such a write on a pool thread, not on its event loop."""

    def waits(method: str, path: str) -> bool:
        if not routed.usable:
            return True  # routed by Flask per request: not known beforehand, so assumed
        try:
            rule, _args = routed.adapter.match(path, method, return_rule=True)
        except Exception:  # noqa: BLE001 - unrouted (404, 405, a redirect): answered without waiting
            return False
        return marked(app.view_functions.get(rule.endpoint))

    return waits


def _fault_response(fault) -> Response:
    from .http import json_response

    body = fault.body
    headers = fault.headers or {}
    if body is None or isinstance(body, (dict, list)):
        return json_response(body if body is not None else {}, fault.status, headers)
    return Response(str(body), status=fault.status, headers=headers,
                    content_type=headers.get("Content-Type", "text/plain"))


class JournalMiddleware:
    """Records each request and response in the journal; performs connection drops for faults."""

    def __init__(self, app, emulator: "Emulator") -> None:
        self.app = app
        self.emulator = emulator

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        memo = self.emulator.memo
        if path.startswith(CONTROL_PREFIX):
            if memo is None:
                return self.app(environ, start_response)
            changed()  # a control call may change anything a read shows (core/memo.py)
            try:
                return self.app(environ, start_response)
            finally:
                changed()
        started = time.perf_counter()
        body = _read_body(environ)
        if memo is None:
            return self._journaled(environ, start_response, path, body, started)  # serve's bridge bounds how many run
        if environ.get("REQUEST_METHOD") not in MEMO_METHODS:
            changed()  # before: a read kept while this write runs is not replayed after it
            try:
                return self._journaled(environ, start_response, path, body, started)
            finally:
                changed()
        key = None if self.emulator.faults.active() else memo.key(environ)
        if key is None:
            return self._journaled(environ, start_response, path, body, started)
        kept = memo.get(key)
        if kept is not None:
            replayed = self._replay(kept, environ, start_response, path, body, started)
            if replayed is not None:
                return replayed
        before, reads = generation(), clock_reads()
        answer = self._journaled(environ, start_response, path, body, started)
        if generation() == before and clock_reads() == reads:  # nothing changed meanwhile, the clock unread
            self._keep(memo, key, environ, answer[0], before)
        return answer

    @staticmethod
    def _keep(memo, key: tuple, environ, body: bytes, generation_: int) -> None:
        """Keep an answer that reached its handler (authenticated, within the rate limit) and is not a 5xx."""
        reached = environ.get("emulator.reached")
        entry = environ["emulator.entry"]
        if reached is None or entry.status is None or not 0 < entry.status < 500:
            return
        tenant, counted, surface, state = reached
        memo.put(key, Kept(generation=generation_, request_headers=entry.request_headers,
                           status=environ["emulator.status"], headers=environ["emulator.headers"], body=body,
                           journal_headers=entry.response_headers, journal_body=entry.response_body,
                           tenant=tenant, state=state, tenant_name=entry.tenant or "", counted=counted,
                           hint=entry.hint, fresh=surface.fresh_headers))

    def _replay(self, kept: Kept, environ, start_response, path: str, body: bytes, started: float):
        """A kept answer, journaled and counted as the pipeline would; None when the rate limit is spent
        (the pipeline then answers with the limit it was handed, without counting twice)."""
        if kept.counted:
            exhausted = kept.tenant.limiter.hit()
            if exhausted is not None:
                environ["emulator.limit_hit"] = exhausted
                return None
        environ["emulator.started"] = started
        headers = kept.headers if kept.fresh is None else kept.fresh(environ, kept.headers)
        entry = self._start_entry(environ, path, body, dict(kept.request_headers))
        entry.tenant = kept.tenant_name
        entry.hint = kept.hint
        start_response(kept.status, headers)
        entry.status = int(kept.status[:3])
        entry.response_headers = kept.journal_headers if kept.fresh is None else dict(headers)
        entry.response_body = kept.journal_body
        entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        return [kept.body]

    def _start_entry(self, environ, path: str, body: bytes, request_headers: dict[str, str] | None = None):
        entry = self.emulator.journal.start(
            time=self.emulator.clock.now_untracked(),
            vendor=self.emulator.vendor.name,
            method=environ.get("REQUEST_METHOD", "GET"),
            path=path,
            query=environ.get("QUERY_STRING", ""),
            request_headers=_headers(environ) if request_headers is None else request_headers,
            request_body=clip(body),
        )
        environ["emulator.entry"] = entry
        return entry

    def _journaled(self, environ, start_response, path: str, body: bytes, started: float):
        entry = self._start_entry(environ, path, body)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return start_response(status, headers, exc_info) if not environ.get("emulator.drop") else None

        result = self.app(environ, capture)
        if environ.get("emulator.drop"):
            if hasattr(result, "close"):
                result.close()
            entry.status = 0
            entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            return _dropped(start_response)
        try:
            chunks = list(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        out = b"".join(chunks)
        entry.status = int(captured["status"].split(" ", 1)[0])
        entry.response_headers = {k: v for k, v in captured["headers"]}
        entry.response_body = clip(out)
        entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        environ["emulator.status"] = captured["status"]
        environ["emulator.headers"] = captured["headers"]
        return [out]


class DroppedConnection(Exception):
    """Raised mid-response so the WSGI server closes the socket: the client sees a dropped connection."""


def _dropped(start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "1024")])

    def body():
        yield b"{"
        raise DroppedConnection("fault rule: drop the connection")

    return body()


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    if length > 0:
        body = stream.read(min(length, MAX_BODY_BYTES + 1))
    elif environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked" or environ.get("wsgi.input_terminated"):
        body = stream.read(MAX_BODY_BYTES + 1)
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    return body


#: environ key -> the header name the journal shows ("HTTP_X_API_KEY" -> "X-Api-Key"), for names seen so far
_HEADER_NAMES: dict[str, str] = {}


def _headers(environ) -> dict[str, str]:
    out = {}
    names = _HEADER_NAMES
    for key, value in environ.items():
        name = names.get(key)
        if name is None:
            if not key.startswith("HTTP_"):
                continue
            name = key[5:].replace("_", "-").title()
            if len(names) < 1024:  # clients may send any names: keep the common ones only
                names[key] = name
        out[name] = value
    if environ.get("CONTENT_TYPE"):
        out["Content-Type"] = environ["CONTENT_TYPE"]
    return out
