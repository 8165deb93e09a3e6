"""Does an answer agree with its vendor's generated document?

:class:`Checker` finds the operation a request reached (its method and path against the document's
path templates, most specific first), then checks the answer's status is one the operation documents,
its media type is the documented one and its JSON body satisfies the documented schema. Validators are
compiled once per (operation, status, media type), with jsonschema-rs where it is installed (a test
dependency, through schemathesis: microseconds an answer), else with jsonschema.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the test extra installs it
    jsonschema_rs = None

_BASE = "urn:lms-emulator:openapi"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern
    path: str
    methods: frozenset[str]
    literal: int  # characters outside parameters: the more, the more specific


def _escape(pointer_part: str) -> str:
    return pointer_part.replace("~", "~0").replace("/", "~1")


class Checker:
    def __init__(self, document: dict, resolve=None) -> None:
        """``resolve(method, path) -> (template, method) | None`` finds operations the templates
        cannot (TalentLMS's colon-parameter forms)."""
        self.document = document
        self.resolve = resolve
        self.registry = Registry().with_resource(_BASE, Resource.from_contents(document,
                                                                              default_specification=DRAFT202012))
        routes = []
        for path, item in document.get("paths", {}).items():
            regex = "^" + re.sub(r"\\\{[^{}]+\\\}", "[^/]+", re.escape(path)) + "$"
            literal = len(re.sub(r"\{[^{}]+\}", "", path))
            routes.append(Route(re.compile(regex), path, frozenset(m.upper() for m in item), literal))
        self.routes = sorted(routes, key=lambda r: (-r.literal, r.path))
        self._validators: dict[tuple, Draft202012Validator | None] = {}
        self._lock = threading.Lock()

    # --- which operation ---------------------------------------------------------------------

    def operation(self, method: str, path: str) -> tuple[str, str] | None:
        """(path template, method) of the operation this request reached, or None."""
        if self.resolve is not None:
            found = self.resolve(method, path)
            if found is not None:
                return found
        fallback = None
        for route in self.routes:
            if route.pattern.match(path):
                if method in route.methods:
                    return route.path, method
                fallback = fallback or (route.path, None)
        return fallback

    # --- is the answer documented ------------------------------------------------------------------

    def _responses(self, template: str, method: str) -> dict:
        return self.document["paths"][template][method.lower()]["responses"]

    def _response(self, responses: dict, status: int) -> tuple[str, dict] | None:
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                response = responses[key]
                ref = response.get("$ref")
                if ref:
                    response = self.document["components"]["responses"][ref.rsplit("/", 1)[1]]
                return key, response
        return None

    def _validator(self, template: str, method: str, key: str, media: str, schema: dict):
        cache_key = (template, method, key, media)
        found = self._validators.get(cache_key)
        if found is None:
            with self._lock:
                if jsonschema_rs is not None:
                    # the document's components ride along, so "#/components/..." resolves inside it
                    root = {"$schema": _DIALECT, "components": self.document.get("components", {}),
                            "allOf": [schema]}
                    found = _Fast(jsonschema_rs.validator_for(root))
                else:
                    if "$ref" in schema and len(schema) == 1:
                        target = _BASE + schema["$ref"]
                    else:
                        target = (f"{_BASE}#/paths/{_escape(template)}/{method.lower()}/responses/{key}/"
                                  f"content/{_escape(media)}/schema")
                    found = _Slow(Draft202012Validator({"$ref": target}, registry=self.registry))
                self._validators[cache_key] = found
        return found

    def errors(self, method: str, path: str, status: int, content_type: str | None, body: bytes) -> list[str]:
        """Every way the answer contradicts the document; empty when it agrees (or reached no
        documented operation: see :meth:`operation`)."""
        found = self.operation(method, path)
        if found is None:
            return []
        template, documented_method = found
        if documented_method is None:
            return []  # a documented path, a method it does not have: the surface's 405 (unrouted)
        label = f"{method} {template}"
        chosen = self._response(self._responses(template, documented_method), status)
        if chosen is None:
            return [f"{label}: status {status} is not documented"]
        key, response = chosen
        content = response.get("content")
        if not content:
            return []
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if media not in content:
            if not body:
                return [f"{label} {status}: an empty body, documented as {sorted(content)}"]
            return [f"{label} {status}: media type {media!r}, documented as {sorted(content)}"]
        schema = content[media].get("schema")
        if schema is None or "json" not in media:
            return []
        try:
            instance: Any = json.loads(body)
        except ValueError:
            return [f"{label} {status}: the body is not JSON"]
        validator = self._validator(template, documented_method, key, media, schema)
        return [f"{label} {status}: {where}: {message[:300]}" for where, message in validator.errors(instance)[:5]]


class _Fast:
    """A jsonschema-rs validator, its errors as (JSON path, message), most specific first."""

    def __init__(self, validator) -> None:
        self.validator = validator

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        if self.validator.is_valid(instance):
            return []
        found = []
        for error in self.validator.iter_errors(instance):
            path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path)
            found.append((path, error.message))
        return sorted(found)


class _Slow:
    """The jsonschema fallback, same interface."""

    def __init__(self, validator: Draft202012Validator) -> None:
        self.validator = validator

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        found = sorted(self.validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return [(error.json_path, error.message) for error in found]
