"""SCIM error answers (RFC 7644 §3.12): ``status`` is a string, ``scimType`` only where the RFC has one."""

from __future__ import annotations

from flask import Response

from .render import SCIM_JSON, scim_json  # the error answer is rendered like every SCIM answer

ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"

#: the scimType values RFC 7644 §3.12 defines (Table 9)
SCIM_TYPES = frozenset({
    "invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath",
    "noTarget", "invalidValue", "invalidVers", "sensitive",
})


class ScimError(Exception):
    """Raised anywhere while handling a SCIM request; the surface turns it into the Error body.

    ``body`` replaces the whole JSON body when a vendor answers something other than the RFC shape
    (``None`` keeps the RFC body; ``False`` sends no body). ``content_type`` likewise.
    """

    def __init__(self, status: int, detail: str | None = None, scim_type: str | None = None, *,
                 body: object = None, content_type: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or str(status))
        if scim_type is not None and scim_type not in SCIM_TYPES:
            raise ValueError(f"{scim_type!r} is not an RFC 7644 scimType")
        self.status = status
        self.detail = detail
        self.scim_type = scim_type
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


def error_body(status: int, detail: str | None, scim_type: str | None) -> dict:
    body: dict = {"schemas": [ERROR_URN]}
    if scim_type:
        body["scimType"] = scim_type
    if detail is not None:
        body["detail"] = detail
    body["status"] = str(status)
    return body


def error_response(exc: ScimError, content_type: str = SCIM_JSON) -> Response:
    ctype = exc.content_type or content_type
    if exc.body is False:
        return scim_json(None, exc.status, ctype, exc.headers)
    if isinstance(exc.body, (str, bytes)):
        response = Response(exc.body, status=exc.status, content_type=ctype)
        response.headers.update(exc.headers)
        return response
    payload = exc.body if exc.body is not None else error_body(exc.status, exc.detail, exc.scim_type)
    return scim_json(payload, exc.status, ctype, exc.headers)
