"""The project's Lessonly client against the emulator over HTTP, every response checked against the
same schemas the fixtures satisfy."""

from __future__ import annotations

import pytest
from lessonly_support import errors

from clients.lessonly import LessonlyAPIError, LessonlyClient, RateLimited


def check(schema: str, body) -> None:
    assert errors(f"lessonly/{schema}", body) == []


def test_users_flow(ly_client: LessonlyClient):
    check("ping", ly_client.ping())
    page = ly_client.list_users(per_page=5)
    check("users_page", page)
    check("users_page_v11", ly_client.list_users(per_page=5, version="v1.1", active_only=True))
    created = ly_client.create_user("Client User", "client@example.com", role="manager", notify=False,
                                    custom_user_fields=[{"name": "Region", "value": "West"}])
    check("user", created)
    assert created["type"] == "create_user"
    uid = created["id"]
    check("user", ly_client.update_user(uid, job_title="Lead"))
    assert ly_client.find_user_by_email("CLIENT@example.com")["id"] == uid
    check("user", ly_client.archive_user(uid))
    check("user", ly_client.restore_user(uid))
    groups = ly_client.list_groups()
    check("user_groups", ly_client.update_user_groups(uid, join=[groups[0]["id"]], manage=[groups[1]["id"]]))
    check("user_groups", ly_client.user_groups(uid))
    lesson = ly_client.list_lessons()[0]
    made = ly_client.assign_to_user(uid, [{"assignable_id": lesson["id"], "assignable_type": "Lesson",
                                           "due_by": "2030-01-31"}])
    assert made[0]["due_by"] == "2030-01-31T00:00:00Z"
    check("assignments", {"type": "user_assignments", "assignments": ly_client.user_assignments(uid)})
    stats = ly_client.learning_library_statistics(uid)
    assert set(stats) == {"total_completed", "total_views", "unique_lesson_and_course_views"}
    check("delete_user", ly_client.delete_user(uid))
    with pytest.raises(LessonlyAPIError) as info:
        ly_client.get_user(uid)
    assert info.value.status == 404 and info.value.error == "Not Found"


def test_groups_flow(ly_client: LessonlyClient):
    users = ly_client.list_users(per_page=3)["users"]
    group = ly_client.create_group("Client Group", members=[users[0]["id"]], managers=[users[1]["id"]])
    check("group", group)
    check("groups", {"type": "groups", "groups": ly_client.list_groups()})
    updated = ly_client.update_group(group["id"], name="Renamed", add_members=[users[2]["id"]],
                                     remove_members=[users[0]["id"]])
    check("group", updated)
    assert [m["id"] for m in updated["members"]] == [users[2]["id"]]
    check("group", ly_client.archive_group(group["id"]))
    check("group", ly_client.restore_group(group["id"]))
    check("group_assignments", ly_client.group_assignments(group["id"]))
    check("delete_group", ly_client.delete_group(group["id"]))


def test_content_flow(ly_client: LessonlyClient):
    lessons = ly_client.list_lessons()
    check("lessons", {"type": "lessons", "lessons": lessons})
    check("lessons", {"type": "lessons", "lessons": ly_client.list_lessons("v1.1")})
    lid = lessons[0]["id"]
    check("lesson", ly_client.get_lesson(lid))
    check("lesson", ly_client.get_lesson(lid, "v1.1"))
    check("lesson", ly_client.update_lesson(lid, retake_score=85))
    check("lesson", ly_client.archive("lessons", lid))
    check("lesson", ly_client.restore("lessons", lid))
    check("assignments_page", ly_client.content_assignments("lessons", lid, per_page=2))
    uid = ly_client.list_users(per_page=1)["users"][0]["id"]
    check("assignments", {"type": "x", "assignments": ly_client.assign_content("lessons", lid, [{"assignee_id": uid}],
                                                                            method="POST")})
    assert isinstance(ly_client.lesson_completed_count(lid), int)
    assert isinstance(ly_client.lesson_total_completions(lid), int)
    check("completion_breakdown", ly_client.lesson_completion_breakdown(lid))
    cid = ly_client.list_courses()[0]["id"]
    check("course", ly_client.get_course(cid))
    check("course", ly_client.get_course(cid, "v1.1"))
    check("course", ly_client.archive("courses", cid))
    check("assignments_page", ly_client.content_assignments("courses", cid))
    assert isinstance(ly_client.course_completed_count(cid), int)
    paths = ly_client.list_paths()
    check("paths", {"type": "paths", "paths": paths})
    check("paths", {"type": "paths", "paths": ly_client.list_paths("v1.1")})
    pid = paths[0]["id"]
    check("path", ly_client.get_path(pid))
    check("path", ly_client.archive("paths", pid))
    check("assignments_page", ly_client.content_assignments("paths", pid))
    assert isinstance(ly_client.path_total_completions(pid), int)
    assert isinstance(ly_client.path_completed_count(pid), int)
    tags = ly_client.list_tags()
    check("tags", {"type": "tags", "tags": tags})
    check("tag", ly_client.get_tag(tags[0]["id"]))
    for kind, schema in (("lessons", "tag_lessons"), ("courses", "tag_courses"), ("paths", "tag_paths")):
        check(schema, {"type": schema, kind: ly_client.tagged(tags[0]["id"], kind)})


def test_assignments_and_settings(ly_client: LessonlyClient):
    check("assignments_page", ly_client.list_assignments(per_page=10))
    check("assignments_page", ly_client.list_assignments(per_page=10, version="v1.1"))
    check("assignments_page", ly_client.list_assignments(status="overdue"))
    check("assignments_page", ly_client.list_assignments(updated_after="2025-01-01T00:00:00Z"))
    group = max(ly_client.list_groups(), key=lambda g: len(ly_client.get_group(g["id"])["members"]))
    check("assignments_page", ly_client.list_assignments(group_id=group["id"], version="v1.1"))
    check("company_settings", ly_client.update_company_settings(
        lesson_completed_callback_url="https://hooks.example.com/x", lesson_completed_callback_authorization="k"))


def test_client_errors(ly_client: LessonlyClient, ly_server):
    with pytest.raises(LessonlyAPIError) as info:
        ly_client.create_user("Bad;Name", "bad@example.com", role="learner")
    assert info.value.status == 400 and info.value.error == "Name is invalid"
    check("error", info.value.body)
    bad = LessonlyClient("demo", "wrong", base_url=ly_server.base_url, session=ly_client.session.__class__())
    bad.session.trust_env = False
    with pytest.raises(LessonlyAPIError) as info:
        bad.ping()
    assert info.value.status == 401
    ly_client.session.post(ly_server.base_url + "/_emulator/clock", json={"freeze": True,
                                                                          "at": 1_800_000_000}).raise_for_status()
    try:
        with pytest.raises(RateLimited) as info:
            for _ in range(501):
                ly_client.ping()
        assert info.value.status == 403
    finally:
        ly_client.session.post(ly_server.base_url + "/_emulator/clock", json={"reset": True})
