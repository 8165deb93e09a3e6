"""Webhook management and real deliveries to a local receiver: headers, auth, retries, deactivation."""

import base64
import time

import pytest

from emulator.vendors.skilljar.models import EVENT_TYPES, SAMPLE_SLUGS

from .conftest import DOMAIN


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def hook(sj, url, **fields):
    r = sj.post("/v1/webhooks", json={"target_url": url, **fields})
    assert r.status_code == 201, r.data
    return r.json


def test_crud_with_every_field_and_plaintext_secrets(sj):
    created = hook(sj, "https://example.org/hook?token=abc", event_type="COURSE_COMPLETION",
                   basic_auth_username="u", basic_auth_password="p", additional_headers={"X-Skilljar-Secret": "s" * 32})
    assert created == {"id": created["id"], "target_url": "https://example.org/hook?token=abc", "active": True,
                       "deactivate_reason": None, "event_type": "COURSE_COMPLETION", "basic_auth_username": "u",
                       "basic_auth_password": "p", "additional_headers": {"X-Skilljar-Secret": "s" * 32}}
    hid = created["id"]
    assert sj.get(f"/v1/webhooks/{hid}").json == created
    assert sj.patch(f"/v1/webhooks/{hid}", json={"event_type": None}).json["event_type"] is None
    r = sj.put(f"/v1/webhooks/{hid}", json={"active": False})  # PUT needs target_url
    assert r.status_code == 400 and r.json == {"target_url": ["This field is required."]}
    assert sj.get(f"/v1/webhooks/{hid}").json["active"] is True  # the refused PUT wrote nothing
    assert sj.get("/v1/webhooks").json["count"] == 1
    assert sj.delete(f"/v1/webhooks/{hid}").status_code == 204
    r = sj.get(f"/v1/webhooks/{hid}")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}
    assert sj.get("/v1/webhooks").json["count"] == 0


def test_webhook_validation(sj):
    r = sj.post("/v1/webhooks", json={"target_url": "not a url", "additional_headers": [1]})
    assert r.json == {"target_url": ["Enter a valid URL."],
                      "additional_headers": ['Expected a dictionary of items but got type "list".']}
    assert sj.post("/v1/webhooks", json={}).json == {"target_url": ["This field is required."]}


@pytest.mark.parametrize("slug", sorted(SAMPLE_SLUGS))
def test_sample_endpoints_return_one_item_results(sj, slug):
    body = sj.get(f"/v1/webhooks/sample-{slug}").json
    assert list(body) == ["results"] and len(body["results"]) == 1
    event = body["results"][0]
    assert event["event_type"] == SAMPLE_SLUGS[slug]
    assert event["timestamp"].endswith("+00:00") and "." in event["timestamp"]


def test_domain_and_course_enrollment_are_delivered(sj, receiver):
    h = hook(sj, receiver.url + "/in", basic_auth_username="hookuser", basic_auth_password="hookpass",
             additional_headers={"X-Skilljar-Secret": "sekrit"})
    uid = sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "hooked@example.org"}}).json["user"]["id"]
    pc = sj.get(f"/v1/domains/{DOMAIN}/published-courses").json["results"][0]["id"]
    sj.post(f"/v1/domains/{DOMAIN}/published-courses/{pc}/enrollments", json={"user": {"id": uid}})
    assert wait_for(lambda: len(receiver.requests) == 2)
    by_type = {r.json()["event_type"]: r for r in receiver.requests}
    assert set(by_type) == {"DOMAIN_ENROLLMENT", "COURSE_ENROLLMENT"}
    req = by_type["COURSE_ENROLLMENT"]
    assert req.method == "POST" and req.path == "/in"
    assert req.headers["Content-Type"] == "application/json" and req.headers["User-Agent"] == "skilljar"
    assert req.headers["Authorization"] == "Basic " + base64.b64encode(b"hookuser:hookpass").decode()
    assert req.headers["X-Skilljar-Secret"] == "sekrit"
    event = req.json()
    assert event["user"]["id"] == uid and event["course"]["published_course_id"] == pc
    assert set(event) >= {"event_type", "timestamp", "user", "course", "purchase", "domain", "domain_access_code",
                          "signup_fields"}
    assert event["purchase"]["purchase_price"] == "0.00" and event["purchase"]["state"] == "SUCCESS"
    assert sj.get(f"/v1/webhooks/{h['id']}").json["active"] is True
    # the latest real event now backs the sample endpoint
    assert sj.get("/v1/webhooks/sample-course-enrollment").json["results"][0] == event


def test_event_type_filter_and_one_delivery_per_url(sj, receiver):
    hook(sj, receiver.url + "/a")  # all events
    hook(sj, receiver.url + "/a", event_type="DOMAIN_ENROLLMENT")  # same URL, same event
    hook(sj, receiver.url + "/b", event_type="COURSE_COMPLETION")  # not this event
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "once@example.org"}})
    assert sj.emulator.deliveries.wait_idle(10)
    assert [r.path for r in receiver.requests] == ["/a"]


def test_completion_through_progress_endpoint_is_delivered(sj, receiver):
    hook(sj, receiver.url, event_type="COURSE_COMPLETION")
    row = next(e for e in sj.state.enrollments if e.completed_at is None)
    r = sj.patch(f"/v1/users/{row.user_id}/published-courses/{row.published_course_id}",
                 json={"course_progress": {"completed_at": "2026-04-01T00:00:00Z"}})
    assert r.status_code == 200
    assert wait_for(lambda: len(receiver.requests) == 1)
    body = receiver.requests[0].json()
    assert body["event_type"] == "COURSE_COMPLETION" and body["user"]["id"] == row.user_id


def test_4xx_deactivates_with_reason(sj, receiver):
    receiver.statuses = [410]
    h = hook(sj, receiver.url)
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "gone@example.org"}})
    assert wait_for(lambda: sj.get(f"/v1/webhooks/{h['id']}").json["active"] is False)
    got = sj.get(f"/v1/webhooks/{h['id']}").json
    assert got["deactivate_reason"] == "HTTP_4XX_RESPONSE"
    assert len(receiver.requests) == 1  # no retry after a 4xx
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "gone2@example.org"}})
    assert sj.emulator.deliveries.wait_idle(10) and len(receiver.requests) == 1  # inactive hooks get nothing
    assert sj.patch(f"/v1/webhooks/{h['id']}", json={"active": True}).json["deactivate_reason"] is None


def test_5xx_is_retried_then_delivered(sj, receiver):
    receiver.statuses = [500, 503]
    h = hook(sj, receiver.url)
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "retry@example.org"}})
    assert wait_for(lambda: len(receiver.requests) == 3)
    assert sj.emulator.deliveries.wait_idle(10)
    delivery = sj.emulator.deliveries.list(kind="webhook")[-1]
    assert delivery.outcome == "delivered" and [a.status for a in delivery.attempts] == [500, 503, 200]
    assert sj.get(f"/v1/webhooks/{h['id']}").json["active"] is True
    assert receiver.requests[0].json() == receiver.requests[2].json()


def test_exhausted_retries_deactivate_with_retry_count(sj, receiver):
    receiver.statuses = [500] * 10
    h = hook(sj, receiver.url)
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "down@example.org"}})
    assert wait_for(lambda: sj.get(f"/v1/webhooks/{h['id']}").json["deactivate_reason"] == "RETRY_COUNT")
    assert len(receiver.requests) == 3  # the test tenant's max_attempts


def test_refused_connection_is_retried_then_retry_count(sj):
    h = hook(sj, "http://127.0.0.1:9/closed")
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "refused@example.org"}})
    assert wait_for(lambda: sj.get(f"/v1/webhooks/{h['id']}").json["deactivate_reason"] == "RETRY_COUNT")
    delivery = sj.emulator.deliveries.list(kind="webhook")[-1]
    assert len(delivery.attempts) == 3 and all(a.error for a in delivery.attempts)


def test_redirect_loop_deactivates_with_too_many_redirects(sj, receiver):
    receiver.redirect_to_self = True
    h = hook(sj, receiver.url + "/loop")
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "loop@example.org"}})
    assert wait_for(lambda: sj.get(f"/v1/webhooks/{h['id']}").json["deactivate_reason"] == "TOO_MANY_REDIRECTS")


def test_ping_posts_ping_event_without_deactivating(sj, receiver):
    h = hook(sj, receiver.url)
    r = sj.post(f"/v1/webhooks/{h['id']}/ping")
    assert r.json == {"succeeded": True, "http_status_code": 200, "message": "Ping succeeded."}
    assert receiver.requests[-1].json()["event_type"] == "PING"
    receiver.statuses = [404]
    r = sj.post(f"/v1/webhooks/{h['id']}/ping")
    assert r.json["succeeded"] is False and r.json["http_status_code"] == 404
    assert sj.get(f"/v1/webhooks/{h['id']}").json["active"] is True
    r = sj.post("/v1/webhooks/zzzz/ping")
    assert r.status_code == 404 and r.data == b""  # SPEC: "No response body"


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_control_api_triggers_any_event_type(sj, receiver, event_type):
    hook(sj, receiver.url)
    r = sj.raw.post("/_emulator/skilljar/events", json={"event_type": event_type})
    assert r.status_code == 201 and len(r.json["deliveries"]) == 1
    assert wait_for(lambda: len(receiver.requests) == 1)
    assert receiver.requests[0].json()["event_type"] == event_type
    assert receiver.requests[0].json() == r.json["event"]


def test_control_progress_lesson_and_path_events(sj, receiver):
    hook(sj, receiver.url)
    row = next(e for e in sj.state.enrollments if e.completed_at is None)
    course = sj.state.courses.get(sj.state.published_courses.get(row.published_course_id).course_id)
    left = course.lesson_count - row.completed_lesson_count
    r = sj.raw.post("/_emulator/skilljar/progress", json={"enrollment_id": row.id, "lessons": left})
    assert r.status_code == 200 and r.json["course_progress"]["completed_at"] is not None
    uid = row.user_id
    path = next(iter(sj.state.published_paths))
    r = sj.raw.post("/_emulator/skilljar/progress", json={"user_id": uid, "published_path_id": path.id,
                                                           "complete": True})
    assert r.status_code == 201
    assert sj.emulator.deliveries.wait_idle(10)
    types = [req.json()["event_type"] for req in receiver.requests]
    assert types.count("LESSON_COMPLETION") == left and types.count("COURSE_COMPLETION") == 1
    assert "PATH_ENROLLMENT" in types and "PATH_COMPLETION" in types
    assert any(p["published_path_id"] == path.id for p in sj.get(f"/v1/users/{uid}/published-path-enrollments").json)


def test_control_rejects_unknown_event_type_and_policy(sj):
    assert sj.raw.post("/_emulator/skilljar/events", json={"event_type": "course.completed"}).status_code == 400
    assert sj.raw.post("/_emulator/skilljar/webhook-policy", json={"nope": 1}).status_code == 400
    r = sj.raw.get("/_emulator/skilljar/webhook-policy")
    assert r.json["policy"]["max_attempts"] == 3


def test_deliveries_visible_in_control_api(sj, receiver):
    hook(sj, receiver.url)
    sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "log@example.org"}})
    assert sj.emulator.deliveries.wait_idle(10)
    log = sj.raw.get("/_emulator/deliveries?kind=webhook").json
    assert log["count"] == 1 and log["deliveries"][0]["outcome"] == "delivered"
    assert log["deliveries"][0]["meta"]["event_type"] == "DOMAIN_ENROLLMENT"


def test_receiver_down_then_up_loses_nothing(sj):
    import socket

    from emulator.receiver import WebhookReceiver as Receiver

    with socket.socket() as probe:  # a port with nothing listening yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tenant = sj.emulator.tenants.get("demo")
    saved = dict(tenant.config.settings["webhook_retry"])
    policy = sj.raw.post("/_emulator/skilljar/webhook-policy",
                         json={"max_attempts": 50, "backoff_seconds": 0.05, "backoff_factor": 1})
    assert policy.status_code == 200
    try:
        hook(sj, f"http://127.0.0.1:{port}/late")
        sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "late@example.org"}})
        delivery = sj.emulator.deliveries.list(kind="webhook")[-1]
        assert wait_for(lambda: len(delivery.attempts) >= 2)  # refused while the receiver is down
        receiver = Receiver(port=port)
        try:
            assert wait_for(lambda: delivery.outcome == "delivered")
            assert [r.json()["user"]["email"] for r in receiver.requests] == ["late@example.org"]
            assert delivery.attempts[0].error and delivery.attempts[-1].status == 200
            assert all(a.latency_ms >= 0 for a in delivery.attempts)
        finally:
            receiver.close()
    finally:
        tenant.config.settings["webhook_retry"] = saved


def test_path_enrollment_through_rest_is_delivered(sj, receiver):
    hook(sj, receiver.url, event_type="PATH_ENROLLMENT")
    path = sj.get(f"/v1/domains/{DOMAIN}/published-paths").json["results"][0]
    uid = sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "pathy@example.org"}}).json["user"]["id"]
    url = f"/v1/domains/{DOMAIN}/published-paths/{path['id']}/published-path-enrollments"
    body = {"user": {"id": uid}, "enrolled_at": "2026-02-02T00:00:00Z"}
    first = sj.post(url, json=body)
    assert first.status_code == 201 and first.json["user"]["id"] == uid
    assert sj.post(url, json=body).json["id"] == first.json["id"]  # idempotent for the same time
    assert wait_for(lambda: len(receiver.requests) == 1)
    event = receiver.requests[0].json()
    assert event["event_type"] == "PATH_ENROLLMENT" and event["path"]["published_path_id"] == path["id"]
    mine = sj.get(f"/v1/users/{uid}/published-path-enrollments").json
    assert any(p["enrollment_id"] == first.json["id"] for p in mine)
    outsider = sj.post(f"/v1/domains/partners.{DOMAIN}/users", json={"user": {"email": "o@example.org"}})
    r = sj.post(url, json={"user": {"id": outsider.json["user"]["id"]}})
    assert r.status_code == 400 and "user" in r.json
