"""Flask's ``wsgi_app`` for vendor requests, routed once against a URL adapter bound once.

Per request, Flask binds a URL adapter to the environ (parsing Host, server name and subdomain) and
matches the path with it; both are the same for every vendor request, since the vendor apps match no
host or subdomain. :class:`RoutedDispatch` matches the path against one adapter bound at start-up and
hands Flask a request context already routed; everything after that is Flask's own code
(``full_dispatch_request``: before-request hooks, view, error handlers, after-request hooks;
``ctx.pop``: teardown hooks), so every emulator step runs as before, in the same order.

Anything routing does not answer with a rule (unknown path, wrong method, a slash redirect), a
control-plane path, and any app with URL value preprocessors go through Flask's ``wsgi_app`` unchanged.
Decision 005 ("the dispatch, revisited") records what this saves.
"""

from __future__ import annotations

import sys
from types import FunctionType

from flask import Flask, Response
from flask.ctx import RequestContext
from flask.globals import _cv_app, _cv_request
from werkzeug._internal import _wsgi_decoding_dance


def _send(response, environ, start_response):
    """``response(environ, start_response)``, without Werkzeug's header copy and closing iterator where they
    change nothing: a buffered body of bytes, its Content-Length set, no Location to rewrite, a status and
    method that keep the body. Any other answer goes through Werkzeug as it is."""
    status = response.status_code
    body = response.response
    if (response.__class__ is not Response or response.direct_passthrough or response._on_close
            or body.__class__ is not list or status < 200 or status in (204, 304)
            or environ["REQUEST_METHOD"] == "HEAD"):
        return response(environ, start_response)
    length = False
    for key, _value in response.headers._list:
        lowered = key.lower()
        if lowered == "content-length":
            length = True
        elif lowered == "location" or lowered == "content-location":
            return response(environ, start_response)
    if not length or not all(isinstance(chunk, bytes) for chunk in body):
        return response(environ, start_response)
    start_response(response.status, response.headers.to_wsgi_list())
    return body


class _RoutedContext(RequestContext):
    """A request context whose request already carries its rule and arguments (no per-request adapter)."""

    def __init__(self, app: Flask, environ, rule, args, session) -> None:  # noqa: D107 (Flask's attributes)
        self.app = app
        request = app.request_class(environ)
        request.json_module = app.json
        request.url_rule = rule
        request.view_args = args
        self.request = request
        self.url_adapter = None  # push() then does not match again
        self.flashes = None
        self._session = session
        self._after_request_functions = []
        self._cv_tokens = []


class RoutedDispatch:
    """``app.wsgi_app`` with routing done once per request; ``skip(path)`` names paths left to Flask."""

    def __init__(self, app: Flask, skip) -> None:
        self.app = app
        self.flask_wsgi_app = app.wsgi_app
        self.skip = skip
        # the adapter Flask would bind per request, minus the host: vendor apps match no host or subdomain
        self.usable = not app.url_map.host_matching and not app.subdomain_matching and \
            not any(app.url_value_preprocessors.values()) and app.config["SERVER_NAME"] is None and \
            app.config["TRUSTED_HOSTS"] is None
        self.adapter = app.url_map.bind("localhost", subdomain=app.url_map.default_subdomain or "")
        # no secret key, so Flask's session interface would hand every request a null session
        self.session = app.session_interface.make_null_session(app) if app.secret_key is None else None
        if self.session is None:
            self.usable = False
        app.ensure_sync = _known_sync(app.ensure_sync)  # type: ignore[method-assign]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not self.usable or self.skip(path):
            return self.flask_wsgi_app(environ, start_response)
        try:
            rule, args = self.adapter.match(_wsgi_decoding_dance(path), environ["REQUEST_METHOD"], return_rule=True)
        except Exception:  # 404, 405, a redirect: Flask routes it again and answers as it always has
            return self.flask_wsgi_app(environ, start_response)
        app = self.app
        ctx = _RoutedContext(app, environ, rule, args, self.session)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                response = app.full_dispatch_request()
            except Exception as e:
                error = e
                response = app.handle_exception(e)
            except:  # noqa: E722 (as Flask's wsgi_app: note the error for the teardown, then re-raise)
                error = sys.exc_info()[1]
                raise
            return _send(response, environ, start_response)
        finally:
            if "werkzeug.debug.preserve_context" in environ:
                environ["werkzeug.debug.preserve_context"](_cv_app.get())
                environ["werkzeug.debug.preserve_context"](_cv_request.get())
            if error is not None and app.should_ignore_error(error):
                error = None
            ctx.pop(error)


def _known_sync(ensure_sync):
    """Flask's ``ensure_sync`` (asks ``inspect`` whether each hook and view is a coroutine function, on every
    call: six times a request) remembering the plain functions it has seen; coroutines still get wrapped."""
    plain: set = set()

    def known(func):
        if func in plain:
            return func
        wrapped = ensure_sync(func)
        if wrapped is func and func.__class__ is FunctionType:
            plain.add(func)
        return wrapped

    return known
