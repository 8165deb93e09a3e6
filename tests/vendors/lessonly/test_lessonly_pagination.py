"""page/per_page: default 50, max 1000 clamped, totals after the array, past the end is an empty 200."""

from __future__ import annotations

from emulator.vendors.lessonly import ops, store


def add_users(api, n: int) -> None:
    with api.tenant.lock:
        for i in range(n):
            ops.create_user(api.tenant, {"name": f"Bulk {i}", "email": f"bulk{i}@example.com", "role": "learner",
                                         "role_id": 32})


def test_default_page_is_50_and_keys_follow_the_array(api):
    add_users(api, 30)
    body = api.get("/api/v1/users").get_json()
    assert list(body) == ["type", "users", "total_users", "total_pages", "page", "per_page"]
    assert (len(body["users"]), body["per_page"], body["page"]) == (50, 50, 1)
    assert body["total_users"] == len(api.state.users) == 70
    assert body["total_pages"] == 2
    assert len(api.get("/api/v1/users", query={"page": 2}).get_json()["users"]) == 20


def test_per_page_over_1000_is_clamped(api):
    add_users(api, 1000)
    body = api.get("/api/v1/users", query={"per_page": 5000}).get_json()
    assert body["per_page"] == 1000 and len(body["users"]) == 1000
    assert body["total_pages"] == 2


def test_newest_first_and_pages_do_not_overlap(api):
    seen = []
    page = 1
    while True:
        body = api.get("/api/v1/users", query={"per_page": 7, "page": page}).get_json()
        seen += [u["id"] for u in body["users"]]
        if page >= body["total_pages"]:
            break
        page += 1
    assert seen == sorted(api.user_ids(), reverse=True)  # VCR user.all: newest id first


def test_past_the_end_is_200_with_an_empty_array(api):
    body = api.get("/api/v1/users", query={"page": 99}).get_json()
    assert body["users"] == [] and body["page"] == 99 and body["total_users"] == len(api.state.users)
    body = api.get("/api/v1/assignments", query={"page": 999}).get_json()
    assert body["assignments"] == []


def test_bad_page_values_read_like_ruby_to_i(api):
    body = api.get("/api/v1/users", query={"page": "abc", "per_page": "0"}).get_json()
    assert (body["page"], body["per_page"]) == (1, 50)
    body = api.get("/api/v1/users", query={"page": "2x", "per_page": "5abc"}).get_json()
    assert (body["page"], body["per_page"]) == (2, 5)
    assert api.get("/api/v1/users", query={"per_page": "-4"}).get_json()["per_page"] == 50


def test_assignment_lists_are_paginated_with_total_assignments(api):
    lesson = max(api.state.lessons, key=lambda x: len(store.assignments_for(api.state, "Lesson", x.id)))
    total = len(store.assignments_for(api.state, "Lesson", lesson.id))
    assert total >= 2
    body = api.get(f"/api/v1/lessons/{lesson.id}/assignments", query={"per_page": 1}).get_json()
    assert list(body) == ["type", "assignments", "total_assignments", "total_pages", "page", "per_page"]
    assert body["total_assignments"] == total and body["total_pages"] == total and len(body["assignments"]) == 1
    body = api.get("/api/v1/assignments", query={"per_page": 10}).get_json()
    assert body["total_assignments"] == len(api.state.assignments)


def test_unpaginated_lists_ignore_page_params(api):
    for path, key in (("/api/v1/groups", "groups"), ("/api/v1/lessons", "lessons"), ("/api/v1/paths", "paths"),
                      ("/api/v1/tags", "tags"), ("/api/v1/courses", "courses")):
        body = api.get(path, query={"page": 2, "per_page": 1}).get_json()
        assert set(body) == {"type", key}, path
        assert len(body[key]) == len(api.state.table(key)), path
