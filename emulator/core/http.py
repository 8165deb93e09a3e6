"""Small response helpers shared by vendors and the control API."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None,
                  content_type: str = "application/json", **dumps: Any) -> Response:
    """Serialize exactly as given: key order kept, no sorting, compact unless ``indent`` is passed."""
    dumps.setdefault("separators", (",", ":"))
    body = json.dumps(payload, **dumps)
    response = Response(body, status=status, content_type=content_type)
    if headers:
        response.headers.update(headers)
    return response


def answer(response: Response):
    """Stop handling and send ``response`` as it is (for vendor errors raised deep in a handler)."""
    abort(response)
