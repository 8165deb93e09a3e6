"""The long tail of Skilljar's document, served from its table (``params/table.py``): every operation
no hand-written route module serves gets a generic handler here, registered in both slash forms like
every other route, after them (so a hand-written route always wins).

A handler resolves the path's parents (404 when one is missing), validates the body against the
operation's request schema (DRF field errors), checks the rows the body links to, calls the record
operations (which publish events and run the resource groups' hooks) and renders the document's
response schema. Lists are DRF pages filtered by the operation's query parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, Response, request

from ..errors import FieldErrors, NotFound
from ..models import Record
from ..params.body import validated
from ..params.records import Place, filtered, linked_rows, place
from ..params.table import Operation, body_fields, key_field, operations
from ..serialize.records import render
from . import kept, views
from .actions import SPECIAL, check, check_list
from .common import no_content, ok, ops, paginate_list, route, served, state


def register(bp: Blueprint) -> None:
    taken = served(bp)
    by_path: dict[str, list[Operation]] = {}
    for operation in operations():
        if operation.op not in taken:
            by_path.setdefault(operation.path, []).append(operation)
    for group in by_path.values():
        route(bp, group[0].rule, [o.method for o in group])(_view(group))


def _view(group: list[Operation]) -> Callable[..., Response]:
    by_method = {o.method: o for o in group}

    def view(**values: str) -> Response:
        operation = by_method[request.method]
        where = place(state(), operation, values)
        special = SPECIAL.get(operation.op)
        if special is not None:
            return special(operation, where)
        return HANDLERS[operation.action](operation, where)

    view.__name__ = "table_" + re.sub(r"[^a-z0-9]+", "_", group[0].path.lower()).strip("_")
    return view


def answer(operation: Operation, row, status: int | None = None) -> Response:
    if operation.response is None:
        return no_content(status or operation.status)
    return ok(render(state(), operation.response, views.data_of(row)), status or operation.status)


def list_rows(operation: Operation, where: Place) -> Response:
    check_list(operation)
    st = state()
    rows = filtered(st, views.rows_for(operation, where), operation)
    return paginate_list(rows, kept_records(operation.response), scope=kept.record_scope(st, operation.response))


def kept_records(schema: str) -> kept.Kept:
    """Table-driven rows of one schema, kept per row id under a scope holding the versions of every table
    their rendering may read (``kept.record_scope``)."""
    return kept.Kept("record", lambda st, row: row.id, lambda st, row: render(st, schema, views.data_of(row)),
                     kept.RECORD_TABLES)


def create(operation: Operation, where: Place) -> Response:
    st = state()
    data = validated(body_fields(operation.request)) if operation.request else {}
    key_name = key_field(operation.kind)
    owners = linked_rows(st, data, operation.kind, key_name)
    key = None
    if key_name is not None:
        linked = data.get(key_name)
        key = linked.get("id") if isinstance(linked, dict) else linked
        if not isinstance(key, str) or not key:  # a link row is nothing without the row it links
            raise FieldErrors({key_name: ["This field is required."]})
        if any(r.key == key for r in st.records_in(where.scope)):
            raise FieldErrors({"non_field_errors": [f"The fields {_parent_name(operation)}, {key_name} must make "
                                                    "a unique set."]})
        owners.append(key)  # a link goes when the linked row goes
    check(operation, where, data)
    row = ops().create_record(operation.kind, where.scope, data, [*where.ancestors, *owners], key=key)
    return answer(operation, row)


def _parent_name(operation: Operation) -> str:
    return operation.params[-1].removesuffix("_id") if operation.params else "parent"


def retrieve(operation: Operation, where: Place) -> Response:
    row = views.target(operation, where)
    if operation.response is None or not isinstance(row, Record):
        return answer(operation, row)
    st = state()
    return ok(kept_records(operation.response).one(st, row, kept.record_scope(st, operation.response)),
              operation.status)


def update(operation: Operation, where: Place) -> Response:
    row = views.target(operation, where)
    data = validated(body_fields(operation.request), partial=operation.method == "PATCH") \
        if operation.request else {}
    owners = linked_rows(state(), data, operation.kind)
    check(operation, where, data, row)
    ops().update_record(row, data, [*row.ancestors, *owners] if owners else None)
    return answer(operation, row)


def delete(operation: Operation, where: Place) -> Response:
    ops().delete_record(views.target(operation, where))
    return no_content()


def single(operation: Operation, where: Place) -> Response:
    """A resource with one row per parent (a published course's re-enrollment rule, a domain user's
    manager access): GET reads it, POST/PUT write it (making it when missing), PATCH changes it,
    DELETE removes it; 404 when it is not there."""
    st = state()
    row = next(iter(st.records_in(where.scope)), None)
    if request.method == "GET":
        if row is None:
            raise NotFound()
        return answer(operation, row)
    if request.method == "DELETE":
        if row is None:
            raise NotFound()
        ops().delete_record(row)
        return no_content()
    if row is None and request.method == "PATCH":
        raise NotFound()
    data = validated(body_fields(operation.request), partial=request.method == "PATCH") \
        if operation.request else {}
    linked_rows(st, data)
    check(operation, where, data, row)
    if row is None:
        row = ops().create_record(operation.kind, where.scope, data, where.ancestors)
    else:
        ops().update_record(row, data)
    return answer(operation, row)


def act(operation: Operation, where: Place) -> Response:
    """An action with no semantics of its own: the body validated, the parent rendered back."""
    data = validated(body_fields(operation.request)) if operation.request else {}
    linked_rows(state(), data)
    parent = where.parents[-1] if where.parents else None
    return ok(render(state(), operation.response, {**views.data_of(parent), **data}), operation.status) \
        if operation.response else no_content(operation.status)


HANDLERS: dict[str, Callable[[Operation, Place], Response]] = {
    "list": list_rows, "create": create, "retrieve": retrieve, "update": update, "delete": delete,
    "single": single, "act": act,
}
