"""Skilljar's pieces of its generated OpenAPI document (issue #13): Skilljar as emulated.

The operations are the ones the REST blueprint routes (both slash forms). Each one's answer and body
come from the package's table of Skilljar's own document (``resources.json``, written by
``tools/skilljar_tables.py``: status, DRF page or not, request and response schemas as field rules),
turned back into JSON Schema here, plus the emulator's sourced deviations from that document
(``DEVIATIONS``: answers observed live that the document gets wrong). Without the table (an older
checkout), an operation's answer is documented as JSON of any shape.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ...coverage import operation as canonical
from ...openapi import scim as openapi_scim
from ...openapi.spec import Answer, OperationDoc, RouteOp, SurfaceDoc, rate_limit
from . import scim
from .limits import PLANS

DESCRIPTION = (
    "Skilljar API v1 and its SCIM 2.0 surface as lms-emulator serves them: the operations the emulator "
    "routes, each with the request and response shapes of Skilljar's own v1 document (through the "
    "package's generated table of it) and the emulator's sourced deviations from that document "
    "(`x-emulator-deviation`). `x-emulator-catalogue` names the fidelity catalogue entries of each "
    "operation.")

#: answers live observation shows differently from Skilljar's document: (schema, change, source)
DEVIATIONS = {
    "PaginatedUserOverviewList": ("envelope", "UserOverview",
                                  "live: GET /v1/users returns the DRF envelope (CSA-PKG find_learner; skilljaR reads "
                                  "count); the document's bare array is drf-spectacular output"),
    "PaginatedUserPublishedCourseProgressList": ("array", "UserPublishedCourseProgress",
                                                 "live: a bare JSON array (CSA-PKG v1backend.py; skilljaR checks "
                                                 "for '[]')"),
    "PaginatedUserPublishedPathEnrollmentsList": ("array", "UserPublishedPathEnrollments",
                                                  "same family as published-courses (dossier)"),
    "PaginatedUserPlanEnrollmentsList": ("array", "UserPlanEnrollments",
                                         "same family as published-courses (dossier)"),
}
#: items of pages the document declares that are bare JSON arrays live (the item, its source)
BARE_ARRAYS = {item: source for kind, item, source in DEVIATIONS.values() if kind == "array"}
#: fields the document declares non-null that the emulator answers null (each with its source)
NULLABLE = {
    ("DomainUserListItem", "access_code"): "DomainUserUpdate declares access_code nullable",
    ("DomainUserDetail", "access_code"): "as DomainUserListItem.access_code",
    ("DomainUserCreate", "access_code"): "as DomainUserListItem.access_code",
    ("Enrollment", "expires_at"): "UpdateEnrollment declares expires_at nullable",
    ("CreateEnrollment", "expires_at"): "as Enrollment.expires_at",
    ("UserPublishedCourseProgress", "certificate"): "CSA fixtures show certificate null before completion",
    ("UserPublishedPathEnrollments", "expires_at"): "an enrollment without expiry",
    ("PublishedPathEnrollment", "expires_at"): "UpdatePublishedPathEnrollment declares expires_at nullable",
    ("CreatePublishedPathEnrollment", "expires_at"): "as PublishedPathEnrollment.expires_at",
    ("StudentPathProgress", "completed_at"): "a path not yet completed",
    ("UserPlanEnrollments", "expires_at"): "an enrollment without expiry",
    ("PlanEnrollment", "expires_at"): "UpdatePlanEnrollment: an enrollment without expiry is null",
    ("CreatePlanEnrollment", "expires_at"): "as PlanEnrollment.expires_at",
    ("PublishedCourse", "registration_starts_at"): "ASSUMPTION: no registration window answers null",
    ("PublishedCourse", "registration_ends_at"): "as registration_starts_at",
    ("PublishedCourseDetail", "registration_starts_at"): "as PublishedCourse.registration_starts_at",
    ("PublishedCourseDetail", "registration_ends_at"): "as PublishedCourse.registration_starts_at",
    ("PublishedCourseCreate", "registration_starts_at"): "as PublishedCourse.registration_starts_at",
    ("PublishedCourseCreate", "registration_ends_at"): "as PublishedCourse.registration_starts_at",
}
#: fields the emulator adds to a schema of the document (each with its source)
EXTRA_FIELDS = {
    ("Group", "rule_email_domains"): ({"type": "array", "items": {"type": "string"}},
                                      "dossier: SPEC JSON copy (absent from the YAML copy)"),
    ("DomainUserListItem", "signup_fields"): ({"type": "array", "items": {"type": "object"}},
                                              "include_signup_field_data=true adds the member's signup fields"),
    ("DomainUserDetail", "signup_fields"): ({"type": "array", "items": {"type": "object"}},
                                            "as DomainUserListItem.signup_fields"),
}
#: operations whose answer differs from the document's table: (method, path) -> (status, schema, source)
ANSWERS = {
    ("POST", "/v1/domains/{}/users/bulk-create"): (202, None, "the document's description (its schema block "
                                                            "says 200): 202 with an empty body"),
}
#: answers an operation gives beyond the surface's: (method, path) -> answers
MORE_ANSWERS = {
    ("POST", "/v1/webhooks/{}/ping"): [Answer(404, None, "an unknown hook: 404 with no body")],
}
CURSOR_PAGE = {"type": "object", "required": ["next", "previous", "results"], "additionalProperties": False,
               "description": "users_pagination=cursor: DRF cursor pages, no count",
               "properties": {"next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
                              "results": {"type": "array", "items": {"$ref": "#/components/schemas/UserOverview"}}}}
DETAIL = {"type": "object", "required": ["detail"], "additionalProperties": False,
          "properties": {"detail": {"type": "string"}}}
FIELD_ERRORS = {"type": "object", "description": "DRF field errors: field -> messages (nested for nested "
                                                  "serializers), or non_field_errors"}
ERROR = {"anyOf": [{"$ref": "#/components/schemas/Detail"}, {"$ref": "#/components/schemas/FieldErrors"},
                   {"type": "array", "items": {"type": "string"}}]}
ANY = {"description": "JSON (no table of Skilljar's document in this checkout)"}


@cache
def table() -> dict:
    source = resources.files(__package__) / "resources.json"
    if not source.is_file():
        return {"operations": [], "schemas": {}}
    return json.loads(source.read_text(encoding="utf-8"))


@cache
def _by_operation() -> dict[str, dict]:
    return {canonical(op["method"], op["path"]): op for op in table()["operations"]}


def rule_schema(rule: dict, reading: bool) -> dict:
    """One field rule of the table as JSON Schema."""
    kind = rule.get("type", "any")
    if kind == "object" and "schema" in rule:
        out: dict[str, Any] = {"$ref": f"#/components/schemas/{rule['schema']}"}
    elif kind == "object":
        out = {"type": "object"}
        if "properties" in rule:
            out.update(_object(rule["properties"], reading, strict=False))
    elif kind == "array":
        out = {"type": "array", "items": rule_schema(rule.get("items", {}), reading)}
    elif kind == "any":
        out = {}
    else:
        out = {"type": kind}
        if "enum" in rule:
            out["enum"] = list(rule["enum"])
        for key, name in (("max_length", "maxLength"), ("minimum", "minimum"), ("maximum", "maximum"),
                          ("pattern", "pattern")):
            if key in rule and not reading:
                out[name] = rule[key]
        if not reading and rule.get("blank") is False:
            out["minLength"] = 1
        if rule.get("format") in ("date-time", "email", "uri"):
            out["format"] = rule["format"]
    if rule.get("nullable"):
        if "$ref" in out or kind == "any":
            out = {"anyOf": [out, {"type": "null"}]} if out else {}
        else:
            out["type"] = [out["type"], "null"] if "type" in out else "null"
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
    return out


def _object(fields: dict, reading: bool, strict: bool = True, name: str = "") -> dict:
    props, required = {}, []
    for key, rule in fields.items():
        if reading and rule.get("write_only") or not reading and rule.get("read_only"):
            continue
        if reading and (name, key) in NULLABLE:
            rule = {**rule, "nullable": True}
        props[key] = rule_schema(rule, reading)
        if rule.get("required"):
            required.append(key)
    out: dict[str, Any] = {"properties": props}
    if required:
        out["required"] = required
    if strict and reading:
        out["additionalProperties"] = False
    return out


def components() -> dict[str, dict]:
    out = {"Detail": DETAIL, "FieldErrors": FIELD_ERRORS, "Error": ERROR}
    for name, fields in table()["schemas"].items():
        reading = not name.endswith("Request")
        if name in DEVIATIONS:
            kind, item, source = DEVIATIONS[name]
            out[name] = _page(item) if kind == "envelope" else {"type": "array", "items": _ref(item)}
            out[name]["x-emulator-deviation"] = source
            continue
        out[name] = {"type": "object", **_object(fields, reading, name=name)}
        for (owner, field), (schema, source) in EXTRA_FIELDS.items():
            if owner == name:
                out[name]["properties"][field] = {**schema, "x-emulator-deviation": source}
    if "PaginatedUserOverviewList" in out:
        out["PaginatedUserOverviewList"] = {"anyOf": [out["PaginatedUserOverviewList"], CURSOR_PAGE]}
    out.update(openapi_scim.components(scim.PROFILE))
    return out


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict:
    return {"type": "object", "required": ["count", "next", "previous", "results"], "additionalProperties": False,
            "properties": {"count": {"type": "integer", "minimum": 0},
                           "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
                           "results": {"type": "array", "items": _ref(item)}}}


PAGE = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1}}]
_DEFAULT_STATUS = {"GET": 200, "POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}


def describe_rest(op: RouteOp) -> OperationDoc:
    key = canonical(op.method, op.path)
    facts = _by_operation().get(key)
    tag = op.path.strip("/").split("/")[1] if op.path.count("/") > 1 else "v1"
    slash = "_slash" if op.path.endswith("/") else ""
    operation_id = f"{op.endpoint.split('.', 1)[-1]}_{op.method.lower()}{slash}"
    more = MORE_ANSWERS.get((op.method, key.split(" ", 1)[1]), [])
    if op.path.rstrip("/") == "/v1/ping":
        return OperationDoc("Check the credentials: 200 with an empty body", [Answer(200, None)], tags=(tag,),
                            operation_id=operation_id)
    if facts is None:
        status = _DEFAULT_STATUS[op.method]
        found = ANSWERS.get((op.method, key.split(" ", 1)[1]))
        answers = [Answer(found[0], found[1])] if found else [Answer(status, None if status == 204 else ANY)]
        if op.method == "POST" and not found:  # a create (201) or an action (anonymize, ping: 200)
            answers.append(Answer(200, ANY))
        return OperationDoc(f"{op.method} {op.path}", [*answers, *more], tags=(tag,), operation_id=operation_id,
                            body=ANY if op.method in ("POST", "PUT", "PATCH") else None)
    status = facts.get("status", _DEFAULT_STATUS[op.method])
    schema: Any = None
    deviation = ANSWERS.get((op.method, canonical(op.method, op.path).split(" ", 1)[1]))
    bare = BARE_ARRAYS.get(facts.get("response", "")) if facts.get("page") else None
    if "response" in facts:
        name = facts["response"]
        if bare is not None:  # a page the document declares that is a bare array live
            schema = {"anyOf": [{"type": "array", "items": _ref(name)}, _page(name)],
                      "x-emulator-deviation": bare + "; the progress_list_shape switch gives the documented page"}
        else:
            schema = _page(name) if facts.get("page") else _ref(name)
    elif "inline" in facts:
        schema = rule_schema(facts["inline"], True)
    query = list(PAGE) if facts.get("page") and bare is None or facts.get("response") in DEVIATIONS else []
    query += [{"name": name, "in": "query", "schema": rule_schema(rule, False)}
              for name, rule in facts.get("query", {}).items()]
    body = _ref(facts["request"]) if "request" in facts else None
    extensions = {}
    if deviation is not None:
        status, schema, extensions["x-emulator-deviation"] = deviation
    switches = ("users_pagination",) if facts["path"] == "/v1/users" and op.method == "GET" else ()
    if bare is not None:
        switches = ("progress_list_shape",)
    return OperationDoc(f"{op.method} {facts['path']}", [Answer(status, schema), *more], query=query, body=body,
                        body_required=body is not None and op.method != "PATCH", tags=(tag,),
                        operation_id=operation_id, switches=("trailing_slash", *switches), extensions=extensions)


def catalogue_keys(op: RouteOp, _surface: SurfaceDoc) -> list[str]:
    return [op.path, op.path.removeprefix("/v1")]


RATE_LIMIT = rate_limit(PLANS, "429 {\"detail\": \"Request was throttled. Expected available in N seconds.\"} "
                        "with Retry-After")


def surfaces() -> dict[str, SurfaceDoc]:
    basic = {"skilljarBasic": {"type": "http", "scheme": "basic",
                               "description": "username: the API key; password: empty"}}
    bearer = {"skilljarScimBearer": {"type": "http", "scheme": "bearer", "description": "the SCIM token"}}
    errors = [Answer(301, None, "Django's APPEND_SLASH redirect (trailing_slash switch)"),
              Answer(400, "#/components/schemas/Error", "Field errors or a body DRF cannot parse"),
              Answer(401, "#/components/schemas/Detail", "No or wrong credentials (WWW-Authenticate: Basic)"),
              Answer(403, "#/components/schemas/Detail", "Not allowed"),
              Answer(404, "#/components/schemas/Detail", "Not found."),
              Answer(405, "#/components/schemas/Detail", "Method not allowed"),
              Answer(413, "#/components/schemas/Detail", "Request entity too large."),
              Answer(415, "#/components/schemas/Detail", "Unsupported media type"),
              Answer(429, "#/components/schemas/Detail", "Throttled (Retry-After)")]
    return {
        "rest": SurfaceDoc(
            title="REST", security_schemes=basic, security=[{"skilljarBasic": []}], errors=errors,
            content_type="application/json", describe=describe_rest, rate_limit=RATE_LIMIT,
            description="Skilljar API v1 under /v1"),
        "scim": openapi_scim.surface_doc(
            scim.PROFILE, security_schemes=bearer, security=[{"skilljarScimBearer": []}],
            errors=[400, 404, 409, 412, 415, 422], description="SCIM 2.0 (Users, Groups)",
            switches=tuple(scim.SWITCHES)),
    }
