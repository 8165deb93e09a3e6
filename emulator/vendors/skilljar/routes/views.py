"""Where the table-driven routes depart from plain rows of their own kind: lists that show rows of
another kind (a quiz's questions are the quiz questions that name it), link rows shown as the row they
link, and read-only fields computed from other rows (a question bank's ``question_count``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..errors import NotFound
from ..models import Record
from ..ops.catalog import slugify
from ..params import records
from ..params.records import Place
from ..params.table import Operation
from .common import state

#: list kind -> (kind whose rows it shows, the field naming the parent)
SHOWN: dict[str, tuple[str, str]] = {
    "/v1/quizzes/{}/questions": ("/v1/quiz-questions", "quiz"),
    "/v1/question-banks/{}/questions": ("/v1/quiz-questions", "quiz_question_bank"),
}

def _count(kind: str, field_name: str) -> Callable[[Record], int]:
    return lambda row: sum(1 for r in state().records_of(kind) if _names(r.data.get(field_name), row.id))


#: kind -> {read-only field: how it is computed from the row}
COMPUTED: dict[str, dict[str, Callable[[Record], Any]]] = {
    "/v1/question-banks": {"question_count": _count("/v1/quiz-questions", "quiz_question_bank")},
    "/v1/quizzes/{}/question-banks": {
        "question_count": lambda row: _count("/v1/quiz-questions", "quiz_question_bank")(
            state().records.get(row.key) or row)},
    "/v1/domains/{}/access-code-pools": {
        "code_count": lambda row: len(state().records_in(
            f"/v1/domains/{{}}/access-code-pools/{{}}/access-codes|{row.scope.split('|')[1]}/{row.key}"))},
    "/v1/paths": {"path_item_count": lambda row: sum(p.course_count for p in state().published_paths
                                                     if p.path_id == row.id)},
    "/v1/tags": {"slug": lambda row: slugify(row.data.get("name", ""))},
}


def data_of(row: Any) -> dict[str, Any]:
    """A row's fields by the document's names: a link row shows the linked row (its id and fields)."""
    if row is None:
        return {}
    if not isinstance(row, Record):
        return dataclasses.asdict(row)
    out: dict[str, Any] = {"id": row.id, "created_at": row.created_at}
    if row.key != row.id:
        out.update(state().linked(row.key) or {})
        out["id"] = row.key
    out.update(row.data)
    for name, compute in COMPUTED.get(row.kind, {}).items():
        out[name] = compute(row)
    return out


def rows_for(operation: Operation, where: Place) -> list:
    shown = SHOWN.get(operation.kind)
    if shown is None:
        return state().records_in(where.scope)
    kind, field_name = shown
    parent = where.parents[-1].id
    return [r for r in state().records_of(kind) if _names(r.data.get(field_name), parent)]


def target(operation: Operation, where: Place) -> Any:
    """The row a detail route names; for a list that shows another kind's rows, that row, when it
    names the parent."""
    shown = SHOWN.get(operation.kind)
    if shown is None:
        return records.target(state(), operation, where)
    kind, field_name = shown
    row = state().row_of(kind, where.values[operation.params[-1]])
    if row is None or not _names(row.data.get(field_name), where.parents[-1].id):
        raise NotFound()
    return row


def _names(value: Any, key: str) -> bool:
    return value == key or (isinstance(value, dict) and value.get("id") == key)

