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
from ....core.rendered import JsonBody, dumps, json_array
from ....coverage import operation
from ..errors import NotFound
from ..ops import Ops
from ..params.pages import DEFAULT_PAGE_SIZE, cursor_offset, page_number, page_size
from ..store import SkilljarState
from .kept import Kept

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


#: what ``request.url`` is built from (scheme, Host header, server name and port, root path, path, query)
_URL_PARTS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO",
              "QUERY_STRING")
_LINKS: dict[tuple, tuple[bytes, bytes]] = {}  # (the page's place, URL parts) -> (next, previous) as JSON
_LINKS_LIMIT = 4096


def _links(place: tuple, build: Callable[[], tuple[str | None, str | None]]) -> tuple[bytes, bytes]:
    """A page's ``next`` and ``previous`` as JSON, kept per request URL: ``build`` makes them from the URL's
    parts (``_URL_PARTS``) and ``place`` (everything else they depend on), so the kept pair is the same."""
    environ = request.environ
    key = (*place, *[environ.get(name) for name in _URL_PARTS])
    links = _LINKS.get(key)
    if links is None:
        if len(_LINKS) >= _LINKS_LIMIT:
            _LINKS.clear()
        following, preceding = build()
        links = _LINKS[key] = (dumps(following), dumps(preceding))
    return links


Render = Callable[[Any], dict] | Kept


def _results(fetch: Callable[[int, int], list], render: Render, offset: int, size: int,
             which: tuple | None, scope: tuple) -> bytes:
    """The page's rows as a JSON array: rendered afresh, or kept per row version (a ``Kept``), or, when
    ``which`` names the list among the rows of the tables it reads, kept whole per their versions."""
    if not isinstance(render, Kept):
        return dumps([render(row) for row in fetch(offset, size)])
    if which is None:
        return json_array(render.texts(state(), fetch(offset, size), scope))
    return render.page(state(), (*which, offset, size), lambda: fetch(offset, size), scope)


def paginate(total: int, fetch: Callable[[int, int], list], render: Render,
             default_size: int = DEFAULT_PAGE_SIZE, sizable: bool = True, *, which: tuple | None = None,
             scope: tuple = ()) -> Response:
    """DRF PageNumberPagination: ``{count, next, previous, results}``; a bad page is 404 "Invalid page."."""
    size = page_size(default_size, sizable)
    number, last = page_number(total, size)

    def build() -> tuple[str | None, str | None]:
        return (page_url(number + 1) if number < last else None,
                (page_url(None) if number == 2 else page_url(number - 1)) if number > 1 else None)

    following, preceding = _links(("page", number, number < last), build)
    results = _results(fetch, render, (number - 1) * size, size, which, scope)
    return ok(JsonBody(b'{"count":%d,"next":%s,"previous":%s,"results":%s}' % (total, following, preceding,
                                                                               results)))


def cursor_page(total: int, fetch: Callable[[int, int], list], render: Render,
                default_size: int = DEFAULT_PAGE_SIZE, *, which: tuple | None = None) -> Response:
    """DRF CursorPagination as Skilljar's document describes /v1/users without ``page``:
    ``{next, previous, results}``, no ``count``; the cursor is base64 of ``o=<offset>``, as DRF encodes it."""
    size = page_size(default_size)
    offset = cursor_offset()

    def link(position: int | None) -> str:
        def change(query: dict[str, str]) -> None:
            query.pop("cursor", None)
            if position:
                query["cursor"] = base64.b64encode(f"o={position}".encode()).decode()

        return _with_query(change)

    def build() -> tuple[str | None, str | None]:
        return (link(offset + size) if offset + size < total else None,
                link(max(0, offset - size)) if offset > 0 else None)

    following, preceding = _links(("cursor", offset, size, offset + size < total), build)
    results = _results(fetch, render, offset, size, which, ())
    return ok(JsonBody(b'{"next":%s,"previous":%s,"results":%s}' % (following, preceding, results)))


def paginate_list(rows: list, render: Render, default_size: int = DEFAULT_PAGE_SIZE, sizable: bool = True, *,
                  which: tuple | None = None, scope: tuple = ()) -> Response:
    return paginate(len(rows), lambda offset, limit: rows[offset: offset + limit], render, default_size, sizable,
                    which=which, scope=scope)
