"""Where the table-driven routes depart from plain rows of their own kind: lists that show rows of
another kind (a quiz's questions are the quiz questions that name it), rows rendered from the
hand-kept tables, and per-kind checks of a body against the tenant's rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from flask import Response

from ..errors import NotFound
from ..models import Record
from ..params import records
from ..params.records import Place
from ..params.table import Operation
from .common import state

#: list kind -> (kind whose rows it shows, the field naming the parent)
SHOWN: dict[str, tuple[str, str]] = {
    "/v1/quizzes/{}/questions": ("/v1/quiz-questions", "quiz"),
    "/v1/question-banks/{}/questions": ("/v1/quiz-questions", "quiz_question_bank"),
}

#: operations answered by a function of their own
SPECIAL: dict[str, Callable[[Operation, Place], Response]] = {}

#: kind -> check(operation, place, validated body, row or None) raising SkilljarError
CHECKS: dict[str, Callable[[Operation, Place, dict, Any], None]] = {}


def data_of(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    if isinstance(row, Record):
        return {"id": row.id, "created_at": row.created_at, **row.data}
    return dataclasses.asdict(row)


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


def check(operation: Operation, where: Place, data: dict[str, Any], row: Any = None) -> None:
    hook = CHECKS.get(operation.kind)
    if hook is not None:
        hook(operation, where, data, row)
