"""Table-driven operations with semantics of their own: fulfilling a purchase, moving lessons to another
web package, a learner's sign-up field values in bulk, a learner's progress on one lesson; and the
per-kind checks and read-only fields of the generic handlers."""

from __future__ import annotations

from typing import Any

from flask import Response, g, request

from ..errors import FieldErrors, NotFound, invalid_pk
from ..params.body import validated
from ..params.records import Place, linked_rows, scope_of
from ..params.table import Operation, body_fields
from ..serialize.records import render
from . import views
from .common import no_content, ok, ops, state

USER_LESSONS = "/v1/users/{}/published-courses/{}/lessons"
USER_FIELDS = "/v1/domains/{}/users/{}/signup-fields"


def fulfil(operation: Operation, where: Place) -> Response:
    purchase = where.parents[-1]
    data = validated(body_fields(operation.request))
    details = {k: v for k, v in data.items() if k in ("payment_processor_order_id", "payment_processor_response_data")}
    if data.get("error_msg"):
        details["status_msg"] = data["error_msg"]
    ops().fulfil_purchase(purchase, data["state"], **details)
    offer = state().records.get(purchase.data.get("offer_id", ""))
    target = ""
    if offer is not None:
        published = state().published_courses.get(offer.data.get("published_course_id") or "")
        target = f"https://{published.domain_name}/{published.slug}" if published else ""
    return ok(render(state(), operation.response, {"redirect_url": target, "purchase": views.data_of(purchase)}),
              operation.status)


def move_lessons(operation: Operation, where: Place) -> Response:
    """Every lesson on this web package moves to the one the body names (assumption, docs/skilljar.md)."""
    package = where.parents[-1]
    data = validated(body_fields(operation.request))
    linked_rows(state(), data)
    for lesson in state().records_of("/v1/lessons"):
        if lesson.data.get("content_web_package_id") == package.id:
            ops().update_record(lesson, {"content_web_package_id": data["web_package_id"]})
    return no_content(operation.status)


def signup_fields_bulk(operation: Operation, where: Place) -> Response:
    st = state()
    domain_name, user_id = where.values["domain_name"], where.values["user_id"]
    items = validated(body_fields(operation.request))["signup_fields"]
    fields_scope = scope_of("/v1/domains/{}/signup-fields", [domain_name])
    problems = [{} if st.record_at(fields_scope, item["id"]) else {"id": invalid_pk(item["id"])} for item in items]
    if any(problems):
        raise FieldErrors({"signup_fields": problems})
    scope = scope_of(USER_FIELDS, [domain_name, user_id])
    results = []
    for item in items:
        data = {"signup_field": {"id": item["id"]}, "value": item["value"]}
        row = st.record_at(scope, item["id"])
        if row is None:
            ops().create_record(USER_FIELDS, scope, data, [*where.ancestors, item["id"]], key=item["id"])
        else:
            ops().update_record(row, data)
        results.append(data)
    return ok(render(st, operation.response, {"results": results}), operation.status)


def user_lesson(operation: Operation, where: Place) -> Response:
    """A learner's progress on one lesson of the course they are enrolled in: every lesson of the course
    has one (made when first written; a lesson not yet started reads as no progress)."""
    st = state()
    enrollment = where.parents[-1]
    lesson_id = where.values["lesson_id"]
    published = st.published_courses.get(enrollment.published_course_id)
    lesson = st.row_of("/v1/lessons", lesson_id)
    if lesson is None or published is None or lesson.data.get("course_id") != published.course_id:
        raise NotFound()
    scope = scope_of(USER_LESSONS, [where.values["user_id"], where.values["published_course_id"]])
    row = st.record_at(scope, lesson_id)
    if request.method == "GET":
        if row is None:
            return ok(render(st, operation.response, {"lesson": {"id": lesson_id}, "lesson_progress": {}}))
        return ok(render(st, operation.response, views.data_of(row)))
    data = validated(body_fields(operation.request), partial=request.method == "PATCH")
    changes = {k: v for k, v in (data.get("lesson_progress") or {}).items() if k != "lesson_progress_id"}
    if row is None:
        progress = ops().create_record("/v1/lesson-progress", "/v1/lesson-progress|",
                                       {"view_count": 1, "last_viewed_on": ops().now(), "completed_at": None,
                                        "enrollment_id": enrollment.id, "lesson_id": lesson_id},
                                       [enrollment.id, lesson_id])
        row = ops().create_record(USER_LESSONS, scope, {"lesson": {"id": lesson_id}, "lesson_progress": {
            "id": progress.id, "lesson_progress_id": progress.id}}, [enrollment.id, lesson_id, progress.id],
            key=lesson_id)
    progress = st.records.get(row.data["lesson_progress"]["id"])
    if progress is not None and changes:
        ops().update_record(progress, changes)
    return ok(render(st, operation.response, views.data_of(row)))


SPECIAL = {
    "POST /v1/purchases/{}/fulfill": fulfil,
    "PUT /v1/web-packages/{}/lessons": move_lessons,
    "POST /v1/domains/{}/users/{}/signup-fields-bulk": signup_fields_bulk,
    "GET /v1/users/{}/published-courses/{}/lessons/{}": user_lesson,
    "PUT /v1/users/{}/published-courses/{}/lessons/{}": user_lesson,
    "PATCH /v1/users/{}/published-courses/{}/lessons/{}": user_lesson,
}


# checks before a generic write (they may complete the body with what the path implies)
def _manager_access(operation: Operation, where: Place, data: dict[str, Any], row: Any) -> None:
    data["user"] = {"id": where.values["user_id"]}


def _registration(operation: Operation, where: Place, data: dict[str, Any], row: Any) -> None:
    """A session has ``seats_total`` seats (assumption: a full session refuses, docs/skilljar.md)."""
    session_id = (data.get("vilt_session") or {}).get("id")
    session = state().row_of("/v1/ilt-sessions", session_id) if session_id else None
    if session is None or row is not None:
        return
    taken = sum(1 for r in state().records_of("/v1/vilt-session-registrations")
                if (r.data.get("vilt_session") or {}).get("id") == session.id)
    seats = session.data.get("seats_total")
    if isinstance(seats, int) and seats and taken >= seats:
        raise FieldErrors({"vilt_session": ["This session is full."]})


CHECKS = {"/v1/domains/{}/users/{}/manager-access": _manager_access,
          "/v1/vilt-session-registrations": _registration}


def check_list(operation: Operation) -> None:
    """A list's required filters: ``course_id`` on ``GET /v1/lessons`` when the tenant's switch says so."""
    if operation.op == "GET /v1/lessons" and not request.args.get("course_id") \
            and g.tenant.switch("lessons_require_course_id"):
        raise FieldErrors({"course_id": ["This field is required."]})


def check(operation: Operation, where: Place, data: dict[str, Any], row: Any = None) -> None:
    hook = CHECKS.get(operation.kind)
    if hook is not None:
        hook(operation, where, data, row)
