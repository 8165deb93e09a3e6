"""Small response helpers shared by vendors and the control API."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, abort
from werkzeug.routing import IntegerConverter

from .rendered import JsonBody


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None,
                  content_type: str = "application/json", **dumps: Any) -> Response:
    """Serialize exactly as given: key order kept, no sorting, compact unless ``indent`` is passed.
    A :class:`JsonBody` payload is already that compact text and is sent as it is."""
    if payload.__class__ is JsonBody and not dumps:
        body = payload
    else:
        dumps.setdefault("separators", (",", ":"))
        body = json.dumps(payload, **dumps)
    response = Response(body, status=status, content_type=content_type)
    if headers:
        response.headers.update(headers)
    return response


def answer(response: Response):
    """Stop handling and send ``response`` as it is (for vendor errors raised deep in a handler)."""
    abort(response)


class AsciiInt(IntegerConverter):
    """``<int:…>`` that matches ASCII digits only. Werkzeug's ``\\d+`` also matches "١٢"
    (Arabic-Indic digits), which ``int()`` reads as 12: ``/journal/١٢`` would answer entry 12."""

    regex = r"[0-9]+"


def ascii_int_routes(app: Flask) -> None:
    """Make ``<int:…>`` ASCII-only for every rule added to ``app`` after this call."""
    app.url_map.converters["int"] = AsciiInt
