"""The only module that knows Lessonly's JSON: field names and order, types, the two timestamp styles,
envelopes with ``"type"`` first, and where the pagination totals go (after the array, as recorded).
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from .models import Assignment, Course, Group, Lesson, Path, Tag, User
from .store import PATH_TYPE, LessonlyState, custom_values, status_of, user_groups

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ...core.tenants import Tenant

DEFAULT_ZONE = "America/Indiana/Indianapolis"  # the DOCS samples' offsets (-04:00 / -05:00) fit Eastern time


@dataclass
class View:
    """What serializers need from the request: the store, "now", the company host and time zone."""

    state: LessonlyState
    at: float | Callable[[], float]  # "now", or the clock to read it from on first use
    host: str  # "https://acme.lessonly.com"
    zone: str = DEFAULT_ZONE
    shareable_only_public: bool = False  # the tenant switch of that name

    @classmethod
    def of(cls, tenant: "Tenant", now: float | None = None) -> "View":
        """The view of ``tenant`` at ``now`` (default: the tenant's clock, read only if a serializer asks:
        an answer that never reads it can be replayed from the answer memo, core/memo.py)."""
        sub = tenant.config.subdomain or tenant.name
        return cls(tenant.state, tenant.clock.now if now is None else now, f"https://{sub}.lessonly.com",
                   tenant.config.settings.get("time_zone") or cls.zone,
                   bool(tenant.switch("shareable_only_public")))

    @functools.cached_property
    def now(self) -> float:
        at = self.at
        return at() if callable(at) else at


# --- timestamps -----------------------------------------------------------------------------------

def utc(ts: float | None) -> str | None:
    """Style 1 (created_at, updated_at, assignment dates): ``2016-04-03T12:26:39Z``."""
    if ts is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo  # at the first zoned date: its import (sysconfig's data) is ~10 ms of a start

    return ZoneInfo(name)


def zoned(ts: float | None, zone: str) -> str | None:
    """Style 2 (archived_at, published_at): company zone offset with milliseconds,
    ``2019-02-01T02:51:40.436-05:00`` (DOCS samples)."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=_zone(zone)).isoformat(timespec="milliseconds")


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# --- users ----------------------------------------------------------------------------------------

def user_summary(user: User, view: View) -> dict:
    """A list item of /users (v1), also the members/managers of a group (DOCS, corrected 2019)."""
    return {
        "id": user.id,
        "resource_type": "user",
        "ext_uid": user.ext_uid,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "role_id": user.role_id,
        "archived_at": zoned(user.archived_at, view.zone),
        "archived_by_user_id": user.archived_by_user_id,
        "job_title": user.job_title,
        "business_unit": user.business_unit,
        "department": user.department,
        "location": user.location,
        "locale": user.locale,
        "hire_date": user.hire_date,
        "manager_name": user.manager_name,
    }


def custom_field_data(user: User, view: View) -> list[dict]:
    fields = view.state.custom_user_fields
    out = []
    for value in custom_values(view.state, user.id):
        field = fields.get(value.custom_user_field_id)
        out.append({"id": value.id, "custom_user_field_id": value.custom_user_field_id,
                    "name": field.name if field else None, "value": value.value})
    return out


def user_v11(user: User, view: View) -> dict:
    """A list item of /api/v1.1/users: the v1 fields plus phone, custom fields and groups (DOCS)."""
    members, managing = user_groups(view.state, user.id)
    item = user_summary(user, view)
    item["mobile_phone_number"] = user.mobile_phone_number
    item["custom_user_field_data"] = custom_field_data(user, view)
    item["groups"] = {"member": [{"id": g.id, "name": g.name} for g in members],
                      "manager": [{"id": g.id, "name": g.name} for g in managing]}
    return item


def user_detail(user: User, view: View, type_: str, group_ids: bool = False) -> dict:
    """show / create / update / archive / restore (DOCS "Show User Details"; VCR user.find)."""
    out = {
        "type": type_,
        "resource_type": "user",
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "role_id": user.role_id,
        "ext_uid": user.ext_uid,
        "job_title": user.job_title,
        "business_unit": user.business_unit,
        "department": user.department,
        "location": user.location,
        "locale": user.locale,
        "hire_date": user.hire_date,
        "manager_name": user.manager_name,
        "custom_user_field_data": custom_field_data(user, view),
        "archived_at": zoned(user.archived_at, view.zone),
        "archived_by_user_id": user.archived_by_user_id,
    }
    if group_ids:  # only under the guide_group_ids switch: the Stitchflow guide's field
        out["group_ids"] = [g.id for g in user_groups(view.state, user.id)[0]]
    return out


def user_groups_body(user: User, view: View, type_: str) -> dict:
    members, managing = user_groups(view.state, user.id)
    return {"type": type_,
            "memberships": [{"id": g.id, "name": g.name} for g in members],
            "managing": [{"id": g.id, "name": g.name} for g in managing]}


# --- groups ---------------------------------------------------------------------------------------

def group_item(group: Group, view: View) -> dict:
    return {"id": group.id, "name": group.name, "archived_at": zoned(group.archived_at, view.zone),
            "archived_by_user_id": group.archived_by_user_id}


def group_detail(group: Group, view: View, type_: str) -> dict:
    users = view.state.users
    return {
        "type": type_,
        "resource_type": "group",
        "id": group.id,
        "name": group.name,
        "archived_at": zoned(group.archived_at, view.zone),
        "archived_by_user_id": group.archived_by_user_id,
        "members": [user_summary(u, view) for u in map(users.get, group.member_ids) if u is not None],
        "managers": [user_summary(u, view) for u in map(users.get, group.manager_ids) if u is not None],
    }


# --- tags, links ----------------------------------------------------------------------------------

def tag(t: Tag) -> dict:
    return {"id": t.id, "resource_type": "tag", "name": t.name}


def tags(ids: list[int], view: View) -> list[dict]:
    table = view.state.tags
    return [tag(t) for t in map(table.get, ids) if t is not None]


def links(kind: str, row_id: int, title: str, public: bool, view: View) -> dict:
    """``overview`` and ``shareable`` (DOCS: 15 of 16 samples, public or not); with the switch
    ``shareable_only_public``, ``shareable`` only for public content (the one DOCS sample without it)."""
    base = f"{view.host}/{kind}s/{row_id}-{slug(title)}"
    out = {"overview": base}
    if public or not view.shareable_only_public:
        out["shareable"] = f"{view.host}/{kind}/{row_id}-{slug(title)}"
    return out


# --- content (lessons, courses, paths) ----------------------------------------------------------

def archived(row, view: View) -> dict:
    """``archived_at`` (in the company's zone) and ``archived_by_user_id``, in that order."""
    return {"archived_at": zoned(row.archived_at, view.zone), "archived_by_user_id": row.archived_by_user_id}


def content_meta(kind: str, row, view: View) -> dict:
    """``created_at``, ``last_updated_at``, ``tags`` and ``links`` of a lesson, course or path, in that order."""
    return {"created_at": utc(row.created_at), "last_updated_at": utc(row.last_updated_at),
            "tags": tags(row.tag_ids, view), "links": links(kind, row.id, row.title, row.public, view)}


# --- lessons --------------------------------------------------------------------------------------

def lesson_item(lesson: Lesson, view: View) -> dict:
    return {"id": lesson.id, "title": lesson.title, **archived(lesson, view)}


def lesson_item_v11(lesson: Lesson, view: View) -> dict:
    return {
        "id": lesson.id,
        "resource_type": "lesson",
        "title": lesson.title,
        **archived(lesson, view),
        "retake_score": lesson.retake_score,
        "public": lesson.public,
        **content_meta("lesson", lesson, view),
    }


def lesson_counts(lesson_id: int, view: View) -> tuple[int, int]:
    """(assignees_count, completed_count) over the lesson's own assignments (not via paths)."""
    from .store import assignments_for

    items = assignments_for(view.state, "Lesson", lesson_id)
    return len(items), sum(1 for a in items if a.state == "completed")


def lesson_detail(lesson: Lesson, view: View, type_: str | None, counts: bool = True) -> dict:
    out: dict = {} if type_ is None else {"type": type_}
    out.update({"id": lesson.id, "resource_type": "lesson", "title": lesson.title})
    if counts:
        out["assignees_count"], out["completed_count"] = lesson_counts(lesson.id, view)
    out.update({
        "retake_score": lesson.retake_score,
        "description": lesson.description,
        "public": lesson.public,
        **content_meta("lesson", lesson, view),
        **archived(lesson, view),
    })
    return out


# --- courses --------------------------------------------------------------------------------------

def course_item(course: Course, view: View) -> dict:
    return {"id": course.id, "title": course.title, **archived(course, view)}


def course_detail(course: Course, view: View, type_: str | None, v11: bool = False) -> dict:
    from .store import assignments_for

    lessons = view.state.lessons
    out: dict = {} if type_ is None else {"type": type_}
    out.update({"resource_type": "course", "id": course.id})
    if v11:  # DOCS "Show Course Details (v1.1)": owner and lessons, no counts
        out.update({"owner_id": course.owner_id, "title": course.title, "description": course.description,
                    "lessons": [{"id": x.id, "title": x.title} for x in map(lessons.get, course.lesson_ids) if x]})
        return out
    items = assignments_for(view.state, "Course", course.id)
    out.update({
        "title": course.title,
        "assignees_count": len(items),
        "completed_count": sum(1 for a in items if a.state == "completed"),
        "description": course.description,
        "lessons": [{"id": x.id, "title": x.title} for x in map(lessons.get, course.lesson_ids) if x],
        "public": course.public,
        **content_meta("course", course, view),
        **archived(course, view),
    })
    return out


def tag_course(course: Course, view: View) -> dict:
    """DOCS "Tag Courses": nested lessons carry full lesson fields (as VCR course.find does)."""
    out = course_detail(course, view, None)
    lessons = view.state.lessons
    out["lessons"] = [
        {k: v for k, v in lesson_detail(x, view, None).items()
         if k in ("id", "resource_type", "title", "assignees_count", "completed_count", "retake_score",
                  "description")}
        for x in map(lessons.get, course.lesson_ids) if x]
    return out


# --- paths ----------------------------------------------------------------------------------------

def path_item(path: Path, view: View) -> dict:
    return {"id": path.id, "title": path.title, "archived_at": zoned(path.archived_at, view.zone),
            "archived_by_user_id": path.archived_by_user_id, "is_certification": path.is_certification}


def path_item_v11(path: Path, view: View) -> dict:
    return {
        "resource_type": "path",
        "id": path.id,
        "title": path.title,
        "archived_at": zoned(path.archived_at, view.zone),
        "archived_by_user_id": path.archived_by_user_id,
        "public": path.public,
        "created_at": utc(path.created_at),
        "last_updated_at": utc(path.last_updated_at),
        "published_at": zoned(path.published_at, view.zone),
        "publisher_id": path.publisher_id,
        "tags": tags(path.tag_ids, view),
        "links": links("path", path.id, path.title, path.public, view),
        "is_certification": path.is_certification,
    }


def path_contents(path: Path, view: View, depth: int = 0) -> list[dict]:
    out = []
    for step in path.contents:
        kind = step.get("resource_type")
        if kind == "lesson":
            lesson = view.state.lessons.get(step["id"])
            if lesson is not None:
                out.append({"id": lesson.id, "resource_type": "lesson", "title": lesson.title,
                            "archived_at": zoned(lesson.archived_at, view.zone),
                            "archived_by_user_id": lesson.archived_by_user_id})
        elif kind == "path":
            inner = view.state.paths.get(step["id"])
            if inner is not None and depth < 5:
                out.append({"id": inner.id, "resource_type": "path", "title": inner.title,
                            "archived_at": zoned(inner.archived_at, view.zone),
                            "archived_by_user_id": inner.archived_by_user_id,
                            "contents": path_contents(inner, view, depth + 1)})
        else:
            out.append(dict(step))
    return out


def path_detail(path: Path, view: View, type_: str | None, certification: bool = True) -> dict:
    out: dict = {} if type_ is None else {"type": type_}
    out.update({
        "id": path.id,
        "resource_type": "path",
        "title": path.title,
        "description": path.description,
        "enforced_order": path.enforced_order,
        "public": path.public,
        "created_at": utc(path.created_at),
        "last_updated_at": utc(path.last_updated_at),
        "published_at": zoned(path.published_at, view.zone),
        "publisher_id": path.publisher_id,
        "tags": tags(path.tag_ids, view),
        "links": links("path", path.id, path.title, path.public, view),
        **archived(path, view),
        "contents": path_contents(path, view),
    })
    if certification:
        out["is_certification"] = path.is_certification
    return out


# --- assignments ----------------------------------------------------------------------------------

def assignment(a: Assignment, view: View, item_type: bool = False, v11: bool = False) -> dict:
    """DOCS field order; ``score`` is an integer (VCR: 0 on a new assignment, courses included: VCR
    course.assign has it although the DOCS course samples omit it)."""
    user = view.state.users.get(a.assignee_id)
    out: dict = {"type": "Assignment"} if item_type else {}
    out.update({
        "id": a.id,
        "resource_type": "assignment",
        "assignee_id": a.assignee_id,
        "assignable_type": a.assignable_type,
        "assignable_id": a.assignable_id,
        "ext_uid": user.ext_uid if user else None,
        "due_by": utc(a.due_by),
        "assigned_at": utc(a.assigned_at),
        "reassigned_at": utc(a.reassigned_at),
        "started_at": utc(a.started_at),
        "completed_at": utc(a.completed_at),
        "updated_at": utc(a.updated_at),
        "status": status_of(a, view.now),
        "score": a.score,
    })
    if v11 and a.assignable_type == PATH_TYPE:
        path = view.state.paths.get(a.assignable_id)
        out["contents"] = _progress(path, a, view) if path else []
        out["is_certification"] = path.is_certification if path else False
    return out


def _progress(path: Path, a: Assignment, view: View, depth: int = 0) -> list[dict]:
    """v1.1 path assignment contents: per-lesson progress, derived from the path assignment's state."""
    done = a.state == "completed"
    out = []
    for step in path.contents:
        kind = step.get("resource_type")
        if kind == "lesson":
            out.append({"id": step["id"], "resource_type": "lesson",
                        "started_at": utc(a.started_at) if done else None,
                        "completed_at": utc(a.completed_at) if done else None,
                        "score": a.score if done else None,
                        "status": "Completed" if done else "Incomplete"})
        elif kind == "path" and depth < 5:
            inner = view.state.paths.get(step["id"])
            if inner is not None:
                out.append({"id": inner.id, "resource_type": "path",
                            "contents": _progress(inner, a, view, depth + 1)})
    return out


# --- envelopes ------------------------------------------------------------------------------------

def paginated(type_: str, key: str, items: list, total: int, page: int, per_page: int) -> dict:
    """``type``, the array, then total/total_pages/page/per_page: the order of VCR user.all."""
    return {"type": type_, key: items, f"total_{key}": total,
            "total_pages": -(-total // per_page) if per_page else 0, "page": page, "per_page": per_page}


def webhook_payload(a: Assignment, view: View) -> dict:
    """The lesson-completed webhook body (informatica ``reporting-webhook-sample-payload.json``):
    ids as strings, ``score`` a fraction and ``score_percent`` a float."""
    user = view.state.users.get(a.assignee_id)
    lesson = view.state.lessons.get(a.assignable_id)
    fields = view.state.custom_user_fields
    custom = {}
    if user is not None:
        for v in custom_values(view.state, user.id):
            field = fields.get(v.custom_user_field_id)
            if field is not None:
                custom[field.name] = v.value
    percent = float(a.score or 0)
    fraction = round(percent / 100, 4)
    return {
        "user": {"ext_uid": user.ext_uid if user else None, "id": str(a.assignee_id),
                 "name": user.name if user else None, "email": user.email if user else None,
                 "custom_fields": custom},
        "lesson": {"id": str(a.assignable_id), "title": lesson.title if lesson else None,
                   "retake_score": lesson.retake_score if lesson else None},
        "score": int(fraction) if fraction.is_integer() else fraction,
        "score_percent": percent,
        "started_at": utc(a.started_at),
        "completed_at": utc(a.completed_at),
        "assigned_at": utc(a.assigned_at),
        "report_card_url": f"{view.host}/assignments/{a.id}",
    }
