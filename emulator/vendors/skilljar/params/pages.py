"""Which page a list request asks for: DRF's PageNumberPagination and CursorPagination parameters."""

from __future__ import annotations

import base64
import math
from urllib.parse import parse_qsl

from flask import request

from ..errors import NotFound

MAX_PAGE_SIZE = 10_000  # live: page_size=1000 honoured (CSA-PKG); skilljaR claims 10,000 for users
DEFAULT_PAGE_SIZE = 100  # YEXT: "default 100 results per page"


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


def page_number(total: int, size: int) -> tuple[int, int]:
    """(the page asked for, the last page); a page that is not there is 404 "Invalid page."."""
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
        raise NotFound("Invalid page.")
    return number, last


def cursor_offset() -> int:
    """The position DRF's opaque ``cursor`` encodes (base64 of ``o=<offset>``); 404 "Invalid cursor"
    when it cannot be read."""
    raw = request.args.get("cursor")
    offset = 0
    if raw:
        try:
            decoded = dict(parse_qsl(base64.b64decode(raw.encode("ascii"), validate=True).decode("ascii")))
            offset = int(decoded.get("o", "0"))
        except (ValueError, UnicodeError):
            raise NotFound("Invalid cursor") from None
        if offset < 0:
            raise NotFound("Invalid cursor")
    return offset
