"""Groups: create 201 with members/managers, update with add/remove, archive, restore, delete."""

from __future__ import annotations

import re


def two_users(api):
    a, b = [u.id for u in api.state.users][:2]
    return a, b


def test_create_group_201_with_members_and_managers(api):
    a, b = two_users(api)
    r = api.post("/api/v1/groups", {"name": "Test Group 3", "members": [{"id": a}], "managers": [{"id": b}]})
    assert r.status_code == 201
    body = r.get_json()
    assert body["type"] == "create_group" and body["resource_type"] == "group" and isinstance(body["id"], int)
    assert [m["id"] for m in body["members"]] == [a] and [m["id"] for m in body["managers"]] == [b]
    assert body["members"][0]["resource_type"] == "user" and "role_id" in body["members"][0]
    listed = api.get("/api/v1/groups").get_json()["groups"]
    assert {"id": body["id"], "name": "Test Group 3", "archived_at": None, "archived_by_user_id": None} in listed


def test_update_group_adds_and_removes(api):
    a, b = two_users(api)
    gid = api.post("/api/v1/groups", {"name": "G", "members": [{"id": a}]}).get_json()["id"]
    body = api.put(f"/api/v1/groups/{gid}", {"name": "New Name", "members": [{"id": b}, {"id": a, "remove": "true"}],
                                             "managers": [{"id": a}]}).get_json()
    assert body["type"] == "update_group" and body["name"] == "New Name"
    assert [m["id"] for m in body["members"]] == [b] and [m["id"] for m in body["managers"]] == [a]
    # the membership is visible from the user's side
    groups = api.get(f"/api/v1/users/{a}/groups").get_json()
    assert gid in [g["id"] for g in groups["managing"]] and gid not in [g["id"] for g in groups["memberships"]]


def test_archive_restore_delete_group(api):
    gid = api.post("/api/v1/groups", {"name": "Temp"}).get_json()["id"]
    archived = api.put(f"/api/v1/groups/{gid}/archive").get_json()
    assert archived["type"] == "group"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", archived["archived_at"])
    assert api.put(f"/api/v1/groups/{gid}/restore").get_json()["archived_at"] is None
    deleted = api.delete(f"/api/v1/groups/{gid}").get_json()
    assert deleted == {"type": "delete_group", "id": gid, "name": "Temp", "archived_at": None,
                       "archived_by_user_id": None}
    assert api.get(f"/api/v1/groups/{gid}").status_code == 404


def test_show_group_lists_members_as_user_summaries(api):
    group = next(g for g in api.state.groups if g.member_ids)
    body = api.get(f"/api/v1/groups/{group.id}").get_json()
    assert [m["id"] for m in body["members"]] == group.member_ids
    assert "custom_user_field_data" not in body["members"][0]
