"""The lesson-completed webhook reaches a real HTTP receiver on 127.0.0.1, with retries."""

from __future__ import annotations


import pytest

from emulator.receiver import WebhookReceiver

from emulator.cassettes import Schemas
from emulator.vendors.lessonly import store

#: informatica-na-presales-ops/lessonly-api reporting-webhook-sample-payload.json (a real tenant's sample)
SAMPLE = {"user": {"ext_uid": "1234567890", "id": "1", "name": "Sample Person", "email": "sample@company.co",
                   "custom_fields": {"Custom Field Name": "Custom Field Value"}},
          "lesson": {"id": "1000", "title": "A Sample Lesson", "retake_score": 85},
          "score": 1, "score_percent": 100.0, "started_at": "2015-04-28T14:36:22Z",
          "completed_at": "2015-04-28T14:36:24Z", "assigned_at": "2015-04-28T14:36:18Z",
          "report_card_url": "https://sample.lessonly.com/assignments/100"}


@pytest.fixture
def receiver_factory():
    made = []

    def make(statuses=(200,)):
        # answers the statuses in order and repeats the last one
        r = WebhookReceiver(path="/lessonly/hook", statuses=list(statuses)[:-1], default_status=statuses[-1])
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def open_lesson_assignment(api):
    uid = api.post("/api/v1/users", {"name": "Hook Learner", "email": "hook@example.com", "ext_uid": "H-1",
                                     "role": "learner",
                                     "custom_user_fields": [{"name": "Region", "value": "North"}]}).get_json()["id"]
    lesson = next(iter(api.state.lessons))
    item = api.put(f"/api/v1/lessons/{lesson.id}/assignments",
                   {"assignments": [{"assignee_id": uid}]}).get_json()["assignments"][0]
    return uid, lesson, item["id"]


def configure(api, url, authorization="Tm93IGlzIHRo"):
    r = api.put("/api/v1/company_settings", {"lesson_completed_callback_url": url,
                                             "lesson_completed_callback_authorization": authorization})
    assert r.status_code == 200


def test_completion_posts_the_documented_payload(api, receiver_factory, switch):
    switch("webhook_retry_seconds", 0.01)
    receiver = receiver_factory()
    configure(api, receiver.url)
    uid, lesson, aid = open_lesson_assignment(api)
    r = api.control("POST", f"/lessonly/assignments/{aid}/complete", {"score": 80})
    assert r.status_code == 200
    assert api.emulator.deliveries.wait_idle(10)
    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got.path == "/lessonly/hook"
    assert got.headers["Authorization"] == "Tm93IGlzIHRo"
    assert got.headers["Content-Type"] == "application/json"
    payload = got.json()
    assert list(payload) == ["user", "lesson", "score", "score_percent", "started_at", "completed_at",
                             "assigned_at", "report_card_url"]
    assert payload["user"] == {"ext_uid": "H-1", "id": str(uid), "name": "Hook Learner", "email": "hook@example.com",
                               "custom_fields": {"Region": "North"}}
    assert payload["lesson"] == {"id": str(lesson.id), "title": lesson.title, "retake_score": lesson.retake_score}
    assert payload["score"] == 0.8 and payload["score_percent"] == 80.0
    assert payload["completed_at"].endswith("Z") and payload["report_card_url"].endswith(f"/assignments/{aid}")
    schemas = Schemas()
    assert schemas.errors("lessonly/webhook_lesson_completed", payload) == []
    assert schemas.errors("lessonly/webhook_lesson_completed", SAMPLE) == []
    assert list(payload) == list(SAMPLE) and list(payload["user"]) == list(SAMPLE["user"])
    deliveries = api.control("GET", "/deliveries").get_json()["deliveries"]
    assert deliveries[0]["kind"] == "lesson_completed" and deliveries[0]["outcome"] == "delivered"


def test_retries_up_to_three_times_then_delivered(api, receiver_factory, switch):
    switch("webhook_retry_seconds", 0.01)
    receiver = receiver_factory([500, 503, 502, 200])
    configure(api, receiver.url)
    _, _, aid = open_lesson_assignment(api)
    api.control("POST", f"/lessonly/assignments/{aid}/complete", {})
    assert api.emulator.deliveries.wait_idle(10)
    assert len(receiver.requests) == 4
    delivery = api.emulator.deliveries.list(kind="lesson_completed")[0]
    assert delivery.outcome == "delivered" and len(delivery.attempts) == 4


def test_gives_up_after_three_retries(api, receiver_factory, switch):
    switch("webhook_retry_seconds", 0.01)
    receiver = receiver_factory([500])
    configure(api, receiver.url, authorization=None)
    _, _, aid = open_lesson_assignment(api)
    api.control("POST", f"/lessonly/assignments/{aid}/complete", {})
    assert api.emulator.deliveries.wait_idle(10)
    assert len(receiver.requests) == 4
    assert "Authorization" not in receiver.requests[0].headers
    assert api.emulator.deliveries.list(kind="lesson_completed")[0].outcome == "retries_exhausted"


def test_no_delivery_without_url_or_for_paths_or_grade_pending(api, receiver_factory, switch):
    switch("webhook_retry_seconds", 0.01)
    _, _, aid = open_lesson_assignment(api)
    api.control("POST", f"/lessonly/assignments/{aid}/complete", {})
    receiver = receiver_factory()
    configure(api, receiver.url)
    path_assignment = next(a for a in api.state.assignments
                           if a.assignable_type == store.PATH_TYPE and a.state == "incomplete")
    api.control("POST", f"/lessonly/assignments/{path_assignment.id}/complete", {})
    lesson_open = next(a for a in api.state.assignments if a.assignable_type == "Lesson" and a.state == "incomplete")
    r = api.control("POST", f"/lessonly/assignments/{lesson_open.id}/complete", {"grade_pending": True})
    assert r.get_json()["assignment"]["status"] == "Grade Pending"
    assert api.emulator.deliveries.wait_idle(10)
    assert receiver.requests == [] and api.emulator.deliveries.list(kind="lesson_completed") == []


def test_control_route_errors(api):
    r = api.control("POST", "/lessonly/assignments/1/complete", {})
    assert r.status_code == 404 and r.get_json() == {"error": "no assignment 1 in tenant 'demo'"}
    aid = next(a.id for a in api.state.assignments if a.state == "incomplete")
    r = api.control("POST", f"/lessonly/assignments/{aid}/complete", {"score": 101})
    assert r.status_code == 400 and r.get_json() == {"error": "'score' must be an integer from 0 to 100"}
    r = api.control("POST", f"/lessonly/assignments/{aid}/complete", {"grade_pending": "y"})
    assert r.status_code == 400 and r.get_json() == {"error": "'grade_pending' must be a boolean"}
    assert api.state.assignments.get(aid).state == "incomplete"  # the refused calls completed nothing
    assert api.control("POST", f"/lessonly/assignments/{aid}/complete", {}).status_code == 200
    r = api.control("POST", f"/lessonly/assignments/{aid}/complete", {})
    assert r.status_code == 409 and r.get_json() == {"error": f"assignment {aid} is completed already"}
    started = next(a.id for a in api.state.assignments if a.state == "incomplete" and a.started_at is None)
    body = api.control("POST", f"/lessonly/assignments/{started}/start", {}).get_json()
    assert body["assignment"]["started_at"] is not None


def test_group_assignment_control_route(api):
    group = next(iter(api.state.groups))
    lesson = next(iter(api.state.lessons))
    r = api.control("POST", "/lessonly/group_assignments",
                    {"group_id": group.id, "assignable_type": "Lesson", "assignable_id": lesson.id})
    assert r.status_code == 201
    listed = api.get(f"/api/v1/groups/{group.id}/assignments").get_json()
    assert {"id": r.get_json()["id"], "assignable_id": lesson.id, "assignable_type": "Lesson",
            "group_id": group.id} in listed
    r = api.control("POST", "/lessonly/group_assignments",
                    {"group_id": group.id, "assignable_type": "Course", "assignable_id": 1})
    assert r.status_code == 400
    assert r.get_json() == {"error": "'assignable_type' must be 'Lesson' or 'LearningPaths::Path'"}
    assert len(api.get(f"/api/v1/groups/{group.id}/assignments").get_json()) == len(listed)
