"""Validation of request params into clean values, before anything is written.

Every function here raises :class:`LessonlyError` and changes nothing, so a refused request never
leaves a partial write. Messages are Rails' default validation wording (an assumption: no Lessonly
error body is recorded anywhere).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from .errors import LessonlyError
from .store import ROLE_IDS, ROLES_BY_ID, LessonlyState

#: DOCS create-user table: "Cannot begin with a space and the following characters are restricted"
FORBIDDEN_NAME = re.compile(r"[!@#$%^&*+=()|\[\];]")
LOCALES = ("ar", "de", "en", "es", "fr", "it", "ja", "nl", "pt", "ru", "sv", "zh-CN")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT_FIELDS = ("ext_uid", "job_title", "business_unit", "department", "location", "manager_name")
LABELS = {"ext_uid": "Ext uid", "job_title": "Job title", "business_unit": "Business unit",
          "department": "Department", "location": "Location", "manager_name": "Manager name",
          "name": "Name", "email": "Email", "hire_date": "Hire date"}
TRUE_STRINGS = ("true", "1", "t", "yes")


def text(value: Any, label: str, errors: list[str]) -> str | None:
    """A string param: strings as given, numbers cast as Rails casts them, null kept; else invalid."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    errors.append(f"{label} is invalid")
    return None


#: what a longer run of digits reads as: Ruby makes it a Bignum that no id or range reaches, so the
#: answer stays the same (not found, or invalid) while Python never converts more than 4300 digits
BEYOND = 10 ** 18


def ruby_int(digits: str) -> int:
    """``[+-]?[0-9]+`` as Ruby reads it, saturated at ±BEYOND past 18 digits."""
    sign = -1 if digits.startswith("-") else 1
    bare = digits.lstrip("+-").lstrip("0") or "0"
    return sign * (int(bare) if len(bare) <= 18 else BEYOND)


def integer(value: Any) -> int | None:
    """An integer param: a JSON integer or a string of ASCII digits (Rails casts "32" to 32)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
        return ruby_int(value.strip())
    return None


def truthy(value: Any) -> bool:
    """Rails' reading of ``"remove": "true"`` and similar flags."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_STRINGS


def iso_date(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            return None
    return None


def timestamp(value: Any) -> float | None:
    """``YYYY-MM-DD`` (midnight UTC, VCR user.assign) or an ISO 8601 date-time; None if neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if iso_date(value):
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc).timestamp()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def entries(value: Any, label: str) -> list[dict]:
    """An array of objects (or a Rails-style hash of them, ``{"0": {...}}``); None/absent is empty."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise LessonlyError(400, f"{label} is invalid")
    return value


# --- users ----------------------------------------------------------------------------------------

def user_fields(p: dict, state: LessonlyState, *, creating: bool, require_role: bool,
                current_id: int | None = None) -> tuple[dict, list[dict]]:
    """(User attribute changes, custom field entries) from create/update params."""
    errors: list[str] = []
    out: dict[str, Any] = {}
    if creating or "name" in p:
        seen = len(errors)
        name = text(p.get("name"), "Name", errors)
        if len(errors) > seen:
            pass
        elif name is None or not name.strip():
            errors.append("Name can't be blank")
        elif name.startswith(" ") or FORBIDDEN_NAME.search(name):
            errors.append("Name is invalid")
        else:
            out["name"] = name
    if creating or "email" in p:
        seen = len(errors)
        email = text(p.get("email"), "Email", errors)
        if len(errors) > seen:
            pass
        elif email is None or not email.strip():
            errors.append("Email can't be blank")
        elif not EMAIL.match(email.strip()):
            errors.append("Email is invalid")
        else:
            out["email"] = email.strip()
    _role(p, out, errors, creating, require_role)
    for key in TEXT_FIELDS:
        if key in p:
            value = text(p[key], LABELS[key], errors)
            out[key] = value if value != "" or key != "ext_uid" else None
    if "locale" in p:
        if p["locale"] not in LOCALES:
            errors.append("Locale is not included in the list")
        else:
            out["locale"] = p["locale"]
    if "hire_date" in p:
        if p["hire_date"] in (None, ""):
            out["hire_date"] = None
        elif iso_date(p["hire_date"]) is None:
            errors.append("Hire date is invalid")
        else:
            out["hire_date"] = p["hire_date"]
    custom = custom_fields(p.get("custom_user_fields"), state, errors)
    if errors:
        raise LessonlyError(400, ", ".join(dict.fromkeys(errors)))
    return out, custom


def _role(p: dict, out: dict, errors: list[str], creating: bool, require_role: bool) -> None:
    if p.get("role_id") is not None:  # "the preferred way to set a role" (DOCS)
        role_id = integer(p["role_id"])
        if role_id not in ROLES_BY_ID:
            errors.append("Role is invalid")
        else:
            out["role_id"], out["role"] = role_id, ROLES_BY_ID[role_id]
    elif p.get("role") is not None:
        role = p["role"]
        if not isinstance(role, str) or role not in ROLE_IDS:
            errors.append("Role is not included in the list")
        else:
            out["role"], out["role_id"] = role, ROLE_IDS[role]
    elif creating:
        if require_role:
            errors.append("Role can't be blank")
        else:  # the dossier's judgement: learner when neither is sent (SEED's claim; harmless)
            out["role"], out["role_id"] = "learner", ROLE_IDS["learner"]


def custom_fields(value: Any, state: LessonlyState, errors: list[str]) -> list[dict]:
    """Entries need a ``value`` and a ``custom_user_field_id`` or a ``name`` (DOCS)."""
    if value is None:
        return []
    try:
        items = entries(value, "Custom user fields")
    except LessonlyError as exc:
        errors.append(exc.message)
        return []
    out = []
    for item in items:
        if "value" not in item:
            errors.append("Custom user field value can't be blank")
            continue
        raw = item["value"]
        val = "" if raw is None else text(raw, "Custom user field value", errors)
        field_id = item.get("custom_user_field_id")
        if field_id is not None:
            fid = integer(field_id)
            if fid is None or state.custom_user_fields.get(fid) is None:
                errors.append("Custom user field is invalid")
                continue
            out.append({"field_id": fid, "name": None, "value": val or ""})
        else:
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                errors.append("Custom user field name can't be blank")
                continue
            out.append({"field_id": None, "name": name.strip(), "value": val or ""})
    return out


def group_ids(value: Any, state: LessonlyState) -> list[int]:
    """The guide's ``group_ids`` (only with the ``guide_group_ids`` switch on)."""
    if not isinstance(value, list):
        raise LessonlyError(400, "Group ids is invalid")
    ids = [integer(v) for v in value]
    if any(i is None for i in ids):
        raise LessonlyError(400, "Group ids is invalid")
    if any(state.groups.get(i) is None for i in ids):
        raise LessonlyError(404)
    return list(dict.fromkeys(ids))  # type: ignore[arg-type]


def associations(value: Any, label: str, table) -> list[tuple[int, bool]]:
    """``[{"id": N}, {"id": N, "remove": "true"}]`` → [(id, remove)]; an unknown id is a 404."""
    out = []
    for item in entries(value, label):
        row_id = integer(item.get("id"))
        if row_id is None:
            raise LessonlyError(400, f"{label} is invalid")
        if table.get(row_id) is None:
            raise LessonlyError(404)
        out.append((row_id, truthy(item.get("remove", False))))
    return out


def group_name(value: Any, required: bool) -> str | None:
    """A group name, read as user names are: numbers cast to strings, objects and arrays invalid."""
    if value is None and not required:
        return None
    errors: list[str] = []
    name = text(value, "Name", errors)
    if errors:
        raise LessonlyError(400, errors[0])
    if name is None or not name.strip():
        raise LessonlyError(400, "Name can't be blank")
    return name


# --- content --------------------------------------------------------------------------------------

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
    from .store import PATH_TYPE

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
    if url and not re.match(r"^https?://[^\s/]+", url):
        raise LessonlyError(400, "Lesson completed callback url is invalid")
    return out
