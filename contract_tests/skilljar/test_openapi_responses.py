"""Every emulated operation's answer validated against Skilljar's own OpenAPI document (openapi-core)."""

from __future__ import annotations

from emulator.vendors.skilljar import DEMO_DOMAIN
from emulator.vendors.skilljar.params.table import operations

from .calls import calls
from .spec import errors
from .table_calls import ELSEWHERE, NOT_HERE, all_calls, covered


def test_every_operation_conforms_to_the_document(http, server):
    state = server.emulator.tenants.get("demo").state
    seen = []
    for method, path, body, status in calls(state):
        r = getattr(http, method)(http.base + path, json=body)
        assert r.status_code == status, (method, path, r.status_code, r.text[:300])
        assert errors(r) == [], (method, path, errors(r))
        seen.append(path)
    assert len(seen) >= 60


def test_every_table_operation_conforms_to_the_document(http, server):
    """The rest of the document: every operation calls.py does not make, on seeded rows, answers with the
    document's status and schema."""
    state = server.emulator.tenants.get("demo").state
    first = calls(state)
    rest = all_calls(state, DEMO_DOMAIN, first)
    for method, path, body, status in rest:
        r = getattr(http, method)(http.base + path, json=body)
        assert r.status_code == status, (method, path, body, r.status_code, r.text[:300])
        assert errors(r) == [], (method, path, errors(r))
    # every operation of the document is made here, in calls.py, or by a named test (ELSEWHERE)
    made = covered(first) | covered(rest) | ELSEWHERE | NOT_HERE
    assert {o.op for o in operations()} - made == set()
    assert len(rest) > 250


def test_created_webhook_then_its_detail_routes(http):
    hook = http.post(http.base + "/v1/webhooks", json={"target_url": "https://example.org/h"}).json()
    for method, body in (("get", None), ("put", {"target_url": "https://example.org/h2"}),
                         ("patch", {"basic_auth_username": "u"})):
        r = getattr(http, method)(f"{http.base}/v1/webhooks/{hook['id']}", json=body)
        assert r.status_code == 200 and errors(r) == []
    r = http.post(f"{http.base}/v1/webhooks/{hook['id']}/ping")
    assert r.status_code == 200 and errors(r) == [] and r.json()["succeeded"] is False
    assert http.delete(f"{http.base}/v1/webhooks/{hook['id']}").status_code == 204


def test_publish_answer_conforms(http):
    course = http.post(http.base + "/v1/courses", json={"title": "P", "short_description": "S",
                                                        "enforce_sequential_navigation": True}).json()
    r = http.post(http.base + "/v1/domains/demo.skilljar.com/published-courses",
                  json={"course": {"id": course["id"]}, "slug": "p-course"})
    assert r.status_code == 201 and errors(r) == [] and r.json()["slug"] == "p-course"


def test_document_shapes_switch_matches_the_unpatched_document(http, server):
    """With progress_list_shape=envelope the progress lists match the document exactly as published."""
    state = server.emulator.tenants.get("doc").state
    uid = next(u.id for u in state.users if state.path_enrollments.where("user_id", u.id)
               and state.plan_enrollments.where("user_id", u.id) and state.enrollments.where("user_id", u.id))
    http.auth = ("sk-live-document-shapes", "")
    for suffix in ("published-courses", "published-path-enrollments", "plan-enrollments"):
        r = http.get(f"{http.base}/v1/users/{uid}/{suffix}")
        assert "results" in r.json()
        remaining = errors(r, "original")
        # only the nullable fields the patches document remain (no shape error at the top)
        assert all("/" in e.split(":")[0] for e in remaining), remaining
