"""The Stitchflow guide's forms, answered as Lessonly would, with X-Emulator-Hint naming the real route."""

from __future__ import annotations

HINT = "X-Emulator-Hint"


def memberships(api, uid):
    return sorted(g["id"] for g in api.get(f"/api/v1/users/{uid}/groups").get_json()["memberships"])


def test_group_ids_on_update_is_ignored_with_a_hint(api):
    user = next(u for u in api.state.users if api.state.groups.where("member_ids", u.id))
    before = memberships(api, user.id)
    other = next(g.id for g in api.state.groups if g.id not in before)
    r = api.put(f"/api/v1/users/{user.id}", {"role": "manager", "group_ids": [other]})
    assert r.status_code == 200
    assert r.get_json()["role"] == "manager" and "group_ids" not in r.get_json()
    assert "PUT /api/v1/users/{id}/groups" in r.headers[HINT]
    assert memberships(api, user.id) == before


def test_group_ids_on_create_is_ignored_with_a_hint(api):
    gid = next(iter(api.state.groups)).id
    r = api.post("/api/v1/users", {"name": "John Smith", "email": "john@example.com", "role": "learner",
                                   "group_ids": [gid]})
    assert r.status_code == 201 and r.get_json()["type"] == "create_user"  # not the guide's "user"
    assert HINT in r.headers
    assert memberships(api, r.get_json()["id"]) == []


def test_switch_enables_the_guides_replacement_semantics(api, switch):
    switch("guide_group_ids", True)
    user = next(u for u in api.state.users if api.state.groups.where("member_ids", u.id))
    target = next(g.id for g in api.state.groups if user.id not in g.member_ids)
    r = api.put(f"/api/v1/users/{user.id}", {"group_ids": [target]})
    assert r.status_code == 200
    assert r.get_json()["group_ids"] == [target]
    assert memberships(api, user.id) == [target]  # replaced, not added
    assert "guide_group_ids" in r.headers[HINT]
    assert api.put(f"/api/v1/users/{user.id}", {"group_ids": [1]}).status_code == 404
    assert api.put(f"/api/v1/users/{user.id}", {"group_ids": "5"}).status_code == 400
    assert memberships(api, user.id) == [target]
    assert api.put(f"/api/v1/users/{user.id}", {"group_ids": []}).status_code == 200
    assert memberships(api, user.id) == []


def test_no_hint_on_ordinary_requests(api):
    assert HINT not in api.get("/api/v1/users").headers
    assert HINT not in api.put(f"/api/v1/users/{api.active_user().id}", {"role": "admin"}).headers


def test_path_without_api_v1_is_404_with_hint(api):
    r = api.get("/users")
    assert r.status_code == 404 and "/api/v1" in r.headers[HINT]


def test_delete_exists_contrary_to_the_guide(api):
    uid = api.active_user().id
    count = len(api.state.users)
    r = api.delete(f"/api/v1/users/{uid}")
    assert r.status_code == 200 and r.get_json() == {"type": "delete_user", "id": uid}
    assert HINT not in r.headers  # a real route: nothing to hint
    gone = api.get(f"/api/v1/users/{uid}")
    assert gone.status_code == 404 and gone.get_json() == {"error": "Not Found"}
    assert len(api.state.users) == count - 1


def test_user_assignments_type_is_user_assignments_not_assignments(api):
    uid = next(iter(api.state.assignments)).assignee_id
    assert api.get(f"/api/v1/users/{uid}/assignments").get_json()["type"] == "user_assignments"


def test_a_client_stopping_at_fewer_than_50_still_reads_everything(api):
    seen, page = [], 1
    while True:  # the guide's loop: no per_page, stop when a page has fewer than 50
        users = api.get("/api/v1/users", query={"page": page}).get_json()["users"]
        seen += users
        if len(users) < 50:
            break
        page += 1
    assert len(seen) == len(api.state.users)
