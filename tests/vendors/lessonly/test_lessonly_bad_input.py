"""Bad input gets Lessonly's error, never a 500, never a partial write."""

from __future__ import annotations

import json

import pytest

FORBIDDEN = list("!@#$%^&*+=()|[];")


def snapshot(api) -> str:
    return json.dumps(api.tenant.export(), sort_keys=True)


def test_malformed_json_is_400_and_writes_nothing(api):
    before = snapshot(api)
    for path, method in (("/api/v1/users", "POST"), (f"/api/v1/users/{api.active_user().id}", "PUT"),
                         ("/api/v1/groups", "POST"), ("/api/v1/company_settings", "PUT")):
        r = api.call(method, path, raw='{"name": "Broken", ')
        assert r.status_code == 400, path
        assert r.get_json() == {"error": "Malformed Request"}
    assert snapshot(api) == before


@pytest.mark.parametrize("char", FORBIDDEN)
def test_forbidden_name_characters_are_refused(api, char):
    count = len(api.state.users)
    r = api.post("/api/v1/users", {"name": f"Bad{char}Name", "email": "bad@example.com", "role": "learner"})
    assert r.status_code == 400 and r.get_json() == {"error": "Name is invalid"}
    assert len(api.state.users) == count


def test_name_may_not_begin_with_a_space_or_be_blank(api):
    assert api.post("/api/v1/users", {"name": " Lead", "email": "a@example.com", "role": "learner"}).get_json() == {
        "error": "Name is invalid"}
    assert api.post("/api/v1/users", {"email": "a@example.com", "role": "learner"}).get_json() == {
        "error": "Name can't be blank"}
    user = api.active_user()
    r = api.put(f"/api/v1/users/{user.id}", {"name": "x;y"})
    assert r.status_code == 400 and r.get_json() == {"error": "Name is invalid"}
    assert api.state.users.get(user.id).name == user.name
    r = api.put(f"/api/v1/users/{user.id}", {"name": "Mary-Jane O'Neil, Jr."})
    assert r.status_code == 200 and r.get_json()["name"] == "Mary-Jane O'Neil, Jr."


@pytest.mark.parametrize("body, message", [
    ({"name": ["x"], "email": "a@example.com", "role": "learner"}, "Name is invalid"),
    ({"name": "A", "email": {"x": 1}, "role": "learner"}, "Email is invalid"),
    ({"name": "A", "email": "not-an-email", "role": "learner"}, "Email is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "owner"}, "Role is not included in the list"),
    ({"name": "A", "email": "a@example.com", "role_id": "abc"}, "Role is invalid"),
    ({"name": "A", "email": "a@example.com", "role_id": 99999}, "Role is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "locale": "xx"}, "Locale is not included in the list"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "hire_date": "25/12/2014"}, "Hire date is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "hire_date": "2014-02-30"}, "Hire date is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "custom_user_fields": "x"},
     "Custom user fields is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "custom_user_fields": [{"name": "F"}]},
     "Custom user field value can't be blank"),
    ({"name": "A", "email": "a@example.com", "role": "learner",
      "custom_user_fields": [{"custom_user_field_id": 1, "value": "v"}]},
     "Custom user field is invalid"),
    ({"name": "A", "email": "a@example.com", "role": "learner", "job_title": ["t"]}, "Job title is invalid"),
])
def test_wrong_types_and_values_on_create(api, body, message):
    before = snapshot(api)
    r = api.post("/api/v1/users", body)
    assert r.status_code == 400
    assert r.get_json() == {"error": message}
    assert snapshot(api) == before


def test_invalid_custom_field_leaves_no_new_field_and_no_user(api):
    before = snapshot(api)
    r = api.post("/api/v1/users", {"name": "A", "email": "a@example.com", "role": "learner",
                                   "custom_user_fields": [{"name": "Brand New", "value": "x"},
                                                          {"custom_user_field_id": 123, "value": "y"}]})
    assert r.status_code == 400 and r.get_json() == {"error": "Custom user field is invalid"}
    assert snapshot(api) == before


def test_user_groups_with_an_unknown_group_changes_nothing(api):
    user = api.active_user()
    group = next(iter(api.state.groups))
    before = snapshot(api)
    r = api.put(f"/api/v1/users/{user.id}/groups", {"memberships": [{"id": group.id}, {"id": 1}]})
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    assert snapshot(api) == before
    for memberships in ("all", [{"id": "x"}]):
        r = api.put(f"/api/v1/users/{user.id}/groups", {"memberships": memberships})
        assert r.status_code == 400 and r.get_json() == {"error": "Memberships is invalid"}, memberships
    assert snapshot(api) == before


def test_group_create_with_unknown_member_creates_no_group(api):
    before = snapshot(api)
    r = api.post("/api/v1/groups", {"name": "G", "members": [{"id": 1}]})
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    r = api.post("/api/v1/groups", {"members": []})
    assert r.status_code == 400 and r.get_json() == {"error": "Name can't be blank"}
    for name in ({"a": 1}, ["G"], True):
        r = api.post("/api/v1/groups", {"name": name})
        assert r.status_code == 400 and r.get_json() == {"error": "Name is invalid"}, name
    assert snapshot(api) == before


def test_group_name_numbers_are_cast_as_user_names_are(api):
    """Rails casts a number sent for a string attribute; the same rule as user names."""
    created = api.post("/api/v1/groups", {"name": 5})
    assert created.status_code == 201 and created.get_json()["name"] == "5"
    renamed = api.put(f"/api/v1/groups/{created.get_json()['id']}", {"name": 6.5})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "6.5"


def test_group_update_with_valid_name_and_unknown_member_changes_nothing(api):
    group = next(g for g in api.state.groups if g.member_ids)
    before = snapshot(api)
    r = api.put(f"/api/v1/groups/{group.id}", {"name": "Renamed", "members": [{"id": group.member_ids[0],
                                                                              "remove": "true"}, {"id": 1}]})
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    r = api.put(f"/api/v1/groups/{group.id}", {"name": ""})
    assert r.status_code == 400 and r.get_json() == {"error": "Name can't be blank"}
    assert snapshot(api) == before


def test_assign_with_one_unknown_assignee_assigns_nobody(api):
    lesson = next(iter(api.state.lessons))
    before = snapshot(api)
    r = api.put(f"/api/v1/lessons/{lesson.id}/assignments",
                {"assignments": [{"assignee_id": api.active_user().id}, {"assignee_id": 1}]})
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    r = api.put(f"/api/v1/lessons/{lesson.id}/assignments",
                {"assignments": [{"assignee_id": api.active_user().id, "due_by": "next week"}]})
    assert r.status_code == 400 and r.get_json() == {"error": "Due by is invalid"}
    r = api.post(f"/api/v1/users/{api.active_user().id}/assignments",
                 {"assignments": [{"assignable_id": lesson.id, "assignable_type": "Course"}]})
    assert r.status_code == 400 and r.get_json() == {"error": "Assignable type is not included in the list"}
    r = api.post(f"/api/v1/users/{api.active_user().id}/assignments", {})
    assert r.status_code == 400 and r.get_json() == {"error": "Assignments can't be blank"}
    assert snapshot(api) == before


def test_lesson_update_bad_values(api):
    lesson = next(iter(api.state.lessons))
    before = snapshot(api)
    for body, message in (({"title": ""}, "Title can't be blank"),
                          ({"retake_score": "eighty"}, "Retake score is invalid"),
                          ({"retake_score": 101}, "Retake score is invalid"),
                          ({"public": "maybe"}, "Public is invalid"),
                          ({"title": "Ok", "public": 3}, "Public is invalid")):
        r = api.put(f"/api/v1/lessons/{lesson.id}", body)
        assert r.status_code == 400 and r.get_json() == {"error": message}, body
    assert snapshot(api) == before


def test_company_settings_bad_values(api):
    for url in (5, "ftp:/x"):
        r = api.put("/api/v1/company_settings", {"lesson_completed_callback_url": url})
        assert r.status_code == 400 and r.get_json() == {"error": "Lesson completed callback url is invalid"}, url
    assert api.state.settings()["lesson_completed_callback_url"] is None


UNKNOWN = [
    ("GET", "/api/v1/users/1"), ("PUT", "/api/v1/users/1"), ("DELETE", "/api/v1/users/1"),
    ("PUT", "/api/v1/users/1/archive"), ("PUT", "/api/v1/users/1/restore"), ("GET", "/api/v1/users/1/groups"),
    ("PUT", "/api/v1/users/1/groups"), ("GET", "/api/v1/users/1/assignments"),
    ("POST", "/api/v1/users/1/assignments"), ("GET", "/api/v1/users/1/learning_library_statistics"),
    ("GET", "/api/v1/groups/1"), ("PUT", "/api/v1/groups/1"), ("DELETE", "/api/v1/groups/1"),
    ("PUT", "/api/v1/groups/1/archive"), ("GET", "/api/v1/groups/1/assignments"),
    ("GET", "/api/v1/lessons/1"), ("GET", "/api/v1.1/lessons/1"), ("PUT", "/api/v1/lessons/1"),
    ("PUT", "/api/v1/lessons/1/archive"), ("GET", "/api/v1/lessons/1/assignments"),
    ("PUT", "/api/v1/lessons/1/assignments"), ("GET", "/api/v1.1/lessons/1/assignments/completed"),
    ("GET", "/api/v1/lessons/1/total_completions"), ("GET", "/api/v1/lessons/1/completion_breakdown"),
    ("GET", "/api/v1/courses/1"), ("GET", "/api/v1.1/courses/1"), ("GET", "/api/v1/courses/1/assignments"),
    ("GET", "/api/v1/paths/1"), ("PUT", "/api/v1/paths/1/restore"), ("GET", "/api/v1/paths/1/assignments"),
    ("GET", "/api/v1/paths/1/total_completions"), ("GET", "/api/v1/tags/1"), ("GET", "/api/v1/tags/1/lessons"),
    ("GET", "/api/v1/users/abc"), ("GET", "/api/v1/users/-5"), ("GET", "/api/v1/assignments/finished"),
    ("GET", "/api/v1.1/groups"), ("GET", "/api/v1/lessons/1/assignments/completed"),
]


@pytest.mark.parametrize("method, path", UNKNOWN)
def test_unknown_ids_and_paths_are_404_with_error_body(api, method, path):
    r = api.call(method, path, {"name": "x"} if method in ("PUT", "POST") else None)
    assert r.status_code == 404
    assert r.get_json() == {"error": "Not Found"}


def test_wrong_method_is_405(api):
    r = api.call("PATCH", "/api/v1/users")
    assert r.status_code == 405 and r.get_json() == {"error": "Method Not Allowed"}
    r = api.get("/api/v1/company_settings")
    assert r.status_code == 405 and r.get_json() == {"error": "Method Not Allowed"}


def test_non_json_accept_is_406(api):
    r = api.get("/api/v1/users", headers={"Accept": "application/xml"})
    assert r.status_code == 406 and r.get_json() == {"error": "Not Acceptable"}
    assert api.get("/api/v1/users", headers={"Accept": "application/json"}).status_code == 200
    assert api.get("/api/v1/users", headers={"Accept": "*/*"}).status_code == 200


def test_rails_error_body_switch(api, switch):
    switch("error_body", "rails")
    assert api.get("/api/v1/users/1").get_json() == {"status": 404, "error": "Not Found"}
    r = api.post("/api/v1/users", {"name": "A;", "email": "a@example.com"})
    assert r.get_json() == {"status": 400, "error": "Bad Request"}


NASTY = [None, [], "", "x", 0, -1, 10**30, True, {"a": {"b": [1, {"c": None}]}}, [None], [{"id": None}],
         {"assignments": [{"assignee_id": "1e9"}]}, {"memberships": [{"id": 10**30}]},
         {"custom_user_fields": [{"name": "", "value": None}]}, {"name": "\u0000", "email": "\u202e@x.io"}]


def test_fuzzed_bodies_never_500(api):
    uid, gid = api.active_user().id, next(iter(api.state.groups)).id
    lid, pid = next(iter(api.state.lessons)).id, next(iter(api.state.paths)).id
    targets = [("POST", "/api/v1/users"), ("PUT", f"/api/v1/users/{uid}"), ("PUT", f"/api/v1/users/{uid}/groups"),
               ("POST", f"/api/v1/users/{uid}/assignments"), ("POST", "/api/v1/groups"),
               ("PUT", f"/api/v1/groups/{gid}"), ("PUT", f"/api/v1/lessons/{lid}"),
               ("PUT", f"/api/v1/lessons/{lid}/assignments"), ("POST", f"/api/v1/paths/{pid}/assignments"),
               ("PUT", "/api/v1/company_settings")]
    for method, path in targets:
        for value in NASTY:
            for body in (value, {"name": value, "email": value, "memberships": value, "members": value,
                                 "assignments": value, "title": value, "retake_score": value,
                                 "custom_user_fields": value, "lesson_completed_callback_url": value}):
                r = api.call(method, path, body)
                assert r.status_code < 500, (method, path, body, r.get_data(as_text=True))
    for query in ({"page": "x", "per_page": "-3"}, {"page": "99999999999999999999"},
                  {"filter[custom_user_field][abc]": "1"}, {"gt[updated_at]": "yesterday"},
                  {"filter[group_id]": "x"}):
        for path in ("/api/v1/users", "/api/v1.1/users", "/api/v1/assignments", "/api/v1.1/assignments"):
            assert api.get(path, query=query).status_code < 500, (path, query)
