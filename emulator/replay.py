"""Replay recorded interactions over HTTP, for any vendor's cassettes.

A request matches an interaction when method, path and parameters agree after the path style of the
interaction's host has normalised both (TalentLMS colon parameters, query and form merged; plain
REST elsewhere). Among matches, credentials decide: a recorded ``Authorization`` containing
``<redacted>`` stands for any credentials, a literal recorded value (a deliberately wrong key) must be
sent exactly, and a recorded request without the header matches only requests without it. Then an
identical body wins; otherwise the first recorded match. Replay is stateless: the same request always
gets the same answer. Anything else gets a 404 JSON naming the closest recorded request.
"""

from __future__ import annotations

import difflib
import json
from typing import Iterable

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from .cassettes import REDACTED, Cassette, Interaction, RequestKey, all_interactions, style_for_host
from .waitress_thread import WaitressThread

HOP_HEADERS = {"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"}
MAX_BODY_BYTES = 10 * 1024 * 1024  # as the emulators: a larger body is answered 413 unread
MAX_TARGET = 8192  # a longer request line is answered 414, as most servers do
COMPARED_CHARS = 256  # the closest-match search compares at most this much of each path


def _canonical(body: bytes) -> bytes:
    """A body for comparison: JSON re-serialised with sorted keys, anything else stripped."""
    try:
        return json.dumps(json.loads(body), sort_keys=True).encode()
    except (ValueError, RecursionError):  # RecursionError: nested too deep to compare as JSON
        return body.strip()


class ReplayApp:
    """WSGI app answering from cassettes. ``/_emulator/health`` and ``/_emulator/interactions`` help
    tooling find out what is loaded."""

    def __init__(self, cassettes: Iterable[Cassette]) -> None:
        self.cassettes = list(cassettes)
        self.interactions: list[Interaction] = all_interactions(self.cassettes)
        self.styles = []
        self.index: dict[RequestKey, list[Interaction]] = {}
        for interaction in self.interactions:
            style = style_for_host(interaction.request.host)
            if style not in self.styles:
                self.styles.append(style)
            self.index.setdefault(interaction.key, []).append(interaction)

    # matching
    def keys_for(self, method: str, raw_path: str, body: bytes, content_type: str) -> list[RequestKey]:
        return [style.key(method, raw_path, body, content_type) for style in self.styles]

    @staticmethod
    def _auth_rank(interaction: Interaction, auth: str | None) -> int | None:
        recorded = interaction.request.header("Authorization")
        if recorded is None:
            return 2 if auth is None else None
        if REDACTED in recorded:
            return 1 if auth else None
        return 0 if auth == recorded else None

    def match(self, method: str, raw_path: str, body: bytes = b"", content_type: str = "",
              auth: str | None = None) -> Interaction | None:
        candidates: list[Interaction] = []
        for key in self.keys_for(method, raw_path, body, content_type):
            candidates.extend(self.index.get(key, ()))
        ranked = [(rank, i) for i in candidates if (rank := self._auth_rank(i, auth)) is not None]
        if not ranked:
            return None
        best = min(rank for rank, _ in ranked)
        finalists = [i for rank, i in ranked if rank == best]
        same_body = [i for i in finalists if _canonical(i.request.body_bytes) == _canonical(body)]
        return (same_body or finalists)[0]

    def shadowed(self) -> list[tuple[Interaction, Interaction]]:
        """Pairs (served, never served): interactions no request can reach because an earlier one
        with the same key, credentials class and body always wins."""
        out = []
        for group in self.index.values():
            seen: dict[tuple, Interaction] = {}
            for interaction in group:
                auth = interaction.request.header("Authorization")
                cls = None if auth is None else (REDACTED if REDACTED in auth else auth)
                sig = (cls, _canonical(interaction.request.body_bytes))
                if sig in seen:
                    out.append((seen[sig], interaction))
                else:
                    seen[sig] = interaction
        return out

    def closest(self, method: str, raw_path: str, body: bytes,
                content_type: str) -> tuple[Interaction, list[str]] | None:
        if not self.interactions:
            return None
        keys = self.keys_for(method, raw_path, body, content_type)

        def score(interaction: Interaction) -> float:
            theirs = interaction.key
            best = 0.0
            for key in keys:  # difflib is quadratic: compare the paths' heads only
                s = difflib.SequenceMatcher(None, key.path[:COMPARED_CHARS], theirs.path[:COMPARED_CHARS]).ratio() * 2
                s += 1.0 if key.method == theirs.method else 0.0
                mine, other = dict(key.params), dict(theirs.params)
                union = set(mine) | set(other)
                if union:  # a parameter both requests carry counts half when only its value differs
                    s += sum(1.0 if mine.get(k) == other.get(k) else 0.5 if k in mine and k in other else 0.0
                             for k in union) / len(union)
                else:
                    s += 1.0
                best = max(best, s)
            return best

        winner = max(self.interactions, key=score)
        theirs = winner.key
        mine = min(keys, key=lambda k: 0 if k.path == theirs.path else 1)
        diffs = []
        if mine.method != theirs.method:
            diffs.append(f"method: sent {mine.method}, recorded {theirs.method}")
        if mine.path != theirs.path:
            diffs.append(f"path: sent {mine.path}, recorded {theirs.path}")
        a, b = dict(mine.params), dict(theirs.params)
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                diffs.append(f"param {k}: sent {a.get(k)!r}, recorded {b.get(k)!r}")
        if mine.body_kind != theirs.body_kind:
            diffs.append(f"body: sent {mine.body_kind}, recorded {theirs.body_kind}")
        if not diffs:
            diffs.append("credentials: the recorded request was made with different credentials "
                         "(or without any)")
        return winner, diffs

    # WSGI
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BODY_BYTES
        raw_path = environ.get("REQUEST_URI") or environ.get("RAW_URI") or request.full_path
        if len(raw_path) > MAX_TARGET:
            return self._json({"error": f"request target longer than {MAX_TARGET} characters"}, 414)(
                environ, start_response)
        if "://" in raw_path:  # absolute-form request target
            raw_path = "/" + raw_path.split("://", 1)[1].partition("/")[2]
        if request.path == "/_emulator/health":
            response = self._json({"status": "ok", "mode": "replay", "interactions": len(self.interactions),
                                   "cassettes": len(self.cassettes)})
        elif request.path == "/_emulator/interactions":
            response = self._json([{"label": i.label, "name": i.name, "source": i.source,
                                    "confidence": i.confidence, "schema": i.schema,
                                    "status": i.response.status} for i in self.interactions])
        else:
            response = self._answer(request, raw_path)
        return response(environ, start_response)

    def _answer(self, request: Request, raw_path: str) -> Response:
        try:
            body = request.get_data(cache=True)
        except RequestEntityTooLarge:
            return self._json({"error": f"request body larger than {MAX_BODY_BYTES} bytes"}, 413)
        ctype = request.headers.get("Content-Type", "")
        auth = request.headers.get("Authorization")
        found = self.match(request.method, raw_path, body, ctype, auth)
        if found is None:
            sent = f"{request.method} {raw_path}"
            payload: dict = {"error": f"no recorded interaction matches {sent}"}
            near = self.closest(request.method, raw_path, body, ctype)
            if near:
                payload["closest"] = near[0].label
                payload["differences"] = near[1]
            response = self._json(payload, 404)
            response.headers["X-Replay"] = "miss"
            return response
        recorded = found.response
        response = Response(recorded.body_bytes, status=recorded.status)
        response.headers.clear()
        for name, values in recorded.headers.items():
            if name.lower() not in HOP_HEADERS:
                for value in values:
                    response.headers.add(name, value)
        if "Content-Type" not in response.headers:
            response.headers["Content-Type"] = "application/json"
        response.headers["X-Replay"] = "hit"
        response.headers["X-Replay-Interaction"] = f"{found.vendor}/{found.cassette.name}#{found.index}"
        return response

    @staticmethod
    def _json(payload, status: int = 200) -> Response:
        return Response(json.dumps(payload, indent=1), status=status, content_type="application/json")


class ReplayServer(WaitressThread):
    """A replay app served by Waitress from a thread of this process, on an ephemeral port by default."""

    def __init__(self, app: ReplayApp, host: str = "127.0.0.1", port: int = 0, threads: int = 4,
                 ident: str = "lms-emulator-replay") -> None:
        super().__init__(app, host, port, threads, ident, channel_timeout=30, cleanup_interval=5,
                         max_request_body_size=MAX_BODY_BYTES)  # larger: 413 before buffering
        self.app = app
        self.base_url = f"http://{host}:{self.port}"

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def make_replay_app(cassettes: Iterable[Cassette]) -> ReplayApp:
    return ReplayApp(cassettes)


def replay_server(cassettes: Iterable[Cassette], host: str = "127.0.0.1", port: int = 0) -> ReplayServer:
    return ReplayServer(make_replay_app(cassettes), host=host, port=port)
