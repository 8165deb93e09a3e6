"""One proxied exchange -> one cassette interaction, with secrets removed and personal data faked.

Bodies are changed in their text, never re-serialised: a JSON answer keeps its key order, spacing
and escapes, so what is recorded is what the vendor sent, minus secrets and personal values.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from .scrub import Scrubber
from .secrets import DROPPED_HEADERS, REDACTED, Secrets, is_secret_name


@dataclass
class Exchange:
    method: str
    raw_path: str  # path and query exactly as the client sent them
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    response_body: bytes  # decoded (no Content-Encoding)
    extra_literals: list[str] = field(default_factory=list)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _binary(data: bytes) -> bool:
    """A body that is not UTF-8 text: recorded as base64, byte for byte (a text field would lose it)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _base64(data: bytes, secrets: Secrets) -> dict:
    return {"base64_string": base64.b64encode(secrets.clean_bytes(data)).decode("ascii")}


def _json(text: str) -> Any:
    if not text.strip() or text.lstrip()[:1] not in "{[":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _secret_values(node: Any, into: set[str], secret_parent: bool = False) -> None:
    """Every string under a secret-named JSON key (at any depth below it)."""
    if isinstance(node, dict):
        for k, v in node.items():
            _secret_values(v, into, secret_parent or is_secret_name(str(k)))
    elif isinstance(node, list):
        for item in node:
            _secret_values(item, into, secret_parent)
    elif secret_parent and isinstance(node, str) and node and node != REDACTED:
        into.add(node)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


#: a body with more secret values than this (a list of 10,000 users with their login keys) has them
#: replaced where they stand only: searching the whole exchange for each would cost O(values x size)
LITERALS_PER_BODY = 32


def _swap(literal: str, pairs: dict[str, str]) -> str:
    """A JSON string literal of the body, replaced by its fake's when its value is personal (one pass
    over the text, whatever the number of values)."""
    value = literal[1:-1] if "\\" not in literal else json.loads(literal)
    fake = pairs.get(value)
    return literal if fake is None else json.dumps(fake, ensure_ascii=False)


class Sanitizer:
    def __init__(self, scrubber: Scrubber | None, upstream_host: str, record_host: str) -> None:
        self.scrubber = scrubber
        self.upstream_host = upstream_host
        self.record_host = record_host

    # --- parameters: query strings, form bodies, TalentLMS colon segments ---------------------
    def _pair(self, key_raw: str, value_raw: str, secrets: Secrets, plus: bool) -> str:
        decode = unquote_plus if plus else unquote
        encode = (lambda v: quote_plus(v, safe="@:/")) if plus else (lambda v: quote(v, safe="@"))
        key = decode(key_raw)
        if is_secret_name(key):
            secrets.add(decode(value_raw))
            return REDACTED
        if self.scrubber is not None:
            value = decode(value_raw)
            fake = self.scrubber.value_for(key, value)
            if fake != value:
                return encode(fake)
        return value_raw

    def _params(self, text: str, secrets: Secrets) -> str:
        out = []
        for part in text.split("&"):
            k, sep, v = part.partition("=")
            out.append(k + sep + (self._pair(k, v, secrets, True) if sep else v))
        return "&".join(out)

    def _path(self, path: str, secrets: Secrets) -> str:
        segments = []
        for segment in path.split("/"):
            if ":" in segment:
                pairs = []
                for pair in segment.split(","):
                    k, sep, v = pair.partition(":")
                    pairs.append(k + sep + (self._pair(k, v, secrets, False) if sep else ""))
                segment = ",".join(pairs)
            segments.append(segment)
        return "/".join(segments)

    # --- bodies ---------------------------------------------------------------------------------
    def _body(self, text: str, content_type: str, secrets: Secrets) -> str:
        doc = _json(text)
        if doc is not None:
            found: set[str] = set()
            _secret_values(doc, found)
            pairs = self.scrubber.pairs(doc) if self.scrubber is not None else {}
            pairs.update((value, REDACTED) for value in found)
            if len(found) <= LITERALS_PER_BODY:  # also searched for elsewhere (an echo, a URL)
                for value in found:
                    secrets.add(value)
            if pairs:
                text = _JSON_STRING.sub(lambda m: _swap(m.group(0), pairs), text)
        elif "x-www-form-urlencoded" in content_type.lower() and text:
            text = self._params(text, secrets)
        return text

    def _emails(self, text: str) -> str:
        return self.scrubber.emails_in(text) if self.scrubber is not None and text else text

    def _headers(self, pairs: list[tuple[str, str]], secrets: Secrets) -> tuple[dict[str, list[str]], str]:
        """Headers as recorded (cookies dropped, credentials redacted) and the Content-Type."""
        out: dict[str, list[str]] = {}
        ctype = ""
        for name, value in pairs:
            low = name.lower()
            if low in DROPPED_HEADERS:
                if low in ("cookie", "set-cookie"):  # their values are secrets wherever else they appear
                    crumbs = value.split(";") if low == "cookie" else value.split(";")[:1]
                    for crumb in crumbs:
                        secrets.add(crumb.partition("=")[2].strip())
                continue
            if low == "authorization":
                value = secrets.from_authorization(value)
            elif is_secret_name(name):
                secrets.add(value)
                value = REDACTED
            if low == "content-type":
                ctype = value
            out.setdefault(name, []).append(self._emails(value) if low != "authorization" else value)
        return out, ctype

    # --- the whole exchange ------------------------------------------------------------------------
    def interaction(self, ex: Exchange, when: datetime | None = None) -> dict:
        secrets = Secrets()
        for literal in ex.extra_literals:
            secrets.add(literal)
        req_headers, ctype = self._headers(ex.request_headers, secrets)
        path, qmark, query = ex.raw_path.partition("?")
        path = self._path(path, secrets)
        query = self._params(query, secrets) if query else query
        raw_path = self._emails(path + qmark + query)
        req_binary, resp_binary = _binary(ex.request_body), _binary(ex.response_body)
        req_body = self._emails(self._body(_text(ex.request_body), ctype, secrets)) \
            if ex.request_body and not req_binary else None
        resp_headers, resp_ctype = self._headers(ex.response_headers, secrets)
        resp_body = "" if resp_binary else self._emails(self._body(_text(ex.response_body), resp_ctype, secrets))

        clean = secrets.clean
        when = when or datetime.now(timezone.utc)
        try:
            message = ex.reason or HTTPStatus(ex.status).phrase
        except ValueError:
            message = ex.reason
        return {
            "source": f"recorded {when.strftime('%Y-%m-%d')} from {self.upstream_host}",
            "confidence": "high",
            "request": {
                "method": ex.method.upper(),
                "uri": f"https://{self.record_host}{clean(raw_path)}",
                "body": _base64(ex.request_body, secrets) if req_binary
                else clean(req_body) if req_body is not None else None,
                "headers": {k: [clean(v) for v in vs] for k, vs in req_headers.items()},
            },
            "response": {
                "status": {"code": ex.status, "message": message},
                "headers": {k: [clean(v) for v in vs] for k, vs in resp_headers.items()},
                "body": _base64(ex.response_body, secrets) if resp_binary else {"string": clean(resp_body)},
            },
        }
