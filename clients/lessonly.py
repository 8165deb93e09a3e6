"""A small typed client for Lessonly's REST API (v1 and v1.1), written from Lessonly's documentation
(docs.lessonly.com, ``lesson.ly-api-docs``). It does not depend on the emulator: point ``base_url`` at
``https://api.lessonly.com`` or at an emulator (``http://127.0.0.1:8003``).

    client = LessonlyClient("acme", "API_KEY")
    for user in client.iter_users():
        ...

Auth is HTTP Basic with the company subdomain as username and the API key as password. Errors raise
:class:`LessonlyAPIError` (``RateLimited`` for "403 Forbidden (Rate Limit Exceeded)" or a 429).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, TypedDict

import requests

Version = Literal["v1", "v1.1"]
AssignmentStatus = Literal["incomplete", "completed", "overdue", "grade_pending"]
PATH_TYPE = "LearningPaths::Path"


class UserSummary(TypedDict, total=False):
    id: int
    resource_type: str
    ext_uid: str | None
    email: str
    name: str
    role: str
    role_id: int
    archived_at: str | None
    archived_by_user_id: int | None
    job_title: str | None
    business_unit: str | None
    department: str | None
    location: str | None
    locale: str
    hire_date: str | None
    manager_name: str | None


class CustomFieldValue(TypedDict):
    id: int
    custom_user_field_id: int
    name: str
    value: str


class User(UserSummary, total=False):
    type: str
    custom_user_field_data: list[CustomFieldValue]
    mobile_phone_number: str | None  # v1.1 list
    groups: dict[str, list[dict[str, Any]]]  # v1.1 list: {"member": [...], "manager": [...]}


class Assignment(TypedDict, total=False):
    id: int
    resource_type: str
    assignee_id: int
    assignable_type: str
    assignable_id: int
    ext_uid: str | None
    due_by: str | None
    assigned_at: str | None
    reassigned_at: str | None
    started_at: str | None
    completed_at: str | None
    updated_at: str
    status: str  # "Completed" | "Incomplete" | "Overdue" | "Grade Pending"
    score: int | float | None


class Page(TypedDict, total=False):
    type: str
    total_pages: int
    page: int
    per_page: int


class UsersPage(Page, total=False):
    users: list[User]
    total_users: int


class AssignmentsPage(Page, total=False):
    assignments: list[Assignment]
    total_assignments: int


class CustomFieldInput(TypedDict, total=False):
    custom_user_field_id: int
    name: str
    value: str


class LessonlyAPIError(Exception):
    def __init__(self, status: int, body: Any, method: str, url: str) -> None:
        self.status = status
        self.body = body
        self.error = body.get("error") if isinstance(body, dict) else None
        super().__init__(f"{method} {url} -> {status}: {self.error or body!r}")


class RateLimited(LessonlyAPIError):
    """500 requests per minute; Lessonly answers "403 Forbidden (Rate Limit Exceeded)"."""


def _associations(add: list[int] | None, remove: list[int] | None) -> list[dict]:
    return [{"id": i} for i in add or []] + [{"id": i, "remove": "true"} for i in remove or []]


class LessonlyClient:
    def __init__(self, subdomain: str, api_key: str, base_url: str = "https://api.lessonly.com",
                 session: requests.Session | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.auth = (subdomain, api_key)
        self.session.headers.setdefault("Accept", "application/json")
        self.timeout = timeout

    # --- plumbing -------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, version: Version = "v1", params: dict | None = None,
                json: Any = None) -> Any:
        url = f"{self.base_url}/api/{version}{path}"
        response = self.session.request(method, url, params=params, json=json, timeout=self.timeout)
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = response.text
        if response.status_code >= 400:
            limited = response.status_code == 429 or (
                response.status_code == 403 and "rate limit" in str(body).lower())
            raise (RateLimited if limited else LessonlyAPIError)(response.status_code, body, method, url)
        return body

    def _pages(self, fetch, key: str, per_page: int) -> Iterator[dict]:
        """Page until ``page >= total_pages``, as tap-lessonly and informatica's client do."""
        page = 1
        while True:
            body = fetch(page=page, per_page=per_page)
            yield from body[key]
            if page >= body["total_pages"]:
                return
            page += 1

    # --- users ----------------------------------------------------------------------------------
    def ping(self) -> dict:
        return self.request("GET", "/ping")

    def list_users(self, page: int | None = None, per_page: int | None = None, *, email: str | None = None,
                   ext_uid: str | None = None, sso_id: str | None = None,
                   custom_user_field: dict[int, str] | None = None, created_since: str | None = None,
                   active_only: bool | None = None, version: Version = "v1") -> UsersPage:
        params: dict[str, Any] = {"page": page, "per_page": per_page, "filter[email]": email,
                                  "filter[ext_uid]": ext_uid, "filter[sso_id]": sso_id}
        for field_id, value in (custom_user_field or {}).items():
            params[f"filter[custom_user_field][{field_id}]"] = value
        if version == "v1.1":
            params["filter[created_since]"] = created_since
            params["filter[active_only]"] = "true" if active_only else None
        return self.request("GET", "/users", version=version,
                            params={k: v for k, v in params.items() if v is not None})

    def iter_users(self, per_page: int = 1000, **filters: Any) -> Iterator[User]:
        return self._pages(lambda **p: self.list_users(**p, **filters), "users", per_page)

    def get_user(self, user_id: int) -> User:
        return self.request("GET", f"/users/{user_id}")

    def find_user_by_email(self, email: str) -> UserSummary | None:
        users = self.list_users(email=email)["users"]
        return users[0] if users else None

    def create_user(self, name: str, email: str, *, role: str | None = None, role_id: int | None = None,
                    custom_user_fields: list[CustomFieldInput] | None = None, notify: bool | None = None,
                    **fields: Any) -> User:
        """POST /users. Lessonly requires ``role`` or ``role_id`` (``role_id`` preferred); with neither
        the answer is 400 ``Role can't be blank``."""
        body = {"name": name, "email": email, "role": role, "role_id": role_id,
                "custom_user_fields": custom_user_fields, **fields}
        if notify is not None:
            body["notify"] = "true" if notify else "false"
        return self.request("POST", "/users", json={k: v for k, v in body.items() if v is not None})

    def update_user(self, user_id: int, **fields: Any) -> User:
        return self.request("PUT", f"/users/{user_id}", json=fields)

    def archive_user(self, user_id: int) -> User:
        return self.request("PUT", f"/users/{user_id}/archive")

    def restore_user(self, user_id: int) -> User:
        return self.request("PUT", f"/users/{user_id}/restore")

    def delete_user(self, user_id: int) -> dict:
        return self.request("DELETE", f"/users/{user_id}")

    def user_groups(self, user_id: int) -> dict:
        return self.request("GET", f"/users/{user_id}/groups")

    def update_user_groups(self, user_id: int, *, join: list[int] | None = None, leave: list[int] | None = None,
                           manage: list[int] | None = None, unmanage: list[int] | None = None) -> dict:
        """Additive: only the listed groups change (``leave``/``unmanage`` send ``"remove": "true"``)."""
        body = {"memberships": _associations(join, leave), "managing": _associations(manage, unmanage)}
        return self.request("PUT", f"/users/{user_id}/groups", json=body)

    def user_assignments(self, user_id: int) -> list[Assignment]:
        return self.request("GET", f"/users/{user_id}/assignments")["assignments"]

    def assign_to_user(self, user_id: int, assignments: list[dict]) -> list[Assignment]:
        """``[{"assignable_id", "assignable_type": "Lesson"|"LearningPaths::Path", "due_by", "notify"}]``"""
        return self.request("POST", f"/users/{user_id}/assignments", json={"assignments": assignments})["assignments"]

    def learning_library_statistics(self, user_id: int) -> dict:
        return self.request("GET", f"/users/{user_id}/learning_library_statistics")["learning_library_statistics"]

    # --- groups ---------------------------------------------------------------------------------
    def list_groups(self) -> list[dict]:
        return self.request("GET", "/groups")["groups"]

    def get_group(self, group_id: int) -> dict:
        return self.request("GET", f"/groups/{group_id}")

    def create_group(self, name: str, members: list[int] = (), managers: list[int] = ()) -> dict:
        return self.request("POST", "/groups", json={"name": name, "members": [{"id": i} for i in members],
                                                      "managers": [{"id": i} for i in managers]})

    def update_group(self, group_id: int, *, name: str | None = None, add_members: list[int] | None = None,
                     remove_members: list[int] | None = None, add_managers: list[int] | None = None,
                     remove_managers: list[int] | None = None) -> dict:
        body: dict[str, Any] = {"members": _associations(add_members, remove_members),
                                "managers": _associations(add_managers, remove_managers)}
        if name is not None:
            body["name"] = name
        return self.request("PUT", f"/groups/{group_id}", json=body)

    def archive_group(self, group_id: int) -> dict:
        return self.request("PUT", f"/groups/{group_id}/archive")

    def restore_group(self, group_id: int) -> dict:
        return self.request("PUT", f"/groups/{group_id}/restore")

    def delete_group(self, group_id: int) -> dict:
        return self.request("DELETE", f"/groups/{group_id}")

    def group_assignments(self, group_id: int) -> list[dict]:
        return self.request("GET", f"/groups/{group_id}/assignments")  # a bare array

    # --- lessons, courses, paths, tags ----------------------------------------------------------
    def list_lessons(self, version: Version = "v1") -> list[dict]:
        return self.request("GET", "/lessons", version=version)["lessons"]

    def get_lesson(self, lesson_id: int, version: Version = "v1") -> dict:
        return self.request("GET", f"/lessons/{lesson_id}", version=version)

    def update_lesson(self, lesson_id: int, **fields: Any) -> dict:
        return self.request("PUT", f"/lessons/{lesson_id}", json=fields)

    def archive(self, kind: Literal["lessons", "courses", "paths"], content_id: int) -> dict:
        return self.request("PUT", f"/{kind}/{content_id}/archive")

    def restore(self, kind: Literal["lessons", "courses", "paths"], content_id: int) -> dict:
        return self.request("PUT", f"/{kind}/{content_id}/restore")

    def content_assignments(self, kind: Literal["lessons", "courses", "paths"], content_id: int,
                            page: int | None = None, per_page: int | None = None) -> AssignmentsPage:
        params = {k: v for k, v in {"page": page, "per_page": per_page}.items() if v is not None}
        return self.request("GET", f"/{kind}/{content_id}/assignments", params=params)

    def assign_content(self, kind: Literal["lessons", "courses", "paths"], content_id: int,
                       assignments: list[dict], method: Literal["PUT", "POST"] = "PUT") -> list[Assignment]:
        """``[{"assignee_id", "due_by", "notify"}]``; only completed assignments are re-assigned."""
        return self.request(method, f"/{kind}/{content_id}/assignments",
                            json={"assignments": assignments})["assignments"]

    def lesson_completed_count(self, lesson_id: int) -> int:
        return self.request("GET", f"/lessons/{lesson_id}/assignments/completed", version="v1.1")["completed_count"]

    def lesson_total_completions(self, lesson_id: int) -> int:
        return self.request("GET", f"/lessons/{lesson_id}/total_completions")["completion_count"]

    def lesson_completion_breakdown(self, lesson_id: int) -> dict:
        return self.request("GET", f"/lessons/{lesson_id}/completion_breakdown")

    def list_courses(self) -> list[dict]:
        return self.request("GET", "/courses")["courses"]

    def get_course(self, course_id: int, version: Version = "v1") -> dict:
        return self.request("GET", f"/courses/{course_id}", version=version)

    def course_completed_count(self, course_id: int) -> int:
        return self.request("GET", f"/courses/{course_id}/assignments/completed", version="v1.1")["completed_count"]

    def list_paths(self, version: Version = "v1") -> list[dict]:
        return self.request("GET", "/paths", version=version)["paths"]

    def get_path(self, path_id: int) -> dict:
        return self.request("GET", f"/paths/{path_id}")

    def path_total_completions(self, path_id: int) -> int:
        return self.request("GET", f"/paths/{path_id}/total_completions")["completion_count"]

    def path_completed_count(self, path_id: int) -> int:
        return self.request("GET", f"/paths/{path_id}/assignments/completed")["completed_count"]

    def list_tags(self) -> list[dict]:
        return self.request("GET", "/tags")["tags"]

    def get_tag(self, tag_id: int) -> dict:
        return self.request("GET", f"/tags/{tag_id}")

    def tagged(self, tag_id: int, kind: Literal["lessons", "courses", "paths"]) -> list[dict]:
        return self.request("GET", f"/tags/{tag_id}/{kind}")[kind]

    # --- assignments, settings ------------------------------------------------------------------
    def list_assignments(self, page: int | None = None, per_page: int | None = None, *,
                         updated_after: str | None = None, group_id: int | None = None,
                         status: AssignmentStatus | None = None, version: Version = "v1") -> AssignmentsPage:
        params: dict[str, Any] = {"page": page, "per_page": per_page, "gt[updated_at]": updated_after}
        if group_id is not None:
            params["filter[group_id]"] = group_id
        path = f"/assignments/{status}" if status else "/assignments"
        return self.request("GET", path, version=version, params={k: v for k, v in params.items() if v is not None})

    def iter_assignments(self, per_page: int = 1000, **filters: Any) -> Iterator[Assignment]:
        return self._pages(lambda **p: self.list_assignments(**p, **filters), "assignments", per_page)

    def update_company_settings(self, *, lesson_completed_callback_url: str | None = None,
                                lesson_completed_callback_authorization: str | None = None) -> dict:
        body = {"lesson_completed_callback_url": lesson_completed_callback_url,
                "lesson_completed_callback_authorization": lesson_completed_callback_authorization}
        return self.request("PUT", "/company_settings", json={k: v for k, v in body.items() if v is not None})
