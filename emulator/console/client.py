"""The console's only way into the emulators: their public control API under ``/_emulator/``.

Each call also yields the equivalent ``curl`` command, so every console action can show how to do
the same thing from a shell or a test.
"""

from __future__ import annotations

import json
import shlex
import threading
from typing import Any
from urllib.parse import urlencode

import requests

from ..core.guard import TOKEN_HEADER

PREFIX = "/_emulator"
JSON = {"Content-Type": "application/json"}  # a control POST needs it, body or not (core/guard.py)


class ControlError(Exception):
    """A control call that failed: the emulator answered 4xx/5xx, or could not be reached."""

    def __init__(self, vendor: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{vendor}: {message}")
        self.vendor = vendor
        self.message = message
        self.status = status


class ControlClient:
    def __init__(self, vendors: dict[str, str], timeout: float = 10.0, action_timeout: float = 300.0,
                 verify: bool | str = True, token: str | None = None) -> None:
        self.token = token  # the emulators' --control-token, sent with every call when set
        self.vendors = {name: url.rstrip("/") for name, url in vendors.items()}
        self.verify = verify  # for HTTPS emulators: True, or the local CA's file (serve --tls)
        self.timeout = timeout
        self.action_timeout = action_timeout  # reseeding 100,000 users takes a while
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    @property
    def names(self) -> list[str]:
        return list(self.vendors)

    def base_url(self, vendor: str) -> str:
        return self.vendors[vendor]

    def url(self, vendor: str, path: str, params: dict[str, Any] | None = None) -> str:
        query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return self.vendors[vendor] + PREFIX + path + ("?" + urlencode(query) if query else "")

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # the emulators are local: never go through a proxy
            session.verify = self.verify
            if self.token:
                session.headers[TOKEN_HEADER] = self.token
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        """Close every kept-alive connection to the emulators (they can then stop promptly)."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def call(self, method: str, vendor: str, path: str, params: dict[str, Any] | None = None,
             body: Any = None) -> Any:
        """JSON answer of one control call (None for 204); raises :class:`ControlError`."""
        if vendor not in self.vendors:
            raise ControlError(vendor, f"unknown vendor; known: {self.names}", 404)
        try:
            response = self._session().request(method, self.url(vendor, path, params),
                                               json=body if body is not None else None,
                                               headers=JSON if method == "POST" else None,
                                               timeout=self.timeout if method == "GET" else self.action_timeout)
        except requests.RequestException as exc:
            raise ControlError(vendor, f"not reachable at {self.vendors[vendor]} ({type(exc).__name__})") from exc
        if response.status_code == 204 or not response.content:
            data = None
        else:
            try:
                data = response.json()
            except ValueError:
                data = {"error": response.text[:500]}
        if response.status_code >= 400:
            message = data.get("error") if isinstance(data, dict) else None
            raise ControlError(vendor, message or f"HTTP {response.status_code}", response.status_code)
        return data

    def get(self, vendor: str, path: str, **params: Any) -> Any:
        return self.call("GET", vendor, path, params)

    def post(self, vendor: str, path: str, body: Any = None, **params: Any) -> Any:
        return self.call("POST", vendor, path, params, body)

    def delete(self, vendor: str, path: str, **params: Any) -> Any:
        return self.call("DELETE", vendor, path, params)

    def curl(self, method: str, vendor: str, path: str, params: dict[str, Any] | None = None,
             body: Any = None) -> str:
        """The same control call as a shell command."""
        parts = ["curl", "-sS"]
        if method != "GET":
            parts += ["-X", method]
        if self.token:
            parts += ["-H", f"{TOKEN_HEADER}: {self.token}"]
        if body is not None or method == "POST":
            parts += ["-H", "Content-Type: application/json"]
        if body is not None:
            parts += ["-d", json.dumps(body)]
        parts.append(self.url(vendor, path, params))
        return " ".join(shlex.quote(p) for p in parts)
