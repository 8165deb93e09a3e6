"""Lessons, courses, paths, tags: shapes per version, assignment, completion counts."""

from __future__ import annotations

from emulator.vendors.lessonly import store


def first(api, table):
    return next(iter(api.state.table(table)))


def test_lesson_list_v1_and_v11_shapes(api):
    v1 = api.get("/api/v1/lessons").get_json()["lessons"][0]
    assert list(v1) == ["id", "title", "archived_at", "archived_by_user_id"]
    v11 = api.get("/api/v1.1/lessons").get_json()["lessons"][0]
    assert {"resource_type", "retake_score", "public", "created_at", "last_updated_at", "tags", "links"} <= set(v11)
    assert "overview" in v11["links"]


def test_lesson_show_v1_has_counts_v11_does_not(api):
    lesson = first(api, "lessons")
    v1 = api.get(f"/api/v1/lessons/{lesson.id}").get_json()
    items = store.assignments_for(api.state, "Lesson", lesson.id)
    assert v1["assignees_count"] == len(items)
    assert v1["completed_count"] == sum(1 for a in items if a.state == "completed")
    v11 = api.get(f"/api/v1.1/lessons/{lesson.id}").get_json()
    assert "assignees_count" not in v11 and "completed_count" not in v11 and v11["type"] == "lesson"


def test_update_lesson_casts_and_stamps(api):
    lesson = first(api, "lessons")
    body = api.put(f"/api/v1/lessons/{lesson.id}", {"title": "Untitled Lesson", "retake_score": "80",
                                                    "public": True}).get_json()
    assert body["type"] == "update_lesson"
    assert (body["title"], body["retake_score"], body["public"]) == ("Untitled Lesson", 80, True)
    assert body["links"]["shareable"].endswith(f"/lesson/{lesson.id}-untitled-lesson")


def test_archive_restore_lesson_course_path(api):
    for table, kind in (("lessons", "lesson"), ("courses", "course"), ("paths", "path")):
        row = first(api, table)
        body = api.put(f"/api/v1/{table}/{row.id}/archive").get_json()
        assert body["type"] == kind and body["archived_at"] is not None, table
        assert api.put(f"/api/v1/{table}/{row.id}/restore").get_json()["archived_at"] is None
        listed = api.get(f"/api/v1/{table}").get_json()[table]
        assert row.id in [x["id"] for x in listed]


def test_assign_lesson_put_200_post_201_and_reassign_only_completed(api):
    lesson = first(api, "lessons")
    uid = api.post("/api/v1/users", {"name": "N", "email": "n@example.com", "role": "learner"}).get_json()["id"]
    r = api.put(f"/api/v1/lessons/{lesson.id}/assignments",
                {"assignments": [{"assignee_id": uid, "due_by": "2030-12-31", "notify": False}]})
    assert r.status_code == 200
    made = r.get_json()["assignments"][0]
    assert (made["assignee_id"], made["assignable_type"], made["assignable_id"]) == (uid, "Lesson", lesson.id)
    # an incomplete assignment comes back unchanged (VCR lesson.assign)
    r = api.post(f"/api/v1/lessons/{lesson.id}/assignments",
                 {"assignments": [{"assignee_id": uid, "due_by": "2031-06-01"}]})
    assert r.status_code == 201
    again = r.get_json()["assignments"][0]
    assert again["id"] == made["id"] and again["due_by"] == "2030-12-31T00:00:00Z"
    api.control("POST", f"/lessonly/assignments/{made['id']}/complete", {"score": 90})
    done = api.get(f"/api/v1/users/{uid}/assignments").get_json()["assignments"][0]
    assert done["status"] == "Completed" and done["score"] == 90
    r = api.put(f"/api/v1/lessons/{lesson.id}/assignments", {"assignments": [{"assignee_id": uid}]})
    redone = r.get_json()["assignments"][0]
    assert redone["id"] == made["id"] and redone["status"] == "Incomplete" and redone["reassigned_at"] is not None
    assert redone["completed_at"] is None


def test_completion_counts_and_breakdown(api):
    lesson = first(api, "lessons")
    items = store.assignments_for(api.state, "Lesson", lesson.id)
    completed = sum(1 for a in items if a.state == "completed")
    pending = sum(1 for a in items if a.state == "grade_pending")
    body = api.get(f"/api/v1.1/lessons/{lesson.id}/assignments/completed").get_json()
    assert body == {"type": "lesson_assignments_completed", "completed_count": completed}
    total = completed + pending + lesson.completions_other
    assert api.get(f"/api/v1/lessons/{lesson.id}/total_completions").get_json() == {
        "type": "lesson_total_completion_count", "completion_count": total}
    assert api.get(f"/api/v1/lessons/{lesson.id}/completion_breakdown").get_json() == {
        "type": "lesson_completion_breakdown", "total": total, "via_assignment": completed + pending,
        "via_other": lesson.completions_other}


def test_courses_are_served_and_assignable(api):
    course = first(api, "courses")
    body = api.get(f"/api/v1/courses/{course.id}").get_json()
    assert [x["id"] for x in body["lessons"]] == course.lesson_ids
    assert "owner_id" in api.get(f"/api/v1.1/courses/{course.id}").get_json()
    uid = api.active_user().id
    r = api.post(f"/api/v1/courses/{course.id}/assignments", {"assignments": [{"assignee_id": uid}]})
    assert r.status_code == 201
    item = r.get_json()["assignments"][0]
    assert item["assignable_type"] == "Course" and item["score"] == 0  # VCR course.assign
    assert api.get(f"/api/v1.1/courses/{course.id}/assignments/completed").get_json()["type"] == \
        "course_assignments_completed"


def test_path_contents_nested(api):
    outer = next(p for p in api.state.paths if any(s["resource_type"] == "path" for s in p.contents))
    body = api.get(f"/api/v1/paths/{outer.id}").get_json()
    kinds = [c["resource_type"] for c in body["contents"]]
    assert "lesson" in kinds and "wait_step" in kinds and "path" in kinds
    nested = next(c for c in body["contents"] if c["resource_type"] == "path")
    assert isinstance(nested["contents"], list) and nested["contents"]
    wait = next(c for c in body["contents"] if c["resource_type"] == "wait_step")
    assert set(wait) == {"id", "resource_type", "effect", "condition", "unit", "amount"}
    assert isinstance(body["is_certification"], bool) and isinstance(body["enforced_order"], bool)


def test_path_assignments_use_learning_paths_type(api):
    path = first(api, "paths")
    uid = api.post("/api/v1/users", {"name": "P", "email": "p@example.com", "role": "learner"}).get_json()["id"]
    r = api.put(f"/api/v1/paths/{path.id}/assignments", {"assignments": [{"assignee_id": uid}]})
    assert r.get_json()["assignments"][0]["assignable_type"] == "LearningPaths::Path"
    listed = api.get(f"/api/v1/paths/{path.id}/assignments", query={"per_page": 1000}).get_json()
    assert uid in [a["assignee_id"] for a in listed["assignments"]]


def test_tags_and_their_content(api):
    tag = max(api.state.tags, key=lambda t: len(api.state.lessons.where("tag_ids", t.id)))
    assert api.get(f"/api/v1/tags/{tag.id}").get_json() == {"type": "tag", "id": tag.id, "resource_type": "tag",
                                                             "name": tag.name}
    lessons = api.get(f"/api/v1/tags/{tag.id}/lessons").get_json()["lessons"]
    assert sorted(x["id"] for x in lessons) == sorted(x.id for x in api.state.lessons.where("tag_ids", tag.id))
    assert all(tag.id in [t["id"] for t in x["tags"]] for x in lessons)
    assert api.get(f"/api/v1/tags/{tag.id}/courses").get_json()["type"] == "tag_courses"
    assert api.get(f"/api/v1/tags/{tag.id}/paths").get_json()["type"] == "tag_paths"



def test_shareable_link_is_present_on_private_content_unless_switched(api, switch):
    # DOCS: 15 of 16 sample `links` carry `shareable`, 9 of them on "public": false content
    lesson = first(api, "lessons")
    body = api.put(f"/api/v1/lessons/{lesson.id}", {"title": "Kept Private", "public": False}).get_json()
    assert body["public"] is False
    assert body["links"] == {"overview": f"https://demo.lessonly.com/lessons/{lesson.id}-kept-private",
                             "shareable": f"https://demo.lessonly.com/lesson/{lesson.id}-kept-private"}
    for table, kind in (("courses", "course"), ("paths", "path")):
        row = next(r for r in api.state.table(table) if not r.public)
        shown = api.get(f"/api/v1/{table}/{row.id}").get_json()
        assert shown["public"] is False, table
        assert shown["links"]["shareable"].startswith(f"https://demo.lessonly.com/{kind}/{row.id}-"), table
    listed = api.get("/api/v1.1/lessons").get_json()["lessons"]
    assert listed and all("shareable" in item["links"] for item in listed)
    switch("shareable_only_public", True)  # the one DOCS lesson-list item without it
    shown = api.get(f"/api/v1.1/lessons/{lesson.id}").get_json()
    assert shown["public"] is False and list(shown["links"]) == ["overview"]
    public = api.put(f"/api/v1/lessons/{lesson.id}", {"public": True}).get_json()
    assert public["links"]["shareable"] == f"https://demo.lessonly.com/lesson/{lesson.id}-kept-private"
