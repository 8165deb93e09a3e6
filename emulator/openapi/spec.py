"""What a vendor's ``openapi`` module tells the generator: a :class:`SurfaceDoc` per surface, and for each
operation an :class:`OperationDoc` (its answers, query parameters, request body, switches).

Paths, methods and path parameters never come from here: they come from the vendor app's route table
(``url_map``), or, for a surface whose one route dispatches many operations, from the surface's
``operations`` hook. Response and request shapes come from the project's JSON Schemas
(``fixtures/schemas/<vendor>/``), named here by file (``"user"``), or from the data a profile holds
(SCIM).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: a schema: the name of one of the vendor's JSON Schemas ("user", "common#/$defs/course_summary"),
#: a ``#/components/...`` reference, or an inline JSON Schema
Schema = "str | dict[str, Any]"


@dataclass(frozen=True)
class Answer:
    status: int | str  # 200, or an OpenAPI range such as "4XX"
    schema: Any = None  # Schema; None: no body (or a body the document does not describe)
    description: str = ""
    content_type: str | None = None  # None: the surface's
    headers: tuple[str, ...] = ()  # response header names the answer carries (described in the document)
    more: tuple[tuple[str, Any], ...] = ()  # other (media type, schema) forms of the same answer


@dataclass
class OperationDoc:
    summary: str
    answers: list[Answer]
    description: str = ""
    query: list[dict] = field(default_factory=list)  # OpenAPI parameter objects (in: query / header)
    body: Any = None  # Schema of the request body, or None
    body_types: tuple[str, ...] = ("application/json",)
    body_required: bool = False
    switches: tuple[str, ...] = ()  # the tenant switches that change this operation's answer
    tags: tuple[str, ...] = ()
    operation_id: str | None = None
    path_params: dict[str, dict] = field(default_factory=dict)  # name -> schema, overriding the converter's
    extensions: dict[str, Any] = field(default_factory=dict)  # more x- keys


@dataclass(frozen=True)
class RouteOp:
    """One operation of a surface: method, OpenAPI path template, the endpoint (or action) it runs."""

    method: str
    path: str
    endpoint: str
    params: tuple[tuple[str, dict], ...] = ()  # path parameters in order: (name, schema)


@dataclass
class SurfaceDoc:
    title: str
    security_schemes: dict[str, dict]
    #: the security requirement of every operation (alternatives: a list of {scheme: []})
    security: list[dict]
    #: every operation of the surface answers these too (auth, throttling, malformed requests...)
    errors: list[Answer]
    content_type: str
    describe: Callable[[RouteOp], OperationDoc]
    #: the operations, when the route table cannot tell them (None: from url_map)
    operations: Callable[[], list[RouteOp]] | None = None
    #: the surface's path prefix as the route table knows it (defaults to the Surface's)
    prefix: str | None = None
    rate_limit: dict[str, Any] | None = None
    description: str = ""
    #: the answer (status -> Answer) for a path no operation of the surface matches
    unrouted: list[Answer] = field(default_factory=list)


def rate_limit(plans: dict, answer: str, **more: Any) -> dict[str, Any]:
    """A surface's ``x-emulator-rate-limit``: each plan's windows, the over-limit answer, and more facts."""
    windows = {name: [{"window": w.name, "limit": w.limit, "seconds": w.seconds} for w in found]
               for name, found in plans.items()}
    return {"plans": windows, "answer": answer, **more}
