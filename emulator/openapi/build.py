"""Build one vendor's OpenAPI 3.1 document from what the emulator routes.

Paths, methods and path parameters come from the vendor app's route table (or a surface's
``operations`` hook); each operation's answers, parameters and body from the vendor's ``openapi``
module (:mod:`emulator.openapi.spec`), whose schemas are the project's JSON Schemas or a SCIM profile's
data; the ``x-emulator-*`` extensions from the fidelity catalogue (``docs/<vendor>.md``) and the
vendor's switches.
"""

from __future__ import annotations

import re
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from flask import Flask

from ..core.http import ascii_int_routes
from . import catalogue, schemas
from .spec import Answer, OperationDoc, RouteOp, SurfaceDoc

if TYPE_CHECKING:
    from ..core.vendor import Vendor

OPENAPI = "3.1.0"
_RULE_PARAM = re.compile(r"<(?:([A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_INTEGER = {"int"}


def _version() -> str:
    try:
        return version("lms-emulator")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0"


def pieces(vendor: "Vendor"):
    """The vendor's ``openapi`` module (its surfaces' :class:`SurfaceDoc` s)."""
    return import_module(f"emulator.vendors.{vendor.name}.openapi")


def route_table(vendor: "Vendor") -> Flask:
    """An app holding only the vendor's surfaces' routes (no tenants, no pipeline): what it routes."""
    app = Flask(f"openapi.{vendor.name}")
    ascii_int_routes(app)
    for surface in vendor.surfaces():
        app.register_blueprint(surface.blueprint)
    return app


def template(rule_path: str, converters: dict[str, Any]) -> tuple[str, tuple[tuple[str, dict], ...]]:
    """``/users/<int:user_id>`` -> (``/users/{user_id}``, (("user_id", {"type": "integer"}),))."""
    params = []

    def swap(match: re.Match) -> str:
        kind, name = match.group(1) or "default", match.group(2)
        schema: dict = {"type": "integer", "minimum": 0} if kind in _INTEGER else {"type": "string"}
        regex = getattr(converters.get(name), "regex", "[^/]+")
        if kind not in _INTEGER and regex not in ("[^/]+", "[^/].*?"):
            schema["pattern"] = f"^{regex}$"  # the route's converter: what it matches, it routes
        params.append((name, schema))
        return "{" + name + "}"

    return _RULE_PARAM.sub(swap, rule_path), tuple(params)


def routed(app: Flask, prefix: str, longer: list[str]) -> list[RouteOp]:
    prefix = "/" + prefix.strip("/")
    out = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        path = rule.rule
        if rule.endpoint == "static" or path.startswith("/_emulator"):
            continue
        if prefix != "/" and not (path == prefix or path.startswith(prefix + "/")):
            continue
        if any(path == other or path.startswith(other.rstrip("/") + "/") for other in longer):
            continue
        path_template, params = template(path, rule._converters)
        for method in sorted(rule.methods or ()):
            if method in _METHODS:
                out.append(RouteOp(method, path_template, rule.endpoint, params))
    return out


def operation_id(op: RouteOp) -> str:
    base = op.endpoint.split(".", 1)[-1]
    return f"{base}_{op.method.lower()}"


class Builder:
    def __init__(self, vendor: "Vendor") -> None:
        self.vendor = vendor
        self.module = pieces(vendor)
        self.wanted: set[str] = set()
        self.inline: dict[str, dict] = {}  # components the pieces define themselves (SCIM)
        self.responses: dict[str, dict] = {}  # each surface's common answers
        self.table = catalogue.rows(f"{vendor.name}.md")
        self.scim_table = catalogue.rows("scim.md", self._scim_section())

    def _scim_section(self) -> str:
        for row in catalogue.rows("scim.md"):
            if row.section.lower().startswith(self.vendor.title.split(" ")[0].lower()):
                return row.section
        return "\0"  # no rows

    # --- schemas ----------------------------------------------------------------------------------

    def schema(self, value: Any) -> dict | None:
        if value is None:
            return None
        if isinstance(value, str):
            if value.startswith("#/"):
                return {"$ref": value}
            file, pointer = schemas.parse(value)
            self.wanted.add(schemas.component_name(file, pointer))
            return schemas.ref(file, pointer)
        return self._collect(value)

    def _collect(self, node: Any) -> Any:
        """An inline schema: note the vendor schema components it references."""
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in self.inline:
                    self.wanted.add(name)
            return {k: self._collect(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self._collect(v) for v in node]
        return node

    # --- operations -------------------------------------------------------------------------------

    def response(self, answer: Answer, surface: SurfaceDoc) -> dict:
        out: dict[str, Any] = {"description": answer.description or _REASONS.get(answer.status, "Answer")}
        if answer.headers:
            out["headers"] = {h: {"$ref": f"#/components/headers/{h}"} for h in answer.headers}
        schema = self.schema(answer.schema)
        if schema is not None:
            out["content"] = {answer.content_type or surface.content_type: {"schema": schema}}
        for media, other in answer.more:
            out.setdefault("content", {})[media] = {"schema": self.schema(other)} if other is not None else {}
        return out

    def operation(self, op: RouteOp, doc: OperationDoc, surface_name: str, surface: SurfaceDoc) -> dict:
        out: dict[str, Any] = {"operationId": doc.operation_id or operation_id(op), "summary": doc.summary}
        if doc.description:
            out["description"] = doc.description
        out["tags"] = list(doc.tags) or [surface.title]
        params = []
        for name, schema in op.params:
            params.append({"name": name, "in": "path", "required": True,
                           "schema": doc.path_params.get(name, schema)})
        params.extend(self._collect(p) for p in doc.query)
        if params:
            out["parameters"] = params
        if doc.body is not None:
            body_schema = self.schema(doc.body)
            out["requestBody"] = {"required": doc.body_required,
                                  "content": {t: {"schema": body_schema} for t in doc.body_types}}
        shared = {str(a.status): a for a in surface.errors}
        own = {str(a.status): a for a in doc.answers}
        responses = {}
        for key in sorted({*shared, *own}, key=_status_order):
            if key in own:
                responses[key] = self.response(own[key], surface)
            else:  # the surface's common answer, once in components/responses
                name = f"{surface_name}.{key}"
                if name not in self.responses:
                    self.responses[name] = self.response(shared[key], surface)
                responses[key] = {"$ref": f"#/components/responses/{name}"}
        out["responses"] = responses
        out["security"] = surface.security
        out["x-emulator-surface"] = surface_name
        table = self.scim_table if surface_name == "scim" else self.table
        keys = self._keys(op, surface)
        rows = catalogue.matching(table, op.method, keys)
        if rows:
            out["x-emulator-catalogue"] = rows
        for name in doc.switches:
            self.vendor.switches[name]  # KeyError: a piece names a switch the vendor lacks
        if doc.switches:  # by name: each is described once, in the document's x-emulator-switches
            out["x-emulator-switches"] = sorted(set(doc.switches))
        if surface.rate_limit:
            out["x-emulator-rate-limit"] = surface.rate_limit
        out.update(doc.extensions)
        return out

    def _keys(self, op: RouteOp, surface: SurfaceDoc) -> list[str]:
        hook = getattr(self.module, "catalogue_keys", None)
        keys = hook(op, surface) if hook is not None else [op.path]
        prefix = "/" + (surface.prefix or "").strip("/")
        if prefix != "/" and op.path.startswith(prefix + "/"):
            keys.append(op.path[len(prefix):])
        return keys

    # --- the document -----------------------------------------------------------------------------

    def build(self) -> dict:
        vendor = self.vendor
        docs: dict[str, SurfaceDoc] = self.module.surfaces()
        app = None
        surfaces = {s.name: s for s in vendor.surfaces()}
        paths: dict[str, dict] = {}
        security_schemes: dict[str, dict] = {}
        tags = []
        for name, surface_doc in docs.items():
            surface = surfaces[name]
            prefix = surface_doc.prefix or surface.prefix
            security_schemes.update(surface_doc.security_schemes)
            tags.append({"name": surface_doc.title, "description": surface_doc.description or surface_doc.title})
            if surface_doc.operations is not None:
                ops = surface_doc.operations()
            else:
                app = app or route_table(vendor)
                longer = [("/" + s.prefix.strip("/")) for s in surfaces.values()
                          if len(s.prefix.strip("/")) > len(prefix.strip("/")) and s.name != name]
                ops = routed(app, prefix, longer)
            for op in ops:
                doc = surface_doc.describe(op)
                paths.setdefault(op.path, {})[op.method.lower()] = self.operation(op, doc, name, surface_doc)
        _link_creates(paths)
        extra = getattr(self.module, "components", None)
        if extra is not None:
            self.inline.update(extra())
        found = {**schemas.components(vendor.name, self.wanted - set(self.inline)), **self.inline}
        for name, variants in getattr(self.module, "VARIANTS", {}).items():
            if name in found:  # a switch's other shape: the recorded one, or these
                found[name] = {"anyOf": [found[name], *variants]}
        components: dict[str, Any] = {
            "schemas": {k: found[k] for k in sorted(found)},
            "responses": {k: self.responses[k] for k in sorted(self.responses)},
            "securitySchemes": security_schemes,
        }
        headers = getattr(self.module, "HEADERS", None)
        if headers:
            components["headers"] = headers
        return {
            "openapi": OPENAPI,
            "info": {
                "title": f"{vendor.title} API (as lms-emulator serves it)",
                "version": _version(),
                "description": self.module.DESCRIPTION,
                "license": {"name": "MIT", "identifier": "MIT"},
            },
            "servers": [{"url": f"http://127.0.0.1:{vendor.default_port}",
                         "description": "lms-emulator on its default port"}],
            "tags": tags,
            "paths": {p: paths[p] for p in sorted(paths)},
            "components": components,
            "x-emulator-vendor": vendor.name,
            "x-emulator-switches": {k: _switch(v) for k, v in sorted(vendor.switches.items())},
            "x-emulator-catalogue": [r.entry() for r in self.table],
        }


def _link_creates(paths: dict[str, dict]) -> None:
    """OpenAPI links from each create (a POST on a collection answering 201) to the operations on one of
    its items (the collection's path plus one parameter), the parameter taken from the answer's ``id``:
    what schemathesis' stateful tests follow."""
    for path, item in paths.items():
        create = item.get("post")
        if create is None or "201" not in create["responses"]:
            continue
        base = path.rstrip("/")
        for other, other_item in paths.items():
            match = re.fullmatch(re.escape(base) + r"/\{([^{}/]+)\}/?", other)
            if match is None:
                continue
            for target in other_item.values():
                links = create["responses"]["201"].setdefault("links", {})
                links[f"{target['operationId']}"] = {"operationId": target["operationId"],
                                                     "parameters": {match.group(1): "$response.body#/id"}}


def _switch(switch) -> dict:
    out: dict[str, Any] = {"default": switch.default, "doc": switch.doc}
    if switch.choices is not None:
        out["choices"] = list(switch.choices)
    return out


def _status_order(key: str) -> tuple[int, str]:
    return (int(key[0]) * 100 + (int(key[1:]) if key[1:].isdigit() else 99), key)


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 406: "Not Acceptable", 409: "Conflict", 412: "Precondition Failed",
            413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
            503: "Service Unavailable", "4XX": "Client error"}


def build(vendor: "Vendor") -> dict:
    return Builder(vendor).build()
