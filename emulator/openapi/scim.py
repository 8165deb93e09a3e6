"""A SCIM 2.0 surface's part of the document, from its :class:`~emulator.core.scim.profile.ScimProfile`.

The resource schemas are the profile's own (the attributes its ``/Schemas`` advertises, with their
types, multi-valuedness and required flags), the operations the ones its resource configs route, the
``/ServiceProviderConfig`` answer pinned to the profile's values (``const``), so the document, the
discovery answers and the behaviour cannot disagree.
"""

from __future__ import annotations

from typing import Any

from ..core.scim.errors import ERROR_URN
from ..core.scim.profile import ScimProfile
from ..core.scim.schema import LIST_URN, PATCH_URN, SEARCH_URN, Attr, ResourceSchema
from .spec import Answer, OperationDoc, RouteOp, SurfaceDoc

_TYPES = {"string": "string", "reference": "string", "binary": "string", "boolean": "boolean",
          "integer": "integer", "decimal": "number", "dateTime": "string"}


def _attr(attr: Attr, lenient: bool) -> dict:
    if attr.type == "complex":
        one: dict = {"type": "object", "properties": {s.name: _attr(s, lenient) for s in attr.sub.values()}}
    else:
        one = {"type": _TYPES.get(attr.type, "string")}
        if attr.type == "boolean" and lenient:
            one = {"type": ["boolean", "string"]}  # "True"/"False" accepted from Entra (bool_strings)
    if attr.type == "dateTime" and not lenient:
        one["format"] = "date-time"
    return {"type": "array", "items": one} if attr.multi else one


def resource_schema(schema: ResourceSchema, *, id_type: Any = "string", writing: bool = False,
                    bool_strings: bool = False) -> dict:
    props: dict[str, Any] = {"schemas": {"type": "array", "items": {"type": "string"}, "minItems": 1}}
    if not writing:
        props["id"] = {"type": id_type}
    if schema.external_id:
        props["externalId"] = {"type": "string"} if not writing else {"type": ["string", "null"]}
    if not writing:
        props["meta"] = {"type": "object", "properties": {
            "resourceType": {"type": "string"}, "created": {"type": "string"},
            "lastModified": {"type": "string"}, "location": {"type": "string"}, "version": {"type": "string"}}}
    for attr in schema.core.attrs.values():
        if writing and attr.mutability == "readOnly":
            continue
        if not writing and attr.returned == "never":
            continue
        props[attr.name] = _attr(attr, writing and bool_strings)
    for ext in schema.extensions:
        props[ext.schema.id] = {"type": "object", "properties": {
            a.name: _attr(a, writing and bool_strings) for a in ext.schema.attrs.values()}}
    out: dict[str, Any] = {"type": "object", "properties": props}
    if writing:
        required = ["schemas", *(a.name for a in schema.core.attrs.values() if a.required)]
        out["required"] = required
    else:
        out["required"] = ["id"]
        out["additionalProperties"] = False
    return out


def list_schema(item_ref: str) -> dict:
    return {"type": "object", "required": ["schemas", "totalResults"], "additionalProperties": False,
            "properties": {
                "schemas": {"type": "array", "items": {"const": LIST_URN}},
                "totalResults": {"type": "integer", "minimum": 0},
                "startIndex": {"type": "integer"},
                "itemsPerPage": {"type": "integer", "minimum": 0},
                "Resources": {"type": "array", "items": {"$ref": item_ref}}}}


ERROR = {"type": "object", "required": ["schemas", "status"], "additionalProperties": False, "properties": {
    "schemas": {"type": "array", "items": {"const": ERROR_URN}}, "status": {"type": "string"},
    "scimType": {"type": "string"}, "detail": {"type": "string"}}}

PATCH = {"type": "object", "required": ["schemas", "Operations"], "properties": {
    "schemas": {"type": "array", "items": {"const": PATCH_URN}},
    "Operations": {"type": "array", "items": {"type": "object", "required": ["op"], "properties": {
        "op": {"enum": ["add", "remove", "replace", "Add", "Remove", "Replace"]},
        "path": {"type": "string"}, "value": {}}}}}}

SEARCH = {"type": "object", "required": ["schemas"], "properties": {
    "schemas": {"type": "array", "items": {"const": SEARCH_URN}},
    "filter": {"type": "string"}, "startIndex": {"type": "integer"}, "count": {"type": "integer"},
    "attributes": {"type": "array", "items": {"type": "string"}},
    "excludedAttributes": {"type": "array", "items": {"type": "string"}}}}


def spc_schema(profile: ScimProfile) -> dict:
    """``/ServiceProviderConfig`` as the profile answers it, its capabilities pinned."""
    def flag(value: bool) -> dict:
        return {"type": "object", "required": ["supported"], "properties": {"supported": {"const": value}}}

    return {"type": "object", "required": ["schemas", "patch", "bulk", "filter", "changePassword", "sort",
                                           "etag", "authenticationSchemes"],
            "properties": {
                "schemas": {"type": "array", "items": {"type": "string"}},
                "documentationUri": {"type": "string"},
                "patch": flag(profile.patch_supported),
                "bulk": flag(False),
                "filter": {"type": "object", "properties": {
                    "supported": {"const": True},
                    "maxResults": {"const": profile.max_results or 2**31 - 1}}},
                "changePassword": flag(False),
                "sort": flag(False),
                "etag": flag(profile.etag and profile.meta),
                "authenticationSchemes": {"const": profile.auth_schemes},
                "meta": {"type": "object"}}}


def _name(profile: ScimProfile, what: str) -> str:
    return f"scim.{what}"


def components(profile: ScimProfile, id_type: Any = "string", error: dict | None = None) -> dict[str, dict]:
    out: dict[str, dict] = {_name(profile, "Error"): error or ERROR,
                            _name(profile, "PatchOp"): PATCH, _name(profile, "SearchRequest"): SEARCH}
    for config in profile.resources:
        out[_name(profile, config.name)] = resource_schema(config.schema, id_type=id_type)
        out[_name(profile, config.name + "Write")] = resource_schema(config.schema, writing=True,
                                                                     bool_strings=profile.bool_strings)
        out[_name(profile, config.name + "List")] = list_schema(f"#/components/schemas/scim.{config.name}")
    if profile.discovery:
        out[_name(profile, "ServiceProviderConfig")] = spc_schema(profile)
        out[_name(profile, "ResourceType")] = {"type": "object", "required": ["schemas", "id", "endpoint", "schema"],
                                               "properties": {"schemas": {"type": "array"}, "id": {"type": "string"},
                                                              "name": {"type": "string"},
                                                              "endpoint": {"type": "string"},
                                                              "schema": {"type": "string"}}}
        out[_name(profile, "Schema")] = {"type": "object", "required": ["id", "attributes"],
                                         "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                                        "attributes": {"type": "array"}}}
        out[_name(profile, "ListResponse")] = {"type": "object", "required": ["schemas", "totalResults",
                                                                              "Resources"],
                                               "properties": {"schemas": {"type": "array"},
                                                              "totalResults": {"type": "integer"},
                                                              "Resources": {"type": "array"}}}
    return out


def _ref(what: str) -> str:
    return f"#/components/schemas/scim.{what}"


LIST_PARAMS = [
    {"name": "filter", "in": "query", "schema": {"type": "string"},
     "description": "RFC 7644 §3.4.2.2 filter (the profile's subset of it)"},
    {"name": "startIndex", "in": "query", "schema": {"type": "integer"}, "description": "1-based"},
    {"name": "count", "in": "query", "schema": {"type": "integer"}},
]
PROJECTION = [
    {"name": "attributes", "in": "query", "schema": {"type": "string"}},
    {"name": "excludedAttributes", "in": "query", "schema": {"type": "string"}},
]


def describe(profile: ScimProfile, op: RouteOp, errors: list[int], switches: tuple[str, ...] = ()) -> OperationDoc:
    """What one SCIM route does, from the resource config its endpoint belongs to."""
    relative = op.path[len("/" + profile.prefix.strip("/")):] or "/"
    relative = relative.rstrip("/") or "/"
    projection = PROJECTION if profile.projection else []
    json_types = ("application/scim+json", "application/json")

    def err(*codes: int) -> list[Answer]:
        return [Answer(c, _ref("Error")) for c in codes if c in errors]

    for config in profile.resources:
        name = config.name
        if relative == config.endpoint:
            if op.method == "GET":
                return OperationDoc(f"List or filter {name} resources", [Answer(200, _ref(name + "List")),
                                    *err(400)], query=LIST_PARAMS + projection, tags=("SCIM",),
                                    switches=switches)
            return OperationDoc(f"Create a {name}", [Answer(201, _ref(name)), *err(400, 409, 415, 422)],
                                body=_ref(name + "Write"), body_types=json_types, body_required=True,
                                tags=("SCIM",), switches=switches, query=list(projection))
        if relative == config.endpoint + "/.search":
            return OperationDoc(f"Search {name} resources (RFC 7644 §3.4.3)",
                                [Answer(200, _ref(name + "List")), *err(400, 415)], body=_ref("SearchRequest"),
                                body_types=json_types, body_required=True, tags=("SCIM",), switches=switches)
        if relative == config.endpoint + "/{resource_id}":
            answers = {"GET": [Answer(200, _ref(name)), *err(404)],
                       "PUT": [Answer(200, _ref(name)), *err(400, 404, 409, 412, 415, 422)],
                       "PATCH": [Answer(200, _ref(name)), Answer(204, None, "No Content"),
                                 *err(400, 404, 409, 412, 415, 422)],
                       "DELETE": [Answer(204, None, "No Content"), *err(404, 412)]}[op.method]
            body = {"PUT": _ref(name + "Write"), "PATCH": _ref("PatchOp")}.get(op.method)
            summary = {"GET": "Read", "PUT": "Replace", "PATCH": "Modify", "DELETE": "Delete"}[op.method]
            return OperationDoc(f"{summary} one {name}", answers, body=body, body_types=json_types,
                                body_required=body is not None, tags=("SCIM",), switches=switches,
                                path_params={"resource_id": {"type": "string"}},
                                query=list(projection) if op.method != "DELETE" else [])
    discovery = {
        "/ServiceProviderConfig": ("The service provider's capabilities", _ref("ServiceProviderConfig")),
        "/ResourceTypes": ("Every resource type", _ref("ListResponse")),
        "/ResourceTypes/{type_id}": ("One resource type", _ref("ResourceType")),
        "/Schemas": ("Every schema the profile advertises", _ref("ListResponse")),
        "/Schemas/{schema_id}": ("One schema", _ref("Schema")),
    }
    if relative in discovery:
        summary, schema = discovery[relative]
        return OperationDoc(summary, [Answer(200, schema), *err(404)], tags=("SCIM",))
    if relative == "/.search":
        return OperationDoc("Search across resource types (not supported: 501)", [Answer(501, _ref("Error"))],
                            body=_ref("SearchRequest"), body_types=json_types, tags=("SCIM",))
    raise KeyError(f"{op.method} {op.path}: no SCIM resource routes it")


def surface_doc(profile: ScimProfile, *, security_schemes: dict, security: list[dict], errors: list[int],
                description: str, switches: tuple[str, ...] = (), rate_limit: dict | None = None,
                extra_errors: list[Answer] | None = None) -> SurfaceDoc:
    """``errors``: the statuses the profile answers with a SCIM Error on its operations (401 always)."""
    common = [Answer(401, _ref("Error"), "Missing or wrong SCIM credentials"),
              Answer(413, _ref("Error"), "A body over 10 MB, refused before routing"), *(extra_errors or [])]
    return SurfaceDoc(
        title="SCIM", security_schemes=security_schemes, security=security, errors=common,
        content_type=profile.content_type.split(";")[0],
        describe=lambda op: describe(profile, op, errors, switches), rate_limit=rate_limit,
        description=description, prefix=profile.prefix)
