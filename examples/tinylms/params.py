"""Request parsing: what a handler reads from the query string or the body, already typed."""

from __future__ import annotations

from flask import Request


def offset(request: Request) -> int:
    return int(request.args.get("offset", 0))


def count(request: Request) -> int:
    return int(request.args.get("count", 100))


def new_user(request: Request) -> dict[str, str]:
    """The create-user body: a JSON object; missing fields are empty strings, as Tiny LMS stores them."""
    data = request.get_json(silent=True) or {}
    return {name: str(data.get(name, "")) for name in ("email", "first_name", "last_name")}
