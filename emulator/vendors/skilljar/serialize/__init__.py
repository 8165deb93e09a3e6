"""Rows → Skilljar's JSON: the only module that knows field names, types and date formats.

REST dates are DRF's ISO 8601 output: UTC with a ``Z`` suffix, microseconds only when non-zero
(``2026-01-01T00:00:00Z``). Webhook event dates are Python ``isoformat()`` with ``+00:00`` and
microseconds (``2021-04-22T21:40:31.918508+00:00``, the recorded skilljar4j event).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..models import (
    Course,
    Domain,
    DomainUser,
    Enrollment,
    Group,
    GroupCategory,
    GroupMember,
    Label,
    PathEnrollment,
    PlanEnrollment,
    PublishedCourse,
    PublishedPath,
    User,
    Webhook,
)
from ..store import SkilljarState


@lru_cache(maxsize=1 << 16)  # list pages format the same instants again and again
def ts(value: float | None) -> str | None:
    """DRF DateTimeField output."""
    if value is None:
        return None
    text = datetime.fromtimestamp(value, UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def event_ts(value: float) -> str:
    """Webhook event timestamp: always with microseconds and ``+00:00``."""
    return datetime.fromtimestamp(value, UTC).isoformat(timespec="microseconds")


def read_only_user(user: User | None, user_id: str = "") -> dict[str, Any]:
    if user is None:
        return {"id": user_id, "email": "", "first_name": "", "last_name": ""}
    return {"id": user.id, "email": user.email, "first_name": user.first_name, "last_name": user.last_name}


def full_user(user: User) -> dict[str, Any]:
    return {**read_only_user(user), "full_name": f"{user.first_name} {user.last_name}".strip()}


def user_overview(state: SkilljarState, user: User) -> dict[str, Any]:
    enrollments = state.enrollments.where("user_id", user.id)
    return {
        "user": read_only_user(user),
        "registration_count": len(enrollments),
        "completion_count": sum(1 for e in enrollments if e.completed_at is not None),
        "signed_up_at": ts(user.signed_up_at),
        "latest_activity": ts(user.latest_activity),
        "inactive_at": ts(user.inactive_at),
    }


def user_update(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "inactive_at": ts(user.inactive_at)}


def domain(row: Domain) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "catalog_title": row.catalog_title,
            "private": row.access != "PUBLIC", "access": row.access,
            "access_code_message_html": row.access_code_message_html, "marketing_message": row.marketing_message}


def domain_user(state: SkilljarState, row: DomainUser, *, detail: bool = False, token: bool = False,
                signup_fields: bool = False) -> dict[str, Any]:
    user = state.users.get(row.user_id)
    out: dict[str, Any] = {
        "user": full_user(user) if user else read_only_user(None, row.user_id),
        "active": row.active,
        "marketing_optin": row.marketing_optin,
        "enrolled_at": ts(row.enrolled_at),
        "expires_at": ts(row.expires_at),
        "access_code": access_code(state, row.access_code_id),
    }
    if detail or signup_fields:
        out["signup_fields"] = signup_values(state, row)
    if token:
        out["login_token"] = row.login_token
    return out


def signup_values(state: SkilljarState, row: DomainUser) -> list[dict[str, Any]]:
    """A member's sign-up field values (``UserSignupFieldValue``), in the order they were given."""
    out = []
    for value in state.signup_values(row.domain_name, row.user_id):
        field = state.records.get(value.key)
        out.append({"signup_field": {"id": value.key, "label": field.data.get("label", "") if field else ""},
                    "value": value.data.get("value", "")})
    return out


def access_code(state: SkilljarState, code_id: str | None) -> dict[str, Any] | None:
    """The access code a member joined with (``AccessCode``), or null."""
    code = state.records.get(code_id) if code_id else None
    if code is None:
        return None
    pool = state.records.get(code.ancestors[-1]) if code.ancestors else None
    return {"id": code.id, "code": code.data.get("code", ""),
            "pool": {"id": pool.id if pool else "", "name": pool.data.get("name", "") if pool else ""}}


def course_summary(course: Course | None, course_id: str = "") -> dict[str, Any]:
    if course is None:
        return {"id": course_id, "title": "", "lesson_count": 0, "required_lesson_count": 0}
    return {"id": course.id, "title": course.title, "lesson_count": course.lesson_count,
            "required_lesson_count": course.required_lesson_count}


def course(state: SkilljarState, row: Course) -> dict[str, Any]:
    labels = [state.labels.get(i) for i in row.label_ids]
    return {
        "id": row.id,
        "enforce_sequential_navigation": row.enforce_sequential_navigation,
        "long_description_html": row.long_description_html,
        "short_description": row.short_description,
        "title": row.title,
        "labels": [label.name for label in labels if label is not None],
        "draft_origin_id": row.id,
        "promo_image_url": "",
        "display_course_and_lesson_time": row.display_course_and_lesson_time,
        "manual_course_time": row.manual_course_time,
        "display_manual_course_time": row.display_manual_course_time,
        "course_and_lesson_time_format": row.course_and_lesson_time_format,
        "course_time": "",
        "created_at": ts(row.created_at),
        "modified_at": ts(row.modified_at),
        "average_rating": 0.0,
    }


def label_association(label: Label) -> dict[str, Any]:
    return {"label": {"id": label.id, "name": label.name}}


def course_url(row: PublishedCourse) -> str:
    return f"https://{row.domain_name}/{row.slug}"


def published_course(state: SkilljarState, row: PublishedCourse, detail: bool = False) -> dict[str, Any]:
    """``PublishedCourse``; ``detail`` gives the retrieve shape (``PublishedCourseDetail``: descriptions)."""
    course_row = state.courses.get(row.course_id)
    summary = course_summary(course_row, row.course_id)
    if detail:
        summary["short_description"] = course_row.short_description if course_row else ""
        summary["long_description_html"] = course_row.long_description_html if course_row else ""
    return {
        "id": row.id,
        "course": summary,
        "slug": row.slug,
        "course_url": course_url(row),
        "hidden": row.hidden,
        "strict_enforce_group_visibility": row.strict_enforce_group_visibility,
        "registration_required": row.registration_required,
        "registration_starts_at": ts(row.registration_starts_at),
        "registration_ends_at": ts(row.registration_ends_at),
        "restrict_access_start_end_dates": row.restrict_access_start_end_dates,
        "allow_self_service_reenroll": row.allow_self_service_reenroll,
        "unique_progress_per_enrollment": row.unique_progress_per_enrollment,
        "require_all_prerequisites": row.require_all_prerequisites,
        "timezone": None,
        "offer": {"id": row.id, "registration_open": True, "registration_url": course_url(row),
                  "price": {"amount": "0.00", "currency_code": "USD"}},
    }


def enrollment(state: SkilljarState, row: Enrollment) -> dict[str, Any]:
    return {
        "id": row.id,
        "user": read_only_user(state.users.get(row.user_id), row.user_id),
        "enrolled_at": ts(row.enrolled_at),
        "expires_at": ts(row.expires_at),
        "active": row.active,
        "purchase": None,
        "rating": None,
        "feedback": None,
    }


def course_progress(row: Enrollment) -> dict[str, Any]:
    return {
        "course_progress_id": row.course_progress_id,
        "completed_lesson_count": row.completed_lesson_count,
        "completed_required_lesson_count": row.completed_required_lesson_count,
        "completed_at": ts(row.completed_at),
        "latest_activity": ts(row.latest_activity),
        "score": row.score,
        "max_score": row.max_score,
        "credits_earned": row.credits_earned,
        "credit_unit_plural": row.credit_unit_plural,
        "success_status": row.success_status,
    }


def user_published_course(state: SkilljarState, row: Enrollment) -> dict[str, Any]:
    published = state.published_courses.get(row.published_course_id)
    siblings = [e for e in state.enrollments.where("user_id", row.user_id)
                if e.published_course_id == row.published_course_id]
    return {
        "published_course_id": row.published_course_id,
        "domain_name": row.domain_name,
        "enrolled_at": ts(row.enrolled_at),
        "enrollment_id": row.id,
        "course": course_summary(state.courses.get(published.course_id) if published else None),
        "course_progress": course_progress(row),
        "certificate": None,
        "all_enrollments": [{"enrollment_id": e.id, "course_progress_id": e.course_progress_id,
                             "active": e.active, "expires_at": ts(e.expires_at)} for e in siblings],
    }


def _held(parent_key: str, parent_id: str, row: PathEnrollment | PlanEnrollment) -> dict[str, Any]:
    """The keys a user's path and plan enrollments share, in the document's order."""
    return {parent_key: parent_id, "domain_name": row.domain_name, "enrolled_at": ts(row.enrolled_at),
            "expires_at": ts(row.expires_at), "active": row.active, "enrollment_id": row.id}


def user_path_enrollment(state: SkilljarState, row: PathEnrollment) -> dict[str, Any]:
    path = state.published_paths.get(row.published_path_id)
    return {
        **_held("published_path_id", row.published_path_id, row),
        "published_path": {"id": row.published_path_id, "title": path.title if path else "",
                           "course_count": path.course_count if path else 0},
        "published_path_progress": {
            "path_progress_id": row.path_progress_id,
            "completed_course_count": row.completed_course_count,
            "completed_required_course_count": row.completed_required_course_count,
            "completed_at": ts(row.completed_at),
            "latest_activity": ts(row.latest_activity),
        },
    }


def published_path(row: PublishedPath) -> dict[str, Any]:
    url = f"https://{row.domain_name}/path/{row.slug}"
    return {
        "id": row.id,
        "slug": row.slug,
        "path": {"id": row.path_id, "title": row.title, "promo_image_url": "",
                 "short_description": row.short_description, "long_description_html": "", "header_html": "",
                 "course_name_singular": "Course",
                 "course_name_plural": "Courses", "path_item_count": row.course_count},
        "path_url": url,
        "hidden": row.hidden,
        "strict_enforce_group_visibility": row.strict_enforce_group_visibility,
        "offer": {"id": row.id, "registration_open": True, "registration_url": url,
                  "price": {"amount": "0.00", "currency_code": "USD"}},
        "unique_progress_per_enrollment": row.unique_progress_per_enrollment,
        "created_at": ts(row.created_at),
        "modified_at": ts(row.modified_at),
    }


def path_enrollment(state: SkilljarState, row: PathEnrollment) -> dict[str, Any]:
    return {"id": row.id, "user": read_only_user(state.users.get(row.user_id), row.user_id),
            "enrolled_at": ts(row.enrolled_at), "expires_at": ts(row.expires_at), "active": row.active,
            "purchase": None}


def plan_enrollment(state: SkilljarState, row: PlanEnrollment) -> dict[str, Any]:
    """``PlanEnrollment`` (and its create/update shapes, which have the same fields)."""
    return {"id": row.id, "user": read_only_user(state.users.get(row.user_id), row.user_id),
            "enrolled_at": ts(row.enrolled_at), "expires_at": ts(row.expires_at), "active": row.active,
            "purchase": None}


def user_plan_enrollment(state: SkilljarState, row: PlanEnrollment) -> dict[str, Any]:
    plan = state.plans.get(row.plan_id)
    return {
        **_held("plan_id", row.plan_id, row),
        "plan": {"id": row.plan_id, "title": plan.title if plan else ""},
    }


def group(state: SkilljarState, row: Group) -> dict[str, Any]:
    rule = row.sign_up_field_rule or {}
    return {
        "id": row.id,
        "name": row.name,
        "user_count": state.group_members.count_where("group_id", row.id),
        "discount_percent": row.discount_percent,
        "group_category_id": row.group_category_id,
        "sign_up_field_rule": {"enforce": bool(rule.get("enforce", False)),
                               "require_match_all": bool(rule.get("require_match_all", False)),
                               "options": []},
        "rule_email_domains": list(row.rule_email_domains),
    }


def group_user(state: SkilljarState, row: GroupMember) -> dict[str, Any]:
    return {"user": read_only_user(state.users.get(row.user_id), row.user_id), "created_at": ts(row.created_at)}


def group_membership(state: SkilljarState, row: GroupMember) -> dict[str, Any]:
    grp = state.groups.get(row.group_id)
    return {"id": row.id, "group": {"id": row.group_id, "name": grp.name if grp else ""},
            "joined_at": ts(row.created_at)}


def group_category(row: GroupCategory) -> dict[str, Any]:
    return {"id": row.id, "name": row.name}


def webhook(row: Webhook) -> dict[str, Any]:
    # Secrets come back in plaintext, as live (CSA-PKG events.py, verified 2026-08-28).
    return {
        "id": row.id,
        "target_url": row.target_url,
        "active": row.active,
        "deactivate_reason": row.deactivate_reason,
        "event_type": row.event_type,
        "basic_auth_username": row.basic_auth_username,
        "basic_auth_password": row.basic_auth_password,
        "additional_headers": dict(row.additional_headers),
    }
