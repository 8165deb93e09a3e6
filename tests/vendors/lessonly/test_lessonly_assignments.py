"""Company-wide assignments: statuses, /assignments/:status, gt[updated_at], v1.1 filter[group_id]."""

from __future__ import annotations

import re

from emulator.vendors.lessonly.store import status_of

UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def all_assignments(api, path="/api/v1/assignments", **query):
    return api.get(path, query={"per_page": 1000, **query}).get_json()["assignments"]


def test_statuses_are_capitalised_words(api):
    statuses = {a["status"] for a in all_assignments(api)}
    assert statuses <= {"Completed", "Incomplete", "Overdue", "Grade Pending"}
    assert {"Completed", "Overdue", "Grade Pending"} <= statuses


def test_by_status_selects_exactly_that_status(api):
    now = api.tenant.clock.now()
    for segment, word in (("incomplete", "Incomplete"), ("completed", "Completed"), ("overdue", "Overdue"),
                          ("grade_pending", "Grade Pending")):
        body = api.get(f"/api/v1/assignments/{segment}", query={"per_page": 1000}).get_json()
        assert body["type"] == "assignments"
        assert {a["status"] for a in body["assignments"]} <= {word}
        assert body["total_assignments"] == sum(1 for a in api.state.assignments if status_of(a, now) == word)


def test_gt_updated_at(api):
    items = all_assignments(api)
    cut = sorted(a["updated_at"] for a in items)[len(items) // 2]
    later = all_assignments(api, **{"gt[updated_at]": cut})
    assert later and all(a["updated_at"] > cut for a in later)
    assert len(later) == sum(1 for a in items if a["updated_at"] > cut)
    assert all_assignments(api, **{"gt[updated_at]": "2000-01-01"}) == items
    assert api.get("/api/v1/assignments", query={"gt[updated_at]": "soon"}).status_code == 400


def test_v11_filter_group_id_current_members_only(api):
    group = max(api.state.groups, key=lambda g: len(g.member_ids))
    body = all_assignments(api, "/api/v1.1/assignments", **{"filter[group_id]": group.id})
    assert body and {a["assignee_id"] for a in body} <= set(group.member_ids)
    member = body[0]["assignee_id"]
    api.put(f"/api/v1/groups/{group.id}", {"members": [{"id": member, "remove": "true"}]})
    after = all_assignments(api, "/api/v1.1/assignments", **{"filter[group_id]": group.id})
    assert member not in {a["assignee_id"] for a in after}
    # v1 ignores the v1.1-only filter
    assert len(all_assignments(api, **{"filter[group_id]": group.id})) == len(api.state.assignments)


def test_v11_path_assignments_have_contents_and_certification(api):
    items = all_assignments(api, "/api/v1.1/assignments")
    path_items = [a for a in items if a["assignable_type"] == "LearningPaths::Path"]
    assert path_items
    assert all("contents" in a and isinstance(a["is_certification"], bool) for a in path_items)
    assert all("contents" not in a for a in items if a["assignable_type"] == "Lesson")
    assert all("contents" not in a for a in all_assignments(api))


def test_two_timestamp_styles(api):
    a = next(a for a in all_assignments(api) if a["completed_at"])
    for key in ("assigned_at", "completed_at", "updated_at"):
        assert UTC.match(a[key]), key
    lesson = api.get("/api/v1.1/lessons").get_json()["lessons"][0]
    assert UTC.match(lesson["created_at"])
    path = next(p for p in api.get("/api/v1.1/paths").get_json()["paths"] if p["published_at"])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[45]:00$", path["published_at"])
