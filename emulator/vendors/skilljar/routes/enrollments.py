"""One enrollment of a published course or path: the GET/PUT/PATCH both resources share."""

from __future__ import annotations

from typing import Any, Callable

from flask import Response, request

from ..errors import NotFound
from ..params.body import validated
from ..params.enrollments import ENROLL_UPDATE
from .common import found, ok, ops, state


def one_enrollment(table: Any, enrollment_id: str, parent: tuple[str, str],
                   serializer: Callable[[Any, Any], dict]) -> Response:
    """GET, PUT or PATCH one enrollment of a published course or path: 404 unless it belongs to
    ``parent`` (its field name and id); a write takes ``expires_at`` and ``active`` only."""
    row = found(table.get(enrollment_id))
    field_name, parent_id = parent
    if getattr(row, field_name) != parent_id:
        raise NotFound()
    if request.method != "GET":
        ops().update_enrollment(row, **validated(ENROLL_UPDATE, partial=True))
    return ok(serializer(state(), row))
