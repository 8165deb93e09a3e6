"""Query-string filters as django-filter reads them."""

from __future__ import annotations

from flask import request


def query_bool(name: str) -> bool | None:
    """A boolean filter as django-filter reads it; anything else is no filter at all."""
    value = request.args.get(name)
    if value in ("true", "True", "1"):
        return True
    if value in ("false", "False", "0"):
        return False
    return None
