"""What every route module shares: routes in both slash forms, the tenant's state and ops, answers,
404s for missing rows, and DRF's page envelopes."""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, g, request
from werkzeug.routing import BaseConverter

from ....core.http import json_response
from ....coverage import operation
from ..errors import NotFound
from ..ops import Ops
from ..params.pages import DEFAULT_PAGE_SIZE, cursor_offset, page_number, page_size
from ..store import SkilljarState

Row = TypeVar("Row")


class Base36(BaseConverter):
    regex = r"[0-9a-z]+"  # SPEC path-id pattern ^[0-9a-z]+$


class DomainName(BaseConverter):
    regex = r"[-:.0-9a-z]+"  # SPEC domain_name pattern ^[-:\.0-9a-z]+$


def install_converters(bp: Blueprint) -> None:
    bp.record_once(lambda setup: setup.app.url_map.converters.update(b36=Base36, dom=DomainName))


def route(bp: Blueprint, rule: str, methods: Sequence[str]) -> Callable:
    """Register a view under ``rule`` and ``rule/``: which form is served is the tenant's switch."""

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def serve(**values: Any) -> Response:
            # Flask adds HEAD to every GET rule: a HEAD is that GET (Werkzeug drops the body), never
            # the route's other branch (a write, for a view that reads only on GET)
            if request.method != "HEAD":
                return view(**values)
            request.method = "GET"
            try:
                return view(**values)
            finally:
                request.method = "HEAD"  # the journal and the answer see the request as it came

        # One slash-less rule with strict_slashes off: Werkzeug's matcher then also takes "/x/" (a final
        # empty part) with no redirect of its own, and wrong methods are 405 in both forms.
        bp.add_url_rule(rule, view.__name__, serve, methods=list(methods), strict_slashes=False,
                        merge_slashes=False)  # "/v1/users//" is a 404, not a Werkzeug 308
        served(bp).update(operation(method, rule) for method in methods)
        return view

    return register


def served(bp: Blueprint) -> set[str]:
    """The operations (``GET /v1/users/{}``) the blueprint's routes serve so far."""
    return bp.__dict__.setdefault("skilljar_operations", set())


def state() -> SkilljarState:
    return g.tenant.state


def ops() -> Ops:
    return Ops(g.tenant)


def ok(payload: Any, status: int = 200) -> Response:
    return json_response(payload, status)


def no_content(status: int = 204) -> Response:
    """An empty answer: DRF drops Content-Type on an empty body."""
    response = Response(b"", status=status)
    response.headers.pop("Content-Type", None)
    return response


def found(row: Row | None) -> Row:
    if row is None:
        raise NotFound()
    return row


def one_row(row: Row, render: Callable[[Row], dict], update: Callable[[Row, bool], Any] | None = None,
            delete: Callable[[Row], Any] | None = None) -> Response:
    """A detail route's answer: GET the row; PUT or PATCH it through ``update(row, is_patch)``; DELETE
    it through ``delete(row)`` (204). The route's methods say which of these it serves."""
    if request.method == "DELETE" and delete is not None:
        delete(row)
        return no_content()
    if request.method in ("PUT", "PATCH") and update is not None:
        update(row, request.method == "PATCH")
    return ok(render(row))


# pages
def _with_query(change: Callable[[dict[str, str]], None]) -> str:
    """The absolute request URL with its query changed (DRF's replace/remove_query_param), keys sorted."""
    parts = urlsplit(request.url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    change(query)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(sorted(query.items())), ""))


def page_url(number: int | None) -> str:
    def change(query: dict[str, str]) -> None:
        if number is None:
            query.pop("page", None)
        else:
            query["page"] = str(number)

    return _with_query(change)


def paginate(total: int, fetch: Callable[[int, int], list], render: Callable[[Any], dict],
             default_size: int = DEFAULT_PAGE_SIZE, sizable: bool = True) -> Response:
    """DRF PageNumberPagination: ``{count, next, previous, results}``; a bad page is 404 "Invalid page."."""
    size = page_size(default_size, sizable)
    number, last = page_number(total, size)
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
    ``{next, previous, results}``, no ``count``; the cursor is base64 of ``o=<offset>``, as DRF encodes it."""
    size = page_size(default_size)
    offset = cursor_offset()
    rows = fetch(offset, size)

    def link(position: int | None) -> str:
        def change(query: dict[str, str]) -> None:
            query.pop("cursor", None)
            if position:
                query["cursor"] = base64.b64encode(f"o={position}".encode()).decode()

        return _with_query(change)

    return ok({
        "next": link(offset + size) if offset + size < total else None,
        "previous": link(max(0, offset - size)) if offset > 0 else None,
        "results": [render(row) for row in rows],
    })


def paginate_list(rows: list, render: Callable[[Any], dict], default_size: int = DEFAULT_PAGE_SIZE,
                  sizable: bool = True) -> Response:
    return paginate(len(rows), lambda offset, limit: rows[offset: offset + limit], render, default_size, sizable)
