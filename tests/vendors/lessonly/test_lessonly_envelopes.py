"""Every object response carries "type" with Lessonly's operation name; single resources are flat."""

from __future__ import annotations

import pytest


def ids(api):
    s = api.state
    return {"user": api.active_user().id, "group": next(iter(s.groups)).id, "lesson": next(iter(s.lessons)).id,
            "course": next(iter(s.courses)).id, "path": next(iter(s.paths)).id, "tag": next(iter(s.tags)).id}


GETS = [
    ("/api/v1/users", "users"), ("/api/v1.1/users", "users"), ("/api/v1/users/{user}", "user"),
    ("/api/v1/users/{user}/groups", "user_groups"), ("/api/v1/users/{user}/assignments", "user_assignments"),
    ("/api/v1/users/{user}/learning_library_statistics", "user_learning_library_statistics"),
    ("/api/v1/groups", "groups"), ("/api/v1/groups/{group}", "group"),
    ("/api/v1/lessons", "lessons"), ("/api/v1.1/lessons", "lessons"), ("/api/v1/lessons/{lesson}", "lesson"),
    ("/api/v1.1/lessons/{lesson}", "lesson"), ("/api/v1/lessons/{lesson}/assignments", "lesson_assignments"),
    ("/api/v1.1/lessons/{lesson}/assignments/completed", "lesson_assignments_completed"),
    ("/api/v1/lessons/{lesson}/total_completions", "lesson_total_completion_count"),
    ("/api/v1/lessons/{lesson}/completion_breakdown", "lesson_completion_breakdown"),
    ("/api/v1/courses", "courses"), ("/api/v1/courses/{course}", "course"), ("/api/v1.1/courses/{course}", "course"),
    ("/api/v1/courses/{course}/assignments", "course_assignments"),
    ("/api/v1.1/courses/{course}/assignments/completed", "course_assignments_completed"),
    ("/api/v1/paths", "paths"), ("/api/v1.1/paths", "paths"), ("/api/v1/paths/{path}", "path"),
    ("/api/v1/paths/{path}/total_completions", "path_total_completion_count"),
    ("/api/v1/paths/{path}/assignments", "path_assignments"),
    ("/api/v1/paths/{path}/assignments/completed", "path_assignments_completed"),
    ("/api/v1/tags", "tags"), ("/api/v1/tags/{tag}", "tag"), ("/api/v1/tags/{tag}/lessons", "tag_lessons"),
    ("/api/v1/tags/{tag}/courses", "tag_courses"), ("/api/v1/tags/{tag}/paths", "tag_paths"),
    ("/api/v1/assignments", "assignments"), ("/api/v1.1/assignments", "assignments"),
    ("/api/v1/assignments/completed", "assignments"), ("/api/v1/assignments/grade_pending", "assignments"),
]


@pytest.mark.parametrize("template, type_", GETS)
def test_type_on_every_get(api, template, type_):
    r = api.get(template.format(**ids(api)))
    assert r.status_code == 200
    body = r.get_json()
    assert list(body)[0] == "type" and body["type"] == type_


WRITES = [
    ("PUT", "/api/v1/users/{user}/archive", None, 200, "user"),
    ("PUT", "/api/v1/users/{user}/restore", None, 200, "user"),
    ("PUT", "/api/v1/users/{user}", {"job_title": "X"}, 200, "update_user"),
    ("PUT", "/api/v1/users/{user}/groups", {"memberships": []}, 200, "update_user_groups"),
    ("POST", "/api/v1/groups", {"name": "New"}, 201, "create_group"),
    ("PUT", "/api/v1/groups/{group}", {"name": "Renamed"}, 200, "update_group"),
    ("PUT", "/api/v1/groups/{group}/archive", None, 200, "group"),
    ("PUT", "/api/v1/groups/{group}/restore", None, 200, "group"),
    ("DELETE", "/api/v1/groups/{group}", None, 200, "delete_group"),
    ("PUT", "/api/v1/lessons/{lesson}", {"title": "T"}, 200, "update_lesson"),
    ("PUT", "/api/v1/lessons/{lesson}/archive", None, 200, "lesson"),
    ("PUT", "/api/v1/lessons/{lesson}/restore", None, 200, "lesson"),
    ("PUT", "/api/v1/lessons/{lesson}/assignments", {"assignments": []}, 200, "update_lesson_assignments"),
    ("POST", "/api/v1/lessons/{lesson}/assignments", {"assignments": []}, 201, "update_lesson_assignments"),
    ("PUT", "/api/v1/courses/{course}/archive", None, 200, "course"),
    ("PUT", "/api/v1/courses/{course}/restore", None, 200, "course"),
    ("POST", "/api/v1/courses/{course}/assignments", {"assignments": []}, 201, "update_course_assignments"),
    ("PUT", "/api/v1/paths/{path}/archive", None, 200, "path"),
    ("PUT", "/api/v1/paths/{path}/restore", None, 200, "path"),
    ("PUT", "/api/v1/paths/{path}/assignments", {"assignments": []}, 200, "update_path_assignments"),
    ("DELETE", "/api/v1/users/{user}", None, 200, "delete_user"),
]


@pytest.mark.parametrize("method, template, body, status, type_", WRITES)
def test_type_and_status_on_writes(api, method, template, body, status, type_):
    r = api.call(method, template.format(**ids(api)), body)
    assert r.status_code == status
    assert r.get_json()["type"] == type_


def test_ping_and_company_settings_have_no_type(api):
    assert api.get("/api/v1/ping").get_json() == {"response": "pong"}
    body = api.put("/api/v1/company_settings", {"lesson_completed_callback_url": "https://hooks.example.com/l",
                                                "lesson_completed_callback_authorization": "Tm93IGlzIHRo"}).get_json()
    assert body == {"lesson_completed_callback_url": "https://hooks.example.com/l",
                    "lesson_completed_callback_authorization": "Tm93IGlzIHRo"}
    # a later PUT with one key keeps the other
    body = api.put("/api/v1/company_settings", {"lesson_completed_callback_authorization": "other"}).get_json()
    assert body["lesson_completed_callback_url"] == "https://hooks.example.com/l"


def test_group_assignments_are_a_bare_array(api):
    group = next(g for g in api.state.groups if api.state.group_assignments.where("group_id", g.id))
    body = api.get(f"/api/v1/groups/{group.id}/assignments").get_json()
    assert isinstance(body, list) and body
    assert set(body[0]) == {"id", "assignable_id", "assignable_type", "group_id"}


def test_ids_are_integers_everywhere(api):
    body = api.get("/api/v1.1/users", query={"per_page": 1000}).get_json()
    assert all(isinstance(u["id"], int) for u in body["users"])
    for a in api.get("/api/v1/assignments", query={"per_page": 1000}).get_json()["assignments"]:
        assert isinstance(a["id"], int) and isinstance(a["assignee_id"], int) and isinstance(a["assignable_id"], int)
