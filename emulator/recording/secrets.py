"""What must never reach a recording's files: credentials, tokens, one-time URLs and their values.

Two passes. By name: a header, query or form parameter, TalentLMS colon parameter or JSON key whose
name says it holds a secret gets ``<redacted>``. By value: every secret seen in the exchange (the
Authorization header's key, password or token, and every value redacted by name) is then replaced
wherever else it appears (an echoed key, a token inside a URL), and any JWT-shaped string too.
"""

from __future__ import annotations

import base64
import functools
import binascii
import re
from urllib.parse import quote, quote_plus

REDACTED = "<redacted>"

#: a name holding one of these (lower case, ``-`` read as ``_``) carries a secret
SECRET_NAME_PARTS = ("password", "passwd", "secret", "token", "api_key", "apikey", "access_key", "private_key",
                     "login_key", "signature", "authorization", "cookie", "goto_url", "autologin", "sso_url",
                     "login_url", "magic_link", "x_api_key", "client_secret", "jwt")
#: headers never written at all (the client still gets them)
DROPPED_HEADERS = {"cookie", "set-cookie", "proxy-authorization", "host", "content-length", "connection",
                   "keep-alive", "transfer-encoding", "accept-encoding", "content-encoding", "te", "trailer",
                   "upgrade", "proxy-connection"}
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
#: a TalentLMS login key inside a URL: ``/index/autologin/key:...`` (and ``key:`` segments generally)
URL_KEY = re.compile(r"(?<=[/,])key:[^/,?&\"'\s]+")
#: a query parameter inside any URL (a webhook target, a redirect): ``?token=...``, ``&api_key=...``
URL_PARAM = re.compile(r"([?&]([A-Za-z0-9_.\-\[\]]+)=)([^&#\s\"'\\<]+)")
MIN_LITERAL = 4  # shorter "secrets" (an empty password, "x") are not searched for everywhere


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    low = name.lower().replace("-", "_")
    return any(part in low for part in SECRET_NAME_PARTS)


@functools.lru_cache(maxsize=1024)
def _forms(literal: str) -> tuple[str, ...]:
    """A secret as it may appear: itself and URL-encoded (the same key comes with every request)."""
    return tuple({literal, quote(literal, safe=""), quote_plus(literal, safe="")})


class Secrets:
    """The secrets of one exchange, and the function that removes them from any text."""

    def __init__(self) -> None:
        self.literals: set[str] = set()
        self._pattern: re.Pattern | None = None

    def add(self, value: str | None) -> None:
        if value and len(value) >= MIN_LITERAL and value != REDACTED and value not in self.literals:
            self.literals.add(value)
            self._pattern = None

    def _every_form(self) -> re.Pattern | None:
        """One pattern for every form of every secret, longest first (built once per exchange)."""
        if self._pattern is None and self.literals:
            forms = sorted({f for literal in self.literals for f in _forms(literal)}, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, forms)))
        return self._pattern

    def from_authorization(self, value: str) -> str:
        """Note the credentials in an Authorization value; return what is recorded: ``<scheme> <redacted>``."""
        scheme, _, rest = value.strip().partition(" ")
        rest = rest.strip()
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(rest, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                decoded = ""
            user, _, password = decoded.partition(":")
            for part in (user, password, rest):
                self.add(part)
        else:
            self.add(rest or scheme)
        return f"{scheme} {REDACTED}" if rest else REDACTED

    def clean_bytes(self, data: bytes) -> bytes:
        """A binary body with every known secret's UTF-8 bytes replaced (JWTs and URL keys are text)."""
        for literal in sorted(self.literals, key=len, reverse=True):
            for form in _forms(literal):
                data = data.replace(form.encode("utf-8"), REDACTED.encode("ascii"))
        return data

    def clean(self, text: str) -> str:
        """``text`` with every known secret (and its URL-encoded forms), JWT and URL key replaced."""
        if not text:
            return text
        pattern = self._every_form()
        if pattern is not None:
            text = pattern.sub(REDACTED, text)
        if "eyJ" in text:
            text = JWT.sub(REDACTED, text)
        if "=" in text:
            text = URL_PARAM.sub(lambda m: m.group(1) + REDACTED if is_secret_name(m.group(2)) else m.group(0), text)
        return URL_KEY.sub("key:" + REDACTED, text) if "key:" in text else text
