"""Content and assignments: lesson edits, assign requests, due dates, the callback settings.

Every function raises :class:`LessonlyError` and changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from ....core.targets import refusal_for_request
from ..errors import LessonlyError
from ..store import PATH_TYPE, LessonlyState
from .values import entries, integer, text, timestamp


def lesson_changes(p: dict) -> dict:
    errors: list[str] = []
    out: dict[str, Any] = {}
    if "title" in p:
        title = text(p["title"], "Title", errors)
        if title is None or not title.strip():
            errors.append("Title can't be blank")
        else:
            out["title"] = title
    if "retake_score" in p:
        score = integer(p["retake_score"])
        if score is None or not 0 <= score <= 100:
            errors.append("Retake score is invalid")
        else:
            out["retake_score"] = score
    if "public" in p:
        value = p["public"]
        if isinstance(value, bool):
            out["public"] = value
        elif isinstance(value, str) and value.lower() in ("true", "false"):
            out["public"] = value.lower() == "true"
        else:
            errors.append("Public is invalid")
    if errors:
        raise LessonlyError(400, ", ".join(errors))
    return out


def assignees(p: dict, state: LessonlyState) -> list[tuple[int, float | None]]:
    """``assignments: [{assignee_id, due_by, notify}]`` of an assign-content request."""
    out = []
    for item in entries(p.get("assignments"), "Assignments"):
        uid = integer(item.get("assignee_id"))
        if uid is None:
            raise LessonlyError(400, "Assignee can't be blank")
        if state.users.get(uid) is None:
            raise LessonlyError(404)
        out.append((uid, due(item.get("due_by"))))
    return out


def due(value: Any) -> float | None:
    if value in (None, ""):
        return None
    ts = timestamp(value)
    if ts is None:
        raise LessonlyError(400, "Due by is invalid")
    return ts


def user_assignables(p: dict, state: LessonlyState) -> list[tuple[str, int, float | None]]:
    """``assignments: [{assignable_id, assignable_type, due_by, notify}]`` of POST /users/:id/assignments."""
    items = entries(p.get("assignments"), "Assignments")
    if not items:
        raise LessonlyError(400, "Assignments can't be blank")
    out = []
    for item in items:
        kind = item.get("assignable_type")
        if kind not in ("Lesson", PATH_TYPE):
            raise LessonlyError(400, "Assignable type is not included in the list")
        aid = integer(item.get("assignable_id"))
        if aid is None:
            raise LessonlyError(400, "Assignable can't be blank")
        table = state.lessons if kind == "Lesson" else state.paths
        if table.get(aid) is None:
            raise LessonlyError(404)
        out.append((kind, aid, due(item.get("due_by"))))
    return out


def callback_settings(p: dict) -> dict:
    out = {}
    for key in ("lesson_completed_callback_url", "lesson_completed_callback_authorization"):
        if key not in p:
            continue
        value = p[key]
        if value is not None and not isinstance(value, str):
            raise LessonlyError(400, f"{key.replace('_', ' ').capitalize()} is invalid")
        out[key] = value or None
    url = out.get("lesson_completed_callback_url")
    if url and (not re.match(r"^https?://[^\s/]+", url) or refusal_for_request(url)):
        raise LessonlyError(400, "Lesson completed callback url is invalid")
    return out
