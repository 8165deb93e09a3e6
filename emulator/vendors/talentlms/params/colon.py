"""TalentLMS's colon-path style (``/api/v1/{action}/k:v,k:v``) and the merge of every argument source.

Rules (dossier §2.6, seed 004 pp.6-8):

* ``/api/v1/{action}[/k:v,k:v]``; one trailing ``/`` is ignored (PyPI client: ``/users/``); the action
  is matched case-insensitively (Trifoia's SDK sends ``userSignup``).
* The parameter segment is split on ``,`` and each pair on its **first** ``:`` *before*
  percent-decoding, so quote_plus output (``%2C``, ``%3A``) and raw values (PHP library) both work.
  Everything after the action counts, slashes included: the PHP library sends base64 raw, ``/`` and all.
* ``+`` means a space (quote_plus) except in values holding ``@`` (a raw ``a+b@x.com`` from the PHP
  library is an address) and in the four base64 keys.
* ``logout_redirect``, ``course_completed_redirect``, ``redirect_url`` and ``domain_url`` are base64;
  a value that is not valid base64 text is taken raw (the PHP library, C# and Python send it raw).
* GET or POST on any action; path, form body, JSON body (where allowed) and query string are merged,
  in that order of precedence.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import quote, unquote, unquote_plus, unquote_to_bytes

from flask import Request

from ....core.vendor import ReplayPaths
from ..errors import Malformed
from .arguments import BASE64_KEYS  # the arguments declared as URLs; public for the cassettes' path style
PREFIX = "/api/v1"
_KEY = re.compile(r"^[A-Za-z0-9_]{1,64}$")


def raw_path(request: Request) -> str:
    """The path as the client sent it (still percent-encoded), when the server tells us.

    Waitress and Werkzeug give ``REQUEST_URI``/``RAW_URI``; Granian gives only the decoded
    ``PATH_INFO``, so there an encoded ``%2C`` arrives as ``,`` (see the continuation rule below).
    """
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # absolute-form request target
            raw = "/" + raw.split("://", 1)[1].split("/", 1)[-1]
        return raw.split("?", 1)[0]
    return quote(request.path, safe="/:,@+=;!$'()*~")


def split_path(path: str) -> tuple[str, str]:
    """``/api/v1/Users/id:1/`` → (``users``, ``id:1``) on the raw path."""
    rest = path[len(PREFIX):] if path.startswith(PREFIX) else path
    rest = rest.lstrip("/")
    if rest.endswith("/"):
        rest = rest[:-1]
    action, _, segment = rest.partition("/")
    return unquote(action).strip().lower(), segment


def parse_colon_path(path: str) -> tuple[str, dict[str, str]]:
    """A raw (still percent-encoded) ``/api/v1/{action}[/k:v,...]`` path → (action, its colon arguments);
    raises :class:`Malformed` for an unreadable segment."""
    action, segment = split_path(path)
    return action, parse_segment(segment)


def _decode(key: str, raw_value: str) -> str:
    if key in BASE64_KEYS:
        text = unquote(raw_value)
        return from_base64(text)
    if "@" not in unquote(raw_value):
        raw_value = raw_value.replace("+", " ")
    return unquote_to_bytes(raw_value).decode("utf-8", errors="replace")


def from_base64(text: str) -> str:
    """Base64 (standard or URL-safe alphabet, padding optional) → text; anything else stays as sent."""
    candidate = text.strip()
    if not candidate or not re.fullmatch(r"[A-Za-z0-9+/_=-]+", candidate):
        return text
    padded = candidate + "=" * (-len(candidate) % 4)
    try:
        decoded = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        return decoded.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return text


def _starts_pair(piece: str) -> bool:
    head, sep, _ = piece.partition(":")
    return bool(sep) and _KEY.match(unquote(head)) is not None


def parse_segment(segment: str) -> dict[str, str]:
    params: dict[str, str] = {}
    if not segment:
        return params
    pairs: list[str] = []
    for piece in segment.split(","):
        if _starts_pair(piece) or not pairs:
            pairs.append(piece)
        else:
            # a piece that does not start with "key:" continues the previous value: a raw comma inside
            # it (PHP library), or a %2C the server decoded before us (Granian: "a, b: c")
            pairs[-1] += "," + piece
    for pair in pairs:
        if pair == "":
            continue  # "id:1," from clients that join with a trailing comma
        if ":" not in pair:
            raise Malformed(pair)
        raw_key, raw_value = pair.split(":", 1)
        key = unquote(raw_key)
        if not _KEY.match(key):
            raise Malformed(pair)
        params.setdefault(key.lower(), _decode(key.lower(), raw_value))
    return params


def merge(path_params: dict[str, str], *sources) -> dict[str, str]:
    """Path first; then each source (form, JSON, query) only fills keys not yet present."""
    merged = dict(path_params)
    for source in sources:
        for key, value in source.items():
            key = str(key).strip().lower()
            if not key or key in merged:
                continue
            merged[key] = _plain(key, value)
    return merged


def _plain(key: str, value) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    elif isinstance(value, (list, dict)):
        raise Malformed(key)
    value = str(value)
    if key in BASE64_KEYS:
        return from_base64(value)
    return value


# --- replay: how two recorded TalentLMS requests compare (the descriptor's replay_paths) --------

def replay_split(path: str) -> tuple[str, dict[str, str]] | None:
    """A recorded request's path → (``/api/v1/<action>``, its colon parameters); None outside the API.

    The action is case-insensitive and the trailing ``/`` optional; pairs are split before decoding
    (``quote_plus`` sends "," as %2C); a piece without ``:`` compares as ``<no-colon>``."""
    if not path.lower().startswith(PREFIX.lower() + "/"):
        return None
    action, _, segment = path[len(PREFIX) + 1:].rstrip("/").partition("/")
    params: dict[str, str] = {}
    for pair in segment.split(",") if segment else ():
        key, sep, value = pair.partition(":")
        if sep:
            key = unquote_plus(key)
            params[key] = replay_value(key, unquote(value) if key in BASE64_KEYS else unquote_plus(value))
        else:
            params[unquote_plus(pair)] = "<no-colon>"
    return f"{PREFIX}/{unquote(action).lower()}", params


def replay_value(key: str, value: str) -> str:
    """A parameter as replay compares it: the four URL keys base64-decoded (strict alphabet), others as sent."""
    if key in BASE64_KEYS:
        try:
            return base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return value
    return value


#: TalentLMS's recorded requests compare by action and merged parameters, wherever the host
REPLAY_PATHS = ReplayPaths(hosts=("talentlms.com",), split=replay_split, value=replay_value)
