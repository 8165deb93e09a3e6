"""Request plumbing shared by the route modules: routes in both slash forms, bodies, pages, lookups."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, g, request
from werkzeug.routing import BaseConverter

from ...core.http import answer, json_response
from . import errors
from .fields import Field, Invalid, validate
from .store import Ops, SkilljarState

MAX_PAGE_SIZE = 10_000  # live: page_size=1000 honoured (CSA-PKG); skilljaR claims 10,000 for users
DEFAULT_PAGE_SIZE = 100  # YEXT: "default 100 results per page"
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class Base36(BaseConverter):
    regex = r"[0-9a-z]+"  # SPEC path-id pattern ^[0-9a-z]+$


class DomainName(BaseConverter):
    regex = r"[-:.0-9a-z]+"  # SPEC domain_name pattern ^[-:\.0-9a-z]+$


def install_converters(bp: Blueprint) -> None:
    bp.record_once(lambda setup: setup.app.url_map.converters.update(b36=Base36, dom=DomainName))


def route(bp: Blueprint, rule: str, methods: Sequence[str]) -> Callable:
    """Register a view under ``rule`` and ``rule/``: which form is served is the tenant's switch."""

    def register(view: Callable) -> Callable:
        # One slash-less rule with strict_slashes off: Werkzeug's matcher then also takes "/x/" (a final
        # empty part) with no redirect of its own, and wrong methods are 405 in both forms.
        bp.add_url_rule(rule, view.__name__, view, methods=list(methods), strict_slashes=False,
                        merge_slashes=False)  # "/v1/users//" is a 404, not a Werkzeug 308
        return view

    return register


def state() -> SkilljarState:
    return g.tenant.state


def ops() -> Ops:
    return Ops(g.tenant)


def ok(payload: Any, status: int = 200) -> Response:
    return json_response(payload, status)


def no_content() -> Response:
    response = Response(b"", status=204)
    response.headers.pop("Content-Type", None)
    return response


def found(row: Any) -> Any:
    if row is None:
        errors.not_found()
    return row


# bodies
def payload() -> Any:
    """The request body as DRF's parsers would give it: JSON, form or multipart; {} when empty."""
    raw = request.get_data(cache=True)
    mimetype = request.mimetype or ""
    if not raw and not request.form:
        return {}
    if mimetype == "application/json" or mimetype.endswith("+json"):
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError as exc:  # DRF JSONParser catches ValueError: bad JSON, bad UTF-8, a >4300-digit int
            answer(errors.detail(400, f"JSON parse error - {exc}"))
        except RecursionError:
            answer(errors.detail(400, "JSON parse error - maximum recursion depth exceeded"))
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _form_dict()
    shown = request.content_type or ""
    answer(errors.detail(415, f'Unsupported media type "{shown}" in request.'))


def _form_dict() -> dict[str, Any]:
    """Form fields → dict; DRF's nested-serializer form style ``user.email`` becomes ``{"user": {...}}``."""
    out: dict[str, Any] = {}
    for key in request.form:
        values = request.form.getlist(key)
        value: Any = values[0] if len(values) == 1 else values
        if key.endswith("[]"):
            key, value = key[:-2], values
        target = out
        parts = key.split(".")
        for part in parts[:-1]:
            nxt = target.get(part)
            if not isinstance(nxt, dict):
                nxt = {}
                target[part] = nxt
            target = nxt
        target[parts[-1]] = value
    return out


#: body keys the Stitchflow guide uses that Skilljar does not have → the hint naming the real form
GUIDE_KEYS = {
    "user_id": 'Skilljar takes the user as {"user": {"id": "<user_id>"}}, not {"user_id": ...}',
    "course_id": "Skilljar enrolls through POST /v1/domains/{d}/published-courses/{pcid}/enrollments "
                 '{"user": {"id": ...}}; there is no course_id body',
    "is_active": "is_active is not writable on /v1/users/{id}: deactivate with PATCH "
                 '/v1/domains/{domain_name}/users/{user_id} {"active": false}',
}


def validated(fields: dict[str, Field], partial: bool = False, data: Any = None) -> dict[str, Any]:
    data = payload() if data is None else data
    if isinstance(data, dict):
        for key, text in GUIDE_KEYS.items():
            if key in data and key not in fields:
                g.hint = text
                break
        event_type = data.get("event_type")
        if isinstance(event_type, str) and "." in event_type:
            g.hint = ("Skilljar event types are uppercase enum values (COURSE_COMPLETION, COURSE_ENROLLMENT, "
                      "DOMAIN_ENROLLMENT, ...), not dotted names like course.completed")
    try:
        return validate(fields, data, partial=partial)
    except Invalid as exc:
        errors.fields(exc.detail)
    raise AssertionError("unreachable")


def query_bool(name: str) -> bool | None:
    """A boolean filter as django-filter reads it; anything else is no filter at all."""
    value = request.args.get(name)
    if value in ("true", "True", "1"):
        return True
    if value in ("false", "False", "0"):
        return False
    return None


# pages
def page_size(default: int = DEFAULT_PAGE_SIZE, sizable: bool = True) -> int:
    if not sizable:
        return default
    raw = request.args.get("page_size")
    try:
        size = int(raw) if raw is not None else default
    except ValueError:
        return default
    if size <= 0:
        return default
    return min(size, MAX_PAGE_SIZE)


def page_url(number: int | None) -> str:
    """DRF's replace_query_param / remove_query_param on the absolute request URL."""
    parts = urlsplit(request.url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if number is None:
        query.pop("page", None)
    else:
        query["page"] = str(number)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(sorted(query.items())), ""))


def paginate(total: int, fetch: Callable[[int, int], list], render: Callable[[Any], dict],
             default_size: int = DEFAULT_PAGE_SIZE, sizable: bool = True) -> Response:
    """DRF PageNumberPagination: ``{count, next, previous, results}``; a bad page is 404 "Invalid page."."""
    size = page_size(default_size, sizable)
    raw = request.args.get("page", "1")
    last = max(1, math.ceil(total / size))
    if raw in ("last",):
        number = last
    else:
        try:
            number = int(raw)
        except ValueError:
            number = 0
    if number < 1 or number > last:
        return errors.detail(404, "Invalid page.")
    rows = fetch((number - 1) * size, size)
    return ok({
        "count": total,
        "next": page_url(number + 1) if number < last else None,
        "previous": (page_url(None) if number == 2 else page_url(number - 1)) if number > 1 else None,
        "results": [render(row) for row in rows],
    })


def cursor_page(total: int, fetch: Callable[[int, int], list], render: Callable[[Any], dict],
                default_size: int = DEFAULT_PAGE_SIZE) -> Response:
    """DRF CursorPagination as Skilljar's document describes /v1/users without ``page``:
    ``{next, previous, results}``, no ``count``; the opaque ``cursor`` parameter is base64 of the
    position, as DRF encodes it (``o=<offset>``). A cursor that cannot be read is 404 "Invalid cursor"."""
    size = page_size(default_size)
    raw = request.args.get("cursor")
    offset = 0
    if raw:
        try:
            decoded = dict(parse_qsl(base64.b64decode(raw.encode("ascii"), validate=True).decode("ascii")))
            offset = int(decoded.get("o", "0"))
        except (ValueError, UnicodeError):
            return errors.detail(404, "Invalid cursor")
        if offset < 0:
            return errors.detail(404, "Invalid cursor")
    rows = fetch(offset, size)

    def link(position: int | None) -> str:
        parts = urlsplit(request.url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.pop("cursor", None)
        if position:
            query["cursor"] = base64.b64encode(f"o={position}".encode()).decode()
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(sorted(query.items())), ""))

    return ok({
        "next": link(offset + size) if offset + size < total else None,
        "previous": link(max(0, offset - size)) if offset > 0 else None,
        "results": [render(row) for row in rows],
    })


def paginate_list(rows: list, render: Callable[[Any], dict], default_size: int = DEFAULT_PAGE_SIZE,
                  sizable: bool = True) -> Response:
    return paginate(len(rows), lambda offset, limit: rows[offset: offset + limit], render, default_size, sizable)
