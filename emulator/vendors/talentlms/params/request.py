"""One REST request → (action, arguments): the colon path, then the form or JSON body, then the query."""

from __future__ import annotations


from flask import Request

from ....core import jsonbody
from .. import errors as E
from ..errors import TalentError
from .colon import merge, parse_segment, raw_path, split_path
from .values import MAX_LONG


def is_json(req: Request) -> bool:
    return (req.mimetype or "").endswith("json") or (req.mimetype or "").endswith("+json")


def has_body(req: Request) -> bool:
    if not req.content_length and "chunked" not in req.headers.get("Transfer-Encoding", ""):
        return False  # cheap exit for the common body-less GET (the pipeline fixed CONTENT_LENGTH)
    return bool(req.get_data(cache=True))


def action_and_segment(req: Request) -> tuple[str, str]:
    """split_path(raw_path(req)), once per request (precheck, counting and dispatch all need it)."""
    found = req.environ.get("talentlms.split")
    if found is None:
        found = req.environ["talentlms.split"] = split_path(raw_path(req))
    return found


def read_params(req: Request) -> tuple[str, dict[str, str]]:
    action, segment = action_and_segment(req)
    path_params = parse_segment(segment)
    sources = []
    # PHP fills $_POST for POST only; a GET body is read the same way (Trifoia sends one)
    if req.method in ("GET", "POST") and has_body(req):
        if is_json(req):
            try:
                body = jsonbody.loads(req.get_data(cache=True))
            except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting too deep
                raise TalentError(E.INVALID_ARGUMENTS) from None
            if not isinstance(body, dict):
                raise TalentError(E.INVALID_ARGUMENTS)
            sources.append(body)
        else:
            sources.append(req.form.to_dict(flat=True))
    if req.query_string:
        sources.append(req.args.to_dict(flat=True))
    return action, merge(path_params, *sources)


def check_lengths(params: dict[str, str]) -> None:
    """No argument is longer than a text column."""
    for value in params.values():
        if len(value) > MAX_LONG:
            raise TalentError(E.INVALID_ARGUMENTS)
