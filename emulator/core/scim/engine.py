"""The RFC 7644 request handlers, once for every profile. Vendors change steps through hooks.

Filters and PATCH are parsed with scim2-models, whose import builds every pydantic model it has
(~0.4 s, most of a vendor server's start-up); ``filters`` and ``patch`` are therefore imported on
the first request that needs them, not when the vendor starts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Response, request

from .errors import ScimError
from .profile import Context
from .projection import parse_list, project, strip_never
from .render import scim_json, strip_meta, version, with_meta
from .schema import LIST_URN, SEARCH_URN
from .validate import normalise
from .. import jsonbody

JSON_TYPES = ("application/scim+json", "application/json")
MAX_INDEX = 2**31 - 1


# ---- request helpers --------------------------------------------------------------------

def read_json(ctx: Context) -> Any:
    """The JSON body, or the profile's answer to one that is missing, not JSON, or of another type."""
    raw = request.get_data(cache=True)
    if request.mimetype not in JSON_TYPES:
        if ctx.profile.hooks.unparsable_body:
            return ctx.profile.hooks.unparsable_body(ctx, "content-type")
        raise ScimError(415, "The request body must be application/scim+json or application/json.")
    try:
        return jsonbody.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        if ctx.profile.hooks.unparsable_body:
            return ctx.profile.hooks.unparsable_body(ctx, "json")
        raise ScimError(400, "The request body is not valid JSON.", "invalidSyntax") from None


def _integer(raw: Any, name: str) -> int:
    if isinstance(raw, bool):
        raise ScimError(400, f"'{name}' must be an integer.", "invalidValue")
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    # ASCII digits only: str.isdigit() passes "¹", which int() refuses
    if not re.fullmatch(r"[+-]?[0-9]+", text) or len(text) > 30:
        raise ScimError(400, f"'{name}' must be an integer.", "invalidValue")
    return int(text)


def rfc_paging(args: Any, ctx: Context) -> tuple[int, int]:
    """RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; count is capped."""
    start = _integer(args["startIndex"], "startIndex") if args.get("startIndex") not in (None, "") else 1
    count = (_integer(args["count"], "count") if args.get("count") not in (None, "")
             else ctx.profile.default_count)
    start = max(1, min(start, MAX_INDEX))
    count = max(0, count)
    if ctx.profile.max_results is not None:
        count = min(count, ctx.profile.max_results)
    return start, count


def check_if_match(ctx: Context, current: dict) -> None:
    wanted = request.headers.get("If-Match")
    if not wanted or not ctx.profile.etag or not ctx.profile.meta:
        return
    tags = {t.strip() for t in wanted.split(",")}
    if "*" not in tags and version(strip_meta(current)) not in tags:
        raise ScimError(412, "The resource has changed: its version does not match If-Match.")


# ---- output -----------------------------------------------------------------------------

def rendered(ctx: Context, resource: dict) -> dict:
    out = strip_never(resource, ctx.config.schema)
    if ctx.profile.meta:
        return with_meta(out, ctx.config.name, ctx.location(resource["id"]))
    return strip_meta(out)


def one(ctx: Context, resource: dict, status: int = 200, *, created: bool = False,
        attributes: list[str] | None = None, excluded: list[str] | None = None) -> Response:
    body = rendered(ctx, resource)
    headers = {}
    if ctx.profile.meta and ctx.profile.etag:
        headers["ETag"] = body["meta"]["version"]
    if created and ctx.profile.location_header:
        headers["Location"] = body["meta"]["location"] if ctx.profile.meta else ctx.location(resource["id"])
    if ctx.profile.projection:
        attributes = parse_list(request.args.get("attributes")) if attributes is None else attributes
        excluded = parse_list(request.args.get("excludedAttributes")) if excluded is None else excluded
        body = project(body, ctx.config.schema, attributes, excluded)
    return scim_json(body, status, ctx.profile.content_type, headers)


def list_response(ctx: Context, total: int, start: int, count: int, resources: list[dict],
                  attributes: list[str], excluded: list[str]) -> Response:
    items = [_dumps(project(rendered(ctx, r), ctx.config.schema, attributes, excluded)) for r in resources]
    return _list_body(ctx, total, start, count, items)


def _list_body(ctx: Context, total: int, start: int, count: int, items: list[str]) -> Response:
    values = {
        "schemas": _dumps([LIST_URN]),
        "totalResults": _dumps(total),
        "startIndex": _dumps(start),
        "itemsPerPage": _dumps(count if ctx.profile.items_per_page == "requested" else len(items)),
        "Resources": "[" + ",".join(items) + "]",
    }
    body = "{" + ",".join(f'"{k}":{values[k]}' for k in ctx.profile.list_keys) + "}"
    return Response(body.encode(), status=200, content_type=ctx.profile.content_type)


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


#: a resource's rendered JSON, per (profile, resource type, base URL), by the store's version key. A
#: 100-row page of unchanged users then costs a look-up per row instead of a SCIM view, meta, ETag
#: and JSON encoding for each (the page target in benchmarks is 2,000 req/s at 10,000 users).
_FRAGMENTS: dict[tuple, dict[Any, str]] = {}
#: entries across every scope: ~25 MB of JSON at most. Base URLs follow the Host header and pages can
#: be large, so the bound is on the total, checked at every insert; stale versions are never asked
#: for again, so emptying the cache is always safe (the next pages render afresh)
_FRAGMENTS_MAX = 50_000
_fragment_count = 0


def _versioned_page(ctx: Context, offset: int, count: int) -> list[str]:
    """A plain page (no projection) from a store with ``page_versions``, each row rendered once per
    version and then served from :data:`_FRAGMENTS`."""
    global _fragment_count
    store = ctx.store
    scope = (id(ctx.profile), ctx.config.name, ctx.base_url)
    cache = _FRAGMENTS.get(scope)
    if cache is None:
        cache = _FRAGMENTS[scope] = {}
    items = []
    for version_key, row in store.page_versions(offset, count):  # type: ignore[attr-defined]
        text = cache.get(version_key)
        if text is None:
            text = _dumps(rendered(ctx, store.view(row)))  # type: ignore[attr-defined]
            if _fragment_count >= _FRAGMENTS_MAX:
                _FRAGMENTS.clear()
                _fragment_count = 0
                cache = _FRAGMENTS[scope] = {}
            cache[version_key] = text
            _fragment_count += 1
        items.append(text)
    return items


def not_found(ctx: Context, resource_id: str) -> Response:
    if ctx.profile.hooks.not_found:
        return ctx.profile.hooks.not_found(ctx, resource_id)
    raise ScimError(404, f"Resource {resource_id} not found.")


# ---- handlers ---------------------------------------------------------------------------

def query(ctx: Context, params: Any, attributes: list[str], excluded: list[str]) -> Response:
    paging = ctx.profile.hooks.paging
    start, count = paging(params, ctx.tenant) if paging else rfc_paging(params, ctx)
    text = params.get("filter")
    if text in (None, ""):
        total = ctx.store.total()
        if not attributes and not excluded and hasattr(ctx.store, "page_versions"):
            items = _versioned_page(ctx, start - 1, count) if count else []
            return _list_body(ctx, total, start, count, items)
        page = ctx.store.page(start - 1, count) if count else []
        return list_response(ctx, total, start, count, page, attributes, excluded)
    if not isinstance(text, str):
        raise ScimError(400, "'filter' must be a string.", "invalidFilter")
    from .filters import compile_filter, index_terms, parse_filter  # lazily: see the module docstring

    hook = ctx.profile.hooks.parse_filter
    node = hook(text, ctx.config) if hook else parse_filter(text)
    matches = compile_filter(node, ctx.config.schema)
    candidates = None
    for attribute, value in index_terms(node, ctx.config.schema):
        candidates = ctx.store.lookup(attribute, value)
        if candidates is not None:
            break
    source = ctx.store.scan() if candidates is None else candidates
    hits = [r for r in source if matches(r)]
    page = hits[start - 1: start - 1 + count] if count else []
    return list_response(ctx, len(hits), start, count, page, attributes, excluded)


def list_get(ctx: Context) -> Response:
    if not ctx.profile.projection:
        return query(ctx, request.args, [], [])
    return query(ctx, request.args, parse_list(request.args.get("attributes")),
                 parse_list(request.args.get("excludedAttributes")))


def search(ctx: Context) -> Response:
    body = read_json(ctx)
    if isinstance(body, Response):
        return body
    if not isinstance(body, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    schemas = body.get("schemas")
    if not isinstance(schemas, list) or SEARCH_URN.lower() not in {str(s).lower() for s in schemas}:
        raise ScimError(400, f"'schemas' must be [\"{SEARCH_URN}\"].", "invalidSyntax")
    for key in ("attributes", "excludedAttributes"):
        if key in body and not isinstance(body[key], list):
            raise ScimError(400, f"'{key}' must be an array of attribute names.", "invalidSyntax")
    return query(ctx, body, parse_list(body.get("attributes")), parse_list(body.get("excludedAttributes")))


def get(ctx: Context, resource_id: str) -> Response:
    resource = ctx.store.get(resource_id)
    if resource is None:
        return not_found(ctx, resource_id)
    if ctx.profile.meta and ctx.profile.etag:
        tag = version(strip_meta(resource))
        wanted = {t.strip() for t in request.headers.get("If-None-Match", "").split(",") if t.strip()}
        if tag in wanted or "*" in wanted:
            return scim_json(None, 304, ctx.profile.content_type, {"ETag": tag})
    return one(ctx, resource)


def create(ctx: Context) -> Response:
    body = read_json(ctx)
    if isinstance(body, Response):
        return body
    if ctx.profile.hooks.create:
        return ctx.profile.hooks.create(ctx, body)
    resource = normalise(body, ctx.config.schema, bool_strings=ctx.profile.bool_strings)
    created = ctx.store.create(resource)
    _written(ctx, "create", created)
    return one(ctx, created, 201, created=True)


def _write_target(ctx: Context, resource_id: str, hook: Any) -> Response | tuple[Any, dict]:
    """(request body, the resource it changes) for PUT and PATCH, or the answer that ends the request:
    an unparsable body, the vendor's own handler (``hook``), an unknown id or a failed If-Match."""
    body = read_json(ctx)
    if isinstance(body, Response):
        return body
    if hook:
        return hook(ctx, resource_id, body)
    current = ctx.store.get(resource_id)
    if current is None:
        return not_found(ctx, resource_id)
    check_if_match(ctx, current)
    return body, current


def replace(ctx: Context, resource_id: str) -> Response:
    target = _write_target(ctx, resource_id, ctx.profile.hooks.replace)
    if isinstance(target, Response):
        return target
    body, current = target
    resource = normalise(body, ctx.config.schema, bool_strings=ctx.profile.bool_strings)
    _immutables(ctx, current, resource)
    updated = ctx.store.replace(resource_id, resource)
    _written(ctx, "replace", updated)
    return one(ctx, updated)


def patch(ctx: Context, resource_id: str) -> Response:
    target = _write_target(ctx, resource_id, ctx.profile.hooks.patch)
    if isinstance(target, Response):
        return target
    body, current = target
    base = {k: v for k, v in strip_meta(current).items() if k != "id"}
    from .patch import apply_patch  # lazily: see the module docstring

    resource = apply_patch(base, body, ctx.config.schema, bool_strings=ctx.profile.bool_strings)
    updated = ctx.store.replace(resource_id, resource)
    _written(ctx, "patch", updated)
    return one(ctx, updated)


def delete(ctx: Context, resource_id: str) -> Response:
    current = ctx.store.get(resource_id)
    if current is None:
        return not_found(ctx, resource_id)
    check_if_match(ctx, current)
    ctx.store.delete(resource_id)
    _written(ctx, "delete", current)
    return scim_json(None, 204, ctx.profile.content_type)


def _immutables(ctx: Context, current: dict, new: dict) -> None:
    for attr in ctx.config.schema.core.attrs.values():
        if attr.mutability == "immutable" and current.get(attr.name) not in (None, "", []) \
                and attr.name in new and new[attr.name] != current[attr.name]:
            raise ScimError(400, f"The attribute '{attr.name}' is immutable.", "mutability")


def _written(ctx: Context, action: str, resource: dict) -> None:
    if ctx.profile.on_write:
        ctx.profile.on_write(ctx.tenant, ctx.config.name, action, resource)
