"""The request as Rails sees it: the body through Rails' params parser, query and body merged into
``params``, and ``page``/``per_page`` read with Ruby's ``String#to_i``."""

from __future__ import annotations

import re
from typing import Any

from flask import Request, g, request

from .values import ruby_int
from ....core import jsonbody

JSON_TYPES = ("application/json", "text/json")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DEFAULT_PER_PAGE = 50  # DOCS config.rb pagination_query_params
MAX_PER_PAGE = 1000  # larger values are clamped (DOCS)


_LEADING = re.compile(r"\s*([+-]?[0-9]+)")  # ASCII only, as Ruby; "¹" is not a digit


def to_i(value: Any, default: int = 0) -> int:
    """Ruby's ``String#to_i``: leading digits (with a sign) or 0; how Rails reads page/per_page."""
    if value is None:  # the parameter not given (every page of a walk but the page number)
        return default
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    match = _LEADING.match(str(value or ""))
    return ruby_int(match.group(1)) if match else default


def parse_body(req: Request) -> dict | None:
    """The request body as Rails' params parser sees it, or None when it is not parseable JSON.

    JSON is parsed only for a JSON content type; a JSON value that is not an object (VCR user.delete
    sent ``""``) yields no params. Form bodies give their flat fields. Other content types are ignored.
    """
    raw = req.get_data(cache=True)
    ctype = (req.mimetype or "").lower()
    if not raw.strip():
        return {}
    if ctype in JSON_TYPES or ctype.endswith("+json"):
        try:
            data = jsonbody.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting too deep
            return None
        return data if isinstance(data, dict) else {}
    if ctype in FORM_TYPES:
        return req.form.to_dict()
    return {}


def params() -> dict:
    """Query string (flat keys) merged under the body, as Rails merges them into ``params``."""
    merged: dict[str, Any] = {k: v for k, v in request.args.items() if "[" not in k}
    merged.update(g.get("body") or {})
    return merged


def paging() -> tuple[int, int]:
    page = max(1, to_i(request.args.get("page"), 1))
    per_page = to_i(request.args.get("per_page"), DEFAULT_PER_PAGE)
    if per_page < 1:
        per_page = DEFAULT_PER_PAGE
    return page, min(per_page, MAX_PER_PAGE)
