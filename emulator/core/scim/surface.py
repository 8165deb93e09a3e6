"""A profile becomes a core :class:`~emulator.core.vendor.Surface` on the vendor's own port."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, Request, Response, g, request
from werkzeug.sansio.utils import get_current_url, get_host

from ..http import answer
from ..vendor import Surface
from . import engine
from .discovery import resource_type, schemas, service_provider_config
from .errors import ScimError, error_response
from .profile import Context, ResourceConfig, ScimProfile
from .render import scim_json
from .schema import LIST_URN


def base_url(profile: ScimProfile) -> str:
    """The SCIM root as the client addressed it (for ``meta.location`` and ``Location``)."""
    return _base_url(request.scheme, request.headers.get("Host"), request.server, request.root_path, profile.prefix)


@functools.lru_cache(maxsize=256)
def _base_url(scheme: str, host_header: str | None, server: tuple | None, root_path: str, prefix: str) -> str:
    # Werkzeug's url_root, from its own parts: building it (host checks, IRI conversion) costs ~25 µs
    # a request, and clients send the same few hosts
    root = get_current_url(scheme, get_host(scheme, host_header, server), root_path)
    return root.rstrip("/") + "/" + prefix.strip("/")


def default_http_error(profile: ScimProfile) -> Callable[[Request, int], Response]:
    details = {404: "The requested path does not exist.", 405: "The method is not allowed on this path.",
               413: "The request body is too large.", 500: "Internal server error."}

    def http_error(_request: Request, code: int) -> Response:
        return error_response(ScimError(code, details.get(code, "Request failed.")), profile.content_type)

    return http_error


def make_surface(profile: ScimProfile, *, trailing_slash: bool = False, name: str = "scim",
                 over_limit=None, counted=None) -> Surface:
    bp = Blueprint(f"{profile.vendor}_{name}", __name__, url_prefix="/" + profile.prefix.strip("/"))

    def route(rule: str, methods: tuple[str, ...], view: Callable, endpoint: str) -> None:
        bp.add_url_rule(rule, endpoint, view, methods=list(methods))
        if trailing_slash:
            bp.add_url_rule(rule + "/", endpoint + "_slash", view, methods=list(methods))

    def guarded(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except ScimError as exc:
                return error_response(exc, profile.content_type)
        return wrapper

    def context(config: ResourceConfig) -> Context:
        return Context(profile, config, g.tenant, config.store(g.tenant), base_url(profile))

    for config in profile.resources:
        tag = config.name.lower()

        def collection(config=config):
            ctx = context(config)
            return engine.list_get(ctx) if request.method == "GET" else engine.create(ctx)

        def item(resource_id: str, config=config):
            ctx = context(config)
            handler = {"GET": engine.get, "PUT": engine.replace, "PATCH": engine.patch,
                       "DELETE": engine.delete}[request.method]
            return handler(ctx, resource_id)

        def do_search(config=config):
            return engine.search(context(config))

        route(config.endpoint, config.collection_methods, guarded(collection), f"{tag}_collection")
        route(config.endpoint + "/<resource_id>", config.item_methods, guarded(item), f"{tag}_item")
        if config.search:
            route(config.endpoint + "/.search", ("POST",), guarded(do_search), f"{tag}_search")

    if profile.discovery:
        def root_search():
            raise ScimError(501, "Searching several resource types at once (POST /.search) is not supported.")

        route("/.search", ("POST",), guarded(root_search), "root_search")

        def spc():
            return scim_json(service_provider_config(profile, base_url(profile)), 200, profile.content_type)

        def resource_types():
            docs = [resource_type(c, base_url(profile)) for c in profile.resources]
            return scim_json(_listing(docs), 200, profile.content_type)

        def one_resource_type(type_id: str):
            for c in profile.resources:
                if c.name == type_id:
                    return scim_json(resource_type(c, base_url(profile)), 200, profile.content_type)
            raise ScimError(404, f"Resource type {type_id} not found.")

        def all_schemas():
            return scim_json(_listing(schemas(profile, base_url(profile))), 200, profile.content_type)

        def one_schema(schema_id: str):
            for doc in schemas(profile, base_url(profile)):
                if doc["id"] == schema_id:
                    return scim_json(doc, 200, profile.content_type)
            raise ScimError(404, f"Schema {schema_id} not found.")

        route("/ServiceProviderConfig", ("GET",), guarded(spc), "spc")
        route("/ResourceTypes", ("GET",), guarded(resource_types), "resource_types")
        route("/ResourceTypes/<type_id>", ("GET",), guarded(one_resource_type), "resource_type")
        route("/Schemas", ("GET",), guarded(all_schemas), "schemas")
        route("/Schemas/<schema_id>", ("GET",), guarded(one_schema), "schema")

    def authenticate(req: Request, tenants):
        try:
            return profile.authenticate(req, tenants)
        except ScimError as exc:
            answer(error_response(exc, profile.content_type))

    def precheck(req: Request, tenant) -> Response | None:
        if profile.hooks.precheck is None:
            return None
        try:
            return profile.hooks.precheck(req, tenant)
        except ScimError as exc:
            return error_response(exc, profile.content_type)

    kwargs = {}
    if counted is not None:
        kwargs["counted"] = counted
    return Surface(
        name=name,
        prefix="/" + profile.prefix.strip("/"),
        blueprint=bp,
        authenticate=authenticate,
        http_error=profile.http_error or default_http_error(profile),
        over_limit=over_limit,
        precheck=precheck,
        **kwargs,
    )


def _listing(docs: list[dict]) -> dict:
    return {"schemas": [LIST_URN], "totalResults": len(docs), "startIndex": 1, "itemsPerPage": len(docs),
            "Resources": docs}
