"""Users: create/update/archive/restore/delete, custom fields, groups, assignments, filters, v1.1."""

from __future__ import annotations

import re

ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def new_user(api, **extra):
    body = {"name": "Test User 5", "email": "test5@lesson.ly", "role": "learner", **extra}
    return api.post("/api/v1/users", body)


def test_create_returns_201_create_user_flat(api):
    r = new_user(api, ext_uid="ABC123", job_title="Account Executive", hire_date="2014-12-25", locale="fr")
    assert r.status_code == 201
    body = r.get_json()
    assert body["type"] == "create_user"
    assert body["resource_type"] == "user"
    assert isinstance(body["id"], int)
    assert (body["name"], body["email"], body["role"], body["role_id"]) == ("Test User 5", "test5@lesson.ly",
                                                                          "learner", 32)
    assert (body["ext_uid"], body["job_title"], body["hire_date"], body["locale"]) == (
        "ABC123", "Account Executive", "2014-12-25", "fr")
    assert body["custom_user_field_data"] == []
    assert body["archived_at"] is None
    shown = api.get(f"/api/v1/users/{body['id']}").get_json()
    assert shown["type"] == "user" and shown["email"] == "test5@lesson.ly"


def test_role_id_is_preferred_over_role(api):
    body = new_user(api, role="admin", role_id=36).get_json()
    assert (body["role"], body["role_id"]) == ("manager", 36)


def test_missing_role_is_refused_by_default_and_nothing_is_written(api):
    # DOCS create table: "You must use either role or role_id"
    before = len(api.state.users)
    for body in ({"name": "No Role", "email": "norole@example.com"},
                 {"name": "No Role", "email": "norole@example.com", "role": None, "role_id": None}):
        r = api.post("/api/v1/users", body)
        assert r.status_code == 400 and r.get_json() == {"error": "Role can't be blank"}
    assert len(api.state.users) == before
    assert api.get("/api/v1/users", query={"filter[email]": "norole@example.com"}).get_json()["users"] == []
    # an update needs neither (the update table's role rows are optional)
    user = api.active_user()
    r = api.put(f"/api/v1/users/{user.id}", {"job_title": "Lead"})
    assert r.status_code == 200 and r.get_json()["role"] == user.role


def test_missing_role_defaults_to_learner_unless_switched(api, switch):
    switch("require_role", False)  # the guide's reading; the default now refuses (test above)
    r = api.post("/api/v1/users", {"name": "No Role", "email": "norole@example.com"})
    assert r.status_code == 201 and r.get_json()["role"] == "learner"
    switch("require_role", True)
    r = api.post("/api/v1/users", {"name": "No Role", "email": "norole2@example.com"})
    assert r.status_code == 400 and r.get_json() == {"error": "Role can't be blank"}


def test_custom_fields_by_id_and_by_name_unknown_name_creates_field(api):
    field = next(iter(api.state.custom_user_fields))
    before = len(api.state.custom_user_fields)
    r = new_user(api, custom_user_fields=[{"custom_user_field_id": field.id, "value": "Custom Value 1"},
                                          {"name": "Shoe Size", "value": 44}])
    assert r.status_code == 201
    data = r.get_json()["custom_user_field_data"]
    assert [(d["custom_user_field_id"], d["name"], d["value"]) for d in data][0] == (field.id, field.name,
                                                                                  "Custom Value 1")
    assert data[1]["name"] == "Shoe Size" and data[1]["value"] == "44"
    assert len(api.state.custom_user_fields) == before + 1
    created_id = data[1]["custom_user_field_id"]
    # the same name later reuses the field it created
    other = api.post("/api/v1/users", {"name": "Other", "email": "o@example.com", "role": "learner",
                                       "custom_user_fields": [{"name": "shoe size", "value": "40"}]}).get_json()
    assert other["custom_user_field_data"][0]["custom_user_field_id"] == created_id
    assert len(api.state.custom_user_fields) == before + 1


def test_update_upserts_custom_values_and_answers_update_user(api):
    uid = new_user(api, custom_user_fields=[{"name": "Region", "value": "North"}]).get_json()["id"]
    r = api.put(f"/api/v1/users/{uid}", {"role": "creator",
                                         "custom_user_fields": [{"name": "Region", "value": "South"},
                                                                {"name": "Team", "value": "Blue"}]})
    assert r.status_code == 200
    body = r.get_json()
    assert body["type"] == "update_user" and body["role"] == "creator"
    values = {d["name"]: d["value"] for d in body["custom_user_field_data"]}
    assert values == {"Region": "South", "Team": "Blue"}
    assert len(body["custom_user_field_data"]) == 2


def test_archive_and_restore_return_full_user_with_type_user(api):
    uid = api.active_user().id
    r = api.put(f"/api/v1/users/{uid}/archive")
    assert r.status_code == 200
    body = r.get_json()
    assert body["type"] == "user" and ZONED.match(body["archived_at"]) and body["archived_by_user_id"] is None
    assert "custom_user_field_data" in body and "email" in body
    again = api.put(f"/api/v1/users/{uid}/archive").get_json()
    assert again["archived_at"] == body["archived_at"]  # archiving twice keeps the first date
    restored = api.put(f"/api/v1/users/{uid}/restore").get_json()
    assert restored["type"] == "user" and restored["archived_at"] is None


def test_delete_answers_integer_id_and_removes_everything(api):
    user = api.active_user()
    group = next(iter(api.state.groups))
    api.put(f"/api/v1/users/{user.id}/groups", {"memberships": [{"id": group.id}]})
    r = api.delete(f"/api/v1/users/{user.id}")
    assert r.status_code == 200
    assert r.get_json() == {"type": "delete_user", "id": user.id}
    assert api.get(f"/api/v1/users/{user.id}").status_code == 404
    assert user.id not in api.state.groups.get(group.id).member_ids
    assert api.state.assignments.where("assignee_id", user.id) == []
    assert api.delete(f"/api/v1/users/{user.id}").status_code == 404


def test_delete_accepts_the_json_string_body_the_recording_sent(api):
    uid = api.active_user().id
    r = api.delete(f"/api/v1/users/{uid}", raw='""')  # VCR user.delete sent the JSON string ""
    assert r.status_code == 200 and r.get_json() == {"type": "delete_user", "id": uid}
    gone = api.get(f"/api/v1/users/{uid}")
    assert gone.status_code == 404 and gone.get_json() == {"error": "Not Found"}


def test_duplicate_email_is_400_by_default_case_insensitive(api, switch):
    taken = api.active_user().email
    count = len(api.state.users)
    r = api.post("/api/v1/users", {"name": "Dup", "email": taken.upper(), "role": "learner"})
    assert r.status_code == 400 and r.get_json() == {"error": "Email has already been taken"}
    assert len(api.state.users) == count
    switch("duplicate_email_status", 409)
    r = api.post("/api/v1/users", {"name": "Dup", "email": taken, "role": "learner"})
    assert r.status_code == 409 and r.get_json() == {"error": "Email has already been taken"}
    assert len(api.state.users) == count


def test_update_to_another_users_email_is_refused(api):
    a, b = [u for u in api.state.users][:2]
    r = api.put(f"/api/v1/users/{b.id}", {"email": a.email})
    assert r.status_code == 400 and r.get_json() == {"error": "Email has already been taken"}
    assert api.state.users.get(b.id).email != a.email
    assert api.put(f"/api/v1/users/{a.id}", {"email": a.email}).status_code == 200  # own email is fine


def test_user_groups_get_and_additive_put_with_remove(api):
    uid = new_user(api).get_json()["id"]
    g1, g2, g3 = [g.id for g in api.state.groups][:3]
    assert api.get(f"/api/v1/users/{uid}/groups").get_json() == {"type": "user_groups", "memberships": [],
                                                                  "managing": []}
    api.put(f"/api/v1/users/{uid}/groups", {"memberships": [{"id": g1}]})
    r = api.put(f"/api/v1/users/{uid}/groups", {"memberships": [{"id": g2}], "managing": [{"id": g3}]})
    body = r.get_json()
    assert body["type"] == "update_user_groups"
    assert sorted(m["id"] for m in body["memberships"]) == [g1, g2]  # additive, as VCR user.update_groups
    assert [m["id"] for m in body["managing"]] == [g3]
    assert all(set(m) == {"id", "name"} for m in body["memberships"])
    body = api.put(f"/api/v1/users/{uid}/groups", {"memberships": [{"id": g1, "remove": "true"}],
                                                   "managing": [{"id": g3, "remove": "true"}]}).get_json()
    assert [m["id"] for m in body["memberships"]] == [g2] and body["managing"] == []


def test_user_assignments_not_paginated_and_create_201(api):
    uid = new_user(api).get_json()["id"]
    lesson = next(iter(api.state.lessons))
    path = next(iter(api.state.paths))
    r = api.post(f"/api/v1/users/{uid}/assignments", {"assignments": [
        {"assignable_id": lesson.id, "assignable_type": "Lesson", "due_by": "2020-12-31", "notify": False},
        {"assignable_id": path.id, "assignable_type": "LearningPaths::Path"}]})
    assert r.status_code == 201
    body = r.get_json()
    assert body["type"] == "create_user_assignments"
    first = body["assignments"][0]
    assert first["due_by"] == "2020-12-31T00:00:00Z"  # a date comes back as midnight UTC (VCR user.assign)
    assert first["status"] in ("Incomplete", "Overdue") and first["score"] == 0
    assert "type" not in first
    listed = api.get(f"/api/v1/users/{uid}/assignments", query={"per_page": 1, "page": 2}).get_json()
    assert set(listed) == {"type", "assignments"} and listed["type"] == "user_assignments"
    assert len(listed["assignments"]) == 2


def test_user_assignment_item_type_switch(api, switch):
    switch("user_assignment_item_type", True)
    uid = next(a.assignee_id for a in api.state.assignments)
    items = api.get(f"/api/v1/users/{uid}/assignments").get_json()["assignments"]
    assert items and all(i["type"] == "Assignment" for i in items)


def test_filters_email_ext_uid_sso_id_custom_field(api):
    user = next(u for u in api.state.users if u.ext_uid and u.sso_id)
    for key, value in (("filter[email]", user.email.upper()), ("filter[ext_uid]", user.ext_uid),
                       ("filter[sso_id]", user.sso_id)):
        body = api.get("/api/v1/users", query={key: value}).get_json()
        assert [u["id"] for u in body["users"]] == [user.id], key
        assert body["total_users"] == 1
    value = next(iter(api.state.custom_values))
    body = api.get("/api/v1/users", query={f"filter[custom_user_field][{value.custom_user_field_id}]":
                                           value.value}).get_json()
    assert value.user_id in [u["id"] for u in body["users"]]
    assert api.get("/api/v1/users", query={"filter[email]": "nobody@nowhere.io"}).get_json()["users"] == []


def test_v1_list_items_have_documented_fields_only(api):
    item = api.get("/api/v1/users").get_json()["users"][0]
    assert list(item) == ["id", "resource_type", "ext_uid", "email", "name", "role", "role_id", "archived_at",
                          "archived_by_user_id", "job_title", "business_unit", "department", "location", "locale",
                          "hire_date", "manager_name"]


def test_v11_users_extra_fields_and_filters(api):
    body = api.get("/api/v1.1/users", query={"per_page": 1000}).get_json()
    item = body["users"][0]
    assert {"mobile_phone_number", "custom_user_field_data", "groups"} <= set(item)
    assert set(item["groups"]) == {"member", "manager"}
    total = body["total_users"]
    archived = sum(1 for u in api.state.users if u.archived_at is not None)
    assert archived > 0
    active = api.get("/api/v1.1/users", query={"filter[active_only]": "true"}).get_json()
    assert active["total_users"] == total - archived
    # any other value returns all users (DOCS)
    assert api.get("/api/v1.1/users", query={"filter[active_only]": "yes"}).get_json()["total_users"] == total
    # v1 ignores the v1.1-only filter
    assert api.get("/api/v1/users", query={"filter[active_only]": "true"}).get_json()["total_users"] == total


def test_v11_created_since(api):
    api.tenant.clock.freeze(1893456000.0)  # 2030-01-01
    try:
        uid = new_user(api).get_json()["id"]
        body = api.get("/api/v1.1/users", query={"filter[created_since]": "2029-12-31"}).get_json()
        assert [u["id"] for u in body["users"]] == [uid]
        r = api.get("/api/v1.1/users", query={"filter[created_since]": "31/12/2029"})
        assert r.status_code == 400 and r.get_json() == {"error": "Malformed Request"}
    finally:
        api.tenant.clock.reset()


def test_learning_library_statistics_and_plan_gate(api):
    user = api.active_user()
    body = api.get(f"/api/v1/users/{user.id}/learning_library_statistics").get_json()
    assert body["type"] == "user_learning_library_statistics"
    stats = body["learning_library_statistics"]
    assert set(stats) == {"total_completed", "total_views", "unique_lesson_and_course_views"}
    assert all(isinstance(v, int) for v in stats.values())
    api.tenant.config.settings["learning_library"] = False
    try:
        r = api.get(f"/api/v1/users/{user.id}/learning_library_statistics")
        assert r.status_code == 403 and r.get_json() == {"error": "Forbidden"}
    finally:
        del api.tenant.config.settings["learning_library"]


def test_query_params_merge_into_params_like_rails(api):
    uid = api.active_user().id
    r = api.call("PUT", f"/api/v1/users/{uid}", query={"job_title": "From Query"})
    assert r.status_code == 200 and r.get_json()["job_title"] == "From Query"


def test_form_encoded_body_is_read(api):
    r = api.post("/api/v1/users", raw="name=Form+User&email=form%40example.com&role=admin",
                 content_type="application/x-www-form-urlencoded")
    assert r.status_code == 201 and r.get_json()["role"] == "admin"
