"""The operations of Skilljar's document as the table-driven routes serve them, read from the package's
``resources.json`` (written by ``tools/skilljar_tables.py`` from the OpenAPI document; facts only).

Each :class:`Operation` knows its path, what it does to its resource (list, create, retrieve, update,
delete, a singleton's read/write, or an action), the fields its body takes (as the field-rule
vocabulary of :mod:`.fields`) and the schema its answer has. Nothing here reads the tenant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .fields import Field, rule_field

#: a path parameter the routes match as a domain name; every other one is a base-36 id
DOMAIN_PARAMS = ("domain_name",)


@cache
def table() -> dict[str, Any]:
    # beside the package's modules (read by path: importlib.resources' readers cost ~10 ms of every start)
    text = (Path(__file__).resolve().parent.parent / "resources.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema(name: str) -> dict[str, dict[str, Any]]:
    return table()["schemas"][name]


def canonical(path: str) -> str:
    return re.sub(r"\{[^{}]+\}", "{}", path)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the document's template, e.g. /v1/lessons/{lesson_id}
    params: tuple[str, ...]
    status: int
    request: str | None = None
    response: str | None = None
    page: bool = False
    query: dict = field(default_factory=dict)
    action: str = ""  # list, create, retrieve, update, delete, single, act
    kind: str = ""  # the resource's collection path, parameters as {}

    @property
    def op(self) -> str:
        return f"{self.method} {canonical(self.path)}"

    @property
    def rule(self) -> str:
        """The Flask rule: ``<dom:domain_name>`` for domain names, ``<b36:x>`` for ids."""
        return re.sub(r"\{([^{}]+)\}", lambda m: f"<{'dom' if m.group(1) in DOMAIN_PARAMS else 'b36'}:{m.group(1)}>",
                      self.path)

    @property
    def detail(self) -> bool:
        """Does the path end with the resource's own parameter?"""
        return self.path.endswith("}")


def _classify(entry: dict[str, Any], by_path: dict[str, list[dict[str, Any]]],
              with_detail: set[str]) -> tuple[str, str]:
    """``by_path``: the entries of each path; ``with_detail``: the paths that have a ``/{param}`` child."""
    path, method = entry["path"], entry["method"]
    if path.endswith("}"):
        kind = canonical(path.rsplit("/", 1)[0])
        return {"GET": "retrieve", "PUT": "update", "PATCH": "update", "DELETE": "delete"}[method], kind
    kind = canonical(path)
    if method == "GET" and entry.get("page"):
        return "list", kind
    same = by_path[path]
    if method == "POST" and (path in with_detail or any(e.get("page") for e in same)):
        return "create", kind
    if any(e["method"] in ("GET", "DELETE") for e in same):
        return "single", kind
    return "act", kind


@cache
def operations() -> tuple[Operation, ...]:
    entries = table()["operations"]
    by_path: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_path.setdefault(e["path"], []).append(e)
    # grouped once, not scanned per entry: 333 entries scanned twice each cost ~15 ms of every start-up
    with_detail = {path.rsplit("/", 1)[0] for path in by_path if path.rsplit("/", 1)[-1].startswith("{")}
    out = []
    for e in entries:
        action, kind = _classify(e, by_path, with_detail)
        out.append(Operation(method=e["method"], path=e["path"], params=tuple(e["params"]), status=e["status"],
                             request=e.get("request"), response=e.get("response"), page=bool(e.get("page")),
                             query=e.get("query", {}), action=action, kind=kind))
    return tuple(out)


@cache
def _by_kind() -> dict[str, tuple[Operation, ...]]:
    grouped: dict[str, list[Operation]] = {}
    for operation in operations():
        grouped.setdefault(operation.kind, []).append(operation)
    return {kind: tuple(ops) for kind, ops in grouped.items()}


def operations_of(kind: str) -> tuple[Operation, ...]:
    """A kind's operations, in the document's order (grouped once: the seeding asks for each of ~40 kinds,
    and scanning all 333 operations each time cost ~3 ms of every Skilljar start)."""
    return _by_kind().get(kind, ())


@cache  # a pure function of the document: the seeding asks once per kind, the routes per request
def detail_param(kind: str) -> str | None:
    """The parameter a kind's detail routes name its rows by (``tag_id``), if it has detail routes."""
    for operation in operations_of(kind):
        if operation.detail:
            return operation.params[-1]
    return None


@cache
def key_field(kind: str) -> str | None:
    """For a link collection (a published course's tags, a quiz's question banks...), the body field
    naming the linked row, whose id is then what the detail route takes: ``tag`` for ``{tag_id}``."""
    param = detail_param(kind)
    create = next((o for o in operations_of(kind) if o.action == "create"), None)
    if param is None or create is None or create.request is None:
        return None
    fields = {n: r for n, r in schema(create.request).items() if not r.get("read_only")}
    for name, rule in fields.items():
        linked = rule.get("type") == "object" and "id" in schema(rule["schema"]) if "schema" in rule else False
        if linked and (param == f"{name}_id" or param.endswith(f"_{name}_id")):
            return name
    if "id" in fields and param != "id":
        return "id"
    return None


# bodies
def _writable(rule: dict[str, Any], depth: int) -> dict[str, Any]:
    """A request rule with named schemas expanded into their writable properties."""
    out = dict(rule)
    if "schema" in out:
        name = out.pop("schema")
        out["properties"] = {} if depth > 6 else {
            n: _writable(r, depth + 1) for n, r in schema(name).items() if not r.get("read_only")}
    if "items" in out:
        out["items"] = _writable(out["items"], depth + 1)
    if "properties" in out and "schema" not in rule:
        out["properties"] = {n: _writable(r, depth + 1) for n, r in out["properties"].items()
                             if not r.get("read_only")}
    return out


@cache
def body_fields(name: str) -> dict[str, Field]:
    """The fields of request schema ``name``: every writable property, as DRF would validate it."""
    return {n: rule_field(_writable(r, 0)) for n, r in schema(name).items() if not r.get("read_only")}
