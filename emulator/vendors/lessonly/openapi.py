"""Lessonly's pieces of its generated OpenAPI document (issue #13): per REST endpoint, the answer's
JSON Schema (``fixtures/schemas/lessonly/``), the query parameters and bodies ``params`` reads, the
switches that change the answer; the SCIM surface from ``scim.PROFILE``."""

from __future__ import annotations

from ...openapi import scim as openapi_scim
from ...openapi.spec import Answer, OperationDoc, RouteOp, SurfaceDoc, rate_limit
from . import scim
from .limits import PLANS, RATE_LIMITED
from .params.request import DEFAULT_PER_PAGE, MAX_PER_PAGE
from .params.users import LOCALES, TEXT_FIELDS
from .store import ROLE_IDS

DESCRIPTION = (
    "Lessonly (Seismic Learning) REST API v1 and v1.1 and its scim_rails SCIM 2.0 surface, as lms-emulator "
    "serves them: generated from the emulator's route table, request parsers and the project's JSON Schemas. "
    "Each operation's `x-emulator-catalogue` names the fidelity catalogue entries (source, confidence) that "
    "describe it, `x-emulator-switches` the tenant switches that change its answer.")

ERROR = "error"
PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1},
     "description": "read like Ruby to_i: no number is the default"},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                   "default": DEFAULT_PER_PAGE},
     "description": f"larger values are clamped to {MAX_PER_PAGE}"},
]
USER_FILTERS = [
    {"name": "filter[email]", "in": "query", "schema": {"type": "string"}},
    {"name": "filter[ext_uid]", "in": "query", "schema": {"type": "string"}},
    {"name": "filter[sso_id]", "in": "query", "schema": {"type": "string"}},
]
V11_USER_FILTERS = [
    {"name": "filter[created_since]", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "filter[active_only]", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]}},
]
ASSIGNMENT_FILTERS = [{"name": "gt[updated_at]", "in": "query", "schema": {"type": "string", "format": "date-time"}}]

_TEXT = {"type": ["string", "null"]}
USER_BODY = {"type": "object", "properties": {
    "name": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "role": {"enum": sorted(ROLE_IDS)}, "role_id": {"enum": sorted(ROLE_IDS.values())},
    **{k: _TEXT for k in TEXT_FIELDS}, "locale": {"enum": list(LOCALES)},
    "hire_date": {"type": "string", "format": "date"}, "send_invite": {"type": "boolean"},
    "custom_user_fields": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "value": {"type": "string"}}}}}}
CREATE_USER_BODY = {**USER_BODY, "required": ["name", "email"]}
MEMBERS = {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "integer"}, "remove": {"type": "string", "enum": ["true"]}}, "required": ["id"]}}
GROUP_BODY = {"type": "object", "properties": {"name": {"type": "string"}, "members": MEMBERS, "managers": MEMBERS}}
USER_GROUPS_BODY = {"type": "object", "properties": {"memberships": MEMBERS, "managing": MEMBERS}}
ASSIGNEES = {"type": "object", "required": ["assignments"], "properties": {"assignments": {
    "type": "array", "items": {"type": "object", "required": ["assignee_id"], "properties": {
        "assignee_id": {"type": "integer"}, "due_by": {"type": "string", "format": "date"},
        "notify": {"type": "boolean"}}}}}}
USER_ASSIGNABLES = {"type": "object", "required": ["assignments"], "properties": {"assignments": {
    "type": "array", "items": {"type": "object", "required": ["assignable_id", "assignable_type"], "properties": {
        "assignable_id": {"type": "integer"}, "assignable_type": {"enum": ["Lesson", "LearningPaths::Path"]},
        "due_by": {"type": "string", "format": "date"}}}}}}
LESSON_BODY = {"type": "object", "properties": {
    "title": {"type": "string"}, "retake_score": {"type": ["integer", "string"]}, "public": {"type": "boolean"}}}
CALLBACK_BODY = {"type": "object", "properties": {
    "lesson_completed_callback_url": {"type": ["string", "null"], "format": "uri"},
    "lesson_completed_callback_authorization": {"type": ["string", "null"]}}}

#: endpoint -> (summary, success status, schema, query parameters, body, switches)
REST = {
    "ping": ("Check the credentials", 200, "ping", [], None, ()),
    "users_v1": ("List users (newest first)", 200, "users_page", PAGE + USER_FILTERS, None, ()),
    "users_v11": ("List users (v1.1 items)", 200, "users_page_v11", PAGE + USER_FILTERS + V11_USER_FILTERS, None,
                  ()),
    "show_user": ("Read one user", 200, "user", [], None, ("guide_group_ids",)),
    "create_user": ("Create a user", 201, "user", [], CREATE_USER_BODY,
                    ("duplicate_email_status", "require_role", "guide_group_ids")),
    "update_user": ("Update a user", 200, "user", [], USER_BODY, ("duplicate_email_status", "guide_group_ids")),
    "archive_user": ("Archive a user", 200, "user", [], None, ()),
    "restore_user": ("Restore an archived user", 200, "user", [], None, ()),
    "delete_user": ("Delete a user", 200, "delete_user", [], None, ()),
    "user_groups": ("A user's memberships and managed groups", 200, "user_groups", [], None, ()),
    "update_user_groups": ("Add or remove memberships (additive)", 200, "user_groups", [], USER_GROUPS_BODY, ()),
    "user_assignments": ("A user's assignments (never paginated)", 200, "assignments", [], None,
                         ("user_assignment_item_type",)),
    "create_user_assignments": ("Assign lessons or paths to a user", 201, "assignments", [], USER_ASSIGNABLES,
                                ("user_assignment_item_type",)),
    "learning_library": ("A user's learning-library statistics", 200, "learning_library_statistics", [], None, ()),
    "list_groups": ("List groups (not paginated)", 200, "groups", [], None, ()),
    "show_group": ("Read one group", 200, "group", [], None, ()),
    "create_group": ("Create a group", 201, "group", [], {**GROUP_BODY, "required": ["name"]}, ()),
    "update_group": ("Rename a group, change members and managers", 200, "group", [], GROUP_BODY, ()),
    "archive_group": ("Archive a group", 200, "group", [], None, ()),
    "restore_group": ("Restore a group", 200, "group", [], None, ()),
    "delete_group": ("Delete a group", 200, "delete_group", [], None, ()),
    "group_assignments": ("A group's assignments (a bare array)", 200, "group_assignments", [], None, ()),
    "lessons": ("List lessons", 200, "lessons", [], None, ()),
    "lessons_v11": ("List lessons (v1.1 items)", 200, "lessons", [], None, ()),
    "lesson": ("Read one lesson", 200, "lesson", [], None, ()),
    "lesson_v11": ("Read one lesson (v1.1)", 200, "lesson", [], None, ()),
    "update_lesson": ("Update a lesson", 200, "lesson", [], LESSON_BODY, ()),
    "archive_lesson": ("Archive a lesson", 200, "lesson", [], None, ()),
    "restore_lesson": ("Restore a lesson", 200, "lesson", [], None, ()),
    "lesson_assignments": ("A lesson's assignments", 200, "assignments_page", PAGE, None, ()),
    "assign_lesson": ("Assign a lesson (POST 201, PUT 200)", 200, "assignments", [], ASSIGNEES, ()),
    "lesson_completed": ("A lesson's completed assignments count", 200, "count", [], None, ()),
    "lesson_total": ("A lesson's total completions", 200, "count", [], None, ()),
    "lesson_breakdown": ("A lesson's completions by origin", 200, "completion_breakdown", [], None, ()),
    "courses": ("List courses (deprecated, still served)", 200, "courses", [], None, ()),
    "course": ("Read one course", 200, "course", [], None, ()),
    "course_v11": ("Read one course (v1.1)", 200, "course", [], None, ()),
    "archive_course": ("Archive a course", 200, "course", [], None, ()),
    "restore_course": ("Restore a course", 200, "course", [], None, ()),
    "course_assignments": ("A course's assignments", 200, "assignments_page", PAGE, None, ()),
    "assign_course": ("Assign a course (POST 201, PUT 200)", 200, "assignments", [], ASSIGNEES, ()),
    "course_completed": ("A course's completed assignments count", 200, "count", [], None, ()),
    "paths": ("List paths", 200, "paths", [], None, ()),
    "paths_v11": ("List paths (v1.1 items)", 200, "paths", [], None, ()),
    "path": ("Read one path with its contents", 200, "path", [], None, ()),
    "path_total": ("A path's total completions", 200, "count", [], None, ()),
    "archive_path": ("Archive a path", 200, "path", [], None, ()),
    "restore_path": ("Restore a path", 200, "path", [], None, ()),
    "path_assignments": ("A path's assignments", 200, "assignments_page", PAGE, None, ()),
    "assign_path": ("Assign a path (POST 201, PUT 200)", 200, "assignments", [], ASSIGNEES, ()),
    "path_completed": ("A path's completed assignments count", 200, "count", [], None, ()),
    "tags": ("List tags", 200, "tags", [], None, ()),
    "tag": ("Read one tag", 200, "tag", [], None, ()),
    "tag_lessons": ("A tag's lessons", 200, "tag_lessons", [], None, ()),
    "tag_courses": ("A tag's courses", 200, "tag_courses", [], None, ()),
    "tag_paths": ("A tag's paths", 200, "tag_paths", [], None, ()),
    "assignments": ("List every assignment", 200, "assignments_page", PAGE + ASSIGNMENT_FILTERS, None, ()),
    "assignments_v11": ("List every assignment (v1.1)", 200, "assignments_page",
                        PAGE + ASSIGNMENT_FILTERS + [{"name": "filter[group_id]", "in": "query",
                                                      "schema": {"type": "integer"}}], None, ()),
    "assignments_by_status": ("List assignments in one status", 200, "assignments_page", PAGE, None, ()),
    "company_settings": ("Set the lesson-completed callback", 200, "company_settings", [], CALLBACK_BODY, ()),
}
RAILS_404 = {"type": "object", "required": ["status", "error"], "additionalProperties": False,
             "properties": {"status": {"const": 404}, "error": {"const": "Not Found"}}}
STATUSES = {"type": "string", "enum": ["incomplete", "completed", "overdue", "grade_pending"]}

RATE_LIMIT = rate_limit(PLANS, f"403 {{\"error\": \"{RATE_LIMITED}\"}}", switch="over_limit_status")


def rest_errors() -> list[Answer]:
    return [Answer(400, ERROR, "Malformed body or invalid fields"),
            Answer(401, ERROR, "Wrong subdomain or API key"),
            Answer(403, ERROR, "Rate limit exceeded (the over_limit_status switch may make it 429)"),
            Answer(404, ERROR, "No such record"),
            Answer(406, ERROR, "An Accept header that does not take JSON"),
            Answer(409, ERROR, "Duplicate (duplicate_email_status switch)"),
            Answer(413, ERROR, "Body over 10 MB"),
            Answer(422, ERROR, "Duplicate (duplicate_email_status switch)"),
            Answer(429, ERROR, "Rate limit exceeded with over_limit_status=429")]


def describe_rest(op: RouteOp) -> OperationDoc:
    endpoint = op.endpoint.split(".", 1)[1]
    summary, status, schema, query, body, switches = REST[endpoint]
    if op.method == "POST" and endpoint.startswith("assign_"):
        status = 201
    version = "v1.1" if op.path.startswith("/api/v1.1/") else "v1"
    tag = op.path.split("/")[3] if len(op.path.split("/")) > 3 else "api"
    answers = [Answer(status, schema)]
    if op.method == "GET":
        answers.append(Answer(304, None, "Not Modified: If-None-Match named the current ETag (Rails)"))
    doc = OperationDoc(summary, answers, query=list(query), body=body,
                       body_types=("application/json", "application/x-www-form-urlencoded"),
                       switches=("over_limit_status", "error_body", *switches), tags=(tag,),
                       operation_id=f"{endpoint}_{op.method.lower()}",
                       extensions={"x-emulator-api-version": version})
    if endpoint == "assignments_by_status":
        doc.path_params["status"] = STATUSES
    return doc


def catalogue_keys(op: RouteOp, _surface: SurfaceDoc) -> list[str]:
    """The Endpoints table writes paths relative to the version root, with ``:id`` parameters."""
    for root in ("/api/v1.1", "/api/v1"):
        if op.path.startswith(root + "/"):
            return [op.path[len(root):]]
    return [op.path]


def surfaces() -> dict[str, SurfaceDoc]:
    basic = {"lessonlyBasic": {"type": "http", "scheme": "basic",
                               "description": "username: the company subdomain; password: the API key"}}
    scim_schemes = {"lessonlyScimBearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                           "description": "the company's SCIM token (a JWT naming its subdomain)"},
                    "lessonlyScimBasic": {"type": "http", "scheme": "basic",
                                          "description": "any username, the SCIM token as password"}}
    return {
        "rest": SurfaceDoc(
            title="REST", security_schemes=basic, security=[{"lessonlyBasic": []}], errors=rest_errors(),
            content_type="application/json", describe=describe_rest, rate_limit=RATE_LIMIT,
            description="REST API v1 and v1.1 under /api",
            unrouted=[Answer(404, ERROR), Answer(405, ERROR)]),
        "scim": openapi_scim.surface_doc(
            scim.PROFILE, security_schemes=scim_schemes,
            security=[{"lessonlyScimBearer": []}, {"lessonlyScimBasic": []}],
            errors=[400, 409, 415, 422], description="scim_rails SCIM 2.0 (Users only, no discovery)",
            switches=tuple(scim.SWITCHES),
            extra_errors=[Answer(500, "#/components/schemas/scim.Error",
                                 "scim_rails' production 500 (only with scim_unhandled_500 on)"),
                          Answer(404, "#/components/schemas/scim.Error",
                                 "No such user (SCIM Error); a path scim_rails does not route gets Rails' own 404: "
                                 "JSON for a JSON Accept, else the public HTML page",
                                 more=(("application/json", RAILS_404), ("text/html", None)))]),
    }


def components() -> dict[str, dict]:
    return openapi_scim.components(scim.PROFILE, id_type="integer")
