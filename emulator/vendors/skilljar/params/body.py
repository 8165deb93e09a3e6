"""The request body as DRF's parsers give it (JSON, form or multipart), validated against a resource's
fields: every error at once as DRF's ``{"field": ["message"]}``, before anything is written."""

from __future__ import annotations

from typing import Any

from flask import g, request

from ..errors import FieldErrors, ParseError, UnsupportedMediaType
from .fields import Field, Invalid, validate
from ....core import jsonbody

#: body keys the Stitchflow guide uses that Skilljar does not have → the hint naming the real form
GUIDE_KEYS = {
    "user_id": 'Skilljar takes the user as {"user": {"id": "<user_id>"}}, not {"user_id": ...}',
    "course_id": "Skilljar enrolls through POST /v1/domains/{d}/published-courses/{pcid}/enrollments "
                 '{"user": {"id": ...}}; there is no course_id body',
    "is_active": "is_active is not writable on /v1/users/{id}: deactivate with PATCH "
                 '/v1/domains/{domain_name}/users/{user_id} {"active": false}',
}


def payload() -> Any:
    """The request body as DRF's parsers would give it: JSON, form or multipart; {} when empty."""
    raw = request.get_data(cache=True)
    mimetype = request.mimetype or ""
    if not raw and not request.form:
        return {}
    if mimetype == "application/json" or mimetype.endswith("+json"):
        try:
            return jsonbody.loads(raw.decode("utf-8"))
        except ValueError as exc:  # DRF JSONParser catches ValueError: bad JSON, bad UTF-8, a >4300-digit int
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:
            raise ParseError("JSON parse error - maximum recursion depth exceeded") from None
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _form_dict()
    raise UnsupportedMediaType(request.content_type or "")


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


def validated(fields: dict[str, Field], partial: bool = False, data: Any = None) -> dict[str, Any]:
    """The request body (or ``data``) checked against ``fields``; 400 with every field error."""
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
        raise FieldErrors(exc.detail) from None
