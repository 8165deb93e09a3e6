"""The console's Flask app: pages that read the emulators, forms that POST actions to them.

Everything goes through :class:`ControlClient` (the public control API), so the console shows
nothing a test could not see too. GET never changes anything; every change is a POST carrying the
session's CSRF token (a local page must not be driven by some other site's form).
"""

from __future__ import annotations

import hmac
import json
import secrets
from datetime import datetime, timezone
from typing import Any

from flask import Flask, abort, redirect, render_template, request, session

from ..core.guard import Guard
from ..core.http import ascii_int_routes
from .actions import actions
from .client import ControlClient
from .pages import pages

NAV = [("pages.overview", "Overview"), ("pages.data", "Data"), ("pages.traffic", "Traffic"),
       ("pages.limits", "Limits"), ("pages.controls", "Controls"), ("pages.deliveries", "Deliveries")]


def create_app(vendors: dict[str, str], poll_ms: int = 1000, verify: bool | str = True,
               guard: Guard | None = None) -> Flask:
    """A console over the emulators at ``vendors`` (name → base URL, e.g. ``http://127.0.0.1:8001``);
    ``verify`` is the CA file to trust for emulators served over HTTPS; ``guard`` the Host names it
    answers and the control token (sent to the emulators, and asked of the browser once)."""
    guard = guard or Guard()
    app = Flask(__name__)
    ascii_int_routes(app)
    app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["POLL_MS"] = poll_ms
    app.config["SESSION_COOKIE_SAMESITE"] = "Strict"
    app.config["SESSION_COOKIE_NAME"] = "lms_emulator_console"  # not another local Flask app's "session"
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["console"] = ControlClient(vendors, verify=verify, token=guard.token)
    app.register_blueprint(pages)
    app.register_blueprint(actions)

    @app.before_request
    def check_host_and_token():
        refused = guard.refusal(request.environ, control=False)
        if refused is not None:
            abort(refused[0], refused[1])
        if guard.token and not session.get("token_ok"):
            sent = request.args.get("token", "")
            if not (sent and hmac.compare_digest(sent.encode(), guard.token.encode())):
                abort(401, "this console needs the control token: open the console URL the serve banner printed")
            session["token_ok"] = True
            return redirect(request.path)

    @app.before_request
    def check_csrf():
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
                abort(400, "the form's security token is missing or stale: reload the page and try again")

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return session["csrf"]

    @app.context_processor
    def globals_():
        return {"csrf_token": csrf_token, "nav": NAV, "vendor_names": app.extensions["console"].names,
                "poll_ms": app.config["POLL_MS"]}

    app.add_template_filter(when, "when")
    app.add_template_filter(pretty, "pretty")
    app.add_template_filter(credential_label, "credential_label")
    app.add_template_filter(credential_value, "credential_value")

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    def http_error(exc):
        return render_template("error.html", code=exc.code, message=exc.description), exc.code

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'")
        return response

    return app


def when(epoch: Any) -> str:
    """Epoch seconds as a readable UTC time (the emulator clock's, which tests may have moved)."""
    if not isinstance(epoch, (int, float)):
        return ""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"


def pretty(text: Any) -> str:
    """A body as indented JSON when it is JSON, else as it came."""
    if not isinstance(text, str):
        return json.dumps(text, indent=2, ensure_ascii=False)
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


#: words a credential key is made of, as people write them ("scim_base_url" → "SCIM base URL")
WORDS = {"api": "API", "scim": "SCIM", "url": "URL", "sso": "SSO", "id": "ID", "jwt": "JWT"}


def credential_label(key: str) -> str:
    words = [WORDS.get(word, word) for word in str(key).split("_")]
    if words and words[0] == words[0].lower():
        words[0] = words[0].capitalize()
    return " ".join(words)


def credential_value(value: Any) -> str:
    """A credential as it is typed: Basic auth's (user, password) pair as ``user:password``."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return f"{value[0]}:{value[1]}"
    return value if isinstance(value, str) else json.dumps(value)
